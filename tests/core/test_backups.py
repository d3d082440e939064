"""Backups: rolling database backups (take, keep N, restore, undo a restore) and full copies
taken while another process is importing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archivist.archive import open_archive
from archivist.archive.maintenance import check
from archivist.archive.rolling import backup_due, list_backups, restore_backup, take_backup
from archivist.cli.main import main
from archivist.errors import ArchiveError, RestoreShrinksError
from archivist.importers.pipeline import import_text

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_rolling_backups_keep_the_newest(archive) -> None:
    import_text(archive, "Protesters gathered in Almaty on Wednesday.")
    assert backup_due(archive)
    for day in range(5):
        take_backup(archive, keep=3, now=T0 + timedelta(days=day))
    backups = list_backups(archive.root)
    assert [b.taken_at.day for b in backups] == [24, 23, 22]
    assert all(b.articles == 1 for b in backups)
    assert not backup_due(archive, now=T0 + timedelta(days=4, hours=23))
    assert backup_due(archive, now=T0 + timedelta(days=5, hours=1))


def test_restore_brings_back_the_old_database_and_can_be_undone(archive_dir: Path) -> None:
    with open_archive(archive_dir) as archive:
        import_text(archive, "The first article, about Almaty.", title="First")
        before = take_backup(archive, now=T0)
        import_text(archive, "The second article, about Zhanaozen.", title="Second")
        with pytest.raises(ArchiveError, match="close the archive"):
            restore_backup(archive_dir, before.path)
    saved = restore_backup(archive_dir, before.path)
    with open_archive(archive_dir) as archive:
        assert archive.count() == 1
        assert archive.search("Zhanaozen").total == 0  # the index followed the database
        # The second article's original is left over (kept: undoing needs it), and said.
        report = check(archive)
        assert report.ok and [w.kind for w in report.warnings] == ["original-unreferenced"]
    restore_backup(archive_dir, saved.path)  # undo the restore
    with open_archive(archive_dir) as archive:
        assert archive.count() == 2 and archive.search("Zhanaozen").total == 1
        assert check(archive).warnings == []


def test_a_damaged_backup_is_refused(archive_dir: Path, tmp_path: Path) -> None:
    open_archive(archive_dir).close()
    bad = tmp_path / "archive-20261120T090000Z.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(ArchiveError):
        restore_backup(archive_dir, bad)
    with open_archive(archive_dir) as archive:
        assert check(archive).ok


def _two_articles_with_a_claim(archive_dir: Path) -> None:
    from archivist import annotations as ann

    with open_archive(archive_dir) as archive:
        first = import_text(archive, "Troops arrived in Almaty.", title="First").imported[0].id
        import_text(archive, "Prices rose in Zhanaozen.", title="Second")
        ann.add_claim(archive, first, quote="Troops arrived", claimant="AFP")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04 a zip, not a database" * 40, "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\xff" * 5000, "not an Archivist database"),
    ],
)
def test_what_is_no_archivist_backup_is_refused_and_changes_nothing(
    archive_dir: Path, tmp_path: Path, capsys, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    _two_articles_with_a_claim(archive_dir)
    bad = tmp_path / "archive-20261120T090000Z.db"
    bad.write_bytes(content)
    with pytest.raises(ArchiveError, match=message):
        restore_backup(archive_dir, bad)
    code = main(["--archive", str(archive_dir), "backups", "restore", str(bad), "--force"])
    assert code == 1 and message in capsys.readouterr().err
    with open_archive(archive_dir) as archive:
        assert archive.count() == 2 and check(archive).ok
    assert list_backups(archive_dir) == []  # not even the "before" backup was taken


def test_another_sqlite_database_is_refused(archive_dir: Path, tmp_path: Path) -> None:
    import sqlite3

    _two_articles_with_a_claim(archive_dir)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    with pytest.raises(ArchiveError, match="not an Archivist archive"):
        restore_backup(archive_dir, other)


def test_a_backup_with_far_fewer_articles_needs_force_and_check_then_flags_originals(
    archive_dir: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    with open_archive(archive_dir) as archive:
        empty = take_backup(archive, now=T0)  # (taken before anything was imported)
    _two_articles_with_a_claim(archive_dir)
    with pytest.raises(RestoreShrinksError, match="0 article") as refused:
        restore_backup(archive_dir, empty.path)
    assert refused.value.backup.articles == 0 and refused.value.current.articles == 2
    code = main(["--archive", str(archive_dir), "backups", "restore", str(empty.path)])
    assert code == 1 and "--force" in capsys.readouterr().err
    with open_archive(archive_dir) as archive:
        assert archive.count() == 2
    code = main(["--archive", str(archive_dir), "backups", "restore", str(empty.path), "--force"])
    assert code == 0
    with open_archive(archive_dir) as archive:
        assert archive.count() == 0
        report = check(archive)
        # The originals of the dropped articles are still there, and said to be.
        assert [w.kind for w in report.warnings] == ["original-unreferenced"]
        assert "2 original file(s)" in report.warnings[0].detail
    code = main(["--archive", str(archive_dir), "check"])
    assert "warning: original-unreferenced: 2 original file(s)" in capsys.readouterr().out


def test_a_backup_with_far_fewer_annotations_needs_force(archive_dir: Path) -> None:
    from archivist import annotations as ann

    with open_archive(archive_dir) as archive:
        first = import_text(archive, "Troops arrived in Almaty.").imported[0].id
        before = take_backup(archive, now=T0)
        for quote in ("Troops", "arrived", "Almaty"):
            ann.add_claim(archive, first, quote=quote, claimant="AFP")
    with pytest.raises(RestoreShrinksError, match="0 annotation"):
        restore_backup(archive_dir, before.path)
    restore_backup(archive_dir, before.path, force=True)


def test_full_backup_keeps_saved_searches_and_watches(archive, tmp_path: Path) -> None:
    from archivist.archive import searches
    from archivist.archive.backup import backup_archive

    import_text(archive, "An article about Almaty.")
    searches.save_search(archive, "Almaty", "Almaty", watched=True)
    backup_archive(archive, tmp_path / "copy")
    with open_archive(tmp_path / "copy") as copy:
        kept = searches.saved_searches(copy)
    assert [(s.query, s.watched) for s in kept] == [("Almaty", True)]


def test_backups_cli(capsys, archive_dir: Path) -> None:
    with open_archive(archive_dir) as archive:
        import_text(archive, "An article to keep safe.")
    assert main(["--archive", str(archive_dir), "backups", "take", "--json"]) == 0
    taken = json.loads(capsys.readouterr().out)
    assert taken["articles"] == 1
    assert main(["--archive", str(archive_dir), "backups", "list", "--json"]) == 0
    assert [b["path"] for b in json.loads(capsys.readouterr().out)["backups"]] == [taken["path"]]
    assert main(["--archive", str(archive_dir), "backups", "restore", taken["path"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["restored"] == taken["path"]


def _wait_until_importing(db_path: Path) -> None:
    import sqlite3
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            if conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 0:
                return
        finally:
            conn.close()
        time.sleep(0.02)


def test_full_backups_while_another_process_imports(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(1500):
        (corpus / f"n{number:03d}.txt").write_text(
            f"Report {number} from Almaty.\n\n" + f"Item {number}: clashes continued. " * 40
        )
    archive_dir = tmp_path / "archive"
    open_archive(archive_dir).close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    importer = subprocess.Popen(
        [sys.executable, "-m", "archivist", "--archive", str(archive_dir), "import", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    counts: list[int] = []
    _wait_until_importing(archive_dir / "archive.db")
    try:
        attempt = 0
        while importer.poll() is None and attempt < 20:
            attempt += 1
            dest = tmp_path / f"copy-{attempt}"
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "archivist",
                    "--archive",
                    str(archive_dir),
                    "--json",
                    "backup",
                    str(dest),
                ],
                capture_output=True,
                text=True,
                env=env,
                timeout=300,
            )
            assert result.returncode == 0, result.stderr
            with open_archive(dest, create=False) as copy:
                report = check(copy)
                assert report.ok, report.problems
                counts.append(copy.count())
    finally:
        assert importer.wait(timeout=300) == 0
    assert counts == sorted(counts)
    assert any(0 < count < 1500 for count in counts), counts  # at least one copy mid-import
