"""Keeping database, originals and index consistent: check, repair, reindex, heal on open."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archivist.archive import articles, copies, privacy
from archivist.archive.archive import Archive
from archivist.index import ArchiveIndex, fast_path_status, writer_pool_mb
from archivist.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

log = logging.getLogger(__name__)

REINDEX_BATCH = 1000


@dataclass
class Problem:
    kind: str  # database, foreign-key, index-missing, index-stale, index-extra, original-missing, partial-file
    detail: str
    article_id: int | None = None


@dataclass
class CheckReport:
    ok: bool
    articles: int
    indexed: int
    problems: list[Problem] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    #: What the analyst should know without the archive being wrong: original files that
    #: belong to no article (left by an interrupted import — the next import of the file
    #: uses them — or by restoring an older backup, when they may be all that is left of
    #: articles). Never deleted here.
    warnings: list[Problem] = field(default_factory=list)
    #: Whether the fast search path runs on the installed Whoosh (see index.engine_guard).
    search_engine: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IndexDrift:
    missing: list[int]  # in the database, not in the index
    stale: list[int]  # indexed at an older revision
    extra: list[int]  # in the index, no longer in the database

    @property
    def empty(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def index_drift(archive: Archive) -> IndexDrift:
    db_revs = articles.article_revs(archive.db)
    ix_revs = archive.index.revs()
    missing = sorted(set(db_revs) - set(ix_revs))
    extra = sorted(set(ix_revs) - set(db_revs))
    stale = sorted(i for i, rev in db_revs.items() if i in ix_revs and ix_revs[i] != rev)
    return IndexDrift(missing, stale, extra)


def _unreferenced_originals(archive: Archive) -> list[Path]:
    """Stored originals that no article refers to (never deleted here: they may be all that
    is left of articles a wrong restore dropped)."""
    folder = archive.layout.originals_dir
    if not folder.is_dir():
        return []
    referred = {
        row[0] for row in archive.db.execute("SELECT DISTINCT original_sha256 FROM articles")
    }
    return [
        path
        for path in folder.glob("*/*")
        if path.is_file() and not path.name.startswith(".tmp-") and path.name not in referred
    ]


def check(archive: Archive, *, repair: bool = False) -> CheckReport:
    """Check database integrity, originals and the index against the database.

    With `repair`, heals what can be healed (index drift, files left by a crash); a damaged
    database or a lost original cannot be repaired here and keeps the report not ok.
    """
    problems: list[Problem] = []
    repaired: list[str] = []
    db = archive.db
    try:
        results = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        results = [str(exc)]
    if results != ["ok"]:
        problems.extend(Problem("database", f"SQLite integrity: {r}") for r in results)
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(Problem("foreign-key", f"{table} row {rowid} refers to a missing {parent}"))

    for sha, filename in db.execute(
        "SELECT sha256, filename FROM originals ORDER BY filename"
    ).fetchall():
        if not archive.originals.contains(sha):
            problems.append(
                Problem("original-missing", f"original of {filename} ({sha[:12]}) is missing")
            )

    reachable = privacy.exposed(archive.root)
    if reachable and repair:
        for path in reachable:
            path.chmod(privacy.PRIVATE_DIR if path.is_dir() else privacy.PRIVATE_FILE)
        archive.layout.make_private()
        repaired.append(f"made {len(reachable)} path(s) private to their user")
        reachable = privacy.exposed(archive.root)
    if reachable:
        shown = ", ".join(str(path) for path in reachable[:3])
        more = f" and {len(reachable) - 3} more" if len(reachable) > 3 else ""
        problems.append(
            Problem(
                "permissions",
                f"{len(reachable)} path(s) of the archive can be read by other users: {shown}"
                f"{more} (`archivist check --repair` makes them private)",
            )
        )

    warnings: list[Problem] = []
    unreferenced = _unreferenced_originals(archive)
    if unreferenced:
        warnings.append(
            Problem(
                "original-unreferenced",
                f"{len(unreferenced)} original file(s) in {archive.layout.originals_dir} belong to "
                "no article: left by an interrupted import, or by restoring an older backup (if "
                "articles are missing, `archivist backups list` shows the backups that hold "
                "them); kept",
            )
        )

    partial = (
        list(archive.layout.originals_dir.glob("*/.tmp-*"))
        if archive.layout.originals_dir.exists()
        else []
    )
    if partial:
        if repair:
            archive.originals.remove_partial_files()
            repaired.append(f"removed {len(partial)} partial file(s) left by an interrupted import")
        else:
            problems.append(
                Problem(
                    "partial-file", f"{len(partial)} partial file(s) left by an interrupted import"
                )
            )

    drift = index_drift(archive)
    if not drift.empty and repair:
        sync_index(archive, drift)
        repaired.append(
            f"index: added {len(drift.missing)}, refreshed {len(drift.stale)}, removed {len(drift.extra)}"
        )
        drift = index_drift(archive)
    problems.extend(
        Problem("index-missing", f"article {i} is not in the search index", i)
        for i in drift.missing
    )
    problems.extend(
        Problem("index-stale", f"article {i} is out of date in the search index", i)
        for i in drift.stale
    )
    problems.extend(
        Problem("index-extra", f"the search index holds article {i}, which no longer exists", i)
        for i in drift.extra
    )

    return CheckReport(
        ok=not problems,
        articles=articles.count_articles(db),
        indexed=archive.index.doc_count(),
        problems=problems,
        repaired=repaired,
        warnings=warnings,
        search_engine=fast_path_status(),
    )


def sync_index(archive: Archive, drift: IndexDrift) -> None:
    """Bring the index in line with the database for the drifted articles only."""
    with archive.index.writer() as writer:
        archive.index.delete(writer, drift.extra)
        archive.index.update(
            writer, articles.iter_index_rows(archive.db, drift.missing + drift.stale)
        )


def heal_index_if_needed(archive: Archive, progress: ProgressCallback = no_progress) -> bool:
    """Cheap consistency test on open; rebuild or sync the index when it fails. True if healed."""
    count = articles.count_articles(archive.db)
    if archive.index.created_empty and count:
        log.warning(
            "the search index is rebuilt from the database (%s articles): %s",
            f"{count:,}",
            archive.index.rebuild_reason or "it was created empty",
        )
        reindex(archive, progress=progress)
        return True
    if (
        count == archive.index.doc_count()
        and articles.max_rev(archive.db) == archive.index.max_rev()
    ):
        return False
    drift = index_drift(archive)
    if not drift.empty:
        sync_index(archive, drift)
    return True


def reindex(
    archive: Archive,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Rebuild the whole index from the database; returns the number of articles indexed.

    The new index is built beside the old one and swapped in at the end, so a cancelled or
    crashed rebuild leaves the previous index in place. Call from the archive's thread.
    """
    total = articles.count_articles(archive.db)
    regroup_copies(archive, progress=progress, cancel=cancel)
    target = archive.layout.index_dir
    building = target.with_name(target.name + ".rebuild")
    if building.exists():
        shutil.rmtree(building)
    fresh = ArchiveIndex(building)
    fresh.recreate()
    done = 0
    try:
        with fresh.writer(limitmb=writer_pool_mb(total)) as writer:
            for record in articles.iter_index_rows(archive.db):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                writer.add_document(**_document(record))
                done += 1
                if done % 200 == 0 or done == total:
                    progress(ProgressEvent(done, total, "indexing"))
    except BaseException:
        fresh.close()
        shutil.rmtree(building, ignore_errors=True)
        raise
    fresh.close()
    archive.index.close()
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    building.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    archive.index.open()
    archive.index.created_empty = False
    progress(ProgressEvent(done, total, "index rebuilt"))
    return done


def _document(record: dict[str, Any]) -> dict[str, Any]:
    from archivist.index import document_for

    return document_for(record)


def regroup_copies(
    archive: Archive,
    *,
    threshold: float | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> None:
    """Sign every article again and regroup syndicated copies (the database's part of a
    rebuild: signatures are derived data, like the index) — with a new copies `threshold`
    when one is given, set in the same transaction: cancelled or failed, nothing changes."""
    db = archive.db
    total = articles.count_articles(db)

    def texts() -> Iterator[tuple[int, str]]:
        for done, (article_id, text) in enumerate(
            db.execute("SELECT id, text FROM articles ORDER BY id"), start=1
        ):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if done % 500 == 0 or done == total:
                progress(ProgressEvent(done, total, "finding syndicated copies"))
            yield int(article_id), str(text)

    with db.atomic():
        if threshold is not None:
            copies.set_threshold(db, threshold)
        copies.regroup_all(db, texts())
