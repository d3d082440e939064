"""Importing from the window: progress with Cancel, the report, duplicates, threads, drag and drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from archivist.archive import open_archive
from archivist.gui.dialogs import import_progress
from archivist.gui.dialogs.import_progress import ImportDialog
from archivist.gui.dialogs.import_report import ArticleRole, ImportReportDialog
from archivist.gui.main_window import MainWindow
from archivist.gui.session import ArchiveSession
from archivist.gui.tasks import TaskRunner
from archivist.importers.pipeline import ImportOptions
from archivist.progress import ProgressEvent


def _write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"report-{i:02d}.txt"
        path.write_text(
            f"Report number {i}\n\nWitnesses in Lunmark described event {i} in detail.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.fixture
def empty_session(tmp_path: Path, open_session) -> ArchiveSession:  # type: ignore[no-untyped-def]
    return open_session(tmp_path / "archive")


def test_import_reports_failures_and_duplicates(
    qtbot, tmp_path: Path, empty_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(empty_session)
    assert window.center.currentWidget() is window.welcome  # empty archive: the welcome page
    files = _write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    window.import_paths([files[0]])
    assert window.article_model.rowCount() == 1
    assert window.center.currentWidget() is window.library_page
    window.import_paths([tmp_path / "in"])
    report_dialog = window.report_dialog
    assert isinstance(report_dialog, ImportReportDialog)
    report = report_dialog.report
    assert len(report.imported) == 2
    assert [Path(d.path).name for d in report.duplicates] == ["report-00.txt"]
    assert [Path(f.path).name for f in report.failed] == ["empty.txt"]
    assert report.failed[0].error  # a reason, shown beside the file
    assert window.article_model.rowCount() == 3
    # The duplicate links to the article already in the archive: activating it opens it.
    duplicate_item = report_dialog.duplicate_group.child(0)
    existing_id = duplicate_item.data(0, ArticleRole)
    report_dialog.tree.itemActivated.emit(duplicate_item, 0)
    assert window.reader.article is not None and window.reader.article.id == existing_id
    assert report_dialog.failed_group.child(0).text(1) == report.failed[0].error
    qtbot.waitUntil(lambda: "3 articles" in window.status_label.text())  # (a read thread's)


def test_cancel_in_the_progress_dialog_keeps_what_was_imported(
    qtbot, tmp_path: Path, empty_session, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(empty_session)
    files = _write_articles(tmp_path / "many", 40)
    original = ImportDialog.show_progress

    def click_cancel_after_three(self: ImportDialog, event: ProgressEvent) -> None:
        original(self, event)
        if event.done == 3 and self.cancel_button.isEnabled():
            qtbot.mouseClick(self.cancel_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(import_progress.ImportDialog, "show_progress", click_cancel_after_three)
    window.import_paths([tmp_path / "many"])
    dialog = window.import_dialog
    assert dialog is not None and dialog.token.cancelled
    assert not dialog.isVisible()  # closed when the import stopped
    report = window.report_dialog.report  # type: ignore[union-attr]
    assert report.cancelled
    assert 3 <= len(report.imported) < len(files)
    with open_archive(empty_session.root, access="read") as archive:
        assert archive.count() == len(report.imported)  # committed work is kept
    assert window.article_model.rowCount() == len(report.imported)


def test_import_on_the_writer_thread(qtbot, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    archive = open_archive(tmp_path / "archive", heal_index=False)
    session = ArchiveSession(archive, runner)
    window = MainWindow(session, settings, import_options=ImportOptions(workers=0))
    qtbot.addWidget(window)
    try:
        _write_articles(tmp_path / "in", 5)
        with qtbot.waitSignal(session.articles_changed, timeout=30000):
            window.import_paths([tmp_path / "in"])
        qtbot.waitUntil(lambda: window.article_model.rowCount() == 5, timeout=10000)
        assert runner.wait(10000)
    finally:
        session.closing = True
        runner.shutdown()
        window.close()
        archive.close()


def test_dropping_files_imports_them(qtbot, tmp_path: Path, empty_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(empty_session)
    files = _write_articles(tmp_path / "drop", 2)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 2, timeout=5000)


def test_a_long_failure_reason_wraps_in_the_report(qtbot) -> None:  # type: ignore[no-untyped-def]
    from archivist.importers.pipeline import FailedItem, ImportReport

    reason = (
        "scanned PDF without a text layer: run OCR first (for example `ocrmypdf in.pdf "
        "out.pdf`), then import the result; the other files of the folder were imported"
    )
    dialog = ImportReportDialog(ImportReport(failed=[FailedItem("/tmp/scan.pdf", reason)]))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    item = dialog.failed_group.child(0)
    rect = dialog.tree.visualItemRect(item)
    line = dialog.tree.fontMetrics().height()
    assert rect.height() >= 2 * line  # (several lines, not one line cut short)
    assert item.text(1) == reason


def test_an_import_during_a_search_offers_to_show_the_new_articles(
    qtbot, tmp_path: Path, demo_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.search_bar.set_text("veldra")
    qtbot.waitUntil(lambda: window.library.query == "veldra")
    files = _write_articles(tmp_path / "in", 5)
    window.import_paths([tmp_path / "in"])
    button = window.new_articles_button
    assert button.isVisible() and "5 new articles imported" in button.text()
    assert "veldra" in button.text()
    if window.report_dialog is not None:
        window.report_dialog.close()
    button.click()
    assert not button.isVisible() and window.search_bar.text() == ""
    qtbot.waitUntil(lambda: window.reader.article is not None)
    assert window.reader.article.title.startswith("Report")  # type: ignore[union-attr]
    assert len(files) == 5
    # Another search takes the offer away.
    window.offer_new_articles([1], "veldra")
    window.search_bar.set_text("barges")
    qtbot.waitUntil(lambda: not window.new_articles_button.isVisible())
