"""Whoosh's posting lists read into numpy arrays, and kept between searches.

A posting block of whoosh-reloaded 2.7.5's codec (W3) is a zlib-compressed pickle of the
block's document numbers (delta-encoded), weights and values (for a field with positions,
each posting's pickled gaps between positions). Reading a term's blocks through Whoosh's
matcher costs a Python call per posting; here each block is unpickled once and a term's
numbers, weights and positions are decoded in one numpy pass. The blocks and columns are
reached through index.whoosh_private; tests/core/test_fast_ranking.py checks every decoded
value against Whoosh's own, so a format change fails there.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from pickle import loads
from typing import Any

import numpy as np

from archivist.index import whoosh_private
from archivist.index.engine_guard import fast_path_enabled
from archivist.index.lru import LruCache

_PROTOCOL_2 = b"\x80\x02"
_NO_POSITIONS = (np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.int32))


class UnreadablePostings(Exception):
    """A matcher that is not a W3 posting list (the caller lets Whoosh run the query)."""


#: Decoded posting lists kept between searches, in bytes. A segment's postings never change,
#: so they are keyed by segment; reading them (unpickling blocks that also hold every word
#: position) is most of a search's cost, and an analyst refining a query asks for the same
#: words again. 32 MB holds about four million postings.
POSTING_CACHE_BYTES = 32 * 1024 * 1024


def _nbytes(entry: tuple[np.ndarray, np.ndarray]) -> int:
    return entry[0].nbytes + entry[1].nbytes


postings_cache: LruCache[tuple[np.ndarray, np.ndarray]] = LruCache(POSTING_CACHE_BYTES, _nbytes)


def term_postings(reader: Any, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers (deleted documents included) and weights in one segment,
    kept between searches."""
    entry = postings_cache.get(_key(reader, fieldname, btext))
    if entry is None:
        entry = _read_and_keep(reader, fieldname, btext, positions=False)[0]
    return entry[0].astype(np.int64), entry[1].astype(np.float64)


#: A phrase's word wanted for fewer of its documents than this share is read only in the
#: blocks that hold them (see postings_with_positions).
BLOCKWISE_SHARE = 0.25


