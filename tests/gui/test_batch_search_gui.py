"""The batch search window: runs pasted or loaded queries in the background with progress,
shows a sortable table (a bad query's error in its row), opens a row's query in the library,
exports CSV and Excel, and keeps each run with the archive."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from archivist.archive import batch_search
from archivist.gui.dialogs.batch_search import BatchSearchDialog
from archivist.gui.models.batch_model import COLUMNS


def _cell(dialog: BatchSearchDialog, row: int, column: str) -> str:
    return dialog.proxy.index(row, COLUMNS.index(column)).data()


def test_a_batch_runs_and_its_table_works(qtbot, tmp_path: Path, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    window.batch_search_action.trigger()
    dialog = window.batch_dialog
    assert isinstance(dialog, BatchSearchDialog) and dialog.isVisible()
    assert dialog.rows == []  # (a new archive: nothing kept yet)
    dialog.editor.setPlainText("veldra\n\nnosuchfield:x\n# a comment\nkazakhstan\nzzzqqq\n")
    dialog.run()
    qtbot.waitUntil(lambda: dialog.token is None and len(dialog.rows) == 4, timeout=10_000)
    queries = [_cell(dialog, row, "Query") for row in range(4)]
    assert queries == ["veldra", "nosuchfield:x", "kazakhstan", "zzzqqq"]
    veldra = demo_session.archive.search("veldra").total
    assert _cell(dialog, 0, "Total") == str(veldra)
    assert _cell(dialog, 1, "Top hits").startswith("Error: unknown field")
    assert "could not run" in dialog.status.text()
    # Sorted by total, most first; the failed query last.
    dialog.table.sortByColumn(COLUMNS.index("Total"), Qt.SortOrder.DescendingOrder)
    totals = [_cell(dialog, row, "Query") for row in range(4)]
    assert totals[-1] == "nosuchfield:x" and totals[-2] == "zzzqqq"
    # The selected row's hits, with snippets; a title opens its article.
    dialog.table.selectRow(0)
    first_hit = dialog.rows[0].hits[0]
    assert first_hit.title in dialog.hits_view.text() and "<b>" in dialog.hits_view.text()
    dialog.hits_view.linkActivated.emit(f"archivist-article:{first_hit.id}")
    assert window.reader.article is not None and window.reader.article.id == first_hit.id
    # A row opens its query in the library.
    top = dialog.proxy.index(0, 0)
    dialog._open_row(top)
    assert window.search_bar.text() == _cell(dialog, 0, "Query")
    # Exports.
    dialog.export("csv", tmp_path / "t.csv")
    dialog.export("xlsx", tmp_path / "t.xlsx")
    assert (tmp_path / "t.csv").stat().st_size > 0 and (tmp_path / "t.xlsx").stat().st_size > 0
    # Kept with the archive: a new window shows the last batch again.
    qtbot.waitUntil(lambda: dialog.kept.count() == 1, timeout=5000)
    assert batch_search.saved_batches(demo_session.archive)[0].queries == 4
    dialog.close()
    window.batch_dialog = None
    window.batch_search_action.trigger()
    reopened = window.batch_dialog
    qtbot.waitUntil(lambda: len(reopened.rows) == 4, timeout=5000)
    assert reopened.editor.toPlainText().splitlines()[0] == "veldra"


def test_queries_load_from_a_csv_column(qtbot, tmp_path: Path, demo_session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = BatchSearchDialog(demo_session)
    qtbot.addWidget(dialog)
    table = tmp_path / "people.csv"
    table.write_text("id,name\n1,Tokayev\n2,Mira Castell\n", "utf-8")
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: ("name", True))
    dialog.load_file(table)
    assert dialog.queries() == ["Tokayev", "Mira Castell"]
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    dialog.load_file(tmp_path / "bin.txt")
    assert "not a text file" in dialog.status.text()
    assert dialog.queries() == ["Tokayev", "Mira Castell"]  # (the list is left as it was)


def test_cancel_keeps_the_rows_done(qtbot, demo_session) -> None:  # type: ignore[no-untyped-def]
    dialog = BatchSearchDialog(demo_session)
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("\n".join(f"word{n}" for n in range(6)))
    # Cancel as the third query starts (the synchronous runner runs the batch at once).
    original = dialog._progressed

    def progressed(event):  # type: ignore[no-untyped-def]
        original(event)
        if event.done == 2:
            dialog.cancel()

    dialog._progressed = progressed  # type: ignore[method-assign]
    dialog.run()
    qtbot.waitUntil(lambda: dialog.token is None, timeout=5000)
    assert len(dialog.rows) < 6 and "Stopped after" in dialog.status.text()
