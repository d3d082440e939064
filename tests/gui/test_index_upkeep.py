"""The window merges its index's segments in the background: when imports added enough,
with its progress in the status bar, and stopped when the window closes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from archivist.archive import open_archive
from archivist.gui import app as app_module
from archivist.gui import index_upkeep
from archivist.gui.app import ArchivistApp
from archivist.gui.index_upkeep import IndexUpkeep
from archivist.gui.tasks import TaskRunner
from archivist.index import merging
from archivist.index.merging import MergeReport
from archivist.index.store import ArchiveIndex
from archivist.progress import ProgressEvent


class FakeMerge:
    """Stands in for BackgroundMerge: the test says what `poll` gives next."""

    def __init__(self, index_dir: Path, segment_ids: list[str]) -> None:
        self.index_dir, self.segment_ids = index_dir, segment_ids
        self.latest: ProgressEvent | None = None
        self.outcome: tuple[str, Any] | None = None
        self.stopped = False
        started.append(self)

    def poll(self) -> tuple[str, Any] | None:
        return self.outcome

    def stop(self) -> None:
        self.stopped = True


started: list[FakeMerge] = []


@pytest.fixture(autouse=True)
def _no_fakes_left() -> None:
    started.clear()


def _plan(monkeypatch: pytest.MonkeyPatch, ids: list[str]) -> None:
    monkeypatch.setattr(index_upkeep, "planned_merge", lambda _dir: ids)


def test_no_merge_starts_while_none_is_worth_it(qtbot, tmp_path: Path, monkeypatch) -> None:
    _plan(monkeypatch, [])
    upkeep = IndexUpkeep(tmp_path, start_merge=FakeMerge)
    assert upkeep.consider() is False
    assert not started and not upkeep.running


def test_progress_and_outcome_reach_the_status_bar(
    qtbot, demo_session, make_window, monkeypatch
) -> None:
    window = make_window(demo_session)
    upkeep = IndexUpkeep(demo_session.archive.index.directory, window, start_merge=FakeMerge)
    window.attach_index_upkeep(upkeep)
    _plan(monkeypatch, ["MAIN_a", "MAIN_b", "MAIN_c"])

    assert upkeep.consider() is True
    assert upkeep.consider() is False  # one at a time
    assert len(started) == 1 and started[0].segment_ids == ["MAIN_a", "MAIN_b", "MAIN_c"]
    assert window.upkeep_label.isVisibleTo(window)
    assert "Optimising the search index" in window.upkeep_label.text()

    started[0].latest = ProgressEvent(1, 4, "Merging index segment 2 of 4")
    upkeep._poll()
    assert window.upkeep_label.text().endswith("25% copied")
    started[0].latest = ProgressEvent(4, 4, "Writing the merged index segment")
    upkeep._poll()
    assert window.upkeep_label.text().endswith("writing")

    started[0].outcome = ("done", MergeReport(3, 4, 2, 1200, 12.0))
    with qtbot.waitSignal(upkeep.finished) as finished:
        upkeep._poll()
    assert finished.args == [
        "Search index merged: 3 segments into one (1,200 articles, 4 → 2 segments, 12 s)",
        False,
    ]
    assert not window.upkeep_label.isVisibleTo(window)
    assert "Search index merged" in window.statusBar().currentMessage()
    assert not upkeep.running
    assert upkeep.consider() is True  # the next import may start the next one


def test_a_failed_merge_is_reported_not_raised(qtbot, tmp_path: Path, monkeypatch) -> None:
    _plan(monkeypatch, ["MAIN_a", "MAIN_b"])
    upkeep = IndexUpkeep(tmp_path, start_merge=FakeMerge)
    upkeep.consider()
    started[0].outcome = ("error", "OSError: [Errno 28] No space left on device")
    with qtbot.waitSignal(upkeep.finished) as finished:
        upkeep._poll()
    assert finished.args[1] is True
    assert "could not be optimised: OSError: [Errno 28] No space left" in finished.args[0]


def test_stopping_stops_the_merge_and_starts_no_other(qtbot, tmp_path: Path, monkeypatch) -> None:
    _plan(monkeypatch, ["MAIN_a", "MAIN_b"])
    upkeep = IndexUpkeep(tmp_path, start_merge=FakeMerge)
    upkeep.consider()
    upkeep.stop()
    assert started[0].stopped and not upkeep.running
    assert upkeep.consider() is False


def _archive_with_segments(root: Path, demo_template: Path) -> tuple[int, int]:
    """A copy of the demo archive whose index has several segments (its annotations and
    two edits each made one): its article and segment counts."""
    import shutil

    shutil.copytree(demo_template, root)
    with open_archive(root) as archive:
        archive.reindex_articles([1, 2])
        archive.reindex_articles([3])
        assert archive.index.segment_count() > 2
        return archive.count(), archive.index.segment_count()


def test_a_real_merge_runs_in_its_own_process(
    qtbot, tmp_path: Path, demo_template, monkeypatch
) -> None:
    count, segments = _archive_with_segments(tmp_path / "archive", demo_template)
    index_dir = tmp_path / "archive" / "index"
    # (The policy would wait for larger segments: the plan is made here, as it would be.)
    _plan(monkeypatch, [s.segment_id() for s in ArchiveIndex(index_dir).ix._segments()])
    upkeep = IndexUpkeep(index_dir)
    with qtbot.waitSignal(upkeep.finished, timeout=60000) as finished:
        assert upkeep.consider()
    text, failed = finished.args
    assert not failed, text
    assert text.startswith(f"Search index merged: {segments} segments into one")
    index = ArchiveIndex(index_dir)
    assert index.segment_count() == 1
    assert index.doc_count() == count
    index.close()


def test_the_window_merges_after_it_opens_and_stops_when_it_closes(
    qtbot, tmp_path: Path, settings: QSettings, demo_template, monkeypatch
) -> None:
    root = tmp_path / "archive"
    count, segments = _archive_with_segments(root, demo_template)
    monkeypatch.setattr(merging, "LARGE_SEGMENT_DOCS", 1)  # the demo's segments count as large
    monkeypatch.setattr(app_module, "UPKEEP_DELAY_MS", 0)
    app = ArchivistApp(settings, TaskRunner())
    window = app.open_window(root, create=False)
    assert window is not None and window.index_upkeep is not None
    messages: list[str] = []
    window.index_upkeep.finished.connect(lambda text, _failed: messages.append(text))
    qtbot.waitUntil(lambda: bool(messages), timeout=60000)
    assert messages[0].startswith("Search index merged:")
    assert window.session.archive.index.segment_count() < segments
    assert window.session.archive.search("Tokayev").total > 0
    assert window.session.archive.count() == count

    window.close()
    app.shutdown()
    assert window.index_upkeep._stopped
