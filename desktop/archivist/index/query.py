"""The analysts' query language, parsed into Whoosh queries; any string gives a query or a
clear QuerySyntaxError, never a traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.matching import AndNotMatcher, ReadTooFar
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
)

from archivist.errors import QuerySyntaxError
from archivist.index.analysis import has_bigram_script
from archivist.index.lexicons import Lexicons
from archivist.index.limits import MAX_FUZZY_WORD, QueryBudget, clamped_distance
from archivist.index.lru import LruCache
from archivist.index.query_checks import (
    check_boosts,
    check_nesting,
    unknown_field,
    without_double_negations,
)
from archivist.index.query_dates import DateRangePlugin
from archivist.index.schema import DEFAULT_FIELDS, FIELD_ALIASES, FIELD_BOOSTS
from archivist.index.vocabulary import Vocabulary

MAX_QUERY_LENGTH = 2000


# --- fuzzy and wildcard terms ---------------------------------------------------------------
# The index holds stems, but a misspelling is not stemmed like the word it misspells
# ("electon" vs "election" -> "elect"). So fuzzy and wildcard matching also run over the
# index vocabulary of whole words, whose stems are then looked up in the index.


# What a fuzzy or wildcard term expands to in one index segment: segments never change, and
# the expansion (Whoosh walks the segment's term list for it) costs several milliseconds per
# segment and field, asked again for every segment, for the snippets and at each keystroke.
# Kept with whether it is whole: a list cut at MAX_EXPANSIONS is cut the same way every
# time (and noted again when reused); one cut by the clock is not kept.
_EXPANSIONS: LruCache[tuple[list[tuple[bytes, int]], bool]] = LruCache(4096)


def forget_expansions() -> None:
    """Drop the remembered expansions (for benchmarks measuring a first search)."""
    _EXPANSIONS.clear()


def _expanded(
    ixreader: Any,
    question: tuple[Any, ...],
    expand: Callable[[Any], Iterable[tuple[bytes, int]]],
    budget: QueryBudget,
    label: str,
    max_terms: int,
) -> list[tuple[bytes, int]]:
    """`expand(leaf_reader)` — words with their document frequencies, best first — for each
    segment of `ixreader`, at most `max_terms` of them, within `budget`, remembered per
    segment."""
    found: list[tuple[bytes, int]] = []
    for leaf, _ in ixreader.leaf_readers():
        try:
            key: tuple[Any, ...] | None = (leaf.segment().segment_id(), max_terms, *question)
        except AttributeError:  # (a reader without segments: nothing to remember it by)
            key = None
        kept = _EXPANSIONS.get(key) if key is not None else None
        if kept is not None:
            words, whole = kept
            if not whole:
                budget.note_too_many(label, max_terms)
        elif budget.expired():
            budget.note_too_slow(label)
            words = []
        else:
            words, whole = budget.take(expand(leaf), label, max_terms)
            # (A walk the clock ended may have stopped early without saying: not kept.)
            if key is not None and not budget.expired():
                _EXPANSIONS.put(key, (words, whole))
        found.extend(words)
    return found


def _fuzzy_words(
    leaf: Any,
    fieldname: str,
    text: str,
    maxdist: int,
    prefix: int,
    lexicons: Lexicons,
    limit: int,
) -> Iterator[tuple[bytes, int]]:
    """The segment's best `limit` words within `maxdist` edits of `text`, as bytes, with
    their document frequencies: the closest first, then the most frequent."""
    field = leaf.schema[fieldname]
    lexicon = lexicons.of(leaf, fieldname)
    for word, frequency in lexicon.within(text, maxdist, prefix, limit=limit):
        yield field.to_bytes(word), frequency


class _Bounded:
    """What the fuzzy and wildcard terms share: the query's budget and the index's word
    lists (both set by parse_query)."""

    budget: QueryBudget | None
    lexicons: Lexicons

    def _budget(self) -> QueryBudget:
        if self.budget is None:  # (built without one: still bounded)
            self.budget = QueryBudget()
        return self.budget


class StemAwareFuzzyTerm(_Bounded, wq.FuzzyTerm):
    """A FuzzyTerm over the stems in the index and, through the vocabulary, over the whole
    words those stems came from; expanded within the query's budget."""

    def __init__(
        self,
        fieldname: str,
        text: str,
        raw: str,
        vocab: Vocabulary | None,
        budget: QueryBudget | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(fieldname, text, **kwargs)
        self.raw = raw
        self.vocab = vocab
        self.budget = budget
        self.lexicons: Lexicons = _IN_MEMORY  # (the index's own, set by parse_query)
        self._similar_stems: tuple[tuple[str, int, int], list[str]] | None = None

    @property
    def label(self) -> str:
        """The term as the analyst wrote it, for notes."""
        return f"{self.raw or self.text}~{self.maxdist}"

    def similar_stems(self) -> list[str]:
        """The stems of the vocabulary's words near `raw`, looked up once per query: the
        matcher asks again for every index segment (a copy made by `replace` keeps the cache
        only while it asks the same question)."""
        key = (self.raw, self.maxdist, self.prefixlength)
        if self._similar_stems is None or self._similar_stems[0] != key:
            found = []
            if self.vocab is not None and self.raw:
                found = list(
                    self.vocab.similar(
                        self.raw,
                        self.maxdist,
                        self.prefixlength,
                        budget=self._budget(),
                        label=self.label,
                    )
                )
            self._similar_stems = (key, found)
        return self._similar_stems[1]

    def _btexts(self, ixreader: Any) -> list[bytes]:
        budget = self._budget()
        field = ixreader.schema[self.fieldname]
        question = ("fuzzy", self.fieldname, self.text, self.maxdist, self.prefixlength)
        found = _expanded(
            ixreader,
            question,
            lambda leaf: _fuzzy_words(
                leaf,
                self.fieldname,
                self.text,
                self.maxdist,
                self.prefixlength,
                self.lexicons,
                budget.max_fuzzy_terms + 1,  # (one more: a cut is then known)
            ),
            budget,
            self.label,
            budget.max_fuzzy_terms,
        )
        return budget.admit(
            (self.fieldname, self.label),
            _with_stems(
                found,
                self.similar_stems(),
                field,
                self.fieldname,
                ixreader,
                self.lexicons,
                budget,
                self.label,
            ),
            self.label,
            budget.max_fuzzy_terms,
        )


def _pattern_words(
    leaf: Any, pattern: StemAwareWildcard, budget: QueryBudget, lexicons: Lexicons
) -> Iterator[tuple[bytes, int]]:
    """The segment's words matching a wildcard pattern, as bytes, with their document
    frequencies, the most frequent first; the scan of the word list ends when the budget's
    time is up (`*x*` reads all of it)."""
    field = leaf.schema[pattern.fieldname]
    lexicon = lexicons.of(leaf, pattern.fieldname)

    def keep_going() -> bool:
        if budget.expired():
            budget.note_too_slow(pattern.label)
            return False
        return True

    for word, frequency in lexicon.matching(pattern.text, keep_going):
        yield field.to_bytes(word), frequency


def _with_stems(
    found: list[tuple[bytes, int]],
    stems: list[str],
    field: Any,
    fieldname: str,
    ixreader: Any,
    lexicons: Lexicons,
    budget: QueryBudget,
    label: str,
) -> list[tuple[bytes, int]]:
    """The words found in the segments, then the stems the vocabulary adds that the index
    holds (counted as holding no postings: few, and mostly among the words found). Whether
    a segment holds a stem is asked of its lexicon in memory: a wildcard's vocabulary can
    bring a thousand stems, each a look-up in every segment's term file otherwise; the
    look-ups end with the query's budget."""
    if not stems:
        return found
    if budget.expired():
        budget.note_too_slow(label)
        return found
    known = {word for word, _ in found}
    held = [lexicons.of(leaf, fieldname) for leaf, _ in ixreader.leaf_readers()]
    extra = []
    for count, stem in enumerate(stems, start=1):
        if count % 64 == 0 and budget.expired():
            budget.note_too_slow(label)
            break
        btext = field.to_bytes(stem)
        if btext not in known and any(stem in lexicon for lexicon in held):
            known.add(btext)
            extra.append((btext, 0))
    return found + extra


#: Lexicons of indexes parsed without their folder (kept in this process's memory only).
_IN_MEMORY = Lexicons(None)


class StemAwareWildcard(_Bounded, wq.Wildcard):
    """A wildcard/prefix pattern matched against the whole words (through the vocabulary) as
    well as the stems: `warn?ng` must find "warning" although the index holds "warn";
    expanded within the query's budget. Without a vocabulary (fields that are not stemmed),
    a bounded Whoosh Wildcard."""

    def __init__(
        self,
        fieldname: str,
        text: str,
        vocab: Vocabulary | None,
        boost: float = 1.0,
        budget: QueryBudget | None = None,
    ) -> None:
        super().__init__(fieldname, text, boost=boost)
        self.vocab = vocab
        self.budget = budget
        self.lexicons: Lexicons = _IN_MEMORY  # (the index's own, set by parse_query)
        self._matching_stems: tuple[str, list[str]] | None = None

    @property
    def label(self) -> str:
        """The pattern as the analyst wrote it, for notes."""
        return str(self.text)

    def matching_stems(self) -> list[str]:
        """The stems of the vocabulary's words matching the pattern, once per query rather
        than once per index segment."""
        if self.vocab is None:
            return []
        if self._matching_stems is None or self._matching_stems[0] != self.text:
            stems = self.vocab.matching(self.text, budget=self._budget(), label=self.label)
            self._matching_stems = (self.text, list(stems))
        return self._matching_stems[1]

    def normalize(self) -> wq.Query:
        return self if self.text.strip("*") else wq.Every(self.fieldname, boost=self.boost)

    def _btexts(self, ixreader: Any) -> list[bytes]:
        budget = self._budget()
        question = ("wildcard", self.fieldname, self.text)
        found = _expanded(
            ixreader,
            question,
            lambda leaf: _pattern_words(leaf, self, budget, self.lexicons),
            budget,
            self.label,
            budget.max_terms,
        )
        field = ixreader.schema[self.fieldname]
        return budget.admit(
            (self.fieldname, self.label),
            _with_stems(
                found,
                self.matching_stems(),
                field,
                self.fieldname,
                ixreader,
                self.lexicons,
                budget,
                self.label,
            ),
            self.label,
        )


def _stemmed(schema: Schema, name: str) -> bool:
    return (
        name in schema
        and getattr(schema[name], "analyzer", None) is not None
        and schema[name].analyzer.has_morph()
    )


def _bounded_expansions(
    schema: Schema, vocab: Vocabulary | None, budget: QueryBudget, lexicons: Lexicons | None
) -> Any:
    """A query visitor giving every fuzzy, wildcard and prefix term the query's budget and
    the index's lexicons: Whoosh's own become the stem-aware kinds (with the vocabulary on
    stemmed fields)."""

    def visit(q: wq.Query) -> wq.Query:
        q = _bounded(q)
        if lexicons is not None and isinstance(q, _Bounded):
            q.lexicons = lexicons
        return q

    def _bounded(q: wq.Query) -> wq.Query:
        if isinstance(q, _Bounded):
            if q.budget is None:
                q.budget = budget
            return q
        if isinstance(q, wq.FuzzyTerm):
            maxdist = clamped_distance(q.maxdist, q.text, budget)
            return StemAwareFuzzyTerm(
                q.fieldname,
                q.text,
                "",
                None,
                budget,
                boost=q.boost,
                maxdist=maxdist,
                prefixlength=q.prefixlength,
            )
        if isinstance(q, (wq.Wildcard, wq.Prefix)):
            pattern = q.text + "*" if isinstance(q, wq.Prefix) else q.text
            words = vocab if _stemmed(schema, q.fieldname) else None
            return StemAwareWildcard(q.fieldname, pattern, words, boost=q.boost, budget=budget)
        return q

    return visit


class _FuzzyPlugin(FuzzyTermPlugin):
    class FuzzyTermNode(FuzzyTermPlugin.FuzzyTermNode):
        def query(self, parser: Any) -> wq.Query:
            schema = parser.schema
            budget = getattr(parser, "budget", None)
            maxdist = clamped_distance(self.maxdist, self.text, budget)
            if self.fieldname not in schema or not hasattr(schema[self.fieldname], "analyzer"):
                q = super().query(parser)
                q.maxdist = maxdist  # (made bounded by _bounded_expansions)
                return q
            field = schema[self.fieldname]
            # Stop words are kept: "the~1" looks for "then" and "they", which are indexed.
            stems = list(field.process_text(self.text, mode="query", removestops=False))
            raw = list(
                field.process_text(self.text, mode="query", no_morph=True, removestops=False)
            )
            if len(raw) != len(stems):
                raw = [""] * len(stems)
            vocab = getattr(parser, "vocabulary", None)
            parts: list[wq.Query] = []
            for stem, word in zip(stems, raw, strict=True):
                if has_bigram_script(stem) or len(word or stem) > MAX_FUZZY_WORD:
                    # A character pair of a script written without spaces, or a "word" no
                    # misspelling explains: searched as it is.
                    parts.append(wq.Term(self.fieldname, stem, boost=self.boost))
                    if not has_bigram_script(stem) and budget is not None:
                        budget.note(
                            f"{(word or stem)[:24]}… is too long for a fuzzy search (over "
                            f"{MAX_FUZZY_WORD} characters): it was searched exactly"
                        )
                    continue
                parts.append(
                    StemAwareFuzzyTerm(
                        self.fieldname,
                        stem,
                        word,
                        vocab,
                        budget,
                        boost=self.boost,
                        maxdist=maxdist,
                        prefixlength=self.prefixlength,
                    )
                )
            if not parts:
                return wq.NullQuery
            # Several words (`ab-cd~1`, `ภาษาalmaty~2`): each of them, fuzzily where it can be.
            return parts[0] if len(parts) == 1 else wq.And(parts)


# --- the parser -----------------------------------------------------------------------------


def make_parser(
    schema: Schema, vocab: Vocabulary | None = None, budget: QueryBudget | None = None
) -> MultifieldParser:
    parser = MultifieldParser(
        list(DEFAULT_FIELDS), schema=schema, fieldboosts=FIELD_BOOSTS, group=AndGroup
    )
    parser.vocabulary = vocab  # read by the fuzzy-term nodes
    parser.budget = budget
    parser.add_plugin(DateRangePlugin())
    parser.add_plugin(_FuzzyPlugin())
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    return parser


def parse_query(
    text: str,
    schema: Schema,
    vocab: Vocabulary | None = None,
    budget: QueryBudget | None = None,
    lexicons: Lexicons | None = None,
) -> wq.Query:
    """Parse a user's query. Empty means everything. Raises QuerySyntaxError with a message
    fit to show to the analyst.

    Fuzzy and wildcard terms expand over `lexicons` (the index's word lists; kept in memory
    only when None) within `budget` (a fresh one when None), which collects notes on what
    was cut short or clamped (see index.limits)."""
    if budget is None:
        budget = QueryBudget()
    text = (text or "").strip()
    if not text or text == "*":
        return wq.Every()
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"the query is too long (over {MAX_QUERY_LENGTH} characters)")
    unknown = unknown_field(text, schema)
    if unknown:
        known = sorted({*schema.names(), *(a for v in FIELD_ALIASES.values() for a in v), "date"})
        known = [k for k in known if not k.startswith("spell_") and k not in ("rev",)]
        raise QuerySyntaxError(
            f"unknown field {unknown!r}; searchable fields are: {', '.join(known)}"
        )
    check_nesting(text)
    check_boosts(text)
    text = without_double_negations(text).strip()
    if not text:
        return wq.Every()
    parser = make_parser(schema, vocab, budget)
    try:
        parsed = parser.parse(text)
    except QuerySyntaxError:
        raise
    except Exception as exc:
        raise QuerySyntaxError(f"cannot understand the query: {exc}") from None
    error = _first_error(parsed)
    if error:
        raise QuerySyntaxError(f"cannot understand the query: {error}")
    parsed = parsed.accept(_exclusions_as_and_not)
    parsed = parsed.accept(_bounded_expansions(schema, vocab, budget, lexicons))
    return parsed.accept(_as_every_engine_scores_it)


