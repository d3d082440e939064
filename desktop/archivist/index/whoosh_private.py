"""Every private name of Whoosh that Archivist uses, in this one module.

The fast path (index.fast_ranking over index.postings, the background merge's segment
writing, the counting collector) reads and writes Whoosh's structures below its public
API. Each such reach is a function here, so that a new Whoosh release is checked in one
place; every caller runs it only while index.engine_guard says the installed release is
one the fast path was verified against (tests/core/test_engine_guard.py forces it off and
tests/core/test_whoosh_seam.py keeps private names out of every other module) — but for
segment_key and the counting collector, which Whoosh's own searcher also needs, and which
say what they do on a release without the names they use.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.collectors import TopCollector
from whoosh.columns import EmptyColumnReader, NumericColumn
from whoosh.util.numeric import _length_byte_cache

from archivist.index.engine_guard import fast_path_enabled

#: A field length as Whoosh's scoring reads it, by the byte that stores it.
BYTE_TO_LENGTH = np.array(_length_byte_cache, dtype=np.float64)


# Posting blocks (whoosh.codec.whoosh3's W3LeafMatcher) -------------------------------------


def reads_blocks(matcher: Any) -> bool:
    """Whether `matcher` is a W3 posting list whose blocks posting_blocks can read."""
    return hasattr(matcher, "_read_data")


def posting_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Any, Sequence[bytes], int]]:
    """Each block of a posting list: its document numbers (delta-encoded), weights (None,
    one float for the block, or one per posting), values and number of postings."""
    while matcher.is_active():
        matcher._read_data()
        ids, weights, values = matcher._data
        yield ids, weights, values, matcher._blocklength
        if matcher._lastblock:
            break
        matcher._next_block()


# Per-document columns --------------------------------------------------------------------


def length_bytes(reader: Any, fieldname: str) -> bytes:
    """The bytes that store each document's length of the field in one segment (fewer than
    the documents when the last ones have none)."""
    column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None or not column._count:
        return b""
    count = min(column._count, reader.doc_count_all())
    return bytes(column._dbfile.get(column._basepos, count))


def numeric_column_values(reader: Any, fieldname: str) -> np.ndarray | None:
    """Every document's raw value of a sortable numeric column in one segment, at once (None
    when the field has no such column)."""
    column = reader.column_reader(fieldname, translate=False)
    if isinstance(column, EmptyColumnReader) and isinstance(column._default, int):
        # (A segment where no document has a value, e.g. a batch of undated texts: all
        # hold the default.)
        return np.full(column._doccount, column._default, dtype=np.uint64)
    if not isinstance(column, NumericColumn.Reader) or column._typecode not in "bBhHiIlLqQ":
        return None
    values = np.full(column._doccount, column._default, dtype=np.uint64)
    if column._count:
        raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        values[: column._count] = np.frombuffer(raw, dtype=">" + column._typecode)
    return values


# Segments --------------------------------------------------------------------------------


def segment_key(reader: Any) -> tuple[str, str]:
    """A key for one segment of one index, for caches that outlive a searcher: its id alone
    is not enough, as two archives open in one process may hold segments of the same name
    (Whoosh draws them from the global `random`, which tests seed alike). Also used off the
    fast path (article ids are mapped there too): a release without the attribute keys by
    segment id alone."""
    storage = getattr(reader, "_storage", None)
    storage = getattr(storage, "b", storage)  # (a compound segment's overlay: the index's)
    where = str(getattr(storage, "folder", "")) or f"memory:{id(storage)}"
    return where, reader.segment().segment_id()


def segments(ix: Any) -> list[Any]:
    """The index's segments, as its latest table of contents lists them (through a reader,
    slower, when the fast path is off: store.segment_count asks on both paths)."""
    if fast_path_enabled():
        return list(ix._segments())
    reader = ix.reader()
    try:
        return [leaf.segment() for leaf, _ in reader.leaf_readers()]
    finally:
        reader.close()


def read_toc(ix: Any) -> Any:
    """The index's latest table of contents (its generation, schema and segments)."""
    return ix._read_toc()


def finalize_segment(writer: Any) -> Any:
    """Write out the segment a SegmentWriter has been filling, without committing it to the
    table of contents (the merge swaps it in itself); the new segment."""
    return writer._finalize_segment()


def discard_segment(writer: Any) -> None:
    """Close the files of a segment that will not be used (a merge that failed)."""
    writer._close_segment()


def finish_writer(writer: Any) -> None:
    """Remove a SegmentWriter's temporary files (its posting pool)."""
    writer._finish()


# Collecting ------------------------------------------------------------------------------


def counting_collector_works() -> bool:
    """Whether CountingTopCollector may be used: on a verified release, or on another that
    still has the hook it overrides (it serves Whoosh's own searcher, fast path or not)."""
    return fast_path_enabled() or callable(getattr(TopCollector, "_collect", None))


class CountingTopCollector(TopCollector):
    """A top-N collector that also counts the matches, up to `count_up_to`.

    Whoosh's TopCollector skips blocks of postings that cannot reach the page, and so does
    not know the total; counting it afterwards walks every match again. This one scores
    every match until the count passes `count_up_to` (the total is then exact), and only
    from there lets Whoosh skip (the total is then "more than `count_up_to`").
    """

    def __init__(self, limit: int, count_up_to: int) -> None:
        super().__init__(limit=limit)
        self.count_up_to = count_up_to
        self.skipping = False  # True once Whoosh may skip matches: `total` is then a floor

    def _collect(self, global_docnum: int, score: float) -> float:
        sort_key = super()._collect(global_docnum, score)
        if self.total <= self.count_up_to:
            self.minscore = 0  # no skipping while counting (Whoosh skips above minscore)
        elif len(self.items) >= self.limit:
            self.minscore = self.items[0][0]
            self.skipping = True
        return sort_key
