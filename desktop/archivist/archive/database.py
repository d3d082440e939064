"""Opening the archive database: pragmas, migrations, the backup taken before migrating."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from archivist.archive.migrations import MIGRATIONS, known_migration_names
from archivist.archive.privacy import private_folder
from archivist.errors import ArchiveError, ArchiveTooNewError, ArchiveWriteError

BUSY_TIMEOUT_MS = 10_000

log = logging.getLogger(__name__)


def connect(db_path: Path, *, readonly: bool = False) -> Database:
    """A connection with the pragmas every Archivist connection needs.

    Call from the thread that will use it: a connection belongs to its thread.
    """
    try:
        return _connect(db_path, readonly=readonly, immutable=False)
    except ArchiveWriteError:
        shared_memory = Path(f"{db_path}-shm")
        if not readonly or (shared_memory.exists() and shared_memory.stat().st_size > 0):
            raise
    # Reading a WAL database needs its shared-memory file, which a full or read-only disk
    # cannot hold (an empty one is what a failed attempt left). No writer has the archive open
    # then (it would have made that file whole): the database is read as it stands, as an
    # immutable file (a crashed writer's last transactions, still in the WAL, are not seen
    # until the disk has room again).
    log.info("reading %s as an immutable file: its disk has no room for %s", db_path, "-shm")
    return _connect(db_path, readonly=True, immutable=True)


def _connect(db_path: Path, *, readonly: bool, immutable: bool) -> Database:
    try:
        if readonly:
            flags = "mode=ro&immutable=1" if immutable else "mode=ro"
            conn = sqlite3.connect(f"file:{db_path}?{flags}", uri=True, timeout=10)
        else:
            conn = sqlite3.connect(str(db_path), timeout=10)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open the archive database {db_path}: {exc}") from exc
    try:
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Off by default in SQLite, per connection: without it ON DELETE CASCADE does nothing.
        db.execute("PRAGMA foreign_keys = ON")
        # FULL: a committed import or annotation survives power loss, not only a crash.
        db.execute("PRAGMA synchronous = FULL")
    except sqlite3.OperationalError as exc:  # (the file is fine; its disk is not)
        conn.close()
        raise ArchiveWriteError(
            f"cannot use the archive database {db_path}: {exc} (is its disk full or read-only?)"
        ) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ArchiveError(f"{db_path} is not an Archivist database ({exc})") from exc
    return db


def open_database(db_path: Path, backups_dir: Path) -> Database:
    """Open (creating if needed) and migrate the archive database.

    Refuses a database with migrations this build does not know; copies the database into
    `backups_dir` before applying pending migrations to an existing archive.
    """
    is_new = not db_path.exists()
    db = connect(db_path)
    try:
        _check_is_sqlite(db, db_path)
        if not is_new:
            refuse_unknown_schema(db, db_path)
        # WAL lets readers (the GUI) read while a writer imports. Persistent per database,
        # and cannot be switched inside a transaction, so it is set here and not in a migration.
        db.execute("PRAGMA journal_mode = WAL")
        pending = MIGRATIONS.pending(db)
        if pending and not is_new and _has_tables(db):
            backup_database(db, backups_dir / _backup_name(pending[0].name))
        MIGRATIONS.apply(db)
    except BaseException:
        db.close()
        raise
    return db


def _check_is_sqlite(db: Database, db_path: Path) -> None:
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        raise ArchiveWriteError(
            f"cannot use the archive database {db_path}: {exc} (is its disk full or read-only?)"
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{db_path} is not an Archivist database ({exc})") from exc


def _has_tables(db: Database) -> bool:
    return bool(db.table_names())


def refuse_unknown_schema(db: Database, db_path: Path) -> None:
    """Raise ArchiveTooNewError when the database has migrations this build does not know."""
    known = set(known_migration_names())
    unknown = [m.name for m in MIGRATIONS.applied(db) if m.name not in known]
    if unknown:
        raise ArchiveTooNewError(
            f"the archive at {db_path.parent} was written by a newer version of Archivist "
            f"(unknown schema changes: {', '.join(unknown)}); update Archivist to open it"
        )


def _backup_name(first_pending: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"archive-before-{first_pending}-{stamp}.db"


def backup_database(db: Database, dest: Path) -> None:
    """A consistent copy of the database via SQLite's online backup API (safe while others write)."""
    private_folder(dest.parent)
    tmp = dest.with_name(dest.name + ".partial")
    target = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(target)
        # A backup is one self-contained file: no -wal/-shm companions to lose on the way.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    if os.name == "posix":
        tmp.chmod(0o600)  # (what the analyst typed: private to its user, see privacy)
    tmp.replace(dest)
