"""Rows as the histories record them: read one by its key, and move one from the state a
history entry says it is in to the state the entry wants, refusing when it is not so."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from archivist.errors import HistoryConflictError


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
