"""A full disk during an import: a clear error, committed articles kept, the archive consistent."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from archivist.archive import open_archive
from archivist.archive.maintenance import check


def _limit_file_size(max_bytes: int):
    def apply() -> None:
        # Without this, exceeding RLIMIT_FSIZE kills the process (SIGXFSZ) instead of
        # failing the write with EFBIG, which is what a full disk looks like to a program.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return apply


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_disk_full_during_import(tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    with open_archive(archive_dir):
        pass
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(300):
        (corpus / f"report-{number:03d}.txt").write_text(
            f"Report {number} from Almaty.\n\n"
            + f"Line {number}: protesters and police clashed. " * 60,
            encoding="utf-8",
        )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    limit = (archive_dir / "archive.db").stat().st_size + 400_000
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist",
            "--archive",
            str(archive_dir),
            "--json",
            "import",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=_limit_file_size(limit),
    )
    assert result.returncode == 1
    assert "could not write to the archive: the disk is full" in result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    kept = len(report["imported"])
    assert 0 < kept < 300
    with open_archive(archive_dir) as archive:
        assert archive.count() == kept
        assert check(archive, repair=True).ok
        assert archive.search("Almaty", limit=1).total == kept
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist",
            "--archive",
            str(archive_dir),
            "--json",
            "import",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    again = json.loads(finished.stdout)
    assert len(again["imported"]) == 300 - kept and len(again["duplicates"]) == kept


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_reading_works_on_a_full_disk_and_writing_says_why_not(tmp_path: Path) -> None:
    """With no file allowed to grow (a full disk, to the process), reading commands answer
    (no lock file, WAL index or index healing is written) and writes give a clear error."""
    from archivist import briefs
    from archivist.importers.pipeline import import_text

    archive_dir = tmp_path / "archive"
    with open_archive(archive_dir) as archive:
        import_text(archive, "Troops arrived in Almaty on Thursday.", title="Troops")
        briefs.create_brief(archive, "Almaty")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def archivist(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "archivist", "--archive", str(archive_dir), *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            preexec_fn=_limit_file_size(0),
        )

    found = archivist("search", "Almaty", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] == 1
    shown = archivist("show", "1", "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["title"] == "Troops"
    checked = archivist("check", "--json")
    assert checked.returncode == 0 and json.loads(checked.stdout)["ok"] is True
    listed = archivist("brief", "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)["briefs"]) == 1
    for failed in (
        archivist("brief", "new", "Another"),
        archivist("brief", "export", "1", str(tmp_path / "b.md"), "--draft"),
    ):
        assert failed.returncode == 1
        assert "Traceback" not in failed.stderr
        assert failed.stderr.startswith("archivist: error:"), failed.stderr
    assert "disk full or read-only" in archivist("brief", "new", "Another").stderr
    # With room again, everything is as it was.
    with open_archive(archive_dir) as archive:
        assert archive.count() == 1 and check(archive).ok
        assert [b.title for b in briefs.list_briefs(archive)] == ["Almaty"]


def test_an_export_that_cannot_be_written_says_so(archive, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    from archivist import briefs
    from archivist.briefs import export as export_module
    from archivist.errors import ExportWriteError

    brief = briefs.create_brief(archive, "B").id
    dest = tmp_path / "b.docx"
    dest.write_bytes(b"the previous export")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module.os, "fsync", full)
    with pytest.raises(ExportWriteError, match="No space left on device"):
        briefs.export_brief(archive, brief, dest, issue=False)
    assert dest.read_bytes() == b"the previous export"
    assert not list(tmp_path.glob("*.partial"))  # no partial file left