#: What a boost of 0 counts as: Whoosh's own matchers drop the hits of a clause boosted to
#: nothing; the analyst asked for "does not count towards the rank", not "not found".
LEAST_BOOST = 1e-6


def _as_every_engine_scores_it(q: wq.Query) -> wq.Query:
    """What both engines (the fast path and Whoosh's own searcher) must score alike.

    Fuzzy and wildcard terms score their words as an OR of those words scores them (BM25F,
    summed, boosted): an article holding more of them, and rarer ones, ranks higher.
    Whoosh's default ("constant score") asks its matchers for no weighting, and they then
    disagree among themselves (1.0 for some articles, a weight for others)."""
    if isinstance(q, wq.MultiTerm):
        q.constantscore = False
    if getattr(q, "boost", 1.0) == 0:
        q.boost = LEAST_BOOST
    return q


class _AndNotMatcher(AndNotMatcher):
    """Whoosh's AndNotMatcher with two steps fixed: when the excluded side's first document
    came before the wanted side's first one, Whoosh kept that first wanted document even if
    it was excluded (one wrong hit per index segment); and a skip past the wanted side's
    last document asked the spent side for its document ("array index out of range")."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()

    def skip_to(self, id: int) -> None:
        if not self.a.is_active():
            raise ReadTooFar
        if id < self.a.id():
            return
        self.a.skip_to(id)
        if self.a.is_active() and self.b.is_active():
            self.b.skip_to(id)
            self._find_next()


class FixedAndNot(wq.AndNot):
    """`a ANDNOT b` with the fixed matcher."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        wanted = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _AndNotMatcher(wanted, excluded)


