"""Benchmarks at scale: import (vs bare Whoosh on the same texts), search latency per query
kind (repeated, and cold: the words' postings read afresh), the background merge of index
segments and search after it, facets, reindex, tag-to-searchable latency and peak memory,
for 1k / 10k / 100k articles.

Run:  python tests/benchmarks/bench_scale.py --sizes 1000,10000,100000 --json results.json
Each phase runs in a fresh process so its peak RSS is its own. Results are printed as a table
and saved as JSON; compare two runs with --compare OLD.json NEW.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "desktop"), str(HERE)]

QUERIES = {
    "term": "protesters",
    "phrase": '"security forces"',
    "boolean": "(Almaty OR Aktobe) AND troops NOT Moscow",
    "field": "source:reuters AND title:Tokayev",
    "wildcard": "protest*",
    "fuzzy": "electon~",
    "date-range": "published:[2021-03-01 TO 2021-09-30]",
    "entity": 'entity:"Kassym-Jomart Tokayev"',
}

PHASE = r"""
import json, os, resource, sys, threading, time
sys.path[:0] = {paths!r}
from procmem import family_memory_mb
result = {{}}
tree_peak = [0.0]

def _sample():
    while True:
        tree_peak[0] = max(tree_peak[0], family_memory_mb()[1])
        time.sleep(0.25)

if sys.platform.startswith("linux"):
    threading.Thread(target=_sample, daemon=True).start()
{body}
result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
result["tree_peak_pss_mb"] = tree_peak[0]
print(json.dumps(result))
"""


def run_phase(body: str) -> dict:
    code = PHASE.format(paths=[str(ROOT / "desktop"), str(HERE)], body=body)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "desktop"), str(HERE)])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def search_phase(archive: Path) -> dict:
    return run_phase(f"""
import statistics
from archivist.archive import open_archive
queries = {QUERIES!r}
try:
    from archivist.index.postings import postings_cache
    from archivist.index.query import forget_expansions
except ImportError:
    postings_cache = None
with open_archive({str(archive)!r}, access="read") as archive:
    archive.search("warm")  # opens the searcher
    for name, query in queries.items():
        # Cold: the first time these words are asked for (no posting lists or wildcard and
        # fuzzy expansions kept yet).
        cold = []
        for _ in range(5):
            if postings_cache is not None:
                postings_cache.clear()
                forget_expansions()
            cold.append(archive.search(query, limit=20).took_ms)
        archive.search(query)
        took = sorted(archive.search(query, limit=20).took_ms for _ in range(15))
        result[name] = dict(median=statistics.median(took), p95=took[int(len(took) * 0.95)], cold=statistics.median(cold), hits=archive.search(query, limit=1).total)
""")


def print_search(search: dict) -> None:
    print("search (first page of 20 with snippets)   median     p95    cold     hits")
    for name in QUERIES:
        s = search[name]
        print(
            f"  {name:12}                            {s['median']:7.1f} {s['p95']:7.1f} {s.get('cold', 0):7.1f} {s['hits']:8d}",
            flush=True,
        )
    print(f"  peak RSS {search['peak_rss_mb']:.0f} MB")


def bench_size(size: int, tmp: Path, reindex: bool = True) -> dict:
    corpus, archive, bare = tmp / f"corpus-{size}", tmp / f"archive-{size}", tmp / f"bare-{size}"
    results: dict = {"articles": size}
    for leftover in (corpus, archive, bare):  # from an earlier --keep run
        shutil.rmtree(leftover, ignore_errors=True)
    print(f"\n== {size:,} articles ==", flush=True)
    t = time.perf_counter()
    run_phase(
        f"from corpus import generate, write_files\nwrite_files(generate({size}), __import__('pathlib').Path({str(corpus)!r}))"
    )
    print(f"corpus written in {time.perf_counter() - t:.0f} s", flush=True)

    results["bare_whoosh"] = run_phase(f"""
from pathlib import Path
from corpus import generate
from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
schema = Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True), text=TEXT(analyzer=StemmingAnalyzer()))
Path({str(bare)!r}).mkdir()
ix = index.create_in({str(bare)!r}, schema)
articles = generate({size})
started = time.perf_counter()
writer = ix.writer()
for n, a in enumerate(articles):
    writer.add_document(id=str(n), title=a.title, text=a.text)
writer.commit()
result["rate"] = len(articles) / (time.perf_counter() - started)
""")
    print(f"bare Whoosh            {results['bare_whoosh']['rate']:8.1f} docs/s", flush=True)

    results["import"] = run_phase(f"""
from archivist.archive import open_archive
from archivist.importers.pipeline import import_paths
with open_archive({str(archive)!r}) as archive:
    started = time.perf_counter()
    report = import_paths(archive, [{str(corpus)!r}])
    elapsed = time.perf_counter() - started
    segments = archive.index.segment_count()
