"""Database ↔ index consistency: drift found by check, healed by repair and on open;
reindex; leftovers of crashes; a kill in the middle of an import."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archivist.archive import articles, open_archive
from archivist.archive.maintenance import check, reindex
from archivist.importers.pipeline import import_text
from archivist.progress import Cancelled, CancelToken


def three_articles(archive) -> list[int]:
    texts = [
        "Protesters filled the main square of Almaty on Wednesday evening.",
        "The government resigned after fuel prices doubled overnight in Zhanaozen.",
        "Troops from the CSTO alliance landed at the airport on Thursday morning.",
    ]
    return [import_text(archive, t).imported[0].id for t in texts]


def test_check_finds_missing_stale_and_extra_index_entries(archive) -> None:
    first, second, _third = three_articles(archive)
    with archive.index.writer() as writer:
        archive.index.delete(writer, [first])
        archive.index.add(writer, [{"id": 999, "rev": 1, "title": "ghost", "text": "ghost"}])
    with archive.db.atomic():
        archive.db.execute(
            "UPDATE articles SET rev = ?, source = 'AFP' WHERE id = ?",
            [articles.next_rev(archive.db), second],
        )
    report = check(archive)
    assert not report.ok
    kinds = {(p.kind, p.article_id) for p in report.problems}
    assert kinds == {("index-missing", first), ("index-stale", second), ("index-extra", 999)}
    repaired = check(archive, repair=True)
    assert repaired.ok and repaired.repaired
    assert archive.search("source:afp").hits[0].id == second
    assert archive.search("ghost").total == 0
    assert archive.search("Almaty").hits[0].id == first


def test_index_behind_the_database_is_healed_on_open(archive_dir: Path) -> None:
    with open_archive(archive_dir) as archive:
        ids = three_articles(archive)
        # As after a crash between the database commit and the index commit:
        with archive.index.writer() as writer:
            archive.index.delete(writer, ids[1:])
    with open_archive(archive_dir) as archive:
        assert archive.search("Zhanaozen").total == 1
        assert check(archive).ok


def _damage_the_index(archive_dir: Path) -> None:
    for segment in (archive_dir / "index").glob("*.seg"):
        segment.write_bytes(b"garbage")
    for toc in (archive_dir / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")


def test_index_of_another_version_or_damaged_is_rebuilt_and_says_why(
    archive_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with open_archive(archive_dir) as archive:
        three_articles(archive)
    (archive_dir / "index" / "archivist-index.json").write_text('{"version": -1}')
    with open_archive(archive_dir) as archive:
        assert archive.search("Almaty").total == 1
        assert archive.index.rebuild_reason is not None
        assert "another format (version -1" in archive.index.rebuild_reason
    assert "search index is rebuilt from the database (3 articles)" in caplog.text
    caplog.clear()
    _damage_the_index(archive_dir)
    with open_archive(archive_dir) as archive:
        assert archive.search("Zhanaozen").total == 1
        assert (archive.index.rebuild_reason or "").startswith("it could not be read (")
    assert "could not be read" in caplog.text
    with open_archive(archive_dir) as archive:
        assert archive.index.rebuild_reason is None  # healthy again: nothing to say


def test_the_command_line_says_when_it_rebuilt_the_index(archive_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from archivist.cli.main import main

    with open_archive(archive_dir) as archive:
        three_articles(archive)
    _damage_the_index(archive_dir)
    assert main(["--archive", str(archive_dir), "--json", "search", "Zhanaozen"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["total"] == 1
    assert "archivist: warning: the search index is rebuilt from the database (3 articles): " in (
        captured.err
    )
    assert main(["--archive", str(archive_dir), "--json", "search", "Zhanaozen"]) == 0
    assert capsys.readouterr().err == ""  # once rebuilt, nothing more to say


def test_reindex_rebuilds_everything_and_a_cancelled_one_keeps_the_old_index(archive) -> None:
    three_articles(archive)
    assert reindex(archive) == 3
    assert archive.search("CSTO").total == 1
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        reindex(archive, cancel=cancel)
    assert archive.search("CSTO").total == 1
    assert not (archive.root / "index.rebuild").exists()


def test_crash_leftovers_and_lost_originals(archive) -> None:
    [first, *_] = three_articles(archive)
    leftover = archive.originals.root / "ab" / ".tmp-crashed"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"half a file")
    report = check(archive)
    assert [p.kind for p in report.problems] == ["partial-file"]
    assert check(archive, repair=True).ok and not leftover.exists()
    sha = archive.article(first).original_sha256
    archive.originals.path_for(sha).unlink()
    report = check(archive, repair=True)
    assert not report.ok and report.problems[0].kind == "original-missing"


def _write_corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    for number in range(count):
        (folder / f"wire-{number:04d}.txt").write_text(
            f"Wire report {number} from Almaty.\n\n"
            + f"Security forces and protesters clashed again, report number {number} said. " * 30,
            encoding="utf-8",
        )


def _wait_for_articles(
    db_path: Path, at_least: int, process: subprocess.Popen, timeout: float = 120
) -> None:
    """Poll the database (read-only) until `at_least` articles are committed."""
    import sqlite3

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if db_path.exists():
            try:
                conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
                count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                conn.close()
                if count >= at_least:
                    return
            except sqlite3.Error:
                pass
        time.sleep(0.01)


@pytest.mark.parametrize("kill_after", [1, 150, 420])
def test_kill_during_import_loses_nothing_committed(tmp_path: Path, kill_after: int) -> None:
    total = 600
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, total)
    archive_dir = tmp_path / "archive"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [
        sys.executable,
        "-m",
        "archivist",
        "--archive",
        str(archive_dir),
        "import",
        str(corpus),
        "--json",
    ]
    victim = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    _wait_for_articles(archive_dir / "archive.db", kill_after, victim)
    os.killpg(victim.pid, signal.SIGKILL)  # the importer and its helper processes
    victim.wait()
    with open_archive(archive_dir) as archive:  # heals the index on open
        before = archive.count()
        assert kill_after <= before < total, "the kill did not land during the import"
        assert check(archive, repair=True).ok
        assert archive.search("Almaty", limit=1).total == before
    finished = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    report = json.loads(finished.stdout)
    assert finished.returncode == 0, finished.stderr
    assert len(report["imported"]) == total - before
    assert len(report["duplicates"]) == before
    with open_archive(archive_dir) as archive:
        assert archive.count() == total
        assert check(archive).ok