def _everything_but(excluded: wq.Query) -> FixedAndNot:
    return FixedAndNot(wq.Every(), excluded)


def _excluded_part(q: wq.Query) -> wq.Query | None:
    """What `q` excludes, when it is an exclusion (NOT x, as it is or already rewritten)."""
    if isinstance(q, wq.Not):
        return q.query
    if isinstance(q, FixedAndNot) and isinstance(q.a, wq.Every) and not q.a.fieldname:
        return q.b
    return None


def _exclusions_as_and_not(q: wq.Query) -> wq.Query:
    """`a AND b NOT c` as AndNot(a AND b, c): the same matches and scores, but Whoosh then
    skips the excluded documents, where And([a, b, Not(c)]) walks every document in the
    index that lacks c (seconds at 100,000 articles). A NOT with nothing beside it is
    everything but what it excludes (`NOT a NOT b` as AndNot(everything, a OR b)), which
    index.fast_ranking evaluates at once. Every AndNot gets the fixed matcher.

    (Visits children first: a NOT inside an AND has been rewritten when the AND is seen.)"""
    if isinstance(q, wq.AndNot) and not isinstance(q, FixedAndNot):
        return FixedAndNot(q.a, q.b)
    if isinstance(q, wq.Not):
        return _everything_but(q.query)
    if not isinstance(q, wq.And):
        return q
    excluded = [part for sub in q.subqueries if (part := _excluded_part(sub)) is not None]
    kept = [sub for sub in q.subqueries if _excluded_part(sub) is None]
    if not excluded:
        return q
    negative = excluded[0] if len(excluded) == 1 else wq.Or(excluded)
    if not kept:
        return _everything_but(negative)
    positive = kept[0] if len(kept) == 1 else wq.And(kept, boost=q.boost)
    return FixedAndNot(positive, negative)


def _first_error(q: Any) -> str | None:
    error = getattr(q, "error", None)
    if error:
        return str(error)
    children = q.children() if hasattr(q, "children") else []
    for child in children:
        found = _first_error(child)
        if found:
            return found
    return None
