"""Undo and redo of brief changes, replayed from the rows the brief history recorded.

Each brief has a linear history: undo reverts its most recent change still in effect, redo
replays the change undone last, and a new change to the brief ends its redo chain (the undone
entries stay in the audit trail). Undo and redo are themselves recorded, as `brief.undo` and
`brief.redo` entries whose row changes name the entry they replayed (`"entry"`). Which
entries are in effect is worked out from that trail (the brief entries of the archive's one
journal, archive.journal), so their `state` column is not used. Without a brief, undo and
redo act across all briefs: the most recent change of any brief, and the change undone last.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from archivist.archive.archive import Archive
from archivist.archive.journal import BRIEFS, record
from archivist.archive.row_replay import replay_changes
from archivist.briefs.history import TRACKED
from archivist.briefs.records import BriefHistoryEntry
from archivist.errors import (
    ArchiveLockedError,
    HistoryConflictError,
    HistoryError,
    NotFoundError,
)

UNDO = "brief.undo"
REDO = "brief.redo"

# What the Edit menu calls each kind of change ("Undo Move item").
ACTION_LABELS = {
    "brief.create": "Create brief",
    "brief.edit": "Edit brief",
    "brief.delete": "Delete brief",
    "brief.duplicate": "Duplicate brief",
    "item.add": "Add item",
    "item.edit": "Edit item",
    "item.move": "Move item",
    "item.remove": "Remove item",
}


def change_label(entry: BriefHistoryEntry) -> str:
    """A short name for the change, for menu items: its summary where that is written for
    the analyst ("Move ‘Casualties’ up": capitalised), else the kind of change ("Move
    item", for entries recorded before summaries were)."""
    if entry.summary[:1].isupper():
        return entry.summary
    return ACTION_LABELS.get(entry.action, entry.summary)


@dataclass
class _Chain:
    """One brief's entries in effect (oldest first) and undone (next to redo last)."""

    done: list[int] = field(default_factory=list)
    # (entry id, id of the audit row that undid it); the entry to redo next is at the end.
    undone: list[tuple[int, int]] = field(default_factory=list)


def _chains(db: Database, brief_id: int | None) -> dict[int, _Chain]:
    """Replay the audit trail to find, per brief, which entries are in effect or undone."""
    where, params = ("AND brief_id = ?", [brief_id]) if brief_id is not None else ("", [])
    rows = db.execute(
        f"SELECT id, brief_id, action, changes FROM history WHERE journal = 'briefs' {where} "
        "ORDER BY id",
        params,
    ).fetchall()
    chains: dict[int, _Chain] = {}
    for row_id, target, action, raw in rows:
        chain = chains.setdefault(target, _Chain())
        if action in (UNDO, REDO):
            entry = _replayed_entry(raw)
            if action == UNDO and entry in chain.done:
                chain.done.remove(entry)
                chain.undone.append((entry, row_id))
            elif action == REDO and chain.undone and chain.undone[-1][0] == entry:
                chain.undone.pop()
                chain.done.append(entry)
        else:
            chain.done.append(row_id)
            # A new change ends the redo chain; the undone rows stay as the audit trail.
            chain.undone.clear()
    return chains


def _replayed_entry(raw: str) -> int | None:
    changes = json.loads(raw)
    return int(changes[0]["entry"]) if changes and "entry" in changes[0] else None


def _entry(db: Database, history_id: int) -> BriefHistoryEntry:
    row = db.execute(
        "SELECT id, brief_id, at, user, action, summary, changes FROM history "
        "WHERE journal = 'briefs' AND id = ?",
        [history_id],
    ).fetchone()
    if row is None:
        raise HistoryError(f"no brief history entry {history_id}")
    hid, target, at, user, action, summary, raw = row
    return BriefHistoryEntry(
        id=hid,
        brief_id=target,
        at=at,
        user=user,
        action=action,
        summary=summary,
        changes=json.loads(raw),
    )


def _check_brief(db: Database, brief_id: int | None) -> None:
    if brief_id is None:
        return
    if db.execute(
        "SELECT 1 FROM history WHERE journal = 'briefs' AND brief_id = ?", [brief_id]
    ).fetchone():
        return
    raise NotFoundError(f"no brief with id {brief_id}")


def _undo_id(db: Database, brief_id: int | None) -> int | None:
    done = [chain.done[-1] for chain in _chains(db, brief_id).values() if chain.done]
    return max(done, default=None)


def _redo_id(db: Database, brief_id: int | None) -> int | None:
    tops = [chain.undone[-1] for chain in _chains(db, brief_id).values() if chain.undone]
    # Across briefs, redo what was undone last.
    return max(tops, key=lambda top: top[1])[0] if tops else None


def brief_undo_target(archive: Archive, brief_id: int | None = None) -> BriefHistoryEntry | None:
    """The entry `undo_brief_change` would revert (for an "Undo …" menu item), or None.

    Args:
        brief_id: only this brief's changes; None for any brief's.
    """
    _check_brief(archive.db, brief_id)
    found = _undo_id(archive.db, brief_id)
    return None if found is None else _entry(archive.db, found)


def brief_redo_target(archive: Archive, brief_id: int | None = None) -> BriefHistoryEntry | None:
    """The entry `redo_brief_change` would replay, or None."""
    _check_brief(archive.db, brief_id)
    found = _redo_id(archive.db, brief_id)
    return None if found is None else _entry(archive.db, found)


def undo_brief_change(archive: Archive, brief_id: int | None = None) -> BriefHistoryEntry:
    """Revert the most recent change still in effect, putting back the rows exactly as they
    were; one transaction, recorded as a `brief.undo` entry. Call from the archive's thread.

    Args:
        brief_id: undo this brief's last change; None for the last change to any brief.

    Returns:
        The entry that was undone.

    Raises:
        NotFoundError: no such brief, and none ever had this id.
        HistoryError: there is nothing to undo.
        HistoryConflictError: the rows were changed since in a way history did not record;
            nothing is changed.
        ArchiveLockedError: the archive is open read-only.
    """
    return _replay(archive, brief_id, forward=False)


def redo_brief_change(archive: Archive, brief_id: int | None = None) -> BriefHistoryEntry:
    """Replay the change undone last (of this brief, or of any brief); one transaction,
    recorded as a `brief.redo` entry. Call from the archive's thread.

    Returns:
        The entry that was redone.

    Raises:
        NotFoundError: no such brief, and none ever had this id.
        HistoryError: there is nothing to redo.
        HistoryConflictError: the rows were changed since; nothing is changed.
        ArchiveLockedError: the archive is open read-only.
    """
    return _replay(archive, brief_id, forward=True)


def _replay(archive: Archive, brief_id: int | None, *, forward: bool) -> BriefHistoryEntry:
    verb = "redo" if forward else "undo"
    if getattr(archive, "readonly", False):
        raise ArchiveLockedError(
            "the archive is open read-only (another Archivist process is writing to it); "
            f"cannot {verb} a brief change now"
        )
    db = archive.db
    _check_brief(db, brief_id)
    summary = "the change"
    try:
        with db.atomic():
            # The target is chosen inside the transaction so that it is the one replayed.
            history_id = _redo_id(db, brief_id) if forward else _undo_id(db, brief_id)
            if history_id is None:
                where = f" in brief {brief_id}" if brief_id is not None else ""
                raise HistoryError(f"nothing to {verb}{where}")
            entry = _entry(db, history_id)
            summary = entry.summary
            applied = [
                {**change, "entry": history_id}
                for change in replay_changes(
                    db, entry.changes, forward=forward, tracked=TRACKED, guard=_keep_new_items
                )
            ]
            record(
                db,
                BRIEFS,
                REDO if forward else UNDO,
                f"{verb} {entry.summary}",
                applied,
                brief_id=entry.brief_id,
            )
    except sqlite3.IntegrityError as exc:
        raise HistoryConflictError(
            f"cannot {verb} {summary!r}: the archive changed since ({exc})"
        ) from exc
    entry.changes = []
    return entry


def _keep_new_items(
    db: Database, table: str, key: dict[str, Any], wanted: dict[str, Any] | None
) -> None:
    """Refuse to delete a brief that has items: they were added after the change replayed
    (items are recorded before their brief), and would go with it unrecorded."""
    if (
        wanted is None
        and table == "briefs"
        and db.execute(
            "SELECT 1 FROM brief_items WHERE brief_id = ? LIMIT 1", [key["id"]]
        ).fetchone()
    ):
        raise HistoryConflictError(
            f"brief {key['id']} has items added since; undo/redo would delete them"
        )
