"""Queries on a generated multi-script archive: those that used to stall (fuzzy terms with
large distances, wildcards that match most of the vocabulary, exclusions alone), then random
queries from the whole language, by class. Each query runs as a whole `archivist search`
process (start-up included) with a time limit, as an analyst would; the random ones also
as the window's query helper runs them (one warm process: the first page of 50 with its
snippets), with p50 / p99 / max per class.

    python tests/benchmarks/bench_queries.py --sizes 300 3000 [--random 20] [--timeout 10]
        [--keep DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from corpus import generate
from query_grammar import CLASSES, random_query

#: The queries of the CI issue and of the "bounded time" issue, as typed in the search box.
QUERIES = [
    "protesters~1",
    "protesters~2",
    "protesters~5",
    "x~2",
    "中国~2",
    "a~9",
    "the~3",
    "ab-cd~9",
    "ภาษาalmaty~7",
    "ภาษา2022Токаевalmaty~7",
    "+São{…ภาษา2022Токаевalmaty~7^Cw·½",
    "?*?*?*",
    "*x* OR *y* OR *z* OR *q* OR *k*",
    "Tokaev~",
]

ARCHIVIST = [sys.executable, "-m", "archivist"]

_SCRIPTS = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщыэюя",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "zh": "".join(chr(c) for c in range(0x4E00, 0x4E00 + 400)),
    "th": "".join(chr(c) for c in range(0x0E01, 0x0E2F)),
}


def _foreign_paragraph(rng: random.Random, script: str, words: int = 80) -> str:
    letters = _SCRIPTS[script]
    if script in ("zh", "th"):  # written without spaces: runs of characters
        return "".join(rng.choice(letters) for _ in range(words * 3)) + "。"
    return " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(words)
    )


def build(folder: Path, size: int) -> Path:
    """A folder of `size` .txt articles: English news text, a third with a paragraph in
    Russian, Arabic, Chinese or Thai (random words: a large vocabulary), then imported."""
    rng = random.Random(size)
    files = folder / "files"
    files.mkdir(parents=True)
    for number, article in enumerate(generate(size, words=250)):
        text = article.text
        if number % 3 == 0:
            text += "\n\n" + _foreign_paragraph(rng, rng.choice(sorted(_SCRIPTS)))
        (files / f"a{number:06d}.txt").write_text(f"{article.title}\n\n{text}\n", "utf-8")
    archive = folder / "archive"
    subprocess.run(
        [*ARCHIVIST, "--archive", str(archive), "import", str(files)],
        check=False,
        capture_output=True,
    )
    return archive


def run_query(archive: Path, query: str, timeout: float) -> dict:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [*ARCHIVIST, "--archive", str(archive), "search", query, "--limit", "10", "--json"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"query": query, "seconds": None}
    seconds = time.perf_counter() - started
    result: dict = {"query": query, "seconds": round(seconds, 2)}
    if done.returncode == 0:
        data = json.loads(done.stdout)
        result.update(total=data["total"], took_ms=data["took_ms"], notes=data.get("notes", []))
    else:
        result["error"] = done.stderr.strip().splitlines()[-1:]
    return result


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    if not ordered:
        return "-"

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return f"p50 {at(0.5):6.3f}  p99 {at(0.99):6.3f}  max {ordered[-1]:6.3f}"


def random_queries(count: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    return {kind: [random_query(rng, kind) for _ in range(count)] for kind in CLASSES}


def in_window(archive: Path, queries: dict[str, list[str]]) -> dict[str, list[float]]:
    """Seconds for each query's first page as the window's query helper computes it (one
    process, its searcher and caches warm after the first query)."""
    script = (
        "import json, sys, time\n"
        "from archivist.archive import open_archive\n"
        "from archivist.archive.browse import first_page\n"
        "from archivist.errors import QuerySyntaxError\n"
        "queries = json.loads(sys.stdin.read())\n"
        "out = {}\n"
        "with open_archive(sys.argv[1], create=False, access='read', heal_index=False) as a:\n"
        "    first_page(a, 'warm', 50)\n"
        "    for kind, texts in queries.items():\n"
        "        out[kind] = []\n"
        "        for text in texts:\n"
        "            started = time.perf_counter()\n"
        "            try:\n"
        "                first_page(a, text, 50)\n"
        "            except QuerySyntaxError:\n"
        "                pass\n"
        "            out[kind].append(time.perf_counter() - started)\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(archive)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--keep", type=Path, help="build the archives in this folder")
    parser.add_argument("--random", type=int, default=20, help="random queries per class")
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args()
    report: dict = {}
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-queries-"))
    for size in args.sizes:
        folder = base / f"size-{size}"
        archive = folder / "archive"
        if not archive.exists():
            archive = build(folder, size)
        print(f"\n{size:,} articles ({archive})")
        fixed = []
        for query in QUERIES:
            r = run_query(archive, query, args.timeout)
            fixed.append(r)
            took = "no answer" if r["seconds"] is None else f"{r['seconds']:.2f} s"
            extra = f"total {r['total']}, search {r['took_ms']:.0f} ms" if "total" in r else ""
            print(f"  {query:40} {took:>10}  {extra}  {'; '.join(r.get('notes', []))[:120]}")
        report[size] = {"fixed": fixed, "random": {}}
        if not args.random:
            continue
        queries = random_queries(args.random, args.seed)
        window = in_window(archive, queries)
        print(f"  random queries, {args.random} a class: whole process (s) | window first page (s)")
        for kind, texts in queries.items():
            runs = [run_query(archive, text, args.timeout) for text in texts]
            seconds = [r["seconds"] if r["seconds"] is not None else args.timeout for r in runs]
            slowest = max(runs, key=lambda r: r["seconds"] or args.timeout)
            print(
                f"  {kind:9} {_percentiles(seconds)} | {_percentiles(window[kind])}"
                f"   slowest: {slowest['query'][:50]!r}"
            )
            report[size]["random"][kind] = {
                "queries": texts, "process_s": seconds, "window_s": window[kind]
            }  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
