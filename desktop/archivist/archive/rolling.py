"""Rolling database backups inside the archive folder: taken automatically (e.g. daily),
the newest N kept, any one restorable.

Only the database is copied: it holds everything the analyst typed. Originals are immutable
and content-addressed, and the index is rebuilt from the database, so neither needs a copy
here (`backup DEST` makes a full, separate copy of the whole archive).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archivist.archive import lock
from archivist.archive.archive import Archive, ArchiveLayout, open_archive
from archivist.archive.database import backup_database, connect, refuse_unknown_schema
from archivist.archive.migrations import MIGRATIONS
from archivist.errors import ArchiveError, NotFoundError, RestoreShrinksError

ROLLING_DIR = "rolling"
_NAME = re.compile(r"^archive-(\d{8}T\d{6}(?:\.\d{6})?Z)\.db$")
# Microseconds: a restore saves the current database, possibly in the same second as the
# backup being restored, and must not overwrite it.
_STAMP = "%Y%m%dT%H%M%S.%fZ"


#: What every SQLite database file starts with (an empty file is not one: SQLite would take
#: it for a new, empty database).
_SQLITE_HEADER = b"SQLite format 3\x00"
#: A backup holding less than this share of the archive's articles or annotations is only
#: restored when the analyst confirms it (--force, or the window's dialog).
SHRINK_SHARE = 0.5


@dataclass(frozen=True)
class ContentCounts:
    """How much an archive database holds: articles, and annotations (mentions, claims)."""

    articles: int
    annotations: int

    def text(self) -> str:
        return f"{self.articles:,} article(s) and {self.annotations:,} annotation(s)"


def content_counts(db: object) -> ContentCounts:
    """The counts of an open archive database (a sqlite-utils Database or a connection)."""
    execute = db.execute  # type: ignore[attr-defined]
    articles = execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    annotations = sum(
        execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("mentions", "claims")
    )
    return ContentCounts(int(articles), int(annotations))


def shrinks(backup: ContentCounts, current: ContentCounts) -> bool:
    """Whether restoring `backup` over `current` would lose far more than it gives back."""

    def far_fewer(then: int, now: int) -> bool:
        return now > 0 and then < now * SHRINK_SHARE

    return far_fewer(backup.articles, current.articles) or far_fewer(
        backup.annotations, current.annotations
    )


@dataclass(frozen=True)
class RollingBackup:
    path: Path
    taken_at: datetime
    size: int
    articles: int | None


def rolling_dir(layout: ArchiveLayout) -> Path:
    return layout.backups_dir / ROLLING_DIR


def list_backups(archive_root: str | Path) -> list[RollingBackup]:
    """The archive's rolling backups, newest first."""
    folder = rolling_dir(ArchiveLayout(Path(archive_root)))
    found: list[RollingBackup] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match:
            continue
        stamp = match.group(1)
        taken = datetime.strptime(stamp, _STAMP if "." in stamp else "%Y%m%dT%H%M%SZ").replace(
            tzinfo=UTC
        )
        found.append(RollingBackup(path, taken, path.stat().st_size, _count_articles(path)))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _count_articles(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def backup_due(
    archive: Archive, every: timedelta = timedelta(days=1), now: datetime | None = None
) -> bool:
    """True when the newest rolling backup is older than `every` (or there is none)."""
    backups = list_backups(archive.root)
    now = now or datetime.now(UTC)
    return not backups or now - backups[0].taken_at >= every


def take_backup(archive: Archive, *, keep: int = 7, now: datetime | None = None) -> RollingBackup:
    """Copy the database (SQLite online backup: consistent while others write) and delete
    all but the `keep` newest rolling backups. Call from the archive's thread."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    now = now or datetime.now(UTC)
    folder = rolling_dir(archive.layout)
    dest = folder / f"archive-{now.strftime(_STAMP)}.db"
    backup_database(archive.db, dest)
    for old in list_backups(archive.root)[keep:]:
        old.path.unlink(missing_ok=True)
    return RollingBackup(dest, now, dest.stat().st_size, _count_articles(dest))


def restore_backup(
    archive_root: str | Path, backup: str | Path, *, force: bool = False
) -> RollingBackup:
    """Replace the archive's database by a rolling backup (the archive must not be open in
    this or another process). The backup is checked first — a real SQLite file, intact, an
    Archivist archive this version can open — and, when it holds far fewer articles or
    annotations than the archive (see `shrinks`), restored only with `force`. The current
    database is then saved as a rolling backup, so a restore can itself be undone; the
    index is brought in line on the next open. Returns the backup that holds the database
    as it was before the restore.

    Raises:
        NotFoundError: no file at `backup`.
        ArchiveError: not a restorable Archivist backup (nothing is changed).
        RestoreShrinksError: far fewer articles or annotations, without `force`.
    """
    layout = ArchiveLayout(Path(archive_root))
    source = Path(backup)
    if not source.is_file():
        raise NotFoundError(f"no backup at {source}")
    counts = check_restorable(source)
    if lock.held_here(layout.root):
        raise ArchiveError("close the archive before restoring a backup into it")
    with open_archive(layout.root, create=False, heal_index=False) as archive:
        current = content_counts(archive.db)
        if not force and shrinks(counts, current):
            raise RestoreShrinksError(
                f"the backup {source.name} holds {counts.text()}, the archive "
                f"{current.text()}: restoring it would lose the difference. Restore it anyway "
                "with --force (the archive as it is is saved as a backup first)",
                counts,
                current,
            )
        saved = take_backup(archive, keep=10_000)
    # Copy beside, then swap: a crash midway leaves either the old or the new database.
    staging = layout.db_path.with_name(layout.db_path.name + ".restoring")
    shutil.copyfile(source, staging)
    with open(staging, "rb+") as handle:
        os.fsync(handle.fileno())
    for suffix in ("-wal", "-shm"):
        Path(str(layout.db_path) + suffix).unlink(missing_ok=True)
    os.replace(staging, layout.db_path)
    with open_archive(layout.root, create=False):  # migrates if older, heals the index
        pass
    return saved


def check_restorable(path: Path) -> ContentCounts:
    """What the backup at `path` holds, once it is known to be a restorable Archivist
    database (ArchiveError saying why not, otherwise)."""
    with open(path, "rb") as handle:
        header = handle.read(len(_SQLITE_HEADER))
    if not header:
        raise ArchiveError(f"the backup {path.name} is empty (0 bytes): nothing to restore")
    if header != _SQLITE_HEADER:
        raise ArchiveError(f"{path.name} is not a database backup (not an SQLite file)")
    db = connect(path, readonly=True)
    try:
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ArchiveError(f"the backup {path.name} is damaged and cannot be restored")
        applied = {m.name for m in MIGRATIONS.applied(db)}
        if "m0001_create_articles" not in applied or "articles" not in db.table_names():
            raise ArchiveError(f"{path.name} is an SQLite database, but not an Archivist archive")
        refuse_unknown_schema(db, path)
        return content_counts(db)
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path.name} is not an Archivist database backup ({exc})") from exc
    finally:
        db.close()
