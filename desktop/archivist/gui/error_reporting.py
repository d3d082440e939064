"""Unexpected errors: logged with their traceback to a rotating file and shown in a dialog."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from archivist.paths import APP_AUTHOR, APP_NAME

log = logging.getLogger("archivist.errors")

LOG_FILE_NAME = "archivist.log"
_HANDLER_NAME = "archivist-file-log"
_log_path: Path | None = None


def current_log_path() -> Path | None:
    """The log file set up by configure_file_logging, if any (shown in error messages)."""
    return _log_path


def default_log_dir() -> Path:
    """The platform's log folder for Archivist (e.g. ~/.local/state/Archivist/log)."""
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def configure_file_logging(log_dir: Path | None = None) -> Path:
    """Send log records of level INFO and up to a rotating `archivist.log`; returns its path.

    Calling it again with the same folder does not add a second handler.
    """
    global _log_path
    folder = log_dir if log_dir is not None else default_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in root.handlers:
        if (
            isinstance(handler, RotatingFileHandler)
            and handler.get_name() == _HANDLER_NAME
            and Path(handler.baseFilename) == path
        ):
            _log_path = path
            return path
    # Five files of 1 MB: enough history for a bug report, never a disk-filler.
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    _log_path = path
    return path


def stop_file_logging() -> None:
    """Detach and close the log file handler (on quit; tests)."""
    global _log_path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    _log_path = None


class ErrorDialog(QMessageBox):
    """A short message, the traceback behind "Show Details…", and where the log is."""

    def __init__(
        self, message: str, details: str, log_path: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("Archivist — unexpected error")
        self.setText(
            "Something unexpected went wrong. Your archive is safe: every change already made "
            "is saved, and you can keep working."
        )
        where = f"\n\nThe details are in the log:\n{log_path}" if log_path is not None else ""
        self.setInformativeText(f"{message}{where}")
        self.setDetailedText(details)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)


class ErrorReporter(QObject):
    """Installs `sys.excepthook` and `threading.excepthook`; lives on the GUI thread.

    Exceptions from other threads are logged there and shown through a queued signal, because
    a dialog may only be opened on the GUI thread.
    """

    error_reported = Signal(str, str)  # short message, traceback
    _posted = Signal(str, str)

    def __init__(
        self,
        log_path: Path | None,
        parent: QObject | None = None,
        *,
        parent_widget: Callable[[], QWidget | None] = QApplication.activeWindow,
    ) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.parent_widget = parent_widget
        self.last_dialog: ErrorDialog | None = None
        self._showing = False
        self._previous_hook: Callable[..., object] | None = None
        self._previous_thread_hook: Callable[..., object] | None = None
        self._posted.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle_exception
        threading.excepthook = self._handle_thread_exception

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook  # type: ignore[assignment]
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook  # type: ignore[assignment]
        self._previous_hook = self._previous_thread_hook = None
        stop_file_logging()

    def handle_exception(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            # Ctrl+C in the terminal should still stop the application.
            (self._previous_hook or sys.__excepthook__)(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error: %s\n%s", error, details)
        message = f"{kind.__name__}: {error}"
        if threading.current_thread() is threading.main_thread():
            self._show(message, details)
        else:
            self._posted.emit(message, details)

    def _handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle_exception(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str, str)
    def _show(self, message: str, details: str) -> None:
        self.error_reported.emit(message, details)
        if self._showing:
            # An error inside the dialog's own event loop: logged; one dialog at a time.
            return
        self._showing = True
        try:
            dialog = ErrorDialog(message, details, self.log_path, self.parent_widget())
            self.last_dialog = dialog
            dialog.exec()
        finally:
            self._showing = False


def install_error_reporting(log_dir: Path | None = None) -> ErrorReporter:
    """Log to the platform log folder and show unexpected errors; the app keeps running."""
    try:
        log_path: Path | None = configure_file_logging(log_dir)
    except OSError as exc:  # a read-only home must not stop the application
        log.warning("cannot write the log file: %s", exc)
        log_path = None
    reporter = ErrorReporter(log_path, QApplication.instance())
    reporter.install()
    return reporter
