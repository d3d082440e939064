"""One writer per archive: a second process is refused (naming the first) or reads only;
a crashed holder leaves no lock behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archivist.archive import open_archive
from archivist.cli.main import main
from archivist.errors import ArchiveLockedError
from archivist.importers.pipeline import import_text

HOLDER = """
import sys, time
from archivist.archive import open_archive
archive = open_archive(sys.argv[1])
print("ready", flush=True)
time.sleep(120)
"""


@pytest.fixture
def held_archive(tmp_path: Path):
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        import_text(archive, "Protesters gathered in Almaty on Wednesday evening.", title="Almaty")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    yield root, holder
    holder.kill()
    holder.wait()


def test_second_writer_is_refused_with_the_holder_named(held_archive) -> None:
    root, holder = held_archive
    with pytest.raises(ArchiveLockedError) as refused:
        open_archive(root, lock_wait_s=0.2)
    assert f"process {holder.pid}" in str(refused.value)


def test_readers_still_work_while_another_process_writes(
    held_archive, capsys, tmp_path: Path
) -> None:
    root, _ = held_archive
    with open_archive(root, access="auto") as archive:
        assert archive.readonly
        assert archive.search("Almaty").total == 1
    assert main(["--archive", str(root), "search", "Almaty", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1
    assert main(["--archive", str(root), "backup", str(tmp_path / "copy"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 1
    assert main(["--archive", str(root), "import", str(tmp_path / "copy" / "archive.db")]) == 1
    assert "open for writing in Archivist process" in capsys.readouterr().err


def test_a_crashed_holder_leaves_no_lock(held_archive) -> None:
    root, holder = held_archive
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    deadline = time.monotonic() + 5
    while True:
        try:
            with open_archive(root) as archive:
                assert not archive.readonly and archive.count() == 1
            break
        except ArchiveLockedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_one_process_may_open_an_archive_many_times(tmp_path: Path) -> None:
    first = open_archive(tmp_path / "a")
    second = open_archive(tmp_path / "a")  # e.g. the GUI thread and a worker thread
    second.close()
    first.close()
    with open_archive(tmp_path / "a") as again:
        assert not again.readonly
