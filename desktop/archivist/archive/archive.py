"""An open archive folder: its database connection, originals store and search index."""

from __future__ import annotations

import errno
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from archivist.archive import articles, lock
from archivist.archive.database import connect, open_database, refuse_unknown_schema
from archivist.archive.originals import OriginalsStore
from archivist.archive.privacy import make_private
from archivist.archive.records import Article, ArticleEdit
from archivist.errors import ArchiveError, ArchiveWriteError
from archivist.index import ArchiveIndex, SearchResults, search_page

DB_NAME = "archive.db"
ORIGINALS_DIR = "originals"
INDEX_DIR = "index"
BACKUPS_DIR = "backups"


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArchiveLayout:
    """Where each part of an archive folder lives."""

    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def originals_dir(self) -> Path:
        return self.root / ORIGINALS_DIR

    @property
    def index_dir(self) -> Path:
        return self.root / INDEX_DIR

    @property
    def backups_dir(self) -> Path:
        return self.root / BACKUPS_DIR

    def make_private(self) -> None:
        """Make the archive private to its user (see privacy.make_private)."""
        make_private(self.root, self.db_path, [self.backups_dir, self.index_dir])


class Archive:
    """An open archive. Not thread-safe: each thread opens its own (pass `root` across threads)."""

    def __init__(self, layout: ArchiveLayout, db: Database, *, readonly: bool = False) -> None:
        self.layout = layout
        self.db = db
        #: Opened for reading only, because another process is writing (see open_archive).
        self.readonly = readonly
        self._lock_key: Path | None = None
        self.originals = OriginalsStore(layout.originals_dir)
        self.index = ArchiveIndex(layout.index_dir)

    @property
    def root(self) -> Path:
        return self.layout.root

    def close(self) -> None:
        self.index.close()
        self.db.close()
        if self._lock_key is not None:
            lock.release(self._lock_key)
            self._lock_key = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- articles ---------------------------------------------------------------------------

    def article(self, article_id: int) -> Article:
        return articles.get_article(self.db, article_id)

    def edit_article(self, article_id: int, **changes: str | None) -> list[ArticleEdit]:
        """Correct metadata (recorded in the edit history) and re-index the article."""
        edits = articles.edit_article(self.db, article_id, changes)
        if edits:
            self.reindex_articles([article_id])
        return edits

    def reindex_articles(self, ids: list[int]) -> None:
        """Refresh the index entries of these articles from the database (one commit).

        A few articles (an annotation, a metadata edit) are committed without merging
        segments, so the change is searchable at once whatever the archive's size; the
        segments are merged when they pile up.
        """
        few = len(ids) <= 50
        with self.index.writer(merge=not few) as writer:
            self.index.update(writer, articles.iter_index_rows(self.db, ids))
        if few:
            self.index.merge_segments()

    def count(self) -> int:
        return articles.count_articles(self.db)

    # --- search -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        count_up_to: int | None = None,
        preview: bool = False,
    ) -> SearchResults:
        """A page of hits with snippets; the total is exact, or for the few queries Whoosh
        runs itself, exact up to `count_up_to` matches (see index.search_page). A `preview`
        is shown while the whole list is computed: its fuzzy and wildcard terms get less
        time to expand (what was cut is in its notes)."""
        return search_page(
            self.index,
            query,
            lambda ids: articles.snippet_rows(self.db, ids),
            limit=limit,
            offset=offset,
            count_up_to=count_up_to,
            preview=preview,
        )


def open_archive(
    root: str | Path,
    *,
    create: bool = True,
    heal_index: bool = True,
    access: str = "write",
    lock_wait_s: float = 10.0,
) -> Archive:
    """Open the archive folder `root` (created when missing and `create` is true).

    `access` is "write" (take the archive's single-writer lock; ArchiveLockedError naming the
    holder when another process has it), "read" (no lock; the database is opened read-only)
    or "auto" (write when the lock is free, else read: searching works while the desktop app
    has the archive open). A writer waits up to `lock_wait_s` for the lock.

    For writers, migrates the database (after a backup), opens the index and, with
    `heal_index`, brings the index up to date with the database when a cheap check finds
    them apart (a crash between the two writes, an index of another version).
    Call from the thread that will use the archive.
    """
    if access not in ("write", "read", "auto"):
        raise ValueError(f"unknown access mode {access!r}")
    layout = ArchiveLayout(Path(root))
    if not layout.root.exists():
        if not create or access == "read":
            raise ArchiveError(f"no archive at {layout.root}")
        layout.root.mkdir(parents=True, mode=0o700)
    elif not layout.root.is_dir():
        raise ArchiveError(f"{layout.root} is a file, not an archive folder")
    elif (not create or access == "read") and not layout.db_path.exists():
        raise ArchiveError(f"{layout.root} is not an Archivist archive (no {DB_NAME})")
    if access == "auto" and not layout.db_path.exists():
        access = "write"  # (a new archive: nothing to read)
    if access == "auto":
        if not lock.is_locked_elsewhere(layout.root):
            try:
                return _open_for_writing(layout, heal_index, lock_wait_s)
            except (ArchiveWriteError, OSError) as exc:
                if isinstance(exc, OSError) and exc.errno not in _NO_ROOM:
                    raise
                # A full or read-only disk: reading needs no room (search, show, check).
                log.info("opening %s for reading only: %s", layout.root, exc)
        return _open_for_reading(layout)
    if access == "read":
        return _open_for_reading(layout)
    return _open_for_writing(layout, heal_index, lock_wait_s)


#: What a write that found no room fails with: a full disk or quota, a file-size limit, a
#: read-only file system or folder.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM}


def _open_for_writing(layout: ArchiveLayout, heal_index: bool, lock_wait_s: float) -> Archive:
    key = lock.acquire(layout.root, wait_s=lock_wait_s)
    try:
        layout.originals_dir.mkdir(exist_ok=True, mode=0o700)
        db = open_database(layout.db_path, layout.backups_dir)
        # Private to its user: new archives, and existing ones tightened (see privacy).
        layout.make_private()
    except BaseException:
        lock.release(key)
        raise
    archive = Archive(layout, db)
    archive._lock_key = key
    try:
        from archivist.archive.searches import adopt_legacy_file

        adopt_legacy_file(archive, layout.root)
        archive.index.open()
        if heal_index:
            from archivist.archive.maintenance import heal_index_if_needed

            heal_index_if_needed(archive)
    except BaseException:
        archive.close()
        raise
    return archive


def _open_for_reading(layout: ArchiveLayout) -> Archive:
    """A read-only view: no lock, no migration, no healing (the writer heals)."""
    db = connect(layout.db_path, readonly=True)
    try:
        refuse_unknown_schema(db, layout.db_path)
    except BaseException:
        db.close()
        raise
    archive = Archive(layout, db, readonly=True)
    try:
        archive.index.open_existing()
    except BaseException:
        archive.close()
        raise
    return archive
