"""Unexpected errors: written to the log file with their traceback and shown in a dialog."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from archivist.errors import ArchivistError
from archivist.gui.error_reporting import ErrorDialog, ErrorReporter, configure_file_logging
from archivist.gui.tasks import SyncTaskRunner


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[ErrorDialog]:
    """Dialogs the reporter opened; exec returns at once instead of waiting for a click."""
    dialogs: list[ErrorDialog] = []

    def fake_exec(self: ErrorDialog) -> int:
        dialogs.append(self)
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(ErrorDialog, "exec", fake_exec)
    return dialogs


@pytest.fixture
def reporter(tmp_path: Path) -> Iterator[ErrorReporter]:
    log_path = configure_file_logging(tmp_path / "logs")
    reporter = ErrorReporter(log_path, parent_widget=lambda: None)
    reporter.install()
    try:
        yield reporter
    finally:
        reporter.uninstall()


def test_error_in_a_slot_is_logged_and_shown_and_the_app_goes_on(
    qtbot, reporter: ErrorReporter, shown: list[ErrorDialog]
) -> None:
    button = QPushButton("Break")
    qtbot.addWidget(button)

    def broken_slot() -> None:
        raise ValueError("the slot broke")

    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert len(shown) == 1
    dialog = shown[0]
    assert "ValueError: the slot broke" in dialog.informativeText()
    assert str(reporter.log_path) in dialog.informativeText()
    assert "broken_slot" in dialog.detailedText()
    assert "Traceback" in dialog.detailedText()
    assert reporter.log_path is not None
    log_text = reporter.log_path.read_text(encoding="utf-8")
    assert "the slot broke" in log_text and "broken_slot" in log_text
    # Still running: the next click is handled (and reported) too.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(shown) == 2


def test_hooks_are_installed_and_restored(tmp_path: Path) -> None:
    before, before_thread = sys.excepthook, threading.excepthook
    reporter = ErrorReporter(tmp_path / "x.log", parent_widget=lambda: None)
    reporter.install()
    assert sys.excepthook == reporter.handle_exception
    assert threading.excepthook != before_thread
    reporter.uninstall()
    assert sys.excepthook is before and threading.excepthook is before_thread


def test_error_in_a_python_thread_is_shown_on_the_gui_thread(
    qtbot, reporter: ErrorReporter, shown: list[ErrorDialog]
) -> None:
    def work() -> None:
        raise RuntimeError("worker exploded")

    thread = threading.Thread(target=work)
    with qtbot.waitSignal(reporter.error_reported, timeout=5000):
        thread.start()
        thread.join()
    assert len(shown) == 1 and "worker exploded" in shown[0].informativeText()
    assert reporter.log_path is not None
    assert "worker exploded" in reporter.log_path.read_text(encoding="utf-8")


def test_task_errors_that_become_messages_are_logged_too(
    reporter: ErrorReporter, shown: list[ErrorDialog]
) -> None:
    runner = SyncTaskRunner()
    messages: list[str] = []

    def failing_task() -> None:
        raise KeyError("missing row")

    def failing_typed_task() -> None:
        raise ArchivistError("the archive is locked")

    runner.run(failing_task, on_error=lambda e: messages.append(str(e)))
    runner.run(failing_typed_task, on_error=lambda e: messages.append(str(e)))

    assert len(messages) == 2 and not shown  # the callbacks own the message
    assert reporter.log_path is not None
    log_text = reporter.log_path.read_text(encoding="utf-8")
    assert "missing row" in log_text and "failing_task" in log_text  # with its traceback
    assert "WARNING" in log_text and "the archive is locked" in log_text


def test_a_failed_task_without_callback_shows_the_traceback_in_the_window(
    demo_session, make_window, dialogs
) -> None:
    window = make_window(demo_session)

    def broken(_archive: object) -> None:
        raise ZeroDivisionError("bad maths")

    demo_session.read(broken)
    assert dialogs.seen, "no dialog shown"
    dialog = dialogs.seen[-1]
    assert isinstance(dialog, ErrorDialog)
    assert "bad maths" in dialog.informativeText()
    assert "ZeroDivisionError" in dialog.detailedText()
    assert window.isVisible()
