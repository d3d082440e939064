"""Notes on spans of an article's text, with tags (what Hypothesis annotations become on
import): listed in text order, deleted as one undoable change."""

from __future__ import annotations

import json

from sqlite_utils import Database

from archivist.annotations.history import recording
from archivist.annotations.records import SpanNote
from archivist.archive.archive import Archive
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
