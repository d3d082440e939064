"""Backups: a consistent copy of an archive that opens as an archive, made while others write."""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from archivist.archive.archive import DB_NAME, Archive, ArchiveLayout, open_archive
from archivist.archive.database import backup_database
from archivist.errors import ArchiveError
from archivist.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

_ARCHIVE_FILES = ("saved-searches.json",)


@dataclass
class BackupReport:
    path: str
    articles: int
    originals: int
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def backup_archive(
    archive: Archive,
    dest: str | Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> BackupReport:
    """Copy the archive to `dest` (a new or empty folder).

    The database is copied with SQLite's online backup API, so the copy is consistent even
    while another process writes; originals named in that copy are copied next (they are
    immutable and written before their rows, so every one the copy refers to exists). The
    index is rebuilt in the copy from its database. Call from the archive's thread.
    """
    target = ArchiveLayout(Path(dest))
    if target.root.exists() and (not target.root.is_dir() or any(target.root.iterdir())):
        raise ArchiveError(f"the backup destination {target.root} exists and is not empty")
    if target.root.resolve() == archive.root.resolve():
        raise ArchiveError("cannot back up an archive into itself")
    target.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    progress(ProgressEvent(0, 1, "copying the database"))
    backup_database(archive.db, target.db_path)

    import sqlite3

    with sqlite3.connect(str(target.db_path)) as conn:
        shas = [row[0] for row in conn.execute("SELECT sha256 FROM originals")]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    copied_bytes = target.db_path.stat().st_size
    for done, sha in enumerate(shas, start=1):
        if cancel is not None and cancel.cancelled:
            shutil.rmtree(target.root, ignore_errors=True)
            cancel.raise_if_cancelled()
        src = archive.originals.path_for(sha)
        dst = target.originals_dir / sha[:2] / sha
        dst.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if src.exists():
            shutil.copy2(src, dst)
            copied_bytes += dst.stat().st_size
        if done % 100 == 0 or done == len(shas):
            progress(ProgressEvent(done, len(shas), "copying originals"))
    # Small files of the archive's own beside the database: saved searches from before they
    # moved into it (searches.LEGACY_FILE), which the next writer to open the copy moves in.
    for name in _ARCHIVE_FILES:
        if (archive.root / name).is_file():
            shutil.copy2(archive.root / name, target.root / name)
    # Opening the copy builds its index from its own database and proves it opens.
    with open_archive(target.root, create=False) as copy:
        copy_articles = copy.count()
    if copy_articles != articles:  # pragma: no cover - defensive
        raise ArchiveError(f"the backup in {target.root} is incomplete")
    return BackupReport(str(target.root), articles, len(shas), copied_bytes)


__all__ = ["DB_NAME", "BackupReport", "backup_archive"]
