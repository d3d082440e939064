"""What the library lists for a query: its articles in order, facet counts and the first
page of snippets (Qt-free: the desktop app runs it in its query helper process)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from archivist.archive import copies, listing
from archivist.archive.archive import Archive

#: Snippets are computed with the results for this many rows (the first screenful or two);
#: the rest as the table shows them.
FIRST_SNIPPETS = 100

#: Up to this many listed articles, their stories are looked up by id rather than by a scan.
_LOOK_UP_STORIES = 1_000


@dataclass
class QueryResult:
    """What one run of a query found."""

    query: str
    ids: list[int]
    total: int
    took_ms: float
    facets: list[listing.Facet] = field(default_factory=list)
    snippets: dict[int, str] = field(default_factory=dict)
    archive_count: int = 0
    #: False for a first page: the best-ranked articles only, without facets.
    complete: bool = True
    #: False when `total` is a lower bound ("more than").
    total_exact: bool = True
    #: What was cut short to keep the query quick (see index.limits), for the status bar.
    notes: list[str] = field(default_factory=list)
    #: The story of each listed article that has syndicated copies (see archive.copies), so
    #: that the list can show one row per story.
    stories: dict[int, int] = field(default_factory=dict)


def _stories(archive: Archive, ids: list[int]) -> dict[int, int]:
    """The stories of the listed articles that have copies: looked up by id for a page (a
    scan of the groups table costs 25 ms at 100,000 articles, more than the page's search),
    by one scan of that table for a long list."""
    if len(ids) <= _LOOK_UP_STORIES:
        return copies.stories_of(archive.db, ids)
    grouped = dict(archive.db.execute("SELECT article_id, story_id FROM article_stories"))
    if not grouped:
        return {}
    if len(grouped) < len(ids):
        listed = set(ids)
        return {a: s for a, s in grouped.items() if a in listed}
    return {a: grouped[a] for a in ids if a in grouped}


def run_query(
    archive: Archive,
    query: str,
    sort: str | None,
    descending: bool,
    first_snippets: int = FIRST_SNIPPETS,
) -> QueryResult:
    """The ids (ordered in SQL), facets and first snippets for `query`; the empty query
    lists every article."""
    db = archive.db
    archive_count = archive.count()
    if query.strip():
        found = listing.search_ids(archive, query)
        ids = listing.list_article_ids(
            db, sort=sort or "relevance", descending=descending, within=found.ids
        )
        facets = listing.facet_counts(db, ids)
        snippets = listing.snippets(archive, query, ids[:first_snippets])
        return QueryResult(
            query,
            ids,
            found.total,
            found.took_ms,
            facets,
            snippets,
            archive_count,
            notes=found.notes,
            stories=_stories(archive, ids),
        )
    ids = listing.list_article_ids(db, sort=sort or "published", descending=descending)
    return QueryResult(
        query,
        ids,
        len(ids),
        0.0,
        listing.facet_counts(db),
        {},
        archive_count,
        stories=_stories(archive, ids),
    )


def first_page(archive: Archive, query: str, size: int) -> QueryResult:
    """The `size` best-ranked articles for `query` with their snippets, without facets; the
    total is exact (a lower bound only for the few queries index.search leaves to Whoosh).
    A preview: the whole list follows, its fuzzy and wildcard terms given more time."""
    found = archive.search(query, limit=size, preview=True)
    return QueryResult(
        query,
        [hit.id for hit in found.hits],
        found.total,
        found.took_ms,
        snippets={hit.id: hit.snippet for hit in found.hits},
        archive_count=archive.count(),
        complete=False,
        total_exact=found.total_exact,
        notes=found.notes,
        stories=_stories(archive, [hit.id for hit in found.hits]),
    )


def idle_steps(archive: Archive) -> Iterator[None]:
    """Work worth doing while no query waits, a few tens of milliseconds a step: reading
    ahead the article id of every index document (a broad query's whole list needs them)."""
    from archivist.index import fill_steps

    yield from fill_steps(archive.index.searcher())


def warm_up(archive: Archive) -> int:
    """Open the index's searcher ahead of the first search; the number of articles."""
    archive.index.searcher()
    return archive.count()


def pause(archive: Archive, seconds: float) -> None:
    """Keep the helper busy for `seconds`: a stand-in for a query that runs long, to check
    that the desktop app abandons what the analyst no longer waits for."""
    import time

    time.sleep(seconds)


#: What the query helper process may be asked to run, by name.
QUERIES = {
    "run_query": run_query,
    "first_page": first_page,
    "snippets": listing.snippets,
    "match_spans": listing.match_spans,
    "warm_up": warm_up,
    "pause": pause,
}
