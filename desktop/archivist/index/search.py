"""Searching the index: ranked hits with highlighted snippets, timed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.query import Every

from archivist.index import fast_ranking, limits
from archivist.index.snippets import make_snippet
from archivist.index.store import ArchiveIndex
from archivist.index.whoosh_private import CountingTopCollector, counting_collector_works

log = logging.getLogger(__name__)


@dataclass
class SearchHit:
    id: int
    title: str
    source: str | None
    published: str | None
    score: float
    snippet: str


#: Queries run by Whoosh's matchers (see `search`) are counted exactly up to this many
#: matches; beyond, `total` is a lower bound (as with Elasticsearch's track_total_hits):
#: there, counting every match means scoring every match, which for a common word at
#: 100,000 articles costs several times what finding the page does.
EXACT_TOTAL_UP_TO = 1_000


@dataclass
class SearchResults:
    total: int
    took_ms: float
    hits: list[SearchHit] = field(default_factory=list)
    total_exact: bool = True  # False: at least `total` articles match
    #: What was cut short or changed to keep the query quick (see index.limits): a fuzzy
    #: distance lowered, a wildcard that matched too many words...
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The command line's JSON: `total_exact` appears only when it is false and `notes`
        only when there are some, so an ordinary result has just the contract's keys."""
        data = asdict(self)
        if self.total_exact:
            del data["total_exact"]
        if not self.notes:
            del data["notes"]
        return data


def _wanted_leaves(q: Any) -> Iterator[Any]:
    """The query's leaves, except those under a NOT: excluded words are never highlighted."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _wanted_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _wanted_leaves(child)


def _text_terms(parsed: Any, reader: Any, cap: int = 500) -> set[str]:
    """The words of the body the query looks for (stems, bigrams), as they are indexed;
    wildcards and fuzzy terms expanded against the index (at most `cap` of them)."""
    if isinstance(parsed, Every):
        return set()
    found: set[str] = set()
    for leaf in _wanted_leaves(parsed):
        if getattr(leaf, "fieldname", None) != "text":
            continue
        if isinstance(leaf, wq.Term):
            found.add(leaf.text)
        elif isinstance(leaf, wq.Phrase):
            found.update(leaf.words)
        elif isinstance(leaf, wq.MultiTerm):
            try:
                expanded = [btext for _, btext in leaf.expanded_terms(reader)]
            except Exception as exc:  # snippets must never fail a search
                log.info("%s not expanded for highlighting (%r); left unmarked", leaf, exc)
                continue
            for btext in list(expanded)[:cap]:
                found.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
    return found


def search(
    index: ArchiveIndex,
    query_text: str,
    fetch_rows: Callable[[Sequence[int]], dict[int, dict[str, Any]]],
    *,
    limit: int = 20,
    offset: int = 0,
    sort_by_date: bool = False,
    count_up_to: int | None = None,
    preview: bool = False,
) -> SearchResults:
    """Run a query; return the page [offset, offset+limit) of hits with snippets.

    `fetch_rows` returns, by id, each article's `text` and `published` as stored in the
    database (the text is not stored in the index; the date's precision is the database's).
    Queries index.fast_ranking evaluates (nearly all) are counted exactly; others are run
    by Whoosh's matchers, counted exactly up to `count_up_to` matches (EXACT_TOTAL_UP_TO by
    default) and a lower bound beyond (`total_exact` false). A `preview` (a first page shown
    while the whole list is computed) gives fuzzy and wildcard terms less time to expand.
    Call from one thread at a time per ArchiveIndex (its searcher is reused).
    """
    started = time.perf_counter()
    searcher = index.searcher()
    budget = limits.QueryBudget(seconds=limits.PREVIEW_EXPANSION_SECONDS if preview else None)
    parsed = index.parse(query_text, budget)
    limit = max(1, limit)
    page_end = offset + limit
    kwargs: dict[str, Any] = {"limit": page_end}
    if sort_by_date or isinstance(parsed, Every):
        kwargs.update(sortedby="published", reverse=True)
    # (stored fields, score) of the page's hits; the total, and whether it is exact.
    page: list[tuple[dict[str, Any], float]]
    ranked = None if "sortedby" in kwargs else fast_ranking.rank(searcher, parsed, page_end)
    if ranked is not None:
        page = [
            (searcher.stored_fields(docnum), score)
            for docnum, score in zip(
                ranked.docnums[offset:page_end], ranked.scores[offset:page_end], strict=True
            )
        ]
        total, exact = ranked.total, True
    elif "sortedby" in kwargs:  # sorting collects every match, so the count is exact anyway
        results = searcher.search(parsed, **kwargs)
        page = [(hit.fields(), hit.score) for hit in results[offset:page_end]]
        total, exact = len(results), True
    elif not counting_collector_works():  # (Whoosh's public API only: a full count, slower)
        results = searcher.search(parsed, limit=page_end)
        page = [(hit.fields(), hit.score) for hit in results[offset:page_end]]
        total, exact = len(results), True
    else:
        up_to = EXACT_TOTAL_UP_TO if count_up_to is None else count_up_to
        collector = CountingTopCollector(page_end, max(up_to, page_end))
        searcher.search_with_collector(parsed, collector)
        results = collector.results()
        # (list(results) would ask len(): a full count)
        page = [(hit.fields(), hit.score) for hit in results[offset:page_end]]
        if not collector.skipping:  # every match was counted
            total, exact = collector.total, True
        else:
            total, exact = collector.count_up_to, False
    analyzer = searcher.schema["text"].analyzer
    # The query's own terms (wildcards and fuzzy terms expanded), once, rather than Whoosh's
    # per-hit matched terms: those are recorded for every matching document, which at
    # 100,000 articles cost more time and memory than the search itself.
    query_terms = _text_terms(parsed, searcher.reader())
    ids = [int(fields["id"]) for fields, _ in page]
    rows = fetch_rows(ids)
    hits: list[SearchHit] = []
    for (fields, score), article_id in zip(page, ids, strict=True):
        row = rows.get(article_id, {})
        text = row.get("text") or ""
        snippet = ""
        if text:
            snippet = make_snippet(text, query_terms, analyzer)
        hits.append(
            SearchHit(
                id=article_id,
                title=fields.get("title", ""),
                source=fields.get("source"),
                published=row.get("published"),
                score=round(float(score or 0.0), 4),
                snippet=snippet,
            )
        )
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    return SearchResults(
        total=total, took_ms=took_ms, hits=hits, total_exact=exact, notes=list(budget.notes)
    )


@dataclass
class RankedIds:
    """Every article matching a query, best first, without snippets or stored fields."""

    ids: list[int]
    total: int
    notes: list[str]


def ranked_ids(index: ArchiveIndex, query_text: str, limit: int | None = None) -> RankedIds:
    """Ids of the articles matching `query_text` in rank order (all unless `limit`): word
    queries are scored with numpy, every match at once; others by Whoosh's matchers."""
    from archivist.index.article_ids import article_ids

    searcher = index.searcher()
    budget = limits.QueryBudget()
    parsed = index.parse(query_text, budget)
    ranked = fast_ranking.rank(searcher, parsed, limit or 2**62)
    if ranked is not None:
        docnums, total = ranked.docnums, ranked.total
    else:
        results = searcher.search(parsed, limit=limit)
        docnums, total = [docnum for _score, docnum in results.top_n], len(results)
    return RankedIds(article_ids(searcher, docnums), total, list(budget.notes))


