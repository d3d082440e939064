"""Reading and writing article rows: insert, fetch, edit with history, duplicate look-ups."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from archivist.archive.records import EDITABLE_FIELDS, Article, ArticleEdit
from archivist.dates import normalise_published, utc_now_iso
from archivist.errors import InvalidValueError, NotFoundError
from archivist.text import normalise_field

_ARTICLE_COLUMNS = (
    "id, title, source, author, url, published, language, text, original_sha256, "
    "original_filename, format, imported_at, updated_at, rev, note, ocr, page_starts"
)


def next_rev(db: Database) -> int:
    """Take the next revision number; every change to an article's indexed data takes one.

    The index stores each document's rev, so comparing revs finds stale index entries.
    Call inside the transaction that makes the change.
    """
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'last_rev'")
    return int(db.execute("SELECT value FROM meta WHERE key = 'last_rev'").fetchone()[0])


def record_original(db: Database, sha256: str, size: int, filename: str, fmt: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO originals (sha256, size, filename, format, stored_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [sha256, size, filename, fmt, utc_now_iso()],
    )


def insert_article(db: Database, values: dict[str, Any]) -> int:
    """Insert one article row (normalised values, see the import pipeline); return its id."""
    now = utc_now_iso()
    row = dict(values)
    row.setdefault("imported_at", now)
    row.setdefault("updated_at", now)
    row["rev"] = next_rev(db)
    columns = ", ".join(row)
    placeholders = ", ".join("?" for _ in row)
    cursor = db.execute(
        f"INSERT INTO articles ({columns}) VALUES ({placeholders})", list(row.values())
    )
    return int(cursor.lastrowid)


def ids_with_original(db: Database, sha256: str) -> list[int]:
    rows = db.execute(
        "SELECT id FROM articles WHERE original_sha256 = ? ORDER BY entry_index, id", [sha256]
    ).fetchall()
    return [r[0] for r in rows]


def id_with_text(db: Database, text_sha256: str) -> int | None:
    row = db.execute(
        "SELECT id FROM articles WHERE text_sha256 = ? ORDER BY id LIMIT 1", [text_sha256]
    ).fetchone()
    return row[0] if row else None


def article_text(db: Database, article_id: int) -> str:
    """The article's text; NotFoundError when there is no such article."""
    row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    return str(row[0])


def get_article(db: Database, article_id: int) -> Article:
    row = db.execute(
        f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    article = Article(*row)
    article.tags = tags_of(db, article_id)
    return article


def tags_of(db: Database, article_id: int) -> list[str]:
    rows = db.execute(
        "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id "
        "WHERE at.article_id = ? ORDER BY t.name COLLATE NOCASE",
        [article_id],
    ).fetchall()
    return [r[0] for r in rows]


def add_tags(db: Database, article_id: int, tags: Iterable[str]) -> None:
    """Attach free-text tags (created on first use, case-insensitive). Call in a transaction."""
    for raw in tags:
        name = normalise_field(raw)
        if not name:
            continue
        db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
        tag_id = db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0]
        db.execute(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
            [article_id, tag_id],
        )


def edit_article(
    db: Database, article_id: int, changes: dict[str, str | None]
) -> list[ArticleEdit]:
    """Change metadata fields, recording each change; returns the edits actually made.

    Runs in one transaction; bumps the article's rev so the index entry is refreshed.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidValueError(f"these fields cannot be edited: {', '.join(sorted(unknown))}")
    cleaned: dict[str, str | None] = {}
    for name, value in changes.items():
        cleaned[name] = (
            normalise_published(value) if name == "published" else normalise_field(value)
        )
    if "title" in cleaned and not cleaned["title"]:
        raise InvalidValueError("an article's title cannot be empty")
    edits: list[ArticleEdit] = []
    with db.atomic():
        current = get_article(db, article_id)
        now = utc_now_iso()
        for name, new_value in cleaned.items():
            old_value = getattr(current, name)
            if old_value == new_value:
                continue
            edits.append(ArticleEdit(article_id, name, old_value, new_value, now))
        if not edits:
            return []
        for edit in edits:
            db.execute(
                "INSERT INTO article_edits (article_id, field, old_value, new_value, edited_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [edit.article_id, edit.field, edit.old_value, edit.new_value, edit.edited_at],
            )
        assignments = ", ".join(f"{e.field} = ?" for e in edits)
        db.execute(
            f"UPDATE articles SET {assignments}, updated_at = ?, rev = ? WHERE id = ?",
            [e.new_value for e in edits] + [now, next_rev(db), article_id],
        )
    return edits


def edit_history(db: Database, article_id: int) -> list[ArticleEdit]:
    rows = db.execute(
        "SELECT article_id, field, old_value, new_value, edited_at FROM article_edits "
        "WHERE article_id = ? ORDER BY id",
        [article_id],
    ).fetchall()
    return [ArticleEdit(*row) for row in rows]


def article_revs(db: Database) -> dict[int, int]:
    """Every article id with its current rev (for comparing with the index)."""
    return dict(db.execute("SELECT id, rev FROM articles").fetchall())


#: Ids bound in one query: under SQLite's old limit of 999 variables.
_IDS_AT_ONCE = 900


def all_ids(db: Database) -> list[int]:
    """Every article's id, in order."""
    return [row[0] for row in db.execute("SELECT id FROM articles ORDER BY id")]