result.update(rate=len(report.imported) / elapsed, seconds=elapsed, imported=len(report.imported), failed=len(report.failed), segments=segments)
""")
    imp = results["import"]
    ratio = imp["rate"] / results["bare_whoosh"]["rate"]
    results["import"]["ratio_to_bare"] = ratio
    print(
        f"archivist import       {imp['rate']:8.1f} docs/s  ratio {ratio:.2f}  "
        f"peak RSS {imp['peak_rss_mb']:.0f} MB (all processes, PSS {imp['tree_peak_pss_mb']:.0f} MB), "
        f"{imp.get('segments', '?')} index segments",
        flush=True,
    )

    results["annotate"] = run_phase(f"""
from archivist import annotations as ann
from archivist.archive import open_archive
with open_archive({str(archive)!r}) as archive:
    ids = [r[0] for r in archive.db.execute("SELECT id FROM articles WHERE text LIKE '%Tokayev%' ORDER BY id LIMIT 200")]
    timings = []
    for article_id in ids:
        started = time.perf_counter()
        ann.tag_entity(archive, article_id, quote="Tokayev", name="Kassym-Jomart Tokayev", type="person")
        timings.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    found = archive.search('entity:"Kassym-Jomart Tokayev"').total
    timings.sort()
result.update(tag_to_searchable_ms_median=timings[len(timings) // 2], tag_to_searchable_ms_p95=timings[int(len(timings) * 0.95)], tagged=len(ids), found=found)
""")
    ann_r = results["annotate"]
    print(
        f"tag → searchable       median {ann_r['tag_to_searchable_ms_median']:.0f} ms, p95 {ann_r['tag_to_searchable_ms_p95']:.0f} ms "
        f"({ann_r['found']} of {ann_r['tagged']} found)",
        flush=True,
    )

    results["search"] = search_phase(archive)
    print_search(results["search"])

    results["merge"] = run_phase(f"""
from pathlib import Path
from archivist.index.merging import merge_in_background
started = time.perf_counter()
report = merge_in_background(Path({str(archive)!r}) / "index")
result.update(seconds=time.perf_counter() - started, merged=report.merged, before=report.segments_before, after=report.segments_after, skipped=report.skipped)
""")
    merge = results["merge"]
    print(
        f"background merge       {merge['seconds']:.0f} s, {merge['before']} -> {merge['after']} segments "
        f"{merge['skipped']}  peak RSS {merge['peak_rss_mb']:.0f} MB",
        flush=True,
    )
    if merge["merged"]:
        results["search_merged"] = search_phase(archive)
        print("after the merge:")
        print_search(results["search_merged"])

    results["facets"] = run_phase(f"""
from archivist.archive import open_archive
try:
    from archivist.archive import listing
except ImportError:
    listing = None
with open_archive({str(archive)!r}, access="read") as archive:
    if listing is not None and hasattr(listing, "facet_counts"):
        started = time.perf_counter()
        listing.facet_counts(archive.db)
        result["ms"] = (time.perf_counter() - started) * 1000
""")
    if "ms" in results["facets"]:
        print(f"facet counts           {results['facets']['ms']:.0f} ms")

    if not reindex:
        return results
    results["reindex"] = run_phase(f"""
from archivist.archive import open_archive
from archivist.archive.maintenance import reindex
with open_archive({str(archive)!r}) as archive:
    started = time.perf_counter()
    count = reindex(archive)
result.update(seconds=time.perf_counter() - started, count=count)
""")
    print(
        f"reindex                {results['reindex']['seconds']:.0f} s  peak RSS {results['reindex']['peak_rss_mb']:.0f} MB",
        flush=True,
    )
    print(f"search process         peak RSS {results['search']['peak_rss_mb']:.0f} MB", flush=True)
    return results


def compare(old_path: Path, new_path: Path) -> None:
    old, new = json.loads(old_path.read_text()), json.loads(new_path.read_text())
    for a, b in zip(old["runs"], new["runs"], strict=False):
        print(
            f"{a['articles']:,} articles: import ratio {a['import']['ratio_to_bare']:.2f} -> {b['import']['ratio_to_bare']:.2f}"
        )
        for name in QUERIES:
            print(
                f"  {name:12} {a['search'][name]['median']:7.1f} -> {b['search'][name]['median']:7.1f} ms"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--json", type=Path, help="save the results here")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    parser.add_argument("--tmp", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="work in DIR and keep the corpora and archives (for bench_gui.py DIR/archive-N)",
    )
    parser.add_argument("--no-reindex", action="store_true", help="skip the reindex phase")
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return 0
    runs = []
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            runs.append(bench_size(size, args.keep, reindex=not args.no_reindex))
    else:
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp_name:
            for size in sizes:
                runs.append(bench_size(size, Path(tmp_name), reindex=not args.no_reindex))
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": os.uname().nodename, "cores": os.cpu_count(), "runs": runs}, indent=2
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
