"""Ranking queries with numpy over whole posting lists, instead of Whoosh's matchers,
which step through the postings one Python call at a time.

At 100,000 articles `(Almaty OR Aktobe) AND troops NOT Moscow` walks ~100,000 postings in
Whoosh (~310 ms); read block by block into arrays, the same postings are intersected and
scored with Whoosh's own BM25F statistics in a few milliseconds, and the total is exact.
Words, OR, AND, NOT, phrases, wildcards, fuzzy terms and date ranges are evaluated here,
expanded as Whoosh expands them; a query with another part (a phrase with slop, NOT
alone) gets None and is run by Whoosh.

This reads Whoosh's posting blocks through private attributes of whoosh-reloaded 2.7.5
(pinned exactly in pyproject.toml); tests/core/test_fast_ranking.py compares every score
with Whoosh's, so an upgrade that changes the format fails there, not in an analyst's hands.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from pickle import loads
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.util.numeric import _length_byte_cache

from archivist.index.query import FixedAndNot

_BYTE_TO_LENGTH = np.array(_length_byte_cache, dtype=np.float64)
_PROTOCOL_2 = b"\x80\x02"
_EMPTY = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))

Matches = tuple[np.ndarray, np.ndarray]  # sorted unique document numbers, their scores


#: Decoded posting lists kept between searches, in bytes. A segment's postings never change,
#: so they are keyed by segment; reading them (unpickling blocks that also hold every word
#: position) is most of a search's cost, and an analyst refining a query asks for the same
#: words again. 32 MB holds about four million postings.
POSTING_CACHE_BYTES = 32 * 1024 * 1024


class _PostingCache:
    """Least recently used posting lists, up to a size in bytes; thread-safe."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[tuple[Any, ...], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[Any, ...], entry: tuple[np.ndarray, np.ndarray]) -> None:
        nbytes = entry[0].nbytes + entry[1].nbytes
        if nbytes > self.budget:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = entry
            self.size += nbytes
            while self.size > self.budget:
                _, (ids, weights) = self._entries.popitem(last=False)
                self.size -= ids.nbytes + weights.nbytes

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


postings_cache = _PostingCache(POSTING_CACHE_BYTES)


class _Unsupported(Exception):
    """A part of the query this module does not evaluate: Whoosh runs the query."""


@dataclass
class RankedMatches:
    docnums: list[int]  # the best `limit` global document numbers, best first
    scores: list[float]
    total: int  # every match, exactly


def rank(searcher: Any, query: Any, limit: int) -> RankedMatches | None:
    """The best `limit` matches of `query` (ties in document order, as Whoosh breaks them)
    and the exact number of matches; None when the query has parts evaluated by Whoosh."""
    try:
        per_segment = [
            (_live(_evaluate(query, sub), sub.reader()), offset)
            for sub, offset in searcher.leaf_searchers()
        ]
    except _Unsupported:
        return None
    total = sum(len(ids) for (ids, _), _ in per_segment)
    if not per_segment or total == 0:
        return RankedMatches([], [], total)
    docnums = np.concatenate([ids + offset for (ids, _), offset in per_segment])
    scores = np.concatenate([s for (_, s), _ in per_segment])
    if limit < total:
        # Only what can reach the page is sorted: every score at least the limit-th best
        # (ties with it included, so that document order still breaks them).
        floor = np.partition(scores, total - limit)[total - limit]
        within = scores >= floor
        docnums, scores = docnums[within], scores[within]
    order = np.lexsort((docnums, -scores))[:limit]
    return RankedMatches(docnums[order].tolist(), scores[order].tolist(), total)


def _live(matches: Matches, reader: Any) -> Matches:
    ids, scores = matches
    if not reader.has_deletions() or not len(ids):
        return matches
    # (The raw postings still list the documents deleted from the segment.)
    deleted = np.sort(np.fromiter(reader.segment().deleted_docs(), dtype=np.int64))
    keep = ~_found_in(deleted, ids)
    return ids[keep], scores[keep]


