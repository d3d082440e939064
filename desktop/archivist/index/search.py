"""Searching the index: ranked hits with highlighted snippets, timed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.query import Every

from archivist.index.query import parse_query
from archivist.index.snippets import make_snippet
from archivist.index.store import ArchiveIndex


@dataclass
class SearchHit:
    id: int
    title: str
    source: str | None
    published: str | None
    score: float
    snippet: str


@dataclass
class SearchResults:
    total: int
    took_ms: float
    hits: list[SearchHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _text_terms(parsed: Any, reader: Any, cap: int = 500) -> set[str]:
    """The words of the body the query looks for (stems, bigrams), as they are indexed;
    wildcards and fuzzy terms expanded against the index (at most `cap` of them)."""
    if isinstance(parsed, Every):
        return set()
    found: set[str] = set()
    leaves = [parsed] if parsed.is_leaf() else list(parsed.leaves())
    for leaf in leaves:
        if getattr(leaf, "fieldname", None) != "text":
            continue
        if isinstance(leaf, wq.Term):
            found.add(leaf.text)
        elif isinstance(leaf, wq.Phrase):
            found.update(leaf.words)
        elif isinstance(leaf, wq.MultiTerm):
            try:
                expanded = leaf._btexts(reader)
            except Exception:  # snippets must never fail a search
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
) -> SearchResults:
    """Run a query; return the page [offset, offset+limit) of hits with snippets.

    `fetch_rows` returns, by id, each article's `text` and `published` as stored in the
    database (the text is not stored in the index; the date's precision is the database's).
    Call from one thread at a time per ArchiveIndex (its searcher is reused).
    """
    started = time.perf_counter()
    searcher = index.searcher()
    parsed = parse_query(query_text, searcher.schema, index.vocabulary)
    limit = max(1, limit)
    page_end = offset + limit
    kwargs: dict[str, Any] = {"limit": page_end}
    if sort_by_date or isinstance(parsed, Every):
        kwargs.update(sortedby="published", reverse=True)
    results = searcher.search(parsed, **kwargs)
    analyzer = searcher.schema["text"].analyzer
    # The query's own terms (wildcards and fuzzy terms expanded), once, rather than Whoosh's
    # per-hit matched terms: those are recorded for every matching document, which at
    # 100,000 articles cost more time and memory than the search itself.
    query_terms = _text_terms(parsed, searcher.reader())
    page = list(results)[offset:page_end]
    ids = [int(hit["id"]) for hit in page]
    rows = fetch_rows(ids)
    hits: list[SearchHit] = []
    for hit, article_id in zip(page, ids, strict=True):
        row = rows.get(article_id, {})
        text = row.get("text") or ""
        snippet = ""
        if text:
            snippet = make_snippet(text, query_terms, analyzer)
        hits.append(
            SearchHit(
                id=article_id,
                title=hit.get("title", ""),
                source=hit.get("source"),
                published=row.get("published"),
                score=round(float(hit.score or 0.0), 4),
                snippet=snippet,
            )
        )
    total = len(results)
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    return SearchResults(total=total, took_ms=took_ms, hits=hits)
