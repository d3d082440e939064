"""Syndicated copies: what grouping adds to import time and memory, at several sizes.

Run: python tests/benchmarks/bench_copies.py [--sizes 200 2000 20000] [--json out.json]

Each size imports the same generated files twice into fresh archives (one worker process,
as a laptop would): once as Archivist does, once with grouping switched off. One article in
ten is a syndicated copy of another (new headline, dateline, boilerplate, last quarter cut,
3 % of words changed), so grouping finds work to do. The texts are drawn word by word from a
Zipf-distributed vocabulary: different stories share phrases as real ones do, rarely (the
sentence-level corpus of bench_core.py repeats whole sentences across articles, which no
newswire does). Prints seconds, the ratio, copies found and peak memory of the process.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))

from archivist.archive import copies, open_archive
from archivist.importers.pipeline import ImportOptions, import_paths

VOCABULARY = 30_000


def _text(rng: random.Random, words: list[str], weights: list[float], length: int) -> str:
    chosen = rng.choices(words, weights=weights, k=length)
    sentences = [" ".join(chosen[i : i + 18]).capitalize() + "." for i in range(0, length, 18)]
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def _syndicated(rng: random.Random, text: str) -> str:
    kept = text[: int(len(text) * 0.75)].split(" ")
    for index in rng.sample(range(len(kept)), len(kept) * 3 // 100):
        kept[index] = kept[index][::-1]
    return "ALMATY, Jan 6 (Reuters) - " + " ".join(kept) + "\n\nSubscribe for more news."


def write_corpus(folder: Path, count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(VOCABULARY)]
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    folder.mkdir(parents=True)
    texts: list[str] = []
    for number in range(count):
        if texts and number % 10 == 9:
            text = _syndicated(rng, rng.choice(texts))
        else:
            text = _text(rng, words, weights, rng.randint(300, 900))
            texts.append(text)
        (folder / f"{number:06d}.txt").write_text(f"Story {number}\n\n{text}\n", encoding="utf-8")


def timed_import(folder: Path, root: Path, grouping: bool) -> tuple[float, int]:
    original = copies.record_articles
    if not grouping:
        copies.record_articles = lambda _db, _texts: 0  # type: ignore[assignment]
    try:
        with open_archive(root) as archive:
            started = time.perf_counter()
            report = import_paths(archive, [folder], options=ImportOptions(workers=1))
            return time.perf_counter() - started, report.copies
    finally:
        copies.record_articles = original


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = []
    print(f"{'articles':>9} {'without':>9} {'with':>9} {'added':>7} {'copies':>7} {'peak RSS':>9}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-copies-") as tmp:
            folder = Path(tmp) / "corpus"
            write_corpus(folder, size)
            without, _ = timed_import(folder, Path(tmp) / "without", grouping=False)
            with_grouping, found = timed_import(folder, Path(tmp) / "with", grouping=True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        added = with_grouping / without - 1
        results.append(
            {"articles": size, "without_s": without, "with_s": with_grouping, "added": added,
             "copies": found, "peak_rss_mb": peak}
        )  # fmt: skip
        print(
            f"{size:>9,} {without:>8.1f}s {with_grouping:>8.1f}s {added:>+7.1%} {found:>7,} "
            f"{peak:>7.0f} MB",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
