"""Article-level annotations: free tags and the analyst's note, recorded in history."""

from __future__ import annotations

from collections.abc import Iterable

from archivist.annotations import queries
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.labels_for_history import note_label
from archivist.annotations.values import clean_note
from archivist.archive import articles
from archivist.archive.archive import Archive
from archivist.errors import InvalidValueError, NotFoundError
from archivist.text import normalise_field

MAX_TAG_CHARS = 100


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in tags:
        name = normalise_field(raw)
        if not name:
            continue
        if len(name) > MAX_TAG_CHARS:
            raise InvalidValueError(f"a tag is at most {MAX_TAG_CHARS} characters")
        if name.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(name)
    if not cleaned:
        raise InvalidValueError("give at least one non-empty tag")
    return cleaned


def attach_tag(changes: ChangeSet, article_id: int, name: str) -> bool:
    """Attach the tag `name` to an article within a recorded change (the tag created on
    first use); False when the article already had it."""
    db = changes.db
    # The tag vocabulary itself is not history: an unused tag row is harmless and keeps its
    # id for a redo.
    db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
    tag_id = db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0]
    present = db.execute(
        "SELECT 1 FROM article_tags WHERE article_id = ? AND tag_id = ?", [article_id, tag_id]
    ).fetchone()
    if present is not None:
        return False
    changes.insert("article_tags", {"article_id": article_id, "tag_id": tag_id})
    return True


def tag_article(archive: Archive, article_id: int, tags: Iterable[str]) -> list[str]:
    """Attach tags to an article (a tag is created on first use, matched case-insensitively);
    returns the article's tags afterwards."""
    names = _clean_tags(tags)
    db = archive.db
    queries.article_text(db, article_id)
    with recording(
        archive, "article.tag", f"tag article {article_id}: {', '.join(names)}"
    ) as changes:
        for name in names:
            attach_tag(changes, article_id, name)
    return articles.tags_of(db, article_id)


def untag_article(archive: Archive, article_id: int, tags: Iterable[str]) -> list[str]:
    """Remove tags from an article; NotFoundError when the article has none of them."""
    names = _clean_tags(tags)
    db = archive.db
    queries.article_text(db, article_id)
    found: list[int] = []
    for name in names:
        row = db.execute(
            "SELECT t.id FROM tags t JOIN article_tags at ON at.tag_id = t.id "
            "WHERE at.article_id = ? AND t.name = ?",
            [article_id, name],
        ).fetchone()
        if row is not None:
            found.append(row[0])
    if not found:
        raise NotFoundError(f"article {article_id} has no tag {', '.join(names)}")
    with recording(
        archive, "article.untag", f"untag article {article_id}: {', '.join(names)}"
    ) as changes:
        for tag_id in found:
            changes.delete("article_tags", {"article_id": article_id, "tag_id": tag_id})
    return articles.tags_of(db, article_id)


def get_note(archive: Archive, article_id: int) -> str | None:
    row = archive.db.execute("SELECT note FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    return row[0]


def set_note(
    archive: Archive, article_id: int, note: str | None, *, append: bool = False
) -> str | None:
    """Set (or, with `append`, add a paragraph to) the analyst's note on an article.

    None or blank clears it; the previous note stays in history and comes back with undo.
    """
    current = get_note(archive, article_id)
    text = clean_note(note)
    if append and current and text:
        text = f"{current}\n\n{text}"
    elif append:
        text = text or current
    title = archive.db.execute("SELECT title FROM articles WHERE id = ?", [article_id]).fetchone()
    with recording(archive, "article.note", note_label(title[0] if title else "")) as changes:
        changes.update("articles", {"id": article_id}, {"note": text})
    return get_note(archive, article_id)
