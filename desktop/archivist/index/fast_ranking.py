"""Ranking queries with numpy over whole posting lists, instead of Whoosh's matchers,
which step through the postings one Python call at a time.

At 100,000 articles `(Almaty OR Aktobe) AND troops NOT Moscow` walks ~100,000 postings in
Whoosh (~310 ms); read block by block into arrays, the same postings are intersected and
scored with Whoosh's own BM25F statistics in a few milliseconds, and the total is exact.
Words, OR, AND, NOT, phrases, wildcards, fuzzy terms and date ranges are evaluated here,
expanded as Whoosh expands them; a query with another part (a phrase with slop, NOT
alone) gets None and is run by Whoosh.

The postings come from index.postings (Whoosh's blocks read into arrays, kept between
searches); tests/core/test_fast_ranking.py compares every score with Whoosh's, so a Whoosh
upgrade that changes the scoring or the format fails there, not in an analyst's hands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.fields import DATETIME
from whoosh.scoring import BM25FScorer, WeightScorer

from archivist.index import postings
from archivist.index.engine_guard import fast_path_enabled
from archivist.index.query import FixedAndNot

_EMPTY = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))

Matches = tuple[np.ndarray, np.ndarray]  # sorted unique document numbers, their scores


class _Unsupported(Exception):
    """A part of the query this module does not evaluate: Whoosh runs the query."""


@dataclass
class RankedMatches:
    docnums: list[int]  # the best `limit` global document numbers, best first
    scores: list[float]
    total: int  # every match, exactly


def rank(searcher: Any, query: Any, limit: int) -> RankedMatches | None:
    """The best `limit` matches of `query` (ties in document order, as Whoosh breaks them)
    and the exact number of matches; None when the query has parts evaluated by Whoosh, or
    when the fast path is off (see index.engine_guard)."""
    if not fast_path_enabled():
        return None
    try:
        per_segment = [
            (_live(_evaluate(query, sub), sub.reader()), offset)
            for sub, offset in searcher.leaf_searchers()
        ]
    except (_Unsupported, postings.UnreadablePostings):
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


def _evaluate(q: Any, sub: Any, scored: bool = True) -> Matches:
    """The matches of `q` in one segment's searcher `sub` (their scores zero when not
    `scored`: what a NOT excludes is never ranked, and scoring costs a look-up a word)."""
    if isinstance(q, wq.Term):
        ids, scores = _term(sub, q.fieldname, q.text, scored)
    elif isinstance(q, (wq.AndNot, FixedAndNot)):
        ids, scores = _evaluate(q.a, sub, scored)
        if len(ids):
            keep = ~_excluded_among(q.b, sub, ids)
            ids, scores = ids[keep], scores[keep]
    elif type(q) is wq.And:
        ids, scores = _all_of(q.subqueries, sub, scored)
    elif type(q) is wq.Or and not q.minmatch and q.scale is None:
        if not scored:
            marked = np.zeros(sub.reader().doc_count_all(), dtype=bool)
            _mark(q, sub, marked)
            ids = np.flatnonzero(marked)
            return ids, np.zeros(len(ids))
        ids, scores = _union([_evaluate(child, sub, scored) for child in q.subqueries])
    elif isinstance(q, wq.Phrase) and q.slop == 1:
        ids, scores = _phrase(q, sub)
    elif isinstance(q, wq.MultiTerm):
        return _multi_term(q, sub, scored)
    elif isinstance(q, wq.NumericRange):  # (date ranges)
        found = _date_range(q, sub)
        if found is not None:
            return found
        return _evaluate(q.simplify(sub.reader()), sub, scored)  # (the terms of each tier)
    elif isinstance(q, wq.ConstantScoreQuery):
        ids, _ = _evaluate(q.child, sub, scored=False)
        return ids, np.full(len(ids), float(q.score))
    elif isinstance(q, wq.Every) and not q.fieldname:  # (everything: scored as its boost)
        count = sub.reader().doc_count_all()
        ids, scores = np.arange(count, dtype=np.int64), np.ones(count)
    elif q is wq.NullQuery:
        return _EMPTY
    else:
        raise _Unsupported(type(q).__name__)
    boost = getattr(q, "boost", 1.0)
    return (ids, scores * boost) if boost != 1.0 else (ids, scores)


def _all_of(children: list[Any], sub: Any, scored: bool) -> Matches:
    """The documents matching every one of `children`, their scores summed in the children's
    order (as Whoosh sums them). The cheapest children are evaluated first: once no document
    is left, the dearer ones (a wildcard's thousand words, a phrase's positions) are never
    read."""
    if not children:
        return _EMPTY
    found: dict[int, Matches] = {}
    remaining: np.ndarray | None = None
    for number in sorted(range(len(children)), key=lambda n: _cost(children[n])):
        found[number] = _evaluate(children[number], sub, scored)
        ids = found[number][0]
        remaining = ids if remaining is None else np.intersect1d(remaining, ids, assume_unique=True)
        if not len(remaining):
            return _EMPTY
    assert remaining is not None
    # Each child's scores of the documents left, added in the written order (a child's
    # documents are sorted: a binary search finds them).
    scores = np.zeros(len(remaining))
    for number in range(len(children)):
        ids, child_scores = found[number]
        scores += child_scores[np.searchsorted(ids, remaining)]
    return remaining, scores


def _date_range(q: Any, sub: Any) -> Matches | None:
    """A range of a sortable date field, compared at once over the field's column (read
    once per segment) instead of Whoosh's walk of its term table, a binary search of reads
    on disk for each tier of precision of the range: a quarter of the time of a query of
    many dated NOTs went there. The same documents, constant-scored as Whoosh scores them;
    None for any other range (Whoosh's terms answer it)."""
    if q.fieldname not in sub.schema or not q.constantscore:
        return None
    field = sub.schema[q.fieldname]
    if not isinstance(field, DATETIME):
        return None
    values = postings.numeric_column(sub.reader(), q.fieldname)
    if values is None:
        return None
    # The bounds as Whoosh's tiered ranges take them; a date's value is its microseconds
    # since the year 1 (never below 0), and a document without one holds the default.
    no_date = field.default
    low = 0 if q.start is None else max(0, field.prepare_number(q.start) + int(q.startexcl))
    high = no_date - 1 if q.end is None else field.prepare_number(q.end) - int(q.endexcl)
    high = min(high, no_date - 1)
    if low > high:
        return _EMPTY
    inside = (values >= low) & (values <= high)
    ids = np.flatnonzero(inside)
    return ids, np.full(len(ids), float(q.boost))


def _excluded_among(excluded: Any, sub: Any, ids: np.ndarray) -> np.ndarray:
    """Which of the documents `ids` match `excluded` (the NOT of an AND NOT). Only those
    documents are in question: the others count as settled from the start, so that the
    exclusion's work stops once these are decided (see _mark)."""
    settled = np.ones(max(sub.reader().doc_count_all(), int(ids[-1]) + 1), dtype=bool)
    settled[ids] = False
    _mark(excluded, sub, settled)
    return settled[ids]


def _mark(q: Any, sub: Any, marked: np.ndarray) -> None:
    """Mark in `marked` the documents matching `q`, unscored (what NOTs exclude). Documents
    already marked need no look: the alternatives of an OR go cheapest first and stop once
    every document is marked, a wildcard or fuzzy term stops reading its words then, and a
    phrase reads word positions only for documents not yet marked. Among many NOTs one such
    as `NOT ?*` or `NOT the` usually marks the whole segment, and a phrase's positions (the
    dearest read there is) are then never decoded."""
    if marked.all():
        return
    if type(q) is wq.Or and not q.minmatch and q.scale is None:
        for child in sorted(q.subqueries, key=_cost):
            _mark(child, sub, marked)
            if marked.all():
                return
        return
    if isinstance(q, wq.MultiTerm):
        words = [word for _, word in q.expanded_terms(sub.reader()) if word]
        budget = getattr(q, "budget", None) if len(words) > 1 else None
        for number, word in enumerate(words):
            if number and budget is not None and budget.expired():
                budget.note_too_slow(getattr(q, "label", q.text))
                return
            _set(marked, _term(sub, q.field(), word, scored=False)[0])
            if marked.all():
                return
        return
    if isinstance(q, wq.Phrase) and q.slop == 1:
        _set(marked, _phrase(q, sub, settled=marked)[0])
        return
    _set(marked, _evaluate(q, sub, scored=False)[0])


def _set(marked: np.ndarray, ids: np.ndarray) -> None:
    marked[ids[ids < len(marked)]] = True


def _cost(q: Any) -> int:
    """How dear `q` is to evaluate, roughly: words and dates read one posting list each,
    wildcards and fuzzy terms many, and phrases also decode every position of their words."""
    if isinstance(q, wq.Phrase):
        return 2
    if isinstance(q, wq.MultiTerm):
        return 1
    return max(map(_cost, q.children()), default=0)


def _phrase(q: Any, sub: Any, settled: np.ndarray | None = None) -> Matches:
    """Documents where the words follow one another, scored as Whoosh scores a phrase: the
    sum of its words' scores (SpanNear2 over their intersection). Given `settled` (a mark
    per document), only the documents not marked there are looked at, unscored.

    The words are read rarest first (by their document frequency, known without reading
    them), each with its positions: the documents where the phrase can still be narrow
    with every word, so that a common word ("the") is read only in the blocks that hold
    those left (see postings.postings_with_positions)."""
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
    # A place is (document << 32 | position + the words after it): the phrase's words
    # then share one key where they follow one another.
    places: np.ndarray | None = None
    wanted: np.ndarray | None = None
    read: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for at in sorted(range(len(words)), key=lambda n: reader.doc_frequency(fieldname, words[n])):
        ids, weights, offsets, positions = postings.postings_with_positions(
            reader, fieldname, words[at], wanted
        )
        read[at] = (ids, weights)
        if wanted is None:
            wanted = ids
            if settled is not None and len(wanted):
                unsettled = ~settled[np.minimum(wanted, len(settled) - 1)]
                wanted = wanted[unsettled | (wanted >= len(settled))]
        else:
            wanted = wanted[_found_in(ids, wanted)]
        if not len(wanted):
            return _EMPTY
        mine = _position_keys(ids, offsets, positions, wanted) + (len(words) - at)
        places = mine if places is None else places[_found_in(mine, places)]
        wanted = _distinct(places >> 32)
        if not len(wanted):
            return _EMPTY
    assert wanted is not None
    if settled is not None:
        return wanted, np.zeros(len(wanted))
    scores = np.zeros(len(wanted))
    for at, word in enumerate(words):  # (summed in the phrase's order, as Whoosh sums)
        ids, weights = read[at]
        rows = np.searchsorted(ids, wanted)
        scores = scores + _scored(sub, fieldname, word, wanted, weights[rows])
    return wanted, scores


def _distinct(ordered: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array. (np.unique would sort it again, and its first
    call in a process imports numpy.ma: 27 ms of a command-line search.)"""
    return ordered[_firsts(ordered)]


def _firsts(ordered: np.ndarray) -> np.ndarray:
    """Marks the first of each run of equal values in a sorted array."""
    marks = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=marks[1:])
    return marks


def _found_in(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """Which `needles` are in the sorted array `haystack` (a binary search each: both are
    sorted here, where np.isin would sort them again)."""
    if not len(haystack):
        return np.zeros(len(needles), dtype=bool)
    at = np.minimum(np.searchsorted(haystack, needles), len(haystack) - 1)
    return haystack[at] == needles


def _position_keys(
    word_ids: np.ndarray, offsets: np.ndarray, positions: np.ndarray, wanted: np.ndarray
) -> np.ndarray:
    """(document << 32 | position) for every position of a word in the `wanted` documents
    (all of which hold it), in order; `word_ids` are the postings read, with their
    positions at positions[offsets[i]:offsets[i + 1]]."""
    rows = np.searchsorted(word_ids, wanted)
    starts, counts = offsets[rows], offsets[rows + 1] - offsets[rows]
    # Gather each wanted row's slice of `positions` at once.
    firsts = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    picked = positions[np.arange(int(counts.sum())) + firsts].astype(np.int64)
    return (np.repeat(wanted, counts) << 32) | picked


def _multi_term(q: Any, sub: Any, scored: bool = True) -> Matches:
    """Wildcards, prefixes and fuzzy terms, as Whoosh's MultiTerm.matcher scores them: one
    word found in the segment scores as that word alone (the boost is not applied); several
    are OR-ed, their BM25F scores summed and boosted ("constantscore" makes no difference:
    Whoosh's searcher falls back to its own weighting)."""
    words = [word for _, word in q.expanded_terms(sub.reader()) if word]
    fieldname = q.field()
    if len(words) == 1:
        return _term(sub, fieldname, words[0], scored)
    # Reading postings is most of a broad expansion's time: it stops with the query's
    # expansion budget (see index.limits), the best words (first) read.
    budget = getattr(q, "budget", None)
    parts = []
    for word in words:
        if parts and budget is not None and budget.expired():
            budget.note_too_slow(getattr(q, "label", q.text))
            break
        parts.append(_term(sub, fieldname, word, scored))
    ids, scores = _union(parts)
    return (ids, scores * q.boost) if q.boost != 1.0 else (ids, scores)


def _union(parts: list[Matches]) -> Matches:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    every = np.concatenate([p[0] for p in parts])
    weights = np.concatenate([p[1] for p in parts])
    size = int(every.max()) + 1
    if len(every) * 8 >= size:
        # Dense (a broad wildcard, many NOTs): counting over the segment's document numbers
        # costs less than sorting the postings; the sums are the same, in the same order.
        summed = np.bincount(every, weights=weights, minlength=size)
        ids = np.flatnonzero(np.bincount(every, minlength=size))
        return ids, summed[ids]
    # Each posting's place among the distinct documents, summed there in the postings'
    # order (as np.unique's inverse would give it, without its first-call import).
    order = np.argsort(every, kind="stable")
    ordered = every[order]
    firsts = _firsts(ordered)
    where = np.empty(len(every), dtype=np.int64)
    where[order] = np.cumsum(firsts) - 1
    return ordered[firsts], np.bincount(where, weights=weights)


def _term(sub: Any, fieldname: str, text: Any, scored: bool = True) -> Matches:
    """One term's postings in one segment, scored as Whoosh's BM25F scores them (or all
    zero when not `scored`)."""
    reader = sub.reader()
    if fieldname not in sub.schema:
        return _EMPTY
    try:
        btext = sub.schema[fieldname].to_bytes(text) if isinstance(text, str) else text
    except ValueError:  # (not a value of that field: Whoosh matches nothing either)
        return _EMPTY
    if (fieldname, btext) not in reader:
        return _EMPTY
    if not scored:
        ids, _weights = postings.term_postings(reader, fieldname, btext)
        return ids, np.zeros(len(ids))
    ids, weights = postings.term_postings(reader, fieldname, btext)
    return ids, _scored(sub, fieldname, btext, ids, weights)


def _scored(
    sub: Any, fieldname: str, btext: bytes, ids: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """The scores of a term's postings in the documents `ids` (their `weights`), as
    Whoosh's BM25F gives them."""
    scorer = sub.weighting.scorer(sub, fieldname, btext)
    if isinstance(scorer, WeightScorer):  # a field without lengths (an id, a date)
        return weights
    if not isinstance(scorer, BM25FScorer):
        raise _Unsupported(f"scoring of {fieldname}")
    lengths = postings.field_lengths(sub.reader(), fieldname)[ids]
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    # Whoosh's bm25(), term for term (the same float operations, hence the same scores).
    return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
