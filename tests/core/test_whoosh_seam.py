"""Whoosh's private names are used in index/whoosh_private.py alone, and the caches that
outlive a searcher tell apart two archives whose segments share a name."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import archivist
from archivist.index import fast_ranking
from archivist.index.query import parse_query
from archivist.index.store import ArchiveIndex

INDEX = Path(archivist.__file__).parent / "index"
THE_ONE_MODULE = "whoosh_private.py"


def private_reaches(path: Path) -> list[str]:
    """`file:line name` of each private name the module reaches on another object (not its
    own `self`, `cls` or `super()`), or imports from Whoosh."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            if node.attr.startswith("__"):
                continue
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            if isinstance(owner, ast.Call) and getattr(owner.func, "id", None) == "super":
                continue
            found.append(f"{path.name}:{node.lineno} {node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
            found += [f"{path.name}:{node.lineno} {a.name}" for a in node.names if a.name[0] == "_"]
    return found


def test_only_one_module_reaches_whooshs_private_names() -> None:
    reaches = {path.name: private_reaches(path) for path in sorted(INDEX.glob("*.py"))}
    assert reaches.pop(THE_ONE_MODULE), "the one module should be where they are"
    assert [r for found in reaches.values() for r in found] == []


def test_the_check_finds_a_private_reach(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from whoosh.util.numeric import _length_byte_cache\n"
        "def f(ix, self):\n"
        "    self._mine()\n"
        "    super()._collect(1, 2)\n"
        "    return ix._read_toc()\n"
    )
    assert private_reaches(module) == ["m.py:1 _length_byte_cache", "m.py:5 _read_toc"]


def _build(folder: Path, words: list[str]) -> ArchiveIndex:
    random.seed(7)  # (Whoosh names segments from the global random: both alike)
    index = ArchiveIndex(folder)
    index.open()
    with index.writer(merge=False) as writer:
        index.add(
            writer,
            (
                {"id": n, "rev": 1, "title": f"Article {n}", "text": word, "language": "en"}
                for n, word in enumerate(words, start=1)
            ),
        )
    return index


def test_two_archives_with_alike_segment_names_keep_their_own_postings(tmp_path: Path) -> None:
    first = _build(tmp_path / "first", ["almaty", "almaty", "moscow"])
    second = _build(tmp_path / "second", ["moscow", "almaty", "moscow", "moscow"])
    segment_names = [
        [leaf.segment().segment_id() for leaf, _ in index.searcher().reader().leaf_readers()]
        for index in (first, second)
    ]
    assert segment_names[0] == segment_names[1]  # what used to mix their cached postings
    for index, expected in ((first, 1), (second, 3), (first, 1)):
        searcher = index.searcher()
        query = parse_query("moscow", searcher.schema, index.vocabulary)
        ranked = fast_ranking.rank(searcher, query, limit=10)
        assert ranked is not None and ranked.total == expected
    first.close()
    second.close()
