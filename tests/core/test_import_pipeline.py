"""The import pipeline: folders, duplicates, per-file failures, limits, cancel, atomicity."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archivist.archive.maintenance import check
from archivist.errors import ArchiveWriteError
from archivist.importers.pipeline import ImportOptions, collect_files, import_paths, import_text
from archivist.importers.workers import ExtractionJob, ExtractionPool
from archivist.progress import CancelToken, ProgressEvent

ARTICLE = "Protesters gathered in Almaty on Wednesday.\n\nPolice used tear gas, witnesses said."


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_scan_is_sorted_skips_hidden_and_honours_recursive(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "b")
    write(tmp_path, "a.txt", "a")
    write(tmp_path, ".hidden.txt", "h")
    write(tmp_path, "~$lock.docx", "l")
    write(tmp_path, "sub/c.txt", "c")
    flat, _ = collect_files([tmp_path], recursive=False)
    deep, _ = collect_files([tmp_path], recursive=True)
    assert [p.name for p in flat] == ["a.txt", "b.txt"]
    assert [p.name for p in deep] == ["a.txt", "b.txt", "c.txt"]


def test_symlink_loops_do_not_trap_the_walk(tmp_path: Path) -> None:
    write(tmp_path, "sub/a.txt", "a")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    files, failed = collect_files([tmp_path], recursive=True)
    assert [p.name for p in files] == ["a.txt"] and failed == []


def test_batch_goes_on_after_bad_files(archive, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", ARTICLE)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    report = import_paths(
        archive, [empty, binary, good, tmp_path / "missing.txt"], options=ImportOptions(workers=1)
    )
    assert [Path(i.path).name for i in report.imported] == ["good.txt"]
    reasons = {Path(f.path).name: f.error for f in report.failed}
    assert set(reasons) == {"empty.txt", "blob.txt", "missing.txt"}
    assert all(reasons.values())
    assert check(archive).ok


def test_size_cap(archive, tmp_path: Path) -> None:
    big = write(tmp_path, "big.txt", "word " * 5000)
    report = import_paths(archive, [big], options=ImportOptions(max_bytes=1000, workers=0))
    assert report.imported == []
    assert "over the import limit" in report.failed[0].error


def test_the_default_size_limit_is_said_in_the_unit_it_is_set_in(archive, tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as file:  # sparse: 105 MB (100 MiB and a little) without writing it
        file.truncate(100 * 1024 * 1024 + 1)
    report = import_paths(archive, [big], options=ImportOptions(workers=0))
    assert report.failed[0].error == ("the file is 100.0 MiB, over the import limit of 100 MiB")


def test_same_bytes_under_another_name_is_a_duplicate(archive, tmp_path: Path) -> None:
    first = write(tmp_path, "one.txt", ARTICLE)
    second = write(tmp_path, "copy of one.txt", ARTICLE)
    report = import_paths(archive, [first, second], options=ImportOptions(workers=0))
    assert len(report.imported) == 1
    assert report.duplicates[0].path == str(second)
    assert report.duplicates[0].id == report.imported[0].id
    assert archive.count() == 1


def test_same_text_in_another_format_is_a_duplicate(archive, tmp_path: Path) -> None:
    txt = write(tmp_path, "story.txt", ARTICLE)
    md = write(tmp_path, "story.md", ARTICLE + "\n")
    report = import_paths(archive, [txt, md], options=ImportOptions(workers=0))
    assert len(report.imported) == 1 and len(report.duplicates) == 1


def test_progress_and_cancel(archive, tmp_path: Path) -> None:
    paths = [
        write(tmp_path, f"a{i}.txt", f"Article number {i} about Almaty.\n\n{ARTICLE} {i}")
        for i in range(12)
    ]
    events: list[ProgressEvent] = []
    cancel = CancelToken()

    def on_progress(event: ProgressEvent) -> None:
        events.append(event)
        if event.done == 5:
            cancel.cancel()

    report = import_paths(
        archive,
        paths,
        options=ImportOptions(workers=0, batch_files=2),
        progress=on_progress,
        cancel=cancel,
    )
    assert report.cancelled
    assert 5 <= len(report.imported) < 12
    assert events[0].total == 12
    # What was imported before the cancel is committed, indexed and consistent.
    assert archive.count() == len(report.imported)
    assert archive.search("Almaty").total == len(report.imported)
    assert check(archive).ok
    rest = import_paths(archive, paths, options=ImportOptions(workers=0))
    assert len(rest.imported) == 12 - len(report.imported)
    assert len(rest.duplicates) == len(report.imported)


def test_worker_pool_imports_in_order(archive, tmp_path: Path) -> None:
    paths = [
        write(tmp_path, f"n{i:02d}.txt", f"Report {i} on the Almaty protests.\n\n{ARTICLE} ({i})")
        for i in range(10)
    ]
    report = import_paths(archive, paths, options=ImportOptions(workers=2))
    assert [Path(i.path).name for i in report.imported] == [p.name for p in paths]
    assert [i.id for i in report.imported] == sorted(i.id for i in report.imported)


def test_a_file_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    page = (
        "<html><body>"
        + "<div><p>Some paragraph text about Almaty.</p></div>" * 60000
        + "</body></html>"
    )
    quick = "A short text about Almaty and the protests there.\n"
    jobs = [
        ExtractionJob("slow", page.encode(), "slow.html"),
        ExtractionJob("quick", quick.encode(), "quick.txt"),
    ]
    with ExtractionPool(1, timeout_s=0.2) as pool:
        outcomes = {job.key: outcome for job, outcome in pool.run(jobs)}
    assert "longer than 0.2 s" in str(outcomes["slow"].error)
    assert outcomes["quick"].error is None and outcomes["quick"].prepared


def test_pasted_text(archive) -> None:
    report = import_text(archive, ARTICLE, source="Telegram channel", published="2022-01-05")
    article = archive.article(report.imported[0].id)
    assert article.title == "Protesters gathered in Almaty on Wednesday."
    assert article.source == "Telegram channel" and article.published == "2022-01-05"
    assert article.format == "text" and article.language == "en"
    assert import_text(archive, "   ").failed


def test_nothing_half_written_when_the_database_write_fails(
    archive, tmp_path: Path, monkeypatch
) -> None:
    from archivist.archive import articles

    path = write(tmp_path, "x.txt", ARTICLE)

    def explode(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(articles, "insert_article", explode)
    with pytest.raises(ArchiveWriteError, match="disk is full") as failed:
        import_paths(archive, [path], options=ImportOptions(workers=0))
    assert failed.value.report.imported == []
    assert archive.count() == 0
    assert archive.db.execute("SELECT count(*) FROM originals").fetchone()[0] == 0
    assert check(archive, repair=True).ok


@pytest.mark.parametrize("indexer", ["InProcessIndexer", "ProcessIndexer"])
def test_long_imports_commit_the_index_in_growing_then_capped_stretches(
    archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indexer: str
) -> None:
    from archivist.importers import indexing

    stretches: list[int] = []
    cls = getattr(indexing, indexer)
    real_add, real_commit = cls.add, cls.commit

    def add(self, rows):  # type: ignore[no-untyped-def]
        self.spied = getattr(self, "spied", 0) + len(rows)
        real_add(self, rows)

    def commit(self):  # type: ignore[no-untyped-def]
        stretches.append(getattr(self, "spied", 0))
        self.spied = 0
        real_commit(self)

    monkeypatch.setattr(cls, "add", add)
    monkeypatch.setattr(cls, "commit", commit)
    for n in range(40):
        (tmp_path / f"{n:02}.txt").write_text(f"Article number {n} about Almaty.\n", "utf-8")
    in_process = indexer == "InProcessIndexer"
    options = ImportOptions(
        workers=0 if in_process else 1,  # (the index process comes with extraction workers)
        batch_files=1,
        index_commit_every=2,
        index_commit_most=8,
        index_process_min_files=1000 if in_process else 1,
    )
    report = import_paths(archive, [tmp_path], options=options)
    assert len(report.imported) == 40
    # Stretches of 2, 4, 8, then 8 at the most; the rest at the end (when it closes).
    assert stretches[:6] == [2, 4, 8, 8, 8, 8]
    assert sum(stretches) <= 40
    assert archive.search("Almaty", limit=50).total == 40
