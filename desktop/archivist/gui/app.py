"""Starting the desktop application: QApplication set-up, which archive to open, windows, shutdown."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QSplashScreen

from archivist import __version__
from archivist.archive.query_process import QueryProcess
from archivist.archive.rolling import restore_backup
from archivist.errors import ArchivistError
from archivist.gui import theme
from archivist.gui.compat import install_guards
from archivist.gui.demo import create_demo_archive, make_demo_dir, remove_demo_dir
from archivist.gui.error_reporting import install_error_reporting
from archivist.gui.icons import app_icon
from archivist.gui.index_upkeep import IndexUpkeep
from archivist.gui.main_window import MainWindow
from archivist.gui.opening import is_archive, open_for_gui
from archivist.gui.preferences import load_preferences, remember_archive
from archivist.gui.session import ArchiveSession
from archivist.gui.tasks import Runner, TaskRunner
from archivist.paths import APP_AUTHOR, APP_NAME, resolve_archive_dir

log = logging.getLogger(__name__)

# Set by packaging tests: show the window, print "window shown", quit.
SMOKE_TEST_ENV = "ARCHIVIST_SMOKE_TEST"
#: How long after the window's first list a background index merge may start: the query
#: helper's start-up and the analyst's first searches come first.
UPKEEP_DELAY_MS = 5000

ORGANISATION = APP_AUTHOR
ORGANISATION_DOMAIN = "archivist.local"


def configure_application(app: QApplication) -> None:
    """Names (they place QSettings), icon and theme."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setOrganizationDomain(ORGANISATION_DOMAIN)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("archivist")
    theme.apply_theme(app)
    theme.follow_system_scheme(app)
    # Searches and imports run pure-Python work (Whoosh) on worker threads; a shorter GIL
    # switch interval (default 5 ms) hands the GUI thread its turn sooner while they run.
    sys.setswitchinterval(0.001)


