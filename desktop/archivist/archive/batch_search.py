"""Batch search: a list of names or queries (pasted, or read from a text or CSV file by
importers.query_lists) run one after the other, each summed up in a row — its total, the articles it finds with syndicated
copies counted once, its first and last dates, its best hits — as Datashare's batch search
gives them. A query that cannot run gets its own error in its row; the others run."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archivist.archive.archive import Archive
from archivist.errors import NotFoundError, QuerySyntaxError
from archivist.progress import CancelToken, ProgressEvent

#: Hits shown per query (with their snippets).
TOP_HITS = 3


@dataclass
class BatchHit:
    id: int
    title: str
    source: str | None
    published: str | None
    snippet: str


@dataclass
class BatchRow:
    """One query's summary; `error` set (and the counts None) when it could not run."""

    query: str
    total: int | None = None
    total_exact: bool = True
    articles: int | None = None  # the matches with each story's copies counted once
    first: str | None = None  # the earliest publication date among the matches
    last: str | None = None
    hits: list[BatchHit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_batch(
    archive: Archive,
    queries: Sequence[str],
    *,
    top: int = TOP_HITS,
    progress: Callable[[ProgressEvent], None] | None = None,
    cancel: CancelToken | None = None,
) -> list[BatchRow]:
    """Run each query (its total the same as `archivist search` gives it); stops between
    queries when `cancel` is set, returning the rows done. Call from the archive's thread."""
    rows: list[BatchRow] = []
    for number, query in enumerate(queries):
        if cancel is not None and cancel.cancelled:
            break
        if progress is not None:
            progress(ProgressEvent(number, len(queries), query))
        rows.append(_row(archive, query, top))
    if progress is not None and (cancel is None or not cancel.cancelled):
        progress(ProgressEvent(len(queries), len(queries), "done"))
    return rows


def _row(archive: Archive, query: str, top: int) -> BatchRow:
    from archivist.archive import copies
    from archivist.archive.listing import search_ids

    row = BatchRow(query)
    try:
        page = archive.search(query, limit=top)
        found = search_ids(archive, query)
    except QuerySyntaxError as exc:
        row.error = str(exc)
        return row
    row.total, row.total_exact, row.notes = page.total, page.total_exact, list(page.notes)
    row.hits = [
        BatchHit(hit.id, hit.title, hit.source, hit.published, hit.snippet or "")
        for hit in page.hits
    ]
    stories = copies.stories_of(archive.db, found.ids)
    row.articles = len(found.ids) - len(stories) + len(set(stories.values()))
    row.first, row.last = _date_range(archive, found.ids)
    return row


def _date_range(archive: Archive, ids: list[int]) -> tuple[str | None, str | None]:
    """The earliest and latest publication dates among these articles (the ids passed as
    one JSON array, as listing.facet_counts passes them: no limit on bound values)."""
    low, high = archive.db.execute(
        "SELECT min(published), max(published) FROM articles "
        "WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    ).fetchone()
    return low, high


# --- kept with the archive ------------------------------------------------------------------

#: Batch runs kept (the oldest go first): a batch is evidence of a search made, not a log.
KEPT_BATCHES = 50


@dataclass(frozen=True)
class SavedBatch:
    id: int
    created_at: str
    queries: int


def save_batch(archive: Archive, rows: Sequence[BatchRow]) -> SavedBatch:
    """Keep a batch's table in the archive (the window reopens it); the oldest beyond
    KEPT_BATCHES are dropped."""
    from archivist.dates import utc_now_iso

    db = archive.db
    created = utc_now_iso()
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO batch_searches (created_at, queries, rows) VALUES (?, ?, ?)",
            [created, len(rows), json.dumps([row.to_dict() for row in rows], ensure_ascii=False)],
        )
        db.execute(
            "DELETE FROM batch_searches WHERE id NOT IN "
            "(SELECT id FROM batch_searches ORDER BY id DESC LIMIT ?)",
            [KEPT_BATCHES],
        )
    return SavedBatch(int(cursor.lastrowid or 0), created, len(rows))


def saved_batches(archive: Archive) -> list[SavedBatch]:
    """The batches kept, the latest first."""
    rows = archive.db.execute(
        "SELECT id, created_at, queries FROM batch_searches ORDER BY id DESC"
    ).fetchall()
    return [SavedBatch(int(r[0]), r[1], int(r[2])) for r in rows]


def load_batch(archive: Archive, batch_id: int) -> list[BatchRow]:
    row = archive.db.execute("SELECT rows FROM batch_searches WHERE id = ?", [batch_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no batch search {batch_id}")
    return [_row_from_dict(item) for item in json.loads(row[0])]


def _row_from_dict(data: dict[str, Any]) -> BatchRow:
    hits = [BatchHit(**hit) for hit in data.pop("hits", [])]
    return BatchRow(**data, hits=hits)


# --- exports -------------------------------------------------------------------------------

COLUMNS = ["Query", "Total", "Articles", "First date", "Last date", "Top hits", "Error"]


def _cells(row: BatchRow) -> list[Any]:
    hits = "\n".join(
        f"[{hit.id}] {hit.title}" + (f" ({hit.published})" if hit.published else "")
        for hit in row.hits
    )
    total: Any = row.total if row.total_exact or row.total is None else f"more than {row.total}"
    return [row.query, total, row.articles, row.first, row.last, hits, row.error]


def write_csv(rows: Sequence[BatchRow], path: str | Path) -> None:
    """The table as CSV (UTF-8 with a byte-order mark, which Excel needs to read it right)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if cell is None else _inert(cell) for cell in _cells(row)])


def write_xlsx(rows: Sequence[BatchRow], path: str | Path) -> None:
    """The table as an Excel workbook: a header row, frozen, with filters; text cells wrap."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Batch search"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_inert(cell) if isinstance(cell, str) else cell for cell in _cells(row)])
    for letter, width in zip("ABCDEFG", (36, 10, 10, 12, 12, 70, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(str(path))


def _inert(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @ first: "CSV
    injection") is kept as text by a leading apostrophe; queries are typed by analysts and
    titles come from the web."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
