"""A commit that reads the new segment's field lengths once, whole, and a merge that merges
its segments' postings in order rather than through Whoosh's posting pool, write the same
segments as Whoosh's own commit and merge."""

from __future__ import annotations

import random
from pathlib import Path

from whoosh.writing import SegmentWriter

from archivist.index import whoosh_private
from archivist.index.merging import merge_in_background
from archivist.index.store import ArchiveIndex

WORDS = [
    "troops",
    "protest",
    "almaty",
    "convoy",
    "minister",
    "said",
    "government",
    "fuel",
    "price",
    "arrested",
]


def _records(count: int) -> list[dict]:
    chance = random.Random(5)
    records = []
    for number in range(1, count + 1):
        length = chance.choice([0, 1, 3, 40, 400, 3000])  # (lengths past a byte's exact range)
        records.append(
            {
                "id": number,
                "rev": number,
                "title": " ".join(chance.choices(WORDS, k=chance.randint(0, 6))),
                "text": " ".join(chance.choices(WORDS, k=length)),
                "source": chance.choice([None, "Reuters", "BBC News"]),
                "tags": chance.choice([[], ["unrest"], ["unrest", "energy"]]),
            }
        )
    return records


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The segment's files, named without the segment's random id."""
    files = {}
    for path in folder.glob("MAIN_*.*"):
        files[path.name.split(".", 1)[1]] = path.read_bytes()
    return files


def _index(folder: Path, records: list[dict]) -> dict[str, bytes]:
    index = ArchiveIndex(folder)
    index.recreate()
    with index.writer() as writer:
        index.add(writer, records)
    index.close()
    return _segment_files(folder)


def test_the_segment_is_the_same_byte_for_byte(tmp_path: Path, monkeypatch) -> None:
    records = _records(300)
    ours = _index(tmp_path / "ours", records)
    monkeypatch.setattr(whoosh_private, "fast_path_enabled", lambda: False)
    whooshs = _index(tmp_path / "whoosh", records)
    assert ours.keys() == whooshs.keys() and {"pst", "trm", "_text_len.col"} <= ours.keys()
    assert ours == whooshs


def test_the_commit_reads_lengths_from_memory(tmp_path: Path, monkeypatch) -> None:
    """(That the lengths do come from memory: the file is read once per field, not once per
    posting.)"""
    index = ArchiveIndex(tmp_path / "index")
    index.recreate()
    calls = 0
    original = SegmentWriter.per_document_reader

    def counting(self):  # type: ignore[no-untyped-def]
        perdoc = original(self)
        read = perdoc.doc_field_length

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            return read(*args, **kwargs)

        perdoc.doc_field_length = counted
        return perdoc

    monkeypatch.setattr(SegmentWriter, "per_document_reader", counting)
    with index.writer() as writer:
        index.add(writer, _records(50))
    index.close()
    assert calls == 0


def _merged(folder: Path, records: list[dict]) -> dict[str, bytes]:
    """Three segments, some of their documents deleted, merged into one."""
    index = ArchiveIndex(folder)
    index.recreate()
    for part in (records[:120], records[120:200], records[200:]):
        with index.writer(merge=False) as writer:
            index.add(writer, part)
    with index.writer(merge=False) as writer:
        index.delete(writer, [3, 150, 151, 250])
    report = merge_in_background(folder, everything=True)
    assert report.segments_after == 1 and report.documents == 296
    index.close()
    return _segment_files(folder)


def test_a_merge_writes_the_segment_whooshs_pool_writes(tmp_path: Path, monkeypatch) -> None:
    records = _records(300)
    ours = _merged(tmp_path / "ours", records)

    def through_the_pool(writer, readers, *, copying):  # type: ignore[no-untyped-def]
        for reader in readers:
            writer.add_reader(reader)

    monkeypatch.setattr(whoosh_private, "add_segment_postings_in_order", through_the_pool)
    whooshs = _merged(tmp_path / "whoosh", records)
    assert {"pst", "trm", "_text_len.col"} <= ours.keys()
    assert ours == whooshs


def test_one_pass_postings_write_whooshs_segment(tmp_path: Path, monkeypatch) -> None:
    """The text fields' postings from TextAnalyzer.positions, against Whoosh's own Positions
    format over the analyzer's tokens."""
    from whoosh.formats import Positions

    from archivist.index.schema import TextPositions

    records = _records(300)
    records[7]["text"] = "The troops’ convoy didn't stop; 中国的新闻 and the Ürümqi news."
    ours = _index(tmp_path / "ours", records)
    monkeypatch.setattr(TextPositions, "word_values", Positions.word_values)
    whooshs = _index(tmp_path / "whoosh", records)
    assert ours == whooshs
