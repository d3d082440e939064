"""The history of changes to briefs: every row before and after, for audit, undo and redo."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from archivist.archive import row_replay
from archivist.archive.journal import BRIEFS, record
from archivist.briefs.records import BriefHistoryEntry
from archivist.dates import utc_now_iso

# Tables whose rows brief history tracks (all keyed by `id`).
TRACKED: dict[str, tuple[str, ...]] = {"briefs": ("id",), "brief_items": ("id",)}


class BriefChanges(row_replay.RowChanges):
    """The row changes of one brief history entry, made through it inside its transaction
    (a row already gone changes nothing)."""

    tracked = TRACKED
    name = "brief history"
    missing_rows_change_nothing = True


@contextmanager
def recording(
    db: Database, brief_id: int | None, action: str, summary: str
) -> Iterator[BriefChanges]:
    """One recorded change to a brief: a transaction and its history entry.

    `brief_id` None means the change creates the brief: its id is taken from the first
    `briefs` row inserted. Nothing is recorded when the body changed no row; if the body
    raises, everything is rolled back. Call from the archive's thread.
    """
    with db.atomic():
        changes = BriefChanges(db)
        yield changes
        if not changes.changes:
            return
        target = brief_id
        if target is None:
            target = next(c["key"]["id"] for c in changes.changes if c["table"] == "briefs")
        now = utc_now_iso()
        # Any change to an item is a change to the brief. Recorded like the rest, so that
        # undo puts back the brief's previous time too (and the list's order with it).
        changes.update("briefs", {"id": target}, {"updated_at": now})
        record(db, BRIEFS, action, summary, changes.changes, brief_id=target, at=now)


def list_history(
    db: Database, brief_id: int, *, limit: int = 100, with_changes: bool = False
) -> list[BriefHistoryEntry]:
    """The brief's history entries, newest first."""
    rows = db.execute(
        "SELECT id, brief_id, at, user, action, summary, changes FROM history "
        "WHERE journal = 'briefs' AND brief_id = ? ORDER BY id DESC LIMIT ?",
        [brief_id, limit],
    ).fetchall()
    return [
        BriefHistoryEntry(
            id=row[0],
            brief_id=row[1],
            at=row[2],
            user=row[3],
            action=row[4],
            summary=row[5],
            changes=json.loads(row[6]) if with_changes else [],
        )
        for row in rows
    ]