class ArchivistApp(QObject):
    """Owns the task runner and the windows; opens archives for them."""

    def __init__(
        self, settings: QSettings, runner: Runner | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = runner if runner is not None else TaskRunner(self)
        self.windows: list[MainWindow] = []
        self.demo_roots: list[Path] = []
        self._closing: list[MainWindow] = []

    # --- opening ------------------------------------------------------------------------------

    def open_window(
        self,
        root: Path,
        *,
        demo: bool = False,
        create: bool = True,
        replacing: MainWindow | None = None,
    ) -> MainWindow | None:
        """Open `root` in a new window (closing `replacing` once it shows); None if it cannot."""
        archive = open_for_gui(root, replacing, create=create)
        if archive is None:
            return None
        query_process = None
        if isinstance(self.runner, TaskRunner):  # (tests' SyncTaskRunner: queries in-thread)
            query_process = QueryProcess(archive.root)
        session = ArchiveSession(archive, self.runner, query_process=query_process)
        window = MainWindow(session, self.settings, demo=demo)
        if query_process is not None and not archive.readonly:
            self._keep_index_fast(window)
        if query_process is not None:
            # Started once the library is listed: the window comes first, the helper (about
            # a second of start-up on the other core) before the analyst's first search.
            window.library.results_changed.connect(
                lambda _result, q=query_process: q.start_in_background(),
                Qt.ConnectionType.SingleShotConnection,
            )
        window.archive_requested.connect(lambda path, w=window: self.switch_to(Path(path), w))
        window.new_archive_requested.connect(lambda path, w=window: self.create_new(Path(path), w))
        window.demo_requested.connect(lambda w=window: self.open_demo(replacing=w))
        window.restore_requested.connect(lambda path, w=window: self.restore(w, Path(path)))
        window.closed.connect(lambda w=window: self.window_closed(w))
        self.windows.append(window)
        if not demo:
            remember_archive(self.settings, archive.root)
        window.show()
        if replacing is not None:
            self.close_window(replacing)
        return window

    def _keep_index_fast(self, window: MainWindow) -> None:
        """Merge the index's segments in the background when imports have added enough:
        a while after the window opens (its first searches come first) and after imports."""
        upkeep = IndexUpkeep(window.session.archive.index.directory, window)
        window.index_upkeep = upkeep
        window.attach_index_upkeep(upkeep)
        window.session.articles_changed.connect(upkeep.consider)
        window.library.results_changed.connect(
            lambda _result: QTimer.singleShot(UPKEEP_DELAY_MS, upkeep, upkeep.consider),
            Qt.ConnectionType.SingleShotConnection,
        )

    def switch_to(self, root: Path, current: MainWindow) -> None:
        if root.resolve() == current.session.root.resolve():
            return
        if not is_archive(root):
            QMessageBox.warning(
                current,
                "Not an archive",
                f"{root} is not an Archivist archive (it has no archive.db).",
            )
            return
        self.open_window(root, create=False, replacing=current)

    def create_new(self, root: Path, current: MainWindow) -> None:
        if is_archive(root):
            self.open_window(root, replacing=current)
            return
        if root.exists() and any(root.iterdir()):
            # An archive is a folder of its own: put it inside the chosen one.
            root = root / "Archivist archive"
        self.open_window(root, replacing=current)

    def open_demo(self, replacing: MainWindow | None = None) -> None:
        """Build a demo archive in a temporary folder (on a worker thread), then open it."""
        root = make_demo_dir()
        self.demo_roots.append(root)
        splash: QSplashScreen | None = None
        if replacing is None:
            splash = QSplashScreen(app_icon().pixmap(160, 160))
            splash.showMessage(
                "Preparing the demo archive…",
                Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
            )
            splash.show()
        else:
            replacing.statusBar().showMessage("Preparing the demo archive…")

        def done(_root: Path) -> None:
            if splash is not None:
                splash.close()
            self.open_window(root, demo=True, replacing=replacing)

        def failed(error: BaseException) -> None:
            if splash is not None:
                splash.close()
            QMessageBox.warning(
                replacing, "Demo archive", f"The demo archive could not be prepared: {error}"
            )
            if not self.windows:
                QCoreApplication.quit()

        self.runner.run(
            lambda: create_demo_archive(root), on_done=done, on_error=failed, write=True
        )

    def restore(self, window: MainWindow, backup: Path) -> None:
        """Put a rolling backup of the window's archive in place and reopen the archive.

        The database cannot be replaced under open connections, so the window closes as it
        normally does (its work drained, its archive closed), then the backup is restored
        (restore_backup first saves the current database as a backup: a restore can be
        undone) and the archive reopens in a new window.
        """
        root = window.session.root
        quit_on_close = QApplication.quitOnLastWindowClosed()
        QApplication.setQuitOnLastWindowClosed(False)
        window.close()

        def after_close() -> None:
            self._finish(window)  # closes its archive if the close has not done so yet
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                # (The analyst confirmed it having seen both archives' counts.)
                restore_backup(root, backup, force=True)
                error: ArchivistError | None = None
            except ArchivistError as exc:
                error = exc
            finally:
                QApplication.restoreOverrideCursor()
            reopened = self.open_window(root, create=False)
            QApplication.setQuitOnLastWindowClosed(quit_on_close)
            if reopened is None:
                return
            if error is not None:
                QMessageBox.warning(
                    reopened, "Restore from Backup", f"The backup was not restored: {error}"
                )
            else:
                reopened.statusBar().showMessage(f"Restored the backup {backup.name}", 10000)

        # After window_closed's own deferred close (queued first, so it runs first).
        QTimer.singleShot(0, self, after_close)

    # --- closing ------------------------------------------------------------------------------

    def close_window(self, window: MainWindow) -> None:
        window.close()

    def window_closed(self, window: MainWindow) -> None:
        """A window closed: stop new work on its archive, drain what runs, then close it."""
        if window in self.windows:
            self.windows.remove(window)
        window.session.closing = True
        if window.index_upkeep is not None:
            window.index_upkeep.stop()  # safe at any moment; the next window merges again
        if window.session.query_process is not None:
            # First, so that a task waiting on a long search is released rather than waited for.
            window.session.query_process.close()
        # Tasks hold their own connections, but they must finish before the folder may go.
        self.runner.wait()
        self._closing.append(window)
        # Results of the drained tasks are already queued for the GUI thread and may still
        # read through the window's connection: close it after they have been delivered.
        QTimer.singleShot(0, self, lambda w=window: self._finish(w))

    def _finish(self, window: MainWindow) -> None:
        if window not in self._closing:
            return
        self._closing.remove(window)
        window.session.close()
        if window.demo:
            remove_demo_dir(window.session.root)

    def shutdown(self) -> None:
        for window in list(self.windows):
            self.window_closed(window)
        self.runner.shutdown()
        for window in list(self._closing):
            self._finish(window)
        for root in self.demo_roots:
            remove_demo_dir(root)


def startup_archive(archive: str | None, settings: QSettings) -> Path:
    """Which archive to open: the one named, else $ARCHIVIST_HOME, else the one in Settings.

    $ARCHIVIST_HOME beats the setting because it is set for this run on purpose (tests,
    scripts); without either, the platform's default folder.
    """
    if archive or os.environ.get("ARCHIVIST_HOME"):
        return resolve_archive_dir(archive)
    chosen = load_preferences(settings).archive_path
    return chosen if chosen is not None else resolve_archive_dir(None)


def run_app(
    archive: str | None = None,
    demo: bool = False,
    *,
    settings: QSettings | None = None,
    argv: list[str] | None = None,
    log_dir: Path | None = None,
) -> int:
    """Open the desktop application; returns its exit status.

    `archive` is the folder to open (default: $ARCHIVIST_HOME or the user data folder, created
    on first run); `demo` opens a throwaway archive with the demo articles instead.
    Unexpected errors are logged to `log_dir` (default: the platform log folder) and shown.
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    install_guards()
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    configure_application(app)
    reporter = install_error_reporting(log_dir)
    settings = settings if settings is not None else QSettings()
    controller = ArchivistApp(settings)
    if demo:
        controller.open_demo()
    else:
        root = startup_archive(archive, settings)
        if controller.open_window(root) is None:
            controller.shutdown()
            return 1
    app.setQuitOnLastWindowClosed(True)
    if os.environ.get(SMOKE_TEST_ENV):
        # From inside the event loop: closing the last window before exec() would not quit.
        QTimer.singleShot(0, controller, lambda: _report_window_then_quit(controller))
    try:
        status = app.exec()
    finally:
        controller.shutdown()
        controller.deleteLater()
        reporter.uninstall()
    return int(status)


def _report_window_then_quit(controller: ArchivistApp, waited_ms: int = 0) -> None:
    """Smoke-test mode (packaging checks): once a window shows, say so on stdout and quit."""
    # (Once counted: the window counts its archive on a read thread.)
    shown = [w for w in controller.windows if w.isVisible() and w.article_count >= 0]
    if shown:
        window = shown[0]
        print(f"window shown: {window.windowTitle()} ({window.article_count} articles)", flush=True)
        window.close()
        return
    if waited_ms > 60_000:
        print("no window shown", flush=True)
        QCoreApplication.exit(1)
        return
    QTimer.singleShot(
        100, controller, lambda: _report_window_then_quit(controller, waited_ms + 100)
    )


__all__ = ["ArchivistApp", "configure_application", "run_app"]
