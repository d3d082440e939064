"""Starting the application: demo archive, first-run welcome, locked archives, switching, backups."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from archivist.gui.app import ArchivistApp, run_app
from archivist.gui.dialogs.locked import locked_message_box
from archivist.gui.main_window import MainWindow
from archivist.gui.models.sidebar_model import CountRole
from archivist.gui.opening import open_for_gui
from archivist.gui.preferences import recent_archives
from archivist.gui.tasks import SyncTaskRunner


def _when_window_shows(check, timeout_ms: int = 30000, ready=lambda _w: True) -> None:  # type: ignore[no-untyped-def]
    """Poll for the app's window (and `ready(window)`: its rows load on a worker thread), hand
    it to `check`, then close it (ending app.exec)."""
    waited = {"ms": 0}

    def poll() -> None:
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and ready(w)
        ]
        if windows:
            try:
                check(windows[0])
            finally:
                windows[0].close()
            return
        waited["ms"] += 50
        if waited["ms"] > timeout_ms:
            QApplication.quit()
            return
        QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)


def test_run_app_demo_opens_a_window_on_the_demo_articles(qtbot, settings: QSettings) -> None:
    seen: dict[str, object] = {}

    def check(window: MainWindow) -> None:
        seen["demo"] = window.demo
        seen["count"] = window.session.archive.count()
        seen["rows"] = window.article_model.rowCount()
        seen["title"] = window.windowTitle()
        seen["root"] = window.session.root
        seen["entities"] = window.sidebar_model.entities_item.data(CountRole)

    _when_window_shows(
        check, ready=lambda w: w.article_model.rowCount() > 0 and w.article_count >= 0
    )
    status = run_app(demo=True, settings=settings)
    assert status == 0
    assert seen["demo"] is True
    assert seen["count"] == 6
    assert seen["rows"] == 6
    assert seen["title"] == "Demo archive — Archivist"
    assert seen["entities"] == 20
    assert not Path(str(seen["root"])).exists()  # the throwaway archive is gone


def test_first_run_creates_the_default_archive_and_welcomes(
    qtbot, settings: QSettings, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home-archive"
    monkeypatch.setenv("ARCHIVIST_HOME", str(home))
    seen: dict[str, object] = {}

    def check(window: MainWindow) -> None:
        seen["welcome"] = window.center.currentWidget() is window.welcome
        seen["root"] = window.session.root

    # (The window counts the archive on a read thread; the welcome page shows once it has.)
    _when_window_shows(check, ready=lambda window: window.article_count >= 0)
    assert run_app(settings=settings) == 0
    assert seen == {"welcome": True, "root": home}
    assert (home / "archive.db").is_file()
    assert recent_archives(settings) == [str(home)]
    assert QApplication.applicationName() == "Archivist"
    assert QApplication.organizationName() == "Archivist"


def test_locked_archive_opens_read_only_when_the_analyst_agrees(qtbot, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from archivist.archive import open_archive\n"
            "archive = open_archive(sys.argv[1])\n"
            "print('locked', flush=True)\n"
            "time.sleep(120)\n",
            str(root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        asked: list[str] = []
        declined = open_for_gui(
            root, ask_readonly=lambda message, _parent: asked.append(message) is not None
        )
        assert declined is None
        assert "Archivist process" in asked[0] and str(holder.pid) in asked[0]
        archive = open_for_gui(root, ask_readonly=lambda _message, _parent: True)
        assert archive is not None
        try:
            assert archive.readonly
        finally:
            archive.close()
    finally:
        holder.kill()
        holder.wait(10)


def test_locked_message_offers_read_only() -> None:
    box = locked_message_box("Archivist process 42 on host (`archivist import`, since …)")
    labels = [b.text() for b in box.buttons()]
    assert "Open read-only" in labels
    assert "42" in box.informativeText()
    assert box.icon() == QMessageBox.Icon.Warning


def test_switching_archives_replaces_the_window_and_remembers_it(
    qtbot, settings: QSettings, tmp_path: Path, demo_root: Path
) -> None:
    app = ArchivistApp(settings, SyncTaskRunner())
    first = app.open_window(tmp_path / "first")
    assert first is not None
    qtbot.addWidget(first)
    app.switch_to(demo_root, first)
    qtbot.waitUntil(lambda: not first.isVisible())
    assert len(app.windows) == 1
    second = app.windows[0]
    qtbot.addWidget(second)
    assert second.session.root == demo_root
    assert recent_archives(settings)[:2] == [str(demo_root), str(tmp_path / "first")]
    qtbot.waitUntil(lambda: first.session._closed)  # closed once its work was drained
    app.shutdown()


def test_daily_rolling_backup_is_taken_and_shown(
    qtbot, tmp_path: Path, open_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    from archivist.archive.rolling import list_backups

    session = open_session(tmp_path / "archive")
    window = make_window(session)
    assert len(list_backups(session.root)) == 1
    qtbot.waitUntil(lambda: "last backup" in window.status_label.text())  # (counted anew)
    window.back_up_to(tmp_path / "copy")
    assert (tmp_path / "copy" / "archive.db").is_file()
    assert "Backed up" in window.statusBar().currentMessage()


def test_restore_from_a_rolling_backup_reopens_the_archive_as_it_was(
    qtbot, settings: QSettings, tmp_path: Path, monkeypatch
) -> None:
    from datetime import UTC, datetime

    from archivist.archive import open_archive
    from archivist.archive.rolling import list_backups, take_backup
    from archivist.importers.pipeline import import_text

    root = tmp_path / "archive"
    with open_archive(root) as archive:
        import_text(archive, "The first article, about Almaty.", title="First")
        take_backup(archive, now=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
        import_text(archive, "The second article, about Zhanaozen.", title="Second")
    app = ArchivistApp(settings, SyncTaskRunner())
    window = app.open_window(root, create=False)
    assert window is not None
    qtbot.addWidget(window)
    assert window.session.archive.count() == 2
    # The analyst picks the oldest backup in the dialog and confirms.
    oldest = list_backups(root)[-1]
    monkeypatch.setattr(
        "archivist.gui.window_archive.QInputDialog.getItem",
        lambda _parent, _title, _label, items, *_args: (items[-1], True),
    )
    asked: list[str] = []

    def confirm(box) -> int:  # type: ignore[no-untyped-def]
        # Both archives' counts are shown; one article of two is no "far fewer".
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()
        return 0

    window.dialog_runner = confirm
    with qtbot.waitSignal(window.restore_requested) as requested:
        window.choose_backup_to_restore()
    assert "The backup holds 1 article(s)" in asked[0]
    assert "The archive holds 2 article(s)" in asked[0] and "far fewer" not in asked[0]
    assert requested.args == [str(oldest.path)]
    qtbot.waitUntil(lambda: len(app.windows) == 1 and app.windows[0] is not window)
    reopened = app.windows[0]
    qtbot.addWidget(reopened)
    assert reopened.session.archive.count() == 1
    assert reopened.session.archive.search("Zhanaozen").total == 0
    assert "Restored" in reopened.statusBar().currentMessage()
    assert window.session._closed and not window.isVisible()
    app.shutdown()


def test_restoring_a_backup_with_far_fewer_articles_warns_with_both_counts(
    qtbot, tmp_path: Path, open_session, make_window, dialogs, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from archivist.archive.rolling import list_backups, take_backup
    from archivist.importers.pipeline import import_text

    session = open_session(tmp_path / "archive")
    take_backup(session.archive, now=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))  # empty
    for number in range(3):
        session.write(lambda a, n=number: import_text(a, f"Article {n}.", title=f"A{n}"))
    window = make_window(session)
    assert list_backups(session.root)[-1].articles == 0
    monkeypatch.setattr(
        "archivist.gui.window_archive.QInputDialog.getItem",
        lambda _parent, _title, _label, items, *_args: (items[-1], True),
    )

    def cancel(box) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        assert box.icon() == QMessageBox.Icon.Warning
        assert "The backup holds 0 article(s)" in box.text()
        assert "The archive holds 3 article(s)" in box.text() and "far fewer" in box.text()
        assert box.button(QMessageBox.StandardButton.Yes).text() == "Restore anyway"
        box.button(QMessageBox.StandardButton.Cancel).click()
        return False

    dialogs.then(cancel)
    requested: list[str] = []
    window.restore_requested.connect(requested.append)
    window.choose_backup_to_restore()
    assert len(dialogs.seen) == 1 and requested == []  # cancelled: nothing restored
    assert session.archive.count() == 3


def test_the_window_says_when_it_rebuilt_a_damaged_index(
    qtbot, tmp_path: Path, open_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    from archivist.archive import open_archive
    from archivist.importers.pipeline import import_text

    root = tmp_path / "arc"
    with open_archive(root) as archive:
        import_text(archive, "Protesters filled the main square of Almaty.", title="Almaty")
    for toc in (root / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    window = make_window(open_session(root))
    qtbot.waitUntil(lambda: window.index_state == "healed")
    message = window.statusBar().currentMessage()
    assert message.startswith("The search index was rebuilt from the archive's database: ")
    assert "could not be read" in message
    window.library.set_query("Almaty")
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 1)
