"""The engine both undo histories (annotations, briefs) share: rows as they record them —
changed through a RowChanges that keeps each row before and after, read by their key, and
replayed from the state a history entry says they are in to the state it wants, refusing
when they are not so. Each history keeps its own journal table and its own bookkeeping of
what is undone."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlite_utils import Database

from archivist.errors import HistoryConflictError, HistoryError


def where_clause(key: dict[str, Any]) -> tuple[str, list[Any]]:
    """`a = ? AND b = ?` and its parameters, for a row's key columns."""
    return " AND ".join(f"{name} = ?" for name in key), list(key.values())


def fetch_row(db: Database, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """The row of `table` with this key, as a dict of its columns; None when there is none."""
    where, params = where_clause(key)
    cursor = db.execute(f"SELECT * FROM {table} WHERE {where}", params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def check_row(
    db: Database, table: str, key: dict[str, Any], expected: dict[str, Any] | None, label: Any
) -> None:
    """Refuse (HistoryConflictError) unless the row is as `expected` says: absent for None,
    else holding at least those values. `label` names the row in the message."""
    current = fetch_row(db, table, key)
    if expected is None:
        if current is not None:
            raise HistoryConflictError(f"{table} row {label} exists again; cannot restore it")
    elif current is None or any(current.get(name) != value for name, value in expected.items()):
        raise HistoryConflictError(
            f"{table} row {label} was changed since this change was recorded; undo/redo refused"
        )


def write_row(
    db: Database,
    table: str,
    key: dict[str, Any],
    expected: dict[str, Any] | None,
    wanted: dict[str, Any] | None,
) -> None:
    """Delete, insert or update the row so that it is `wanted` (after `check_row`)."""
    where, params = where_clause(key)
    if wanted is None:
        db.execute(f"DELETE FROM {table} WHERE {where}", params)
    elif expected is None:
        columns = ", ".join(wanted)
        marks = ", ".join("?" for _ in wanted)
        db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(wanted.values()))
    else:
        assignments = ", ".join(f"{name} = ?" for name in wanted)
        db.execute(f"UPDATE {table} SET {assignments} WHERE {where}", [*wanted.values(), *params])


# --- the engine both histories share ------------------------------------------------------


class RowChanges:
    """The row changes of one history entry, made through it inside its transaction: each
    insert, update and delete keeps the whole row before and after (`changes`), so that
    undo puts back exactly what was there and redo replays it with the same keys.

    A history says which tables it tracks (with their key columns) in `tracked`, may refuse
    some writes (`_allow`), and may note what each change touched (`_touched`)."""

    #: The tables this history tracks, with their primary-key columns.
    tracked: Mapping[str, tuple[str, ...]] = {}
    #: What the history is called in errors.
    name = "history"
    #: Whether updating a row that does not exist changes nothing (else HistoryError).
    missing_rows_change_nothing = False

    def __init__(self, db: Database) -> None:
        self.db = db
        self.changes: list[dict[str, Any]] = []

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Insert a row; returns its rowid (the id for tables keyed by `id`)."""
        self._allow(table, "insert", values)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values())
        )
        keys = self.tracked[table]
        key = {"id": cursor.lastrowid} if keys == ("id",) else {k: values[k] for k in keys}
        row = fetch_row(self.db, table, key)
        assert row is not None
        self.changes.append({"table": table, "key": key, "before": None, "after": row})
        self._touched(table, row)
        return int(cursor.lastrowid or 0)

    def update(self, table: str, key: dict[str, Any], values: dict[str, Any]) -> bool:
        """Change columns of one row; only columns whose value differs are written and kept.
        Returns False when nothing changed."""
        self._allow(table, "update", values)
        row = fetch_row(self.db, table, key)
        if row is None:
            if self.missing_rows_change_nothing:
                return False
            raise HistoryError(f"no {table} row {key}")
        changed = {name: value for name, value in values.items() if row[name] != value}
        if not changed:
            return False
        assignments = ", ".join(f"{name} = ?" for name in changed)
        where, params = where_clause(key)
        self.db.execute(
            f"UPDATE {table} SET {assignments} WHERE {where}", [*changed.values(), *params]
        )
        before = {name: row[name] for name in changed}
        self.changes.append({"table": table, "key": key, "before": before, "after": changed})
        self._touched(table, row)
        return True

    def delete(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        """Delete one row (children first: cascades are not recorded); returns it."""
        self._allow(table, "delete", {})
        row = fetch_row(self.db, table, key)
        if row is None:
            return None
        where, params = where_clause(key)
        self.db.execute(f"DELETE FROM {table} WHERE {where}", params)
        self.changes.append({"table": table, "key": key, "before": row, "after": None})
        self._touched(table, row)
        return row

    def _allow(self, table: str, verb: str, values: dict[str, Any]) -> None:
        """Refuse (ValueError) a write this history does not record."""
        if table not in self.tracked:
            raise ValueError(f"{self.name} does not track table {table}")

    def _touched(self, table: str, row: dict[str, Any]) -> None:
        """Called with each row changed (as it was before an update or a delete)."""


def replay_changes(
    db: Database,
    changes: list[dict[str, Any]],
    *,
    forward: bool,
    tracked: Mapping[str, tuple[str, ...]],
    guard: Callable[[Database, str, dict[str, Any], dict[str, Any] | None], None] | None = None,
) -> list[dict[str, Any]]:
    """Apply one entry's row changes forward (redo) or backward (undo, last change first),
    each row moved from the state the entry says it is in now to the one it wants; returns
    them as applied (`before` what was there). Each row is checked first: a row changed in
    a way the history did not record refuses the whole replay (HistoryConflictError), and
    `guard(db, table, key, wanted)` may refuse more. Call inside the replay's transaction."""
    applied = []
    for change in changes if forward else reversed(changes):
        expected, wanted = (
            (change["before"], change["after"]) if forward else (change["after"], change["before"])
        )
        table, key = change["table"], change["key"]
        if table not in tracked or sorted(key) != sorted(tracked[table]):
            raise HistoryError(f"history entry names an unknown row {table} {key}")
        check_row(db, table, key, expected, label=key.get("id", key) if len(key) == 1 else key)
        if guard is not None:
            guard(db, table, key, wanted)
        write_row(db, table, key, expected, wanted)
        applied.append({"table": table, "key": key, "before": expected, "after": wanted})
    return applied
