"""Listing articles for tables: SQL-sorted ids, display rows, facet counts, search ids, snippets.

Sorting and counting happen in SQL; widgets call these functions and never write SQL.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlite_utils import Database

from archivist.archive import copies
from archivist.archive.archive import Archive
from archivist.errors import InvalidValueError

# Sort keys the table offers, with the SQL expression each sorts by. Missing values sort last
# whichever the direction (see _order_by), so an undated article never heads a date sort.
SORT_EXPRESSIONS: dict[str, str] = {
    "title": "a.title COLLATE NOCASE",
    "source": "a.source COLLATE NOCASE",
    "published": "a.published",
    "language": "a.language",
    "tags": "(SELECT min(t.name) FROM article_tags at JOIN tags t ON t.id = at.tag_id "
    "WHERE at.article_id = a.id) COLLATE NOCASE",
    "entities": "(SELECT count(DISTINCT m.entity_id) FROM mentions m WHERE m.article_id = a.id)",
    "claims": "(SELECT count(*) FROM claims c WHERE c.article_id = a.id)",
    "imported": "a.imported_at",
    "id": "a.id",
}
# "relevance" keeps the order the ids were given in (a search's ranking).
SORT_KEYS = (*SORT_EXPRESSIONS, "relevance")


@dataclass(frozen=True)
class ArticleRow:
    """What one line of the article table shows."""

    id: int
    title: str
    source: str | None
    published: str | None
    language: str | None
    tags: list[str]
    entity_count: int
    claim_count: int
    imported_at: str


def _order_by(sort: str, descending: bool) -> str:
    if sort not in SORT_EXPRESSIONS:
        raise InvalidValueError(
            f"cannot sort articles by {sort!r}; use one of {', '.join(SORT_KEYS)}"
        )
    expression = SORT_EXPRESSIONS[sort]
    direction = "DESC" if descending else "ASC"
    # "x IS NULL" sorts 0 before 1, so NULLs go last in both directions; id breaks ties so
    # that the order is stable from one query to the next.
    bare = expression.split(" COLLATE ")[0]
    return f"({bare}) IS NULL, {expression} {direction}, a.id {direction}"


def list_article_ids(
    db: Database,
    *,
    sort: str = "published",
    descending: bool = True,
    within: Sequence[int] | None = None,
) -> list[int]:
    """Ids of every article (or of those `within`, e.g. search hits) in the given order.

    With `sort="relevance"` the ids keep the order of `within`. Ids in `within` that are no
    longer in the database are dropped. Fast enough for 100,000 articles (one SQL query);
    call from the connection's thread.
    """
    if sort == "relevance":
        if within is None:
            sort = "published"
        else:
            rows = db.execute(
                "SELECT a.id FROM json_each(?) j JOIN articles a ON a.id = j.value ORDER BY j.key",
                [json.dumps(list(within))],
            ).fetchall()
            return [r[0] for r in rows]
    order = _order_by(sort, descending)
    if within is None:
        rows = db.execute(f"SELECT a.id FROM articles a ORDER BY {order}").fetchall()
    else:
        # json_each passes any number of ids in one parameter, and needs no temporary table
        # (a read-only connection cannot write one).
        rows = db.execute(
            f"SELECT a.id FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) "
            f"ORDER BY {order}",
            [json.dumps(list(within))],
        ).fetchall()
    return [r[0] for r in rows]


def article_rows(db: Database, ids: Sequence[int]) -> dict[int, ArticleRow]:
    """Display rows of the given articles, by id (missing ids are left out). One query."""
    if not ids:
        return {}
    rows = db.execute(
        "SELECT a.id, a.title, a.source, a.published, a.language, "
        "(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM article_tags at "
        " JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id ORDER BY t.name COLLATE NOCASE)), "
        "(SELECT count(DISTINCT m.entity_id) FROM mentions m WHERE m.article_id = a.id), "
        "(SELECT count(*) FROM claims c WHERE c.article_id = a.id), a.imported_at "
        "FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(ids))],
    ).fetchall()
    result: dict[int, ArticleRow] = {}
    for row in rows:
        tags = row[5].split("\x1f") if row[5] else []
        result[row[0]] = ArticleRow(
            row[0], row[1], row[2], row[3], row[4], tags, row[6], row[7], row[8]
        )
    return result


@dataclass(frozen=True)
class ArchiveCounts:
    """How much the archive holds, for the status bar and the sidebar."""

    articles: int
    entities: int
    claims: int
    briefs: int = 0
    #: Distinct stories: the articles, syndicated copies of one story counted once.
    stories: int = 0


def archive_counts(db: Database) -> ArchiveCounts:
    """Everything the window counts, in one read (on a read thread: see gui.main_window)."""
    row = db.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entities), "
        "(SELECT count(*) FROM claims), (SELECT count(*) FROM briefs)"
    ).fetchone()
    articles = int(row[0])
    stories = articles - copies.folded_copies(db)
    return ArchiveCounts(articles, int(row[1]), int(row[2]), int(row[3]), stories)


def article_titles(db: Database, ids: Sequence[int]) -> dict[int, str]:
    """Titles of the given articles, by id."""
    if not ids:
        return {}
    rows = db.execute(
        "SELECT id, title FROM articles WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(set(ids)))],
    ).fetchall()
    return {row[0]: row[1] for row in rows}


# --- facets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: how many articles have it, and the query clause selecting them."""

    value: str
    label: str
    count: int
    clause: str


