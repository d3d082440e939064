"""Brief export benchmark: a brief of 200 claims from 100 articles, exported to .docx.

Run: python tests/benchmarks/bench_brief_export.py [--claims 200] [--articles 100] [--runs 3]
Prints the export time (read from the archive + render + write; target ≤ 2 s) and its parts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import open_archive
from archivist.importers.pipeline import import_text

TARGET_S = 2.0
SOURCES = ("AFP", "Reuters", "AP", "BBC", "Al Jazeera", "Interfax")


def article_text(n: int) -> str:
    return "\n\n".join(
        f"Paragraph {p} of report {n}: security forces in Almaty said {100 + n * 7 + p} people "
        f"had been detained, officials told reporters on day {p}. Kassym-Jomart Tokayev said "
        f"order was restored in district {n}-{p}; witnesses said shots were heard near square {p}."
        for p in range(1, 9)
    )


def build(archive_dir: Path, articles: int, claims: int) -> int:
    with open_archive(archive_dir) as archive:
        ids = [
            import_text(
                archive,
                article_text(n),
                title=f"Report {n}: unrest in Almaty, day {n % 7 + 1}",
                source=SOURCES[n % len(SOURCES)],
                published=f"2022-01-{n % 28 + 1:02d}",
                url=f"https://example.org/news/{n}?ref=bench&x={n}",
                name=f"report-{n}.txt",
            )
            .imported[0]
            .id
            for n in range(articles)
        ]
        tokayev = ann.create_entity(
            archive, "Kassym-Jomart Tokayev", "person", description="President of Kazakhstan"
        )
        for article_id in ids[:20]:
            ann.tag_entity(archive, article_id, quote="Almaty", name="Almaty", type="location")
        brief = briefs.create_brief(
            archive,
            "Benchmark brief",
            marking="OFFICIAL-SENSITIVE",
            author="Bench",
            summary="Two hundred claims.",
        )
        for index in range(claims):
            article_id = ids[index % len(ids)]
            paragraph = index // len(ids) + 1
            claim = ann.add_claim(
                archive,
                article_id,
                quote=f"Paragraph {paragraph} of report",
                claimant=tokayev.name if index % 3 == 0 else "local media",
                reliability="ABCDEF"[index % 6],
                credibility=index % 6 + 1,
                note=f"Note on claim {index}" if index % 2 == 0 else None,
            )
            if index % 25 == 0:
                briefs.add_heading(archive, brief.id, f"Section {index // 25 + 1}")
            briefs.add_claim_item(archive, brief.id, claim.id)
        return brief.id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        brief_id = build(root / "archive", args.articles, args.claims)
        print(
            f"setup: {args.articles} articles, {args.claims} claims in {time.perf_counter() - started:.1f} s"
        )
        totals, composes, renders = [], [], []
        with open_archive(root / "archive", access="read") as archive:
            for run in range(args.runs):
                t0 = time.perf_counter()
                doc = briefs.compose_brief(archive, brief_id)
                t1 = time.perf_counter()
                report = briefs.write_document(doc, root / f"brief-{run}.docx")
                t2 = time.perf_counter()
                composes.append(t1 - t0)
                renders.append(t2 - t1)
                totals.append(t2 - t0)
            t0 = time.perf_counter()
            md = briefs.export_brief(archive, brief_id, root / "brief.md")
            markdown_s = time.perf_counter() - t0
        best = min(totals)
        print(
            f"docx: {report.claims} claims, {report.sources} sources, {report.footnotes} footnotes, "
            f"{report.comments} comments, {report.bytes / 1024:.0f} KiB"
        )
        print(f"  read from archive  median {statistics.median(composes) * 1000:.0f} ms")
        print(f"  render + write     median {statistics.median(renders) * 1000:.0f} ms")
        print(
            f"export time: best {best:.2f} s, median {statistics.median(totals):.2f} s over {args.runs} run(s) (target ≤ {TARGET_S:.0f} s)"
        )
        print(f"markdown export: {markdown_s * 1000:.0f} ms ({md.bytes / 1024:.0f} KiB)")
        return 0 if statistics.median(totals) <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
