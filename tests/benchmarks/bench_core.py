"""Core benchmark: import rate vs bare Whoosh on the same texts, and search latency.

Run: python tests/benchmarks/bench_core.py [--articles 3000] [--json results.json]
Prints a table; numbers are for this machine and this run (compare ratios across runs).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate, write_files

from archivist.archive import open_archive
from archivist.importers.pipeline import ImportOptions, import_paths

QUERIES = {
    "term": "protesters",
    "phrase": '"security forces"',
    "boolean": "(Almaty OR Aktobe) AND troops NOT Moscow",
    "field": "source:reuters AND title:Tokayev",
    "wildcard": "protest*",
    "fuzzy": "electon~",
    "date-range": "published:[2021-03-01 TO 2021-09-30]",
    "date+term": "president AND published:2022",
}


def bare_whoosh_rate(texts: list[tuple[str, str]], folder: Path, **writer_args: object) -> float:
    """Whoosh on its own: default schema with a stemming text field, same texts, one commit."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    schema = Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(stored=True),
        text=TEXT(analyzer=StemmingAnalyzer()),
    )
    folder.mkdir(parents=True)
    ix = index.create_in(str(folder), schema)
    started = time.perf_counter()
    writer = ix.writer(**writer_args)
    for number, (title, text) in enumerate(texts):
        writer.add_document(id=str(number), title=title, text=text)
    writer.commit()
    return len(texts) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--json", type=Path, help="also save the results here")
    parser.add_argument("--repeat", type=int, default=15, help="runs per query")
    args = parser.parse_args()

    results: dict[str, object] = {"articles": args.articles}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        articles = generate(args.articles)
        paths = write_files(articles, tmp / "corpus")
        words = sum(len(a.text.split()) for a in articles) / len(articles)
        print(
            f"corpus: {len(paths)} files ({sum(p.suffix == '.html' for p in paths)} html), ~{words:.0f} words each"
        )

        texts = [(a.title, a.text) for a in articles]
        bare = bare_whoosh_rate(texts, tmp / "bare")
        bare_mp = bare_whoosh_rate(texts, tmp / "bare-mp", procs=2, multisegment=True, limitmb=128)
        print(f"bare Whoosh, default writer:            {bare:8.1f} docs/s")
        print(f"bare Whoosh, procs=2 multisegment:      {bare_mp:8.1f} docs/s")

        with open_archive(tmp / "archive") as archive:
            started = time.perf_counter()
            report = import_paths(archive, [tmp / "corpus"], options=ImportOptions())
            elapsed = time.perf_counter() - started
            imported = len(report.imported)
            rate = imported / elapsed
            print(
                f"archivist import (end to end):          {rate:8.1f} docs/s  "
                f"({imported} imported, {len(report.failed)} failed, {elapsed:.1f} s)"
            )
            print(f"ratio to bare Whoosh (default writer):  {rate / bare:8.2f}")
            results.update(
                import_rate=rate,
                bare_whoosh_rate=bare,
                bare_whoosh_mp_rate=bare_mp,
                ratio=rate / bare,
                failed=len(report.failed),
            )

            print("\nsearch took_ms (first page of 20, with snippets):")
            print(f"  {'query':12} {'median':>8} {'p95':>8} {'hits':>7}")
            timings: dict[str, dict[str, float]] = {}
            for name, query in QUERIES.items():
                archive.search(query)  # warm the searcher and caches
                took = [archive.search(query, limit=20).took_ms for _ in range(args.repeat)]
                total = archive.search(query).total
                took.sort()
                p95 = took[min(len(took) - 1, int(len(took) * 0.95))]
                timings[name] = {"median": statistics.median(took), "p95": p95, "hits": total}
                print(f"  {name:12} {statistics.median(took):8.1f} {p95:8.1f} {total:7d}")
            results["search"] = timings
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak_mb:.0f} MB")
    results["peak_rss_mb"] = peak_mb
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
