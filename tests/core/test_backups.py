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
from archivist.errors import ArchiveError
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
        assert check(archive).ok
    restore_backup(archive_dir, saved.path)  # undo the restore
    with open_archive(archive_dir) as archive:
        assert archive.count() == 2 and archive.search("Zhanaozen").total == 1


def test_a_damaged_backup_is_refused(archive_dir: Path, tmp_path: Path) -> None:
    open_archive(archive_dir).close()
    bad = tmp_path / "archive-20261120T090000Z.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(ArchiveError):
        restore_backup(archive_dir, bad)
    with open_archive(archive_dir) as archive:
        assert check(archive).ok


def test_full_backup_keeps_saved_searches(archive, tmp_path: Path) -> None:
    from archivist.archive import listing
    from archivist.archive.backup import backup_archive

    import_text(archive, "An article about Almaty.")
    listing.save_saved_searches(archive.root, [listing.SavedSearch("Almaty", "Almaty")])
    backup_archive(archive, tmp_path / "copy")
    assert [s.query for s in listing.load_saved_searches(tmp_path / "copy")] == ["Almaty"]


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
