"""The index writer in a process of its own (long imports): what it indexes searches exactly
as what the importing process indexes itself; commit makes rows searchable, cancel drops
what was not committed, and a writer that dies says so and how to recover."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from query_grammar import WORDS

from archivist.errors import ArchivistError
from archivist.index.store import ArchiveIndex
from archivist.index.writer_process import IndexWriterProcess


def _records(count: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    return [
        {
            "id": i,
            "rev": 1,
            "title": " ".join(rng.sample(WORDS, 2)),
            "text": " ".join(rng.choices(WORDS, k=rng.randint(5, 40))),
            "source": rng.choice(["AFP", "Reuters", "Азаттык"]),
            "language": rng.choice(["en", "ru", "zh"]),
            "published": f"2022-01-{rng.randint(1, 28):02d}",
            "tags": rng.sample(["kz", "unrest"], rng.randint(0, 2)),
            "entities": [],
        }
        for i in range(1, count + 1)
    ]


def _hits(index: ArchiveIndex, text: str) -> list[tuple[int, float]]:
    searcher = index.searcher()
    found = searcher.search(index.parse(text), limit=None)
    return sorted((int(hit["id"]), round(hit.score, 9)) for hit in found)


def test_rows_indexed_in_the_writer_process_search_as_rows_indexed_here(tmp_path: Path) -> None:
    records = _records(120)
    here = ArchiveIndex(tmp_path / "here")
    here.open()
    with here.writer() as writer:
        here.add(writer, records)
    there_dir = tmp_path / "there"
    ArchiveIndex(there_dir).open()  # (created here, as the archive creates it before importing)
    process = IndexWriterProcess(there_dir, limitmb=16)
    process.add(records[:60])
    process.commit()
    process.add(records[60:])
    process.close()
    there = ArchiveIndex(there_dir)
    there.open()
    try:
        assert there.doc_count() == 120
        for query in ("protesters", "Токаев OR 中国", '"security crisis"', "source:afp", "tag:kz"):
            assert _hits(there, query) == _hits(here, query), query
    finally:
        here.close()
        there.close()


def test_commit_makes_rows_searchable_and_cancel_drops_the_rest(tmp_path: Path) -> None:
    directory = tmp_path / "index"
    ArchiveIndex(directory).open()
    process = IndexWriterProcess(directory, limitmb=16)
    process.add(_records(10))
    process.commit()
    process.add(_records(30)[10:])
    process.cancel()
    index = ArchiveIndex(directory)
    index.open()
    try:
        assert index.doc_count() == 10
    finally:
        index.close()


def test_a_writer_that_dies_says_so_and_how_to_recover(tmp_path: Path) -> None:
    directory = tmp_path / "index"
    ArchiveIndex(directory).open()
    process = IndexWriterProcess(directory, limitmb=16)
    process._process.kill()  # (as the out-of-memory killer would)
    process._process.join(10)
    with pytest.raises(ArchivistError, match=r"stopped unexpectedly.*check --repair"):
        process.add(_records(5))
        process.commit()
