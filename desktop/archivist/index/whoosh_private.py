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

import heapq
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from pickle import loads
from struct import unpack_from
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


def posting_blocks(
    matcher: Any, among: np.ndarray | None = None
) -> Iterator[tuple[Sequence[int], Any, Sequence[bytes], int]]:
    """Each block of a posting list: its document numbers (delta-encoded), weights (None,
    one float for the block, or one per posting), values and number of postings. Given
    `among` (sorted document numbers), only the blocks that may hold one of them: a block's
    header names its last document number, so the others are passed over unread."""
    last_before = -1
    while matcher.is_active():
        block_last = matcher._maxid
        if among is None or _any_in(among, last_before, block_last):
            matcher._read_data()
            ids, weights, values = matcher._data
            yield ids, weights, values, matcher._blocklength
        last_before = block_last
        if matcher._lastblock:
            break
        matcher._next_block()


def _any_in(sorted_numbers: np.ndarray, after: int, up_to: int) -> bool:
    at = int(np.searchsorted(sorted_numbers, after, side="right"))
    return at < len(sorted_numbers) and int(sorted_numbers[at]) <= up_to


def posting_numbers(matcher: Any) -> Iterator[tuple[np.ndarray, Any, int]]:
    """Each block of a posting list as posting_blocks gives it, less its values: the
    document numbers (delta-encoded, an array), weights (None, one float, or an array) and
    number of postings. A block pickles each posting's positions after its numbers and
    weights, and unpickling them is most of a block's cost (a REDUCE call a posting): what
    comes before them is read here from the pickle's bytes; a block in any other shape is
    unpickled whole."""
    while matcher.is_active():
        raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        if matcher._compression:
            raw = zlib.decompress(raw)
        count = matcher._blocklength
        numbers = _numbers_and_weights(raw, count)
        if numbers is None:
            ids, weights, _values = loads(raw)
            numbers = np.array(ids, dtype=np.int64), weights
        yield numbers[0], numbers[1], count
        if matcher._lastblock:
            break
        matcher._next_block()


# A block is pickled (protocol 2) as the tuple (numbers, weights, values); with four
# postings or more, the numbers are MARK, one integer op each, TUPLE; then a memo op; then
# the weights: NONE (all 1.0), one BINFLOAT (all alike), or MARK, BINFLOATs, TUPLE.
_PROTOCOL_2_MARK = b"\x80\x02("
_INTEGER_OPS = re.compile(rb"(?:K.|M..|J....)*", re.DOTALL)  # BININT1, BININT2, BININT
_FLOAT_OPS = re.compile(rb"(?:G.{8})*", re.DOTALL)  # BINFLOAT, big-endian doubles
_MEMO_OP = re.compile(rb"q.|r....", re.DOTALL)  # BINPUT, LONG_BINPUT
_BINFLOAT = np.dtype([("op", "u1"), ("value", ">f8")])


def _numbers_and_weights(raw: bytes, count: int) -> tuple[np.ndarray, Any] | None:
    """A block's document numbers and weights read from its pickle's bytes, or None when
    the block is not in the shape expected (the caller unpickles it)."""
    if not raw.startswith(_PROTOCOL_2_MARK):
        return None
    end = _INTEGER_OPS.match(raw, 3).end()  # type: ignore[union-attr]
    if raw[end : end + 1] != b"t":
        return None
    ops = raw[3:end]
    if len(ops) == 2 * count and ops[::2] == b"K" * count:  # (every gap below 256)
        ids = np.frombuffer(ops, dtype=np.uint8)[1::2].astype(np.int64)
    else:
        ids = np.fromiter(loads(raw[: end + 1] + b"."), dtype=np.int64)
    if len(ids) != count:
        return None
    at = end + 1
    memo = _MEMO_OP.match(raw, at)
    at = memo.end() if memo else at
    op = raw[at : at + 1]
    weights: Any
    if op == b"N":
        weights = None
    elif op == b"G":
        weights = unpack_from(">d", raw, at + 1)[0]
    elif op == b"(":
        end = _FLOAT_OPS.match(raw, at + 1).end()  # type: ignore[union-attr]
        if raw[end : end + 1] != b"t" or end - at - 1 != 9 * count:
            return None
        floats = np.frombuffer(raw, dtype=_BINFLOAT, count=count, offset=at + 1)
        weights = floats["value"].astype(np.float64)
    else:
        return None
    return ids, weights


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


def keep_field_lengths_in_memory(writer: Any) -> None:
    """Let a SegmentWriter's commit (or a merge's) read each field's document lengths once,
    whole: Whoosh reads the length of a posting's document from the segment's file for every
    posting it writes (665,000 reads for 2,000 articles, a third of the commit). The
    segment written is the same, byte for byte. Off the fast path, nothing changes."""
    if not fast_path_enabled():
        return
    opened = writer.per_document_reader
    writer.per_document_reader = lambda: _LengthsInMemory(opened())


class _LengthsInMemory:
    """A new segment's per-document reader, as a commit uses it: lengths, then close."""

    def __init__(self, perdoc: Any) -> None:
        self._perdoc = perdoc
        self._count = perdoc.doc_count_all()
        self._lengths: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = self._lengths[fieldname] = self._read(fieldname)
        return lengths[docnum] or default

    def _read(self, fieldname: str) -> list[int]:
        lengths = [0] * (self._count + 1)
        column = self._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is not None and column._count:
            count = min(column._count, self._count)
            raw = column._dbfile.get(column._basepos, count)
            lengths[:count] = [_length_byte_cache[byte] for byte in raw]
        return lengths

    def close(self) -> None:
        self._perdoc.close()


def add_segment_postings_in_order(
    writer: Any, readers: Sequence[Any], *, copying: Callable[[int, int], None]
) -> None:
    """Give a SegmentWriter the documents of `readers` (segments, in order), their postings
    merged term by term as it writes the new segment, instead of through its posting pool:
    the pool re-sorts every posting, pickling it to temporary run files and reading it back
    (gigabytes at 100,000 articles), when each segment's postings are already in order. The
    segment written is the same, byte for byte. The readers stay open until it is written."""
    sources = []
    for done, reader in enumerate(readers):
        copying(done, len(readers))
        base = writer.docnum
        names = {name for name in reader.indexed_field_names() if name in writer.schema}
        docmap = writer.write_per_doc(set(writer.schema.names()) | names, reader)
        sources.append(writer._process_posts(reader.iter_postings(), base, docmap))
    writer._added = True
    writer.pool = _MergedPostings(writer.pool, sources)


class _MergedPostings:
    """Stands for a SegmentWriter's posting pool: the sources' postings, merged in order."""

    def __init__(self, pool: Any, sources: list[Iterator[tuple[Any, ...]]]) -> None:
        self._pool = pool
        self._sources = sources

    def iter_postings(self) -> Iterator[tuple[Any, ...]]:
        # (field, term, document): a document number belongs to one source, so the tuples
        # never compare further.
        return heapq.merge(*self._sources)

    def cleanup(self) -> None:
        self._pool.cleanup()


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
