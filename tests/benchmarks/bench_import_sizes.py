"""Imports of every size an analyst makes, as whole processes, against bare Whoosh indexing
the same texts in the same run: `archivist import FOLDER` (start-up, extraction, SQLite,
index) beside a Python process that imports Whoosh and indexes the articles' titles and
texts (read from a JSON file) in one commit. Each size runs `--repeat` times, archivist and
Whoosh alternately, into fresh folders; the table gives the medians and their ratio
(Whoosh's seconds / archivist's: 1.0 means as fast as the engine alone).

    python tests/benchmarks/bench_import_sizes.py [--sizes 1 200 2000] [--repeat 3]
        [--keep DIR] [--json OUT]

Run with compiled bytecode, as an installed Archivist has it (PYTHONDONTWRITEBYTECODE
unset: the first run of each process writes it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate, write_files

BARE_WHOOSH = """
import json, sys
from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema

schema = Schema(
    id=ID(stored=True, unique=True), title=TEXT(stored=True), text=TEXT(analyzer=StemmingAnalyzer())
)
articles = json.load(open(sys.argv[1], encoding="utf-8"))
ix = index.create_in(sys.argv[2], schema)
writer = ix.writer()
for number, (title, text) in enumerate(articles):
    writer.add_document(id=str(number), title=title, text=text)
writer.commit()
"""


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["ARCHIVIST_HOME"] = env.get("ARCHIVIST_HOME", tempfile.mkdtemp(prefix="bench-home-"))
    return env


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed:\n{done.stderr[-2000:]}")
    return seconds


def measure(size: int, work: Path, repeat: int, env: dict[str, str]) -> dict:
    articles = generate(size)
    files = work / f"files-{size}"
    if not files.exists():
        write_files(articles, files)
    texts = work / f"texts-{size}.json"
    texts.write_text(json.dumps([(a.title, a.text) for a in articles]), encoding="utf-8")
    ours, bare = [], []
    for run in range(repeat):
        archive, index = work / f"archive-{size}-{run}", work / f"whoosh-{size}-{run}"
        for folder in (archive, index):
            shutil.rmtree(folder, ignore_errors=True)
        index.mkdir()
        ours.append(
            _timed(
                [sys.executable, "-m", "archivist", "--archive", str(archive), "import",
                 str(files), "--json"],
                env,
            )
        )  # fmt: skip
        bare.append(_timed([sys.executable, "-c", BARE_WHOOSH, str(texts), str(index)], env))
    archivist_s, whoosh_s = statistics.median(ours), statistics.median(bare)
    return {
        "size": size,
        "archivist_s": round(archivist_s, 3),
        "whoosh_s": round(whoosh_s, 3),
        "ratio": round(whoosh_s / archivist_s, 2),
        "archivist_runs": [round(s, 3) for s in ours],
        "whoosh_runs": [round(s, 3) for s in bare],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 200, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work in this folder (and keep it)")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-import-sizes-"))
    work.mkdir(parents=True, exist_ok=True)
    env = _environment()
    # (Compiles the bytecode of both programs first, as an installation does.)
    subprocess.run([sys.executable, "-m", "archivist", "--version"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[2] /
                    "desktop" / "archivist")], env=env, capture_output=True)  # fmt: skip
    results = []
    print("| batch | archivist import | bare Whoosh | ratio |")
    print("|---|---|---|---|")
    for size in args.sizes:
        result = measure(size, work, args.repeat, env)
        results.append(result)
        print(
            f"| {size:,} article{'s' if size > 1 else ''} | {result['archivist_s']:.2f} s | "
            f"{result['whoosh_s']:.2f} s | {result['ratio']:.2f}x |",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
