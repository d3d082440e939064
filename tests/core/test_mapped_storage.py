"""The index's files are read through memory maps: the same answers as Whoosh's own reading,
and a file that cannot be mapped is read as Whoosh reads it."""

from __future__ import annotations

import mmap
from pathlib import Path

from whoosh import index as whoosh_index

from archivist.archive import open_archive
from archivist.importers.pipeline import import_text
from archivist.index.mapped_storage import MappedFileStorage, open_mapped

TEXTS = [
    "Protesters gathered in Almaty as protests spread across Kazakhstan.",
    "Токаев сказал, что протестующие были задержаны в Алматы.",
    "中国政府表示关注哈萨克斯坦局势。",
]


def test_a_mapped_index_answers_as_whooshs_own_reading(tmp_path: Path) -> None:
    with open_archive(tmp_path / "archive") as archive:
        for number, text in enumerate(TEXTS * 3):
            import_text(archive, f"{text} ({number})", title=f"Report {number}")
        folder = str(archive.index.directory)
        searcher = archive.index.searcher()
        leaf = searcher.reader().leaf_readers()[0][0]
        assert isinstance(leaf.segment().open_file(leaf.storage(), ".pst").file, mmap.mmap)
        mapped, plain = open_mapped(folder), whoosh_index.open_dir(folder)
        with mapped.searcher() as ours, plain.searcher() as theirs:
            for query in ("protest*", "алматы", "Almaty OR 中国", "published:[2000 TO 2030]"):
                parsed = archive.index.parse(query)
                found = [(hit.docnum, hit.score) for hit in ours.search(parsed, limit=None)]
                expected = [(hit.docnum, hit.score) for hit in theirs.search(parsed, limit=None)]
                assert found == expected
            assert sorted(ours.reader().all_terms()) == sorted(theirs.reader().all_terms())


def test_a_file_that_cannot_be_mapped_is_read_as_usual(tmp_path: Path) -> None:
    (tmp_path / "empty.bin").write_bytes(b"")
    (tmp_path / "data.bin").write_bytes(b"\x00\x00\x00\x2a")
    storage = MappedFileStorage(str(tmp_path))
    empty = storage.open_file("empty.bin")
    assert not isinstance(empty.file, mmap.mmap) and empty.read() == b""
    data = storage.open_file("data.bin")
    assert isinstance(data.file, mmap.mmap) and data.get_uint(0) == 42
    empty.close()
    data.close()
