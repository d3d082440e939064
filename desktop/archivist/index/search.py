"""Searching the index: ranked hits with highlighted snippets, timed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

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
    kwargs: dict[str, Any] = {"limit": page_end, "terms": not isinstance(parsed, Every)}
    if sort_by_date or isinstance(parsed, Every):
        kwargs.update(sortedby="published", reverse=True)
    results = searcher.search(parsed, **kwargs)
    analyzer = searcher.schema["text"].analyzer
    page = list(results)[offset:page_end]
    ids = [int(hit["id"]) for hit in page]
    rows = fetch_rows(ids)
    hits: list[SearchHit] = []
    for hit, article_id in zip(page, ids, strict=True):
        row = rows.get(article_id, {})
        text = row.get("text") or ""
        snippet = ""
        if text:
            matched = (
                {t.decode("utf-8") for f, t in hit.matched_terms() if f == "text"}
                if kwargs["terms"]
                else set()
            )
            snippet = make_snippet(text, matched, analyzer)
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