def _evaluate(q: Any, sub: Any) -> Matches:
    """The matches of `q` in one segment's searcher `sub`."""
    if isinstance(q, wq.Term):
        ids, scores = _term(sub, q.fieldname, q.text)
    elif isinstance(q, (wq.AndNot, FixedAndNot)):
        ids, scores = _evaluate(q.a, sub)
        excluded, _ = _evaluate(q.b, sub)
        keep = ~_found_in(excluded, ids)
        ids, scores = ids[keep], scores[keep]
    elif type(q) is wq.And:
        ids, scores = _intersection([_evaluate(child, sub) for child in q.subqueries])
    elif type(q) is wq.Or and not q.minmatch and q.scale is None:
        ids, scores = _union([_evaluate(child, sub) for child in q.subqueries])
    elif isinstance(q, wq.Phrase) and q.slop == 1:
        ids, scores = _phrase(q, sub)
    elif isinstance(q, wq.MultiTerm):
        return _multi_term(q, sub)
    elif isinstance(q, wq.NumericRange):  # (date ranges): the terms of each precision tier
        return _evaluate(q._compile_query(sub.reader()), sub)
    elif isinstance(q, wq.ConstantScoreQuery):
        ids, _ = _evaluate(q.child, sub)
        return ids, np.full(len(ids), float(q.score))
    elif q is wq.NullQuery:
        return _EMPTY
    else:
        raise _Unsupported(type(q).__name__)
    boost = getattr(q, "boost", 1.0)
    return (ids, scores * boost) if boost != 1.0 else (ids, scores)


def _phrase(q: Any, sub: Any) -> Matches:
    """Documents where the words follow one another, scored as Whoosh scores a phrase: the
    sum of its words' scores (SpanNear2 over their intersection)."""
    fieldname = q.fieldname
    if fieldname not in sub.schema:
        return _EMPTY
    field = sub.schema[fieldname]
    if not field.format or not field.format.supports("positions"):
        raise _Unsupported(f"phrase in {fieldname}")
    reader = sub.reader()
    words = [field.to_bytes(word) for word in q.words]
    if any((fieldname, word) not in reader for word in words):
        return _EMPTY
    for word in words:  # (read first: one pass over the blocks keeps postings and positions)
        _cached_positions(reader, fieldname, word)
    parts = [_term(sub, fieldname, word) for word in words]
    ids, scores = _intersection(parts)
    if not len(ids):
        return _EMPTY
    # Positions as (document << 32 | position); a phrase goes on from each key of a word
    # to the same document's next position in the next word.
    ongoing = _position_keys(reader, fieldname, words[0], parts[0][0], ids)
    for word, (word_ids, _) in zip(words[1:], parts[1:], strict=True):
        following = _position_keys(reader, fieldname, word, word_ids, ids)
        ongoing = ongoing[_found_in(following, ongoing + 1)] + 1
    keep = _found_in(ongoing >> 32, ids)
    return ids[keep], scores[keep]


