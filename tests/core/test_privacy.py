"""An archive is private to its user: folders 0700 and files 0600 whatever the umask,
existing archives tightened on open, and `check` says what others could reach."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from archivist.archive import open_archive
from archivist.archive.maintenance import check
from archivist.archive.privacy import exposed
from archivist.archive.rolling import take_backup
from archivist.cli.main import main
from archivist.importers.pipeline import import_text

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A careless umask: everything created readable and writable by all."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_archive_is_private_whatever_the_umask(open_umask, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        import_text(archive, "Troops arrived in Almaty.", title="One")
        take_backup(archive)
        db = archive.layout.db_path
        assert _mode(root) == 0o700
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert _mode(path) == 0o600, path
        for folder in (archive.layout.index_dir, archive.layout.backups_dir):
            assert _mode(folder) == 0o700
        rolling = next(archive.layout.backups_dir.rglob("archive-*.db"))
        assert _mode(rolling) == 0o600
        originals = [p for p in archive.layout.originals_dir.rglob("*") if p.is_file()]
        assert originals and all(_mode(p) == 0o600 for p in originals)
        assert exposed(root) == []
        assert check(archive).ok


def test_an_existing_archive_is_tightened_on_open_and_check_says_what_was_open(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        import_text(archive, "Troops arrived in Almaty.", title="One")
    # As an archive of an earlier version, or copied carelessly, might be.
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert root in exposed(root) and len(exposed(root)) > 5
    with open_archive(root, access="read") as reader:  # (a reader changes nothing)
        report = check(reader)
        assert [p.kind for p in report.problems] == ["permissions"]
        assert "can be read by other users" in report.problems[0].detail
    assert _mode(root) == 0o755
    # Any writer's open tightens it: here `archivist check`'s.
    assert main(["--archive", str(root), "check", "--json"]) == 0
    assert '"ok": true' in capsys.readouterr().out
    assert _mode(root) == 0o700 and _mode(root / "archive.db") == 0o600
    assert exposed(root) == []


def test_check_finds_a_file_others_can_reach_and_repair_closes_it(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        import_text(archive, "Troops arrived in Almaty.", title="One")
        # Folders left open down to one original made world-readable.
        original = next(p for p in archive.layout.originals_dir.rglob("*") if p.is_file())
        for path in (root, archive.layout.originals_dir, original.parent):
            path.chmod(0o755)
        original.chmod(0o644)
        report = check(archive)
        assert [p.kind for p in report.problems] == ["permissions"]
        assert str(original) in "\n".join(str(p) for p in exposed(root))
        repaired = check(archive, repair=True)
        assert repaired.ok and any("private" in r for r in repaired.repaired)
        assert _mode(original) == 0o600 and exposed(root) == []


def test_what_a_closed_folder_holds_is_not_exposed(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        import_text(archive, "Troops arrived in Almaty.", title="One")
        segment = next(p for p in archive.layout.index_dir.iterdir() if p.is_file())
        segment.chmod(0o644)  # (as Whoosh writes its files, inside a private folder)
        assert exposed(root) == []