def query_text_terms(index: ArchiveIndex, query_text: str) -> set[str]:
    """The indexed words (stems, bigrams, expanded wildcards) `query_text` looks for in the
    body of articles: what highlighting marks."""
    searcher = index.searcher()
    parsed = index.parse(query_text)
    return _text_terms(parsed, searcher.reader())


def articles_with_all_words_of_any(index: ArchiveIndex, names: Sequence[str]) -> list[int] | None:
    """Ids of the articles whose indexed text holds every word of at least one of `names`,
    or None when a name has no indexable word (all stop words): then every article may hold
    it. Stems and folding make this a superset of the whole-word matches."""
    searcher = index.searcher()
    field = searcher.schema["text"]
    alternatives: list[wq.Query] = []
    for name in names:
        words = sorted(set(field.process_text(name, mode="query")))
        if not words:
            return None
        terms: list[wq.Query] = [wq.Term("text", w) for w in words]
        alternatives.append(terms[0] if len(terms) == 1 else wq.And(terms))
    if not alternatives:
        return []
    found = searcher.search(wq.Or(alternatives), limit=None, scored=False)
    return sorted(int(hit["id"]) for hit in found)


def query_spans(
    index: ArchiveIndex, query_text: str, text_of: Callable[[], str]
) -> list[tuple[int, int]]:
    """Where the words `query_text` looks for occur in a text (read by `text_of` only when
    the query looks for words in texts at all): (start, end) code point offsets, found by
    the index's own analyser, so tokens match as they were indexed."""
    terms = query_text_terms(index, query_text)
    if not terms:
        return []
    analyzer = index.searcher().schema["text"].analyzer
    return [
        (token.startchar, token.endchar)
        for token in analyzer(text_of(), chars=True, mode="index")
        if token.text in terms
    ]


def highlight_snippets(
    index: ArchiveIndex, query_text: str, texts: dict[int, str]
) -> dict[int, str]:
    """Snippets of these articles' texts (by id) with the words `query_text` looks for
    marked; an article whose text has none of them gets its opening lines.

    The query's terms are worked out once for all the texts: no search runs (asking Whoosh
    for each hit's matched terms records them for every match in the archive).
    """
    terms = query_text_terms(index, query_text)
    analyzer = index.searcher().schema["text"].analyzer
    return {i: make_snippet(text, terms, analyzer) if text else "" for i, text in texts.items()}
