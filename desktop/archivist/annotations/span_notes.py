"""Notes on spans of an article's text, with tags (what Hypothesis annotations become on
import): listed in text order, deleted as one undoable change."""

from __future__ import annotations

import json

from sqlite_utils import Database

from archivist.annotations.anchoring import Anchor
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.records import SpanNote
from archivist.archive.archive import Archive
from archivist.dates import utc_now_iso
from archivist.errors import NotFoundError

_SELECT = (
    "SELECT id, article_id, span_start, span_end, quote, prefix, suffix, anchor, text, tags, "
    "origin, origin_id, author, created_at, updated_at FROM span_notes"
)


def _note(row: tuple) -> SpanNote:
    values = list(row)
    try:
        tags = json.loads(values[9])
    except ValueError:
        tags = []
    values[9] = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    return SpanNote(*values)


def span_notes_of_article(archive: Archive, article_id: int) -> list[SpanNote]:
    """Every span note of the article (orphaned ones too), in text order."""
    rows = archive.db.execute(
        f"{_SELECT} WHERE article_id = ? ORDER BY span_start, span_end, id", [article_id]
    ).fetchall()
    return [_note(row) for row in rows]


def get_span_note(db: Database, note_id: int) -> SpanNote:
    row = db.execute(f"{_SELECT} WHERE id = ?", [note_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no span note with id {note_id}")
    return _note(row)


def insert_span_note(
    changes: ChangeSet,
    article_id: int,
    anchor: Anchor,
    state: str,
    *,
    text: str,
    tags: list[str],
    origin: str | None,
    origin_id: str | None,
    author: str | None,
    created_at: str | None,
) -> int:
    """Add a note on a span within a recorded change; returns its id."""
    now = utc_now_iso()
    return changes.insert(
        "span_notes",
        {
            "article_id": article_id,
            **anchor.columns(),
            "anchor": state,
            "text": text,
            "tags": json.dumps(tags, ensure_ascii=False),
            "origin": origin,
            "origin_id": origin_id,
            "author": author,
            "created_at": created_at or now,
            "updated_at": now,
        },
    )


def delete_span_note(archive: Archive, note_id: int) -> SpanNote:
    """Delete a span note (recorded: undo brings it back).

    Raises:
        NotFoundError: no such note.
    """
    note = get_span_note(archive.db, note_id)
    summary = f"Delete the note on ‘{note.quote[:40]}’"
    with recording(archive, "note.delete", summary) as changes:
        changes.delete("span_notes", {"id": note_id})
    return note
