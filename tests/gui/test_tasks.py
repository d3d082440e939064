"""The task runner: work off the GUI thread, results on it, one writer, drained on shutdown."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from PySide6.QtCore import QThread

from archivist.gui.tasks import ProgressRelay, SyncTaskRunner, TaskRunner
from archivist.progress import ProgressEvent


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def test_work_runs_off_the_gui_thread_and_results_arrive_on_it(qtbot, runner: TaskRunner) -> None:
    main = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["delivered_on_gui"] = QThread.currentThread() is qtbot_app_thread()

    with qtbot.waitSignal(
        runner.busy_changed, timeout=5000, check_params_cb=lambda: not runner.busy
    ):
        runner.run(work, on_done=done)
    assert seen["worker"] != main
    assert seen["result"] == 42
    assert seen["delivered_on_gui"] is True


def qtbot_app_thread() -> QThread:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    return app.thread()


def test_errors_reach_on_error_or_task_failed(qtbot, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad")

    with qtbot.waitSignal(
        runner.busy_changed, timeout=5000, check_params_cb=lambda: not runner.busy
    ):
        runner.run(boom, on_error=errors.append)
    assert isinstance(errors[0], ValueError)
    with qtbot.waitSignal(runner.task_failed, timeout=5000) as blocker:
        runner.run(boom)
    assert isinstance(blocker.args[0], ValueError)


def test_writes_run_one_at_a_time_in_order(qtbot, runner: TaskRunner) -> None:
    spans: list[tuple[int, float, float]] = []
    lock = threading.Lock()

    def write(n: int) -> int:
        start = time.perf_counter()
        time.sleep(0.03)
        with lock:
            spans.append((n, start, time.perf_counter()))
        return n

    results: list[int] = []
    for n in range(4):
        runner.run(lambda n=n: write(n), on_done=results.append, write=True)
    qtbot.waitUntil(lambda: len(results) == 4, timeout=5000)
    assert results == [0, 1, 2, 3]
    ordered = sorted(spans, key=lambda s: s[1])
    assert [n for n, *_ in ordered] == [0, 1, 2, 3]
    for (_a, _s1, end), (_b, start, _e2) in itertools.pairwise(ordered):
        assert start >= end  # never overlapping


def test_shutdown_drains_running_writes(qtbot) -> None:
    runner = TaskRunner()
    finished = threading.Event()

    def slow() -> None:
        time.sleep(0.2)
        finished.set()

    runner.run(slow, write=True)
    assert runner.shutdown(5000)
    assert finished.is_set()
    runner.run(lambda: None)  # refused after shutdown, without error


def test_progress_relay_delivers_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    relay = ProgressRelay()
    events: list[tuple[int, bool]] = []
    relay.progressed.connect(
        lambda e: events.append((e.done, QThread.currentThread() is qtbot_app_thread()))
    )

    def work() -> None:
        for i in range(3):
            relay.report(ProgressEvent(i + 1, 3, "file"))

    runner.run(work)
    qtbot.waitUntil(lambda: len(events) == 3, timeout=5000)
    assert events == [(1, True), (2, True), (3, True)]


def test_sync_runner_runs_at_once() -> None:
    runner = SyncTaskRunner()
    out: list[int] = []
    runner.run(lambda: 1, on_done=out.append)
    runner.run(lambda: 2, on_done=out.append, write=True)
    errors: list[BaseException] = []
    runner.run(lambda: 1 / 0, on_error=errors.append)
    assert out == [1, 2]
    assert isinstance(errors[0], ZeroDivisionError)
    assert runner.ran == ["read", "write", "read"]