@dataclass
class Facet:
    """A facet (source, year...) with its most frequent values in the current articles."""

    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FACETS = (
    ("source", "Source"),
    ("year", "Year"),
    ("language", "Language"),
    ("tag", "Tag"),
    ("entity", "Entity"),
    ("status", "Claim status"),
)


def quote_value(field_name: str, value: str) -> str:
    """A `field:value` clause of the query language; values with spaces or punctuation are
    quoted (a double quote inside cannot be written, so it becomes a space)."""
    value = " ".join(value.replace('"', " ").split())
    if re.fullmatch(r"[\w.-]+", value):
        return f"{field_name}:{value}"
    return f'{field_name}:"{value}"'


def facet_counts(db: Database, ids: Sequence[int] | None = None, *, top: int = 8) -> list[Facet]:
    """The `top` most frequent values of each facet among the given articles (all when None).

    A count is a number of articles: articles from a source, published in a year, with a
    tag, mentioning an entity (or quoting it as claimant), holding a claim of a status.
    """
    if ids is None:
        scope, params = "SELECT id FROM articles", []
    else:
        scope, params = "SELECT value FROM json_each(?)", [json.dumps(list(ids))]
    queries = {
        "source": "SELECT source, count(*) FROM articles WHERE id IN ({s}) AND source IS NOT NULL "
        "GROUP BY source ORDER BY 2 DESC, 1 COLLATE NOCASE LIMIT ?",
        "year": "SELECT substr(published, 1, 4), count(*) FROM articles WHERE id IN ({s}) "
        "AND published IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT ?",
        "language": "SELECT language, count(*) FROM articles WHERE id IN ({s}) "
        "AND language IS NOT NULL GROUP BY language ORDER BY 2 DESC, 1 LIMIT ?",
        "tag": "SELECT t.name, count(*) FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        "WHERE at.article_id IN ({s}) GROUP BY t.id ORDER BY 2 DESC, 1 COLLATE NOCASE LIMIT ?",
        "entity": "SELECT e.name, count(DISTINCT x.article_id) FROM ("
        " SELECT article_id, entity_id FROM mentions WHERE article_id IN ({s})"
        " UNION SELECT article_id, claimant_entity_id FROM claims"
        "  WHERE claimant_entity_id IS NOT NULL AND article_id IN ({s})"
        ") x JOIN entities e ON e.id = x.entity_id "
        "GROUP BY e.id ORDER BY 2 DESC, 1 COLLATE NOCASE LIMIT ?",
        "status": "SELECT status, count(DISTINCT article_id) FROM claims WHERE article_id IN ({s}) "
        "GROUP BY status ORDER BY 2 DESC, 1 LIMIT ?",
    }
    fields = {
        "source": "source",
        "year": "published",
        "language": "language",
        "tag": "tag",
        "entity": "entity",
        "status": "status",
    }
    facets: list[Facet] = []
    for name, label in FACETS:
        sql = queries[name].format(s=scope)
        times = sql.count("json_each") if ids is not None else 0
        rows = db.execute(sql, params * times + [top]).fetchall()
        facet = Facet(name, label)
        for value, count in rows:
            text = str(value)
            shown = text.capitalize() if name == "status" else text
            facet.values.append(
                FacetValue(text, shown, int(count), quote_value(fields[name], text))
            )
        facets.append(facet)
    return facets


# --- search ---------------------------------------------------------------------------------


@dataclass
class SearchIds:
    """Every article matching a query, best first (capped at `limit`), and the match count."""

    query: str
    ids: list[int]
    total: int
    took_ms: float
    #: What was cut short to keep the query quick (see index.limits).
    notes: list[str] = field(default_factory=list)


def search_ids(archive: Archive, query: str, *, limit: int | None = None) -> SearchIds:
    """Ids of the articles matching `query` in rank order (all of them unless `limit`).

    Raises QuerySyntaxError for a query that cannot be understood. Call from the archive's
    thread (its searcher is reused).
    """
    from archivist.index import ranked_ids

    started = time.perf_counter()
    found = ranked_ids(archive.index, query, limit)
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    return SearchIds(query, found.ids, found.total, took_ms, found.notes)


def snippets(archive: Archive, query: str, ids: Sequence[int]) -> dict[int, str]:
    """Highlighted snippets (matches marked **like this**) of the given articles for `query`;
    an article the query does not match in its text gets its opening lines.

    For one page of a result list at a time; the same snippets as the search command's.
    Call from the archive's thread.
    """
    if not ids:
        return {}
    from archivist.archive.articles import snippet_rows
    from archivist.index import highlight_snippets

    rows = snippet_rows(archive.db, ids)
    texts = {i: row["text"] or "" for i, row in rows.items()}
    return highlight_snippets(archive.index, query, texts)


def match_spans(archive: Archive, query: str, article_id: int) -> list[tuple[int, int]]:
    """Where the words `query` looks for occur in the article's text: (start, end) code point
    offsets (stems, folded accents, wildcards and CJK n-grams included), found by the index's
    own analyser; empty when there are none (e.g. the query matched the title only).

    No search runs: the article is given. Call from the archive's thread.
    """
    if not query.strip():
        return []
    from archivist.archive.articles import article_text
    from archivist.index import query_spans

    return query_spans(archive.index, query, lambda: article_text(archive.db, article_id))
