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