def columns_of(
    db: Database, ids: Sequence[int], columns: Sequence[str]
) -> dict[int, tuple[Any, ...]]:
    """These columns of the articles with these ids (those that exist), by id; read
    _IDS_AT_ONCE ids a query, so any number of ids will do."""
    found: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), _IDS_AT_ONCE):
        chunk = list(ids[start : start + _IDS_AT_ONCE])
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT id, {', '.join(columns)} FROM articles WHERE id IN ({marks})", chunk
        ):
            found[row[0]] = tuple(row[1:])
    return found


def count_articles(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def max_rev(db: Database) -> int:
    row = db.execute("SELECT max(rev) FROM articles").fetchone()
    return int(row[0] or 0)


def iter_index_rows(
    db: Database, ids: Sequence[int] | None = None, batch: int = 500
) -> Iterator[dict[str, Any]]:
    """Rows with everything the index needs, in id order; all articles when `ids` is None.

    Besides the article's columns and tags: `entities` (canonical names and aliases of the
    entities mentioned, claimed about or claiming in the article), `claimants` (claimant
    entities' names and aliases, and free-text claimants) and `statuses` (of its claims).
    Annotations are read with a few queries per batch, never one per article.
    """
    base = (
        "SELECT a.id, a.title, a.source, a.author, a.url, a.published, a.language, a.text, a.rev, "
        "(SELECT group_concat(t.name, char(31)) FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        " WHERE at.article_id = a.id) AS tags FROM articles a"
    )
    columns = [
        "id",
        "title",
        "source",
        "author",
        "url",
        "published",
        "language",
        "text",
        "rev",
        "tags",
    ]

    def shaped(rows: list[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
        fields = _annotation_fields(db, [row[0] for row in rows])
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            record["tags"] = record["tags"].split("\x1f") if record["tags"] else []
            record.update(fields.get(record["id"], _NO_ANNOTATIONS))
            yield record

    if ids is None:
        last = 0
        while True:
            rows = db.execute(
                f"{base} WHERE a.id > ? ORDER BY a.id LIMIT ?", [last, batch]
            ).fetchall()
            if not rows:
                return
            yield from shaped(rows)
            last = rows[-1][0]
    else:
        id_list = list(ids)
        for start in range(0, len(id_list), batch):
            chunk = id_list[start : start + batch]
            marks = ", ".join("?" for _ in chunk)
            yield from shaped(
                db.execute(f"{base} WHERE a.id IN ({marks}) ORDER BY a.id", chunk).fetchall()
            )


_NO_ANNOTATIONS: dict[str, list[str]] = {"entities": [], "claimants": [], "statuses": []}


def _annotation_fields(db: Database, article_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Index fields from annotations for a batch of articles: four queries, whatever the size."""
    if not article_ids:
        return {}
    marks = ", ".join("?" for _ in article_ids)
    # (article, entity, role): role 1 = claimant, 0 = mentioned or concerned.
    links = db.execute(
        f"SELECT article_id, entity_id, 0 FROM mentions WHERE article_id IN ({marks}) "
        "UNION SELECT c.article_id, ce.entity_id, 0 FROM claim_entities ce "
        f"JOIN claims c ON c.id = ce.claim_id WHERE c.article_id IN ({marks}) "
        "UNION SELECT article_id, claimant_entity_id, 1 FROM claims "
        f"WHERE claimant_entity_id IS NOT NULL AND article_id IN ({marks})",
        article_ids * 3,
    ).fetchall()
    names: dict[int, list[str]] = {}
    entity_ids = sorted({row[1] for row in links})
    for begin in range(0, len(entity_ids), 500):
        chunk = entity_ids[begin : begin + 500]
        entity_marks = ", ".join("?" for _ in chunk)
        for entity_id, name in db.execute(
            f"SELECT id, name FROM entities WHERE id IN ({entity_marks}) "
            f"UNION ALL SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({entity_marks})",
            chunk * 2,
        ).fetchall():
            names.setdefault(entity_id, []).append(name)
    fields: dict[int, dict[str, list[str]]] = {}

    def entry(article_id: int) -> dict[str, list[str]]:
        return fields.setdefault(article_id, {"entities": [], "claimants": [], "statuses": []})

    for article_id, entity_id, is_claimant in links:
        target = entry(article_id)
        target["entities"].extend(names.get(entity_id, []))
        if is_claimant:
            target["claimants"].extend(names.get(entity_id, []))
    for article_id, claimant_text, status in db.execute(
        f"SELECT article_id, claimant_text, status FROM claims WHERE article_id IN ({marks})",
        article_ids,
    ).fetchall():
        target = entry(article_id)
        target["statuses"].append(status)
        if claimant_text:
            target["claimants"].append(claimant_text)
    for target in fields.values():
        for key, values in target.items():
            target[key] = sorted(set(values), key=lambda v: (v.casefold(), v))
    return fields


def snippet_rows(db: Database, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Text and date of the given articles, for search-result snippets."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(f"SELECT id, text, published FROM articles WHERE id IN ({marks})", list(ids))
    return {row[0]: {"text": row[1], "published": row[2]} for row in rows.fetchall()}
