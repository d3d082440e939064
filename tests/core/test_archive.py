"""The archive folder: layout, migrations, refusal of newer archives, backups, edits."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archivist.archive import open_archive
from archivist.archive.migrations import known_migration_names
from archivist.errors import ArchiveError, ArchiveTooNewError, InvalidValueError, NotFoundError
from archivist.importers.pipeline import import_text
from archivist.paths import default_archive_dir, resolve_archive_dir


def test_new_archive_has_the_documented_layout(archive_dir: Path) -> None:
    with open_archive(archive_dir) as archive:
        assert archive.count() == 0
    assert (archive_dir / "archive.db").is_file()
    assert (archive_dir / "originals").is_dir()
    assert (archive_dir / "index").is_dir()
    conn = sqlite3.connect(archive_dir / "archive.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == known_migration_names()


def test_foreign_keys_are_enforced(archive) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        archive.db.execute("INSERT INTO article_tags (article_id, tag_id) VALUES (999, 999)")


def test_reopening_applies_nothing_and_takes_no_backup(archive_dir: Path) -> None:
    open_archive(archive_dir).close()
    open_archive(archive_dir).close()
    assert not (archive_dir / "backups").exists()


def test_archive_from_a_newer_version_is_refused_unchanged(archive_dir: Path) -> None:
    open_archive(archive_dir).close()
    conn = sqlite3.connect(archive_dir / "archive.db")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('archivist', 'm9999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    before = (archive_dir / "archive.db").read_bytes()
    with pytest.raises(ArchiveTooNewError, match="newer version"):
        open_archive(archive_dir)
    assert (archive_dir / "archive.db").read_bytes() == before


def test_backup_is_taken_before_migrating_an_old_archive(archive_dir: Path, monkeypatch) -> None:
    from archivist.archive import migrations

    with open_archive(archive_dir) as archive:
        import_text(archive, "An article written before the schema changed.", title="Old")

    def m9000_add_column(db) -> None:
        db.execute("ALTER TABLE articles ADD COLUMN extra TEXT")

    monkeypatch.setattr(
        migrations.MIGRATIONS, "_migrations", list(migrations.MIGRATIONS._migrations)
    )
    migrations.MIGRATIONS()(m9000_add_column)
    with open_archive(archive_dir) as archive:
        assert archive.article(1).title == "Old"
        columns = {c.name for c in archive.db["articles"].columns}
        assert "extra" in columns
    backups = list((archive_dir / "backups").glob("archive-before-m9000_add_column-*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT title FROM articles").fetchall() == [("Old",)]
    assert "extra" not in {r[1] for r in old.execute("PRAGMA table_info(articles)")}


def test_a_file_that_is_not_a_database_is_refused(archive_dir: Path) -> None:
    archive_dir.mkdir()
    (archive_dir / "archive.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError, match="not an Archivist database"):
        open_archive(archive_dir)


def test_open_without_create_refuses_a_missing_archive(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no archive"):
        open_archive(tmp_path / "nothing", create=False)


def test_default_location_honours_archivist_home(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ARCHIVIST_HOME", str(tmp_path / "mine"))
    assert default_archive_dir() == tmp_path / "mine"
    assert resolve_archive_dir(str(tmp_path / "explicit")) == tmp_path / "explicit"
    monkeypatch.delenv("ARCHIVIST_HOME")
    assert "rchivist" in str(default_archive_dir())


def test_original_bytes_are_kept_unchanged_and_content_addressed(archive) -> None:
    text = "Original «bytes» — kept exactly.\r\n"
    report = import_text(archive, text, title="Bytes")
    article = archive.article(report.imported[0].id)
    stored = archive.originals.read(article.original_sha256)
    assert stored == text.encode("utf-8")
    assert archive.originals.verify(article.original_sha256)
    assert article.text == "Original «bytes» — kept exactly."


def test_same_text_twice_is_a_duplicate(archive) -> None:
    first = import_text(archive, "Troops arrived in Almaty on Thursday.", title="A")
    again = import_text(archive, "Troops arrived in Almaty on Thursday.", title="A")
    spaced = import_text(archive, "Troops  arrived in Almaty\non Thursday.", title="B")
    assert len(first.imported) == 1
    assert again.duplicates[0].id == first.imported[0].id
    assert spaced.duplicates[0].id == first.imported[0].id
    assert archive.count() == 1


def test_edit_records_history_and_reindexes(archive) -> None:
    report = import_text(archive, "A wire copy about the Almaty airport.", title="Wire copy")
    article_id = report.imported[0].id
    assert archive.search("source:reuters").total == 0
    edits = archive.edit_article(article_id, source="Reuters", published="2022-01-06")
    assert [e.field for e in edits] == ["source", "published"]
    article = archive.article(article_id)
    assert article.source == "Reuters" and article.published == "2022-01-06"
    assert article.text == "A wire copy about the Almaty airport."
    assert archive.search("source:reuters").hits[0].id == article_id
    assert archive.search("published:2022-01").total == 1
    from archivist.archive.articles import edit_history

    history = edit_history(archive.db, article_id)
    assert [(h.field, h.old_value, h.new_value) for h in history] == [
        ("source", None, "Reuters"),
        ("published", None, "2022-01-06"),
    ]
    assert archive.edit_article(article_id, source="Reuters") == []


def test_edit_rejects_bad_values(archive) -> None:
    article_id = import_text(archive, "Some text here.", title="T").imported[0].id
    with pytest.raises(InvalidValueError, match="date"):
        archive.edit_article(article_id, published="next Tuesday")
    with pytest.raises(InvalidValueError, match="empty"):
        archive.edit_article(article_id, title="  ")
    with pytest.raises(NotFoundError):
        archive.edit_article(9999, title="x")
