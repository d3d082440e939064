"""The history of annotation changes: every row before and after, for audit, undo and redo.

Every change goes through `recording()`: it opens one transaction, hands out a ChangeSet
whose insert/update/delete snapshot each row, saves the history entry, bumps the revision of
the articles concerned and, after the commit, refreshes their index entries. Because whole
rows are kept, undo can put back exactly what was there (nothing an analyst typed is lost),
and redo can replay it with the same ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlite_utils import Database

from archivist.annotations.records import HistoryEntry
from archivist.archive import articles, copies
from archivist.archive.archive import Archive
from archivist.archive.journal import ANNOTATIONS, current_user, record
from archivist.archive.row_replay import RowChanges, replay_changes
from archivist.dates import utc_now_iso
from archivist.errors import ArchiveLockedError, HistoryConflictError, HistoryError

# Tables whose rows history tracks, with their primary-key columns.
TRACKED: dict[str, tuple[str, ...]] = {
    "entity_types": ("name",),
    "entities": ("id",),
    "entity_aliases": ("id",),
    "mentions": ("id",),
    "claims": ("id",),
    "span_notes": ("id",),
    "claim_entities": ("claim_id", "entity_id"),
    "claim_links": ("id",),
    "article_tags": ("article_id", "tag_id"),
    "articles": ("id",),
    # Matrices of competing hypotheses: the analyst's reasoning over the same evidence, in
    # the same undo history.
    "ach_matrices": ("id",),
    "ach_hypotheses": ("id",),
    "ach_evidence": ("id",),
    "ach_ratings": ("evidence_id", "hypothesis_id"),
}
# Only these article columns are changed by annotations (never inserted or deleted here):
# the note, and a text extracted again with how it was read and where its pages start.
ARTICLE_COLUMNS = frozenset({"note", "text", "text_sha256", "ocr", "page_starts"})
_BATCH = 500


class ChangeSet(RowChanges):
    """The row changes of one annotation history entry, made through it inside its
    transaction, with the articles whose index entries they touch."""

    tracked = TRACKED

    def __init__(self, db: Database, action: str, summary: str) -> None:
        super().__init__(db)
        self.action = action
        self.summary = summary
        self.article_ids: set[int] = set()

    def affect(self, article_ids: Iterable[int]) -> None:
        """Mark articles whose index entry depends on this change (e.g. an entity rename)."""
        self.article_ids.update(int(i) for i in article_ids)

    def _allow(self, table: str, verb: str, values: dict[str, Any]) -> None:
        super()._allow(table, verb, values)
        if table != "articles":
            return
        if verb == "delete":
            raise ValueError("annotations never delete articles")
        if verb == "update" and not set(values) <= ARTICLE_COLUMNS:
            raise ValueError(f"annotations may not change article columns {set(values)}")

    def _touched(self, table: str, row: dict[str, Any]) -> None:
        if table in ("mentions", "claims", "span_notes", "article_tags"):
            self.article_ids.add(int(row["article_id"]))
        elif table == "articles":
            self.article_ids.add(int(row["id"]))
        elif table == "claim_entities":
            self.article_ids.update(_claim_articles(self.db, [row["claim_id"]]))
        elif table == "claim_links":
            self.article_ids.update(
                _claim_articles(self.db, [row["claim_id"], row["other_claim_id"]])
            )


def _claim_articles(db: Database, claim_ids: list[int]) -> set[int]:
    marks = ", ".join("?" for _ in claim_ids)
    rows = db.execute(f"SELECT article_id FROM claims WHERE id IN ({marks})", claim_ids).fetchall()
    return {int(r[0]) for r in rows}


def touch_articles(db: Database, article_ids: Iterable[int]) -> None:
    """Give these articles a new revision so the index entries count as stale until refreshed.

    Call inside the transaction of the change.
    """
    ids = sorted(set(article_ids))
    if not ids:
        return
    rev = articles.next_rev(db)
    for begin in range(0, len(ids), _BATCH):
        chunk = ids[begin : begin + _BATCH]
        marks = ", ".join("?" for _ in chunk)
        db.execute(f"UPDATE articles SET rev = ? WHERE id IN ({marks})", [rev, *chunk])


@contextmanager
def recording(archive: Archive, action: str, summary: str = "") -> Iterator[ChangeSet]:
    """One recorded change: a transaction, its history entry, revs bumped, index refreshed.

    Nothing is recorded when the body changed no row. If the body raises, everything is
    rolled back. Call from the archive's thread.
    """
    _refuse_read_only(archive)
    db = archive.db
    with db.atomic():
        changes = ChangeSet(db, action, summary)
        yield changes
        if changes.changes:
            _save(db, changes)
            touch_articles(db, changes.article_ids)
            _sign_new_texts(db, changes.changes)
    if changes.changes and changes.article_ids:
        refresh_index(archive, changes.article_ids)


def _refuse_read_only(archive: Archive) -> None:
    if getattr(archive, "readonly", False):
        raise ArchiveLockedError(
            "the archive is open read-only (another Archivist process is writing to it); "
            "annotations cannot be changed now"
        )


def refresh_index(archive: Archive, article_ids: Iterable[int]) -> None:
    """Re-index these articles after their change was committed.

    When another process holds the index writer, the change stays committed and the
    articles' new revs mark their index entries stale: the check on the next open heals them.
    """
    with suppress(ArchiveLockedError):
        archive.reindex_articles(sorted(set(article_ids)))


def _save(db: Database, changes: ChangeSet) -> int:
    # A new change ends the redo chain: what was undone can no longer be replayed on top of
    # it, but it stays in the audit trail as "discarded".
    db.execute(
        "UPDATE history SET state = 'discarded' WHERE journal = 'annotations' AND state = 'undone'"
    )
    return record(
        db,
        ANNOTATIONS,
        changes.action,
        changes.summary or changes.action,
        changes.changes,
        article_ids=changes.article_ids,
    )


# --- reading --------------------------------------------------------------------------------

_ENTRY_COLUMNS = (
    "id, at, user, action, summary, state, undone_at, undone_by, redone_at, redone_by, changes"
)


def _entry(db: Database, row: tuple[Any, ...], with_changes: bool = True) -> HistoryEntry:
    (hid, at, user, action, summary, state, undone_at, undone_by, redone_at, redone_by, raw) = row
    ids = [
        r[0]
        for r in db.execute(
            "SELECT article_id FROM history_articles WHERE history_id = ? ORDER BY article_id",
            [hid],
        ).fetchall()
    ]
    return HistoryEntry(
        id=hid,
        at=at,
        user=user,
        action=action,
        summary=summary,
        state=state,
        article_ids=ids,
        changes=json.loads(raw) if with_changes else [],
        undone_at=undone_at,
        undone_by=undone_by,
        redone_at=redone_at,
        redone_by=redone_by,
    )


def list_history(
    archive: Archive, *, article_id: int | None = None, limit: int = 100, with_changes: bool = False
) -> list[HistoryEntry]:
    """The most recent history entries first, optionally only those touching one article."""
    db = archive.db
    if article_id is None:
        rows = db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM history WHERE journal = 'annotations' "
            "ORDER BY id DESC LIMIT ?",
            [limit],
        ).fetchall()
    else:
        rows = db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM history WHERE journal = 'annotations' AND id IN "
            "(SELECT history_id FROM history_articles WHERE article_id = ?) "
            "ORDER BY id DESC LIMIT ?",
            [article_id, limit],
        ).fetchall()
    return [_entry(db, row, with_changes) for row in rows]


def get_history_entry(archive: Archive, history_id: int) -> HistoryEntry:
    row = archive.db.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM history WHERE journal = 'annotations' AND id = ?",
        [history_id],
    ).fetchone()
    if row is None:
        raise HistoryError(f"no history entry {history_id}")
    return _entry(archive.db, row)


def undo_target(archive: Archive) -> HistoryEntry | None:
    """The entry `undo` would revert (for an "Undo <summary>" menu item), or None."""
    row = archive.db.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM history WHERE journal = 'annotations' AND state = 'done' "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return _entry(archive.db, row, with_changes=False) if row else None


def redo_target(archive: Archive) -> HistoryEntry | None:
    """The entry `redo` would replay, or None."""
    row = archive.db.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM history WHERE journal = 'annotations' AND state = 'undone' "
        "ORDER BY id ASC LIMIT 1"
    ).fetchone()
    return _entry(archive.db, row, with_changes=False) if row else None


# --- undo and redo --------------------------------------------------------------------------


def undo(archive: Archive) -> HistoryEntry:
    """Revert the most recent change still in effect.

    Raises:
        HistoryError: there is nothing to undo.
        HistoryConflictError: the rows were changed since in a way history did not record;
            nothing is changed.
    """
    target = undo_target(archive)
    if target is None:
        raise HistoryError("nothing to undo")
    return _replay(archive, target.id, forward=False)


def redo(archive: Archive) -> HistoryEntry:
    """Replay the change undone last.

    Raises:
        HistoryError: there is nothing to redo.
        HistoryConflictError: the rows were changed since; nothing is changed.
    """
    target = redo_target(archive)
    if target is None:
        raise HistoryError("nothing to redo")
    return _replay(archive, target.id, forward=True)


def _replay(archive: Archive, history_id: int, *, forward: bool) -> HistoryEntry:
    db = archive.db
    _refuse_read_only(archive)
    entry = get_history_entry(archive, history_id)
    try:
        with db.atomic():
            replay_changes(db, entry.changes, forward=forward, tracked=TRACKED)
            now, user = utc_now_iso(), current_user()
            if forward:
                db.execute(
                    "UPDATE history SET state = 'done', redone_at = ?, redone_by = ? WHERE id = ?",
                    [now, user, history_id],
                )
            else:
                db.execute(
                    "UPDATE history SET state = 'undone', undone_at = ?, undone_by = ? "
                    "WHERE id = ?",
                    [now, user, history_id],
                )
            touch_articles(db, entry.article_ids)
            _sign_new_texts(db, entry.changes)
    except sqlite3.IntegrityError as exc:
        verb = "redo" if forward else "undo"
        raise HistoryConflictError(
            f"cannot {verb} {entry.summary!r}: the archive changed since ({exc})"
        ) from exc
    if entry.article_ids:
        refresh_index(archive, entry.article_ids)
    return get_history_entry(archive, history_id)


def _sign_new_texts(db: Database, changes: Iterable[dict[str, Any]]) -> None:
    """An article whose text changed (re-extracted, edited, or that change undone) is
    compared with the others again: its copies may have changed."""
    ids = sorted(
        {
            int(change["key"]["id"])
            for change in changes
            if change["table"] == "articles"
            and "text" in (change["after"] or {}) | (change["before"] or {})
        }
    )
    if ids:
        marks = ", ".join("?" for _ in ids)
        rows = db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", ids).fetchall()
        copies.record_articles(db, [(int(r[0]), str(r[1])) for r in rows])
