"""The archive's schema, as named migrations that are never edited once released."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("archivist")


@MIGRATIONS()
def m0001_create_articles(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute("INSERT INTO meta (key, value) VALUES ('last_rev', '0')")
    db.execute(
        """
        CREATE TABLE originals (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            filename TEXT NOT NULL,
            format TEXT NOT NULL,
            stored_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            source TEXT,
            author TEXT,
            url TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            original_sha256 TEXT NOT NULL REFERENCES originals(sha256),
            original_filename TEXT NOT NULL,
            entry_index INTEGER NOT NULL DEFAULT 0,
            format TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            rev INTEGER NOT NULL,
            note TEXT
        )"""
    )
    db.execute("CREATE INDEX articles_text_sha256 ON articles(text_sha256)")
    db.execute("CREATE INDEX articles_original_sha256 ON articles(original_sha256)")
    db.execute("CREATE INDEX articles_published ON articles(published)")
    db.execute("CREATE INDEX articles_rev ON articles(rev)")
    db.execute(
        """
        CREATE TABLE article_edits (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            edited_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX article_edits_article ON article_edits(article_id)")
    db.execute(
        """
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        )"""
    )
    db.execute(
        """
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (article_id, tag_id)
        )"""
    )
    db.execute("CREATE INDEX article_tags_tag ON article_tags(tag_id)")


def known_migration_names() -> list[str]:
    """Names of every migration this build knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]