def _found_in(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """Which `needles` are in the sorted array `haystack` (a binary search each: both are
    sorted here, where np.isin would sort them again)."""
    if not len(haystack):
        return np.zeros(len(needles), dtype=bool)
    at = np.minimum(np.searchsorted(haystack, needles), len(haystack) - 1)
    return haystack[at] == needles


def _position_keys(
    reader: Any, fieldname: str, word: bytes, word_ids: np.ndarray, wanted: np.ndarray
) -> np.ndarray:
    """(document << 32 | position) for every position of `word` in the `wanted` documents
    (all of which hold it), in order."""
    offsets, positions = _cached_positions(reader, fieldname, word)
    rows = np.searchsorted(word_ids, wanted)
    starts, counts = offsets[rows], offsets[rows + 1] - offsets[rows]
    # Gather each wanted row's slice of `positions` at once.
    firsts = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    picked = positions[np.arange(int(counts.sum())) + firsts].astype(np.int64)
    return (np.repeat(wanted, counts) << 32) | picked


def _multi_term(q: Any, sub: Any) -> Matches:
    """Wildcards, prefixes and fuzzy terms, as Whoosh's MultiTerm.matcher scores them: one
    word found in the segment scores as that word alone (the boost is not applied); several
    are OR-ed, their BM25F scores summed and boosted ("constantscore" makes no difference:
    Whoosh's searcher falls back to its own weighting)."""
    words = [word for word in q._btexts(sub.reader()) if word]
    fieldname = q.field()
    if len(words) == 1:
        return _term(sub, fieldname, words[0])
    ids, scores = _union([_term(sub, fieldname, word) for word in words])
    return (ids, scores * q.boost) if q.boost != 1.0 else (ids, scores)


def _union(parts: list[Matches]) -> Matches:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    ids, where = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    scores = np.bincount(where, weights=np.concatenate([p[1] for p in parts]))
    return ids, scores


def _intersection(parts: list[Matches]) -> Matches:
    if not parts:
        return _EMPTY
    ids, scores = parts[0]
    for other_ids, other_scores in parts[1:]:
        ids, mine, theirs = np.intersect1d(ids, other_ids, assume_unique=True, return_indices=True)
        scores = scores[mine] + other_scores[theirs]
    return ids, scores


def _term(sub: Any, fieldname: str, text: Any) -> Matches:
    """One term's postings in one segment, scored as Whoosh's BM25F scores them."""
    reader = sub.reader()
    if fieldname not in sub.schema:
        return _EMPTY
    try:
        btext = sub.schema[fieldname].to_bytes(text) if isinstance(text, str) else text
    except ValueError:  # (not a value of that field: Whoosh matches nothing either)
        return _EMPTY
    if (fieldname, btext) not in reader:
        return _EMPTY
    scorer = sub.weighting.scorer(sub, fieldname, btext)
    ids, weights = _cached_postings(reader, fieldname, btext)
    if isinstance(scorer, WeightScorer):  # a field without lengths (an id, a date)
        return ids, weights
    if not isinstance(scorer, BM25FScorer):
        raise _Unsupported(f"scoring of {fieldname}")
    lengths = _BYTE_TO_LENGTH[_length_bytes(reader, fieldname)[ids]]
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    # Whoosh's bm25(), term for term (the same float operations, hence the same scores).
    scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
    return ids, scores


def _cached_postings(reader: Any, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and weights in one segment (kept between searches)."""
    entry = postings_cache.get(_key(reader, fieldname, btext))
    if entry is None:
        entry = _read_and_keep(reader, fieldname, btext, positions=False)[0]
    return entry[0].astype(np.int64), entry[1].astype(np.float64)


def _cached_positions(reader: Any, fieldname: str, word: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Every position of `word` in the segment, posting after posting: (offsets, positions)
    with posting i's positions at positions[offsets[i]:offsets[i + 1]]."""
    entry = postings_cache.get(_key(reader, fieldname, word, "positions"))
    if entry is None:
        entry = _read_and_keep(reader, fieldname, word, positions=True)[1]
    return entry


def _key(reader: Any, fieldname: str, btext: bytes, *kind: str) -> tuple[Any, ...]:
    return (reader.segment().segment_id(), fieldname, btext, *kind)


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


def _read_postings(matcher: Any, positions: bool) -> tuple[np.ndarray, ...]:
    """All of a leaf matcher's document numbers and weights, block by block; with
    `positions`, also (offsets, positions) as _cached_positions gives them."""
    matcher = getattr(matcher, "child", matcher)  # (a reader with deletions wraps it)
    if not hasattr(matcher, "_read_data"):
        raise _Unsupported(type(matcher).__name__)
    gaps: list[Sequence[int]] = []  # each block's document numbers, delta-encoded
    counts: list[int] = []
    weight_blocks: list[Iterable[float]] = []
    encoded: list[bytes] = []
    while matcher.is_active():
        matcher._read_data()
        ids, weights, values = matcher._data
        count = matcher._blocklength
        gaps.append(ids)
        counts.append(count)
        if weights is None:
            weight_blocks.append(repeat(1.0, count))
        elif isinstance(weights, float):  # (every posting of the block weighs the same)
            weight_blocks.append(repeat(weights, count))
        else:
            weight_blocks.append(weights)
        if positions:
            encoded.extend(values)
        if matcher._lastblock:
            break
        matcher._next_block()
    if not counts:
        return (*_EMPTY, np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.int32))
    ids = _restarting_cumsum(
        np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=sum(counts)), counts
    )
    weights = np.fromiter(chain.from_iterable(weight_blocks), dtype=np.float64, count=len(ids))
    if not positions:
        return ids, weights, None, None  # type: ignore[return-value]
    return (ids, weights, *_positions_from_gaps(_unpickle_gaps(encoded)))


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


def _length_bytes(reader: Any, fieldname: str) -> np.ndarray:
    """The segment's encoded field lengths, one byte per document, read once per reader."""
    cache = reader.__dict__.setdefault("_archivist_lengths", {})
    if fieldname not in cache:
        perdoc = reader._perdoc
        doccount = reader.doc_count_all()
        lengths = np.zeros(doccount, dtype=np.uint8)
        column = perdoc._cached_reader(f"_{fieldname}_len", _lengths_column())
        if column is not None and column._count:
            count = min(column._count, doccount)
            raw = column._dbfile.get(column._basepos, count)
            lengths[:count] = np.frombuffer(raw, dtype=np.uint8)
        cache[fieldname] = lengths
    return cache[fieldname]


def _lengths_column() -> Any:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN
