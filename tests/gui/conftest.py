"""GUI test setup: Qt renders offscreen; this must happen before the first Qt import."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from archivist.archive import Archive, open_archive
from archivist.gui.compat import install_guards
from archivist.gui.demo import fill_demo_archive
from archivist.gui.main_window import MainWindow
from archivist.gui.session import ArchiveSession
from archivist.gui.tasks import SyncTaskRunner
from archivist.importers.pipeline import ImportOptions

# PySide6 6.12.0 on Python 3.11 steals references to None and True (see gui.compat); without
# the guard the test process aborts after a few thousand Qt calls.
install_guards()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, built once; tests get copies (building takes about a second)."""
    root = tmp_path_factory.mktemp("demo-template") / "archive"
    with open_archive(root) as archive:
        fill_demo_archive(archive)
    return root


@pytest.fixture
def demo_root(demo_template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    return root


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Explicit settings in a temporary file: tests never touch the user's."""
    return QSettings(str(tmp_path / "archivist-gui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_session() -> Iterator[Callable[[Path], ArchiveSession]]:
    """Opens sessions the GUI way (synchronous runner) and closes them after the test."""
    sessions: list[ArchiveSession] = []

    def make(root: Path, *, readonly: bool = False) -> ArchiveSession:
        archive = open_archive(root, access="read" if readonly else "write", heal_index=False)
        session = ArchiveSession(archive, SyncTaskRunner())
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


@pytest.fixture
def demo_session(demo_root: Path, open_session: Callable[[Path], ArchiveSession]) -> ArchiveSession:
    return open_session(demo_root)


class DialogScript:
    """Stands in for `dialog.exec()`: lets a test fill a dialog, then accept or reject it."""

    def __init__(self) -> None:
        self.steps: list[Callable[[QDialog], bool]] = []
        self.seen: list[QDialog] = []

    def then(self, step: Callable[[QDialog], bool]) -> DialogScript:
        self.steps.append(step)
        return self

    def __call__(self, dialog: QDialog) -> int:
        self.seen.append(dialog)
        step = self.steps.pop(0) if self.steps else (lambda _d: False)
        accepted = step(dialog)
        return int(QDialog.DialogCode.Accepted if accepted else QDialog.DialogCode.Rejected)


@pytest.fixture
def dialogs() -> DialogScript:
    return DialogScript()


@pytest.fixture
def make_window(qtbot, settings: QSettings, dialogs: DialogScript):  # type: ignore[no-untyped-def]
    def make(session: ArchiveSession, **kwargs: object) -> MainWindow:
        window = MainWindow(
            session,
            settings,
            dialog_runner=dialogs,
            import_options=ImportOptions(workers=0),
            **kwargs,  # type: ignore[arg-type]
        )
        qtbot.addWidget(window)
        window.resize(1400, 860)
        window.show()
        qtbot.waitExposed(window)
        # Window shortcuts (Ctrl+Z, Ctrl+E...) only fire in the active window.
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        # (The window counts its archive on a read thread: ready once it has.)
        qtbot.waitUntil(lambda: window.article_count >= 0, timeout=5000)
        return window

    return make


def archive_of(session: ArchiveSession) -> Archive:
    return session.archive


@pytest.fixture(autouse=True)
def _private_log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """run_app logs to the platform log folder: tests log to a temporary one instead."""
    from archivist.gui import error_reporting

    log_dir = tmp_path / "log"
    monkeypatch.setattr(error_reporting, "default_log_dir", lambda: log_dir)
    return log_dir