def postings_with_positions(
    reader: Any, fieldname: str, word: bytes, wanted: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`word`'s postings with their positions: (document numbers, weights, offsets,
    positions), posting i's positions at positions[offsets[i]:offsets[i + 1]]. All of them
    (read once and kept), unless `wanted` (sorted document numbers) asks for few of the
    word's documents: then only the blocks that may hold those are read, and nothing is
    kept — "the" in a phrase, once the phrase's rarer words have narrowed the documents
    in question, is a few blocks instead of every one."""
    located = postings_cache.get(_key(reader, fieldname, word, "positions"))
    blockwise = (
        located is None
        and wanted is not None
        and len(wanted) < BLOCKWISE_SHARE * reader.doc_frequency(fieldname, word)
    )
    if not blockwise:
        if located is None:
            located = _read_and_keep(reader, fieldname, word, positions=True)[1]
        ids, weights = term_postings(reader, fieldname, word)
        return ids, weights, *located
    ids, weights, offsets, places = _read_postings(
        reader.postings(fieldname, word), positions=True, among=wanted
    )
    # (Kept postings hold 32-bit weights: the same values, as Whoosh stores them.)
    return ids, weights.astype(np.float32).astype(np.float64), offsets, places


def _key(reader: Any, fieldname: str, btext: bytes, *kind: str) -> tuple[Any, ...]:
    return (whoosh_private.segment_key(reader), fieldname, btext, *kind)


def _read_and_keep(reader: Any, fieldname: str, btext: bytes, *, positions: bool) -> Any:
    """Read a term's postings (with its positions if asked: one pass over the blocks for
    both) and keep them, compact (document numbers fit 32 bits; Whoosh's weights are
    32-bit floats)."""
    ids, weights, offsets, places = _read_postings(reader.postings(fieldname, btext), positions)
    postings = (ids.astype(np.int32), weights.astype(np.float32))
    postings_cache.put(_key(reader, fieldname, btext), postings)
    located = None
    if positions:
        located = (offsets, places)
        postings_cache.put(_key(reader, fieldname, btext, "positions"), located)
    return postings, located


def _read_postings(
    matcher: Any, positions: bool, among: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    """All of a leaf matcher's document numbers and weights, block by block; with
    `positions`, also (offsets, positions), posting i's positions at
    positions[offsets[i]:offsets[i + 1]]: of every block, or with `among` (sorted document
    numbers) of the blocks that may hold one of them (see whoosh_private.posting_blocks)."""
    matcher = getattr(matcher, "child", matcher)  # (a reader with deletions wraps it)
    if not whoosh_private.reads_blocks(matcher):
        raise UnreadablePostings(type(matcher).__name__)
    if not positions:
        return (*_numbers_and_weights_only(matcher), None, None)  # type: ignore[return-value]
    gaps: list[Sequence[int]] = []  # each block's document numbers, delta-encoded
    counts: list[int] = []
    weight_blocks: list[np.ndarray] = []
    encoded: list[bytes] = []
    for ids, weights, values, count in whoosh_private.posting_blocks(matcher, among):
        gaps.append(ids)
        counts.append(count)
        weight_blocks.append(_block_weights(weights, count))
        encoded.extend(values)
    if not counts:
        return (np.empty(0, dtype=np.int64), np.empty(0), *_NO_POSITIONS)
    ids = _restarting_cumsum(
        np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=sum(counts)), counts
    )
    weights = np.concatenate(weight_blocks)
    return (ids, weights, *_positions_from_gaps(_unpickle_gaps(encoded)))


def _numbers_and_weights_only(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """A posting list's document numbers and weights, its blocks read without their values
    (see whoosh_private.posting_numbers)."""
    gaps: list[np.ndarray] = []
    weight_blocks: list[np.ndarray] = []
    for ids, weights, count in whoosh_private.posting_numbers(matcher):
        gaps.append(ids)
        weight_blocks.append(_block_weights(weights, count))
    if not gaps:
        return np.empty(0, dtype=np.int64), np.empty(0)
    counts = [len(block) for block in gaps]
    return _restarting_cumsum(np.concatenate(gaps), counts), np.concatenate(weight_blocks)


def _block_weights(weights: Any, count: int) -> np.ndarray:
    """A block's weights as Whoosh stores them (None: all 1.0; one float: every posting
    weighs the same; else one each), one per posting."""
    if weights is None:
        return np.ones(count)
    if isinstance(weights, float):
        return np.full(count, weights)
    return np.asarray(weights, dtype=np.float64)


def _restarting_cumsum(values: np.ndarray, counts: Sequence[int] | np.ndarray) -> np.ndarray:
    """Running sums of `values` that start again with every run of `counts` values."""
    running = np.cumsum(values)
    lengths = np.asarray(counts, dtype=np.int64)
    firsts = np.cumsum(lengths) - lengths
    before = np.concatenate(([0], running))[firsts]
    return running - np.repeat(before, lengths)


def _unpickle_gaps(values: Sequence[bytes]) -> Sequence[list[int]]:
    """Each posting's gaps between positions. A value is a 4-byte count, then a pickled
    list (whoosh.formats.Positions); rather than unpickling each one, their bodies (less
    the protocol mark and the STOP) are cut out of the joined values with numpy and
    unpickled at once as a tuple of lists: a phrase's first search reads every position
    of its words."""
    if not values:
        return []
    joined = np.frombuffer(b"".join(values), dtype=np.uint8)
    ends = np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values)))
    starts = ends - np.diff(ends, prepend=0)
    if (
        (joined[starts + 4] == _PROTOCOL_2[0]).all()
        and (joined[starts + 5] == _PROTOCOL_2[1]).all()
        and (joined[ends - 1] == ord(".")).all()
    ):
        # Drop each value's first six bytes and its last (marked -1 at the start of a cut,
        # +1 after it: the running sum is below zero inside the cuts).
        cuts = np.zeros(len(joined) + 1, dtype=np.int64)
        np.add.at(cuts, starts, -1)
        np.add.at(cuts, starts + 6, 1)
        np.add.at(cuts, ends - 1, -1)
        np.add.at(cuts, ends, 1)
        bodies = joined[np.cumsum(cuts[:-1]) == 0].tobytes()
        return loads(_PROTOCOL_2 + b"(" + bodies + b"t.")  # MARK, the lists, TUPLE, STOP
    return [loads(v[4:] if v.endswith(b".") else v[4:] + b".") for v in values]


def _positions_from_gaps(gaps: Sequence[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    counts = np.fromiter(map(len, gaps), dtype=np.int64, count=len(gaps))
    offsets = np.zeros(len(gaps) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    flat = np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=int(offsets[-1]))
    return offsets, _restarting_cumsum(flat, counts).astype(np.int32)


def field_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """Each document's length of the field in one segment, as Whoosh's scoring reads it
    (stored as one byte per document); read once per reader."""
    cache = reader.__dict__.setdefault("_archivist_lengths", {})
    if fieldname not in cache:
        encoded = np.zeros(reader.doc_count_all(), dtype=np.uint8)
        stored = whoosh_private.length_bytes(reader, fieldname)
        encoded[: len(stored)] = np.frombuffer(stored, dtype=np.uint8)
        cache[fieldname] = whoosh_private.BYTE_TO_LENGTH[encoded]
    return cache[fieldname]


def numeric_column(reader: Any, fieldname: str) -> np.ndarray | None:
    """Every document's raw value of a sortable numeric field in one segment (those without
    one hold the field's default), read once per reader; None without such a column."""
    cache = reader.__dict__.setdefault("_archivist_columns", {})
    if fieldname not in cache:
        cache[fieldname] = whoosh_private.numeric_column_values(reader, fieldname)
    return cache[fieldname]


def largest_numeric(reader: Any, fieldname: str) -> int | None:
    """The largest value of a sortable numeric field among one segment's live documents,
    read from its column at once (Whoosh's sorted search reads it a document at a time:
    0.2 s at 100,000 articles, on every opening of the archive); 0 when no document is
    live, None when the segment holds no such column, or the fast path is off (the caller
    asks Whoosh then)."""
    if not fast_path_enabled():
        return None
    values = numeric_column(reader, fieldname)
    if values is None:
        return None
    if reader.has_deletions():
        live = np.ones(len(values), dtype=bool)
        live[np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)] = False
        values = values[live]
    if not len(values):
        return 0
    return int(reader.schema[fieldname].from_column_value(int(values.max())))
