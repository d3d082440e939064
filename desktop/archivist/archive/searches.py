"""Saved searches and watch lists, kept in the archive's database (migrated and backed up
with it): a watched search counts the articles imported since the analyst last looked.

"New" means imported after the analyst last looked: a watch remembers the largest article
id at that moment (ids only grow), and its new matches are its matches above it. They are
counted after every import (the command line's and the window's) and kept, so the sidebar
shows them without searching again; looking at the results clears them.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from archivist.archive.archive import Archive
from archivist.dates import utc_now_iso as utc_now
from archivist.errors import InvalidValueError, NotFoundError, QuerySyntaxError

log = logging.getLogger(__name__)

#: Where saved searches were kept before they moved into the database (read once, then
#: renamed so that they are not read again).
LEGACY_FILE = "saved-searches.json"


@dataclass(frozen=True)
class SavedSearch:
    """A named query in the sidebar; `new`: matches imported since last looked at (watched)."""

    id: int
    name: str
    query: str
    watched: bool = False
    new: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_COLUMNS = "id, name, query, watched, new_matches"


def _from_row(row: Any) -> SavedSearch:
    return SavedSearch(int(row[0]), row[1], row[2], bool(row[3]), int(row[4]))


def saved_searches(archive: Archive) -> list[SavedSearch]:
    """Every saved search, in the order they were saved."""
    try:
        rows = archive.db.execute(f"SELECT {_COLUMNS} FROM saved_searches ORDER BY id")
        found = [_from_row(row) for row in rows.fetchall()]
    except sqlite3.OperationalError:
        if not archive.readonly:
            raise
        found = []  # (a database no writer has migrated yet)
    if archive.readonly:
        # Searches still in the file they used to live in, until a writer moves them in.
        names = {search.name for search in found}
        legacy = [item for item in _legacy_items(archive.layout.root) if item[0] not in names]
        found += [SavedSearch(-n, name, query) for n, (name, query) in enumerate(legacy, 1)]
    return found


def watches(archive: Archive) -> list[SavedSearch]:
    return [search for search in saved_searches(archive) if search.watched]


def get_search(archive: Archive, search_id: int) -> SavedSearch:
    row = archive.db.execute(
        f"SELECT {_COLUMNS} FROM saved_searches WHERE id = ?", [search_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no saved search {search_id}")
    return _from_row(row)


def save_search(archive: Archive, name: str, query: str, *, watched: bool = False) -> SavedSearch:
    """Save `query` as `name` (a search of that name is replaced; a watch stays one). A new
    watch counts only what is imported from now on."""
    name, query = name.strip(), query.strip()
    if not name:
        raise InvalidValueError("a saved search needs a name")
    if not query:
        raise InvalidValueError("a saved search needs a query")
    _check_query(archive, query)
    db = archive.db
    with db.atomic():
        existing = db.execute("SELECT id, watched FROM saved_searches WHERE name = ?", [name])
        row = existing.fetchone()
        if row is None:
            cursor = db.execute(
                "INSERT INTO saved_searches (name, query, watched, seen_through, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [name, query, int(watched), _latest_article(archive), utc_now()],
            )
            search_id = int(cursor.lastrowid or 0)
        else:
            search_id = int(row[0])
            db.execute(
                "UPDATE saved_searches SET query = ?, watched = ? WHERE id = ?",
                [query, int(watched or row[1]), search_id],
            )
            _count_from_now(archive, search_id)
    return get_search(archive, search_id)


def rename_search(archive: Archive, search_id: int, name: str) -> SavedSearch:
    name = name.strip()
    if not name:
        raise InvalidValueError("a saved search needs a name")
    get_search(archive, search_id)
    taken = archive.db.execute(
        "SELECT id FROM saved_searches WHERE name = ? AND id <> ?", [name, search_id]
    ).fetchone()
    if taken is not None:
        raise InvalidValueError(f"there is already a saved search named {name!r}")
    with archive.db.atomic():
        archive.db.execute("UPDATE saved_searches SET name = ? WHERE id = ?", [name, search_id])
    return get_search(archive, search_id)


def delete_search(archive: Archive, search_id: int) -> SavedSearch:
    """Forget a saved search (and its watch); returns what it was, for an undo."""
    search = get_search(archive, search_id)
    with archive.db.atomic():
        archive.db.execute("DELETE FROM saved_searches WHERE id = ?", [search_id])
    return search


def set_watched(archive: Archive, search_id: int, watched: bool) -> SavedSearch:
    """Watch a saved search (counting from now on) or stop watching it."""
    get_search(archive, search_id)
    with archive.db.atomic():
        archive.db.execute(
            "UPDATE saved_searches SET watched = ? WHERE id = ?", [int(watched), search_id]
        )
        _count_from_now(archive, search_id)
    return get_search(archive, search_id)


def mark_seen(archive: Archive, search_id: int) -> SavedSearch:
    """The analyst has looked: nothing of what is in the archive now is new any more."""
    get_search(archive, search_id)
    with archive.db.atomic():
        _count_from_now(archive, search_id)
    return get_search(archive, search_id)


def _count_from_now(archive: Archive, search_id: int) -> None:
    """Nothing in the archive now is new for this search (inside the caller's transaction)."""
    archive.db.execute(
        "UPDATE saved_searches SET new_matches = 0, seen_through = ? WHERE id = ?",
        [_latest_article(archive), search_id],
    )


def count_new(archive: Archive) -> list[SavedSearch]:
    """Count each watch's matches imported since it was last looked at, and keep the counts
    (call after an import). Returns the watches with their counts. A watch whose query no
    longer parses (the query language changed) counts nothing and is logged."""
    from archivist.archive.listing import search_ids

    counted: list[tuple[int, int]] = []
    rows = archive.db.execute(
        "SELECT id, query, seen_through FROM saved_searches WHERE watched = 1 ORDER BY id"
    ).fetchall()
    for search_id, query, seen_through in rows:
        try:
            found = search_ids(archive, query)
        except QuerySyntaxError as exc:
            log.warning("watched search %r cannot run: %s", query, exc)
            continue
        counted.append((sum(1 for i in found.ids if i > seen_through), int(search_id)))
    if counted:
        with archive.db.atomic():
            archive.db.conn.executemany(
                "UPDATE saved_searches SET new_matches = ? WHERE id = ?", counted
            )
    return watches(archive)


def new_matches_note(watched: list[SavedSearch]) -> list[str]:
    """What to tell the analyst after an import: "3 new articles match 'Tokayev'"."""
    return [
        f"{w.new} new article{'s' if w.new != 1 else ''} match{'es' if w.new == 1 else ''} "
        f"{w.name!r}"
        for w in watched
        if w.new
    ]


def adopt_legacy_file(archive: Archive, root: str | Path) -> int:
    """Move the saved searches of an archive made before they lived in its database (a
    JSON file in its folder) into it, once; the file is renamed, not deleted. Returns how
    many were moved."""
    path = Path(root) / LEGACY_FILE
    if not path.exists() or archive.readonly:
        return 0
    moved = 0
    with archive.db.atomic():
        for name, query in _legacy_items(root):
            cursor = archive.db.execute(
                "INSERT OR IGNORE INTO saved_searches (name, query, seen_through, created_at) "
                "VALUES (?, ?, ?, ?)",
                [name, query, _latest_article(archive), utc_now()],
            )
            moved += cursor.rowcount
    path.replace(path.with_name(LEGACY_FILE + ".moved-into-archive-db"))
    return moved


def _legacy_items(root: str | Path) -> list[tuple[str, str]]:
    """(name, query) of each search in the legacy file; a damaged file gives none (it must
    not stop the archive from opening)."""
    path = Path(root) / LEGACY_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        log.warning("saved searches in %s could not be read: %s", path, exc)
        return []
    found = []
    for item in raw.get("searches", []) if isinstance(raw, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            name, query = item["name"].strip(), str(item.get("query", "")).strip()
            if name and query:
                found.append((name, query))
    return found


def _latest_article(archive: Archive) -> int:
    row = archive.db.execute("SELECT max(id) FROM articles").fetchone()
    return int(row[0] or 0)


def _check_query(archive: Archive, query: str) -> None:
    """A query that cannot run is refused when saved (QuerySyntaxError), not when counted."""
    from archivist.archive.listing import search_ids

    search_ids(archive, query, limit=1)
