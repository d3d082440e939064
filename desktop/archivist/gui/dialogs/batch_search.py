"""The batch search window: paste or load a list of names or queries, run them in the
background (progress, Cancel), read the table, open a row's query in the library, export the
table to CSV or Excel. Each run is kept with the archive and comes back next time."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archivist.archive import batch_search
from archivist.archive.batch_search import BatchRow
from archivist.errors import ArchivistError
from archivist.gui import theme
from archivist.gui.models.batch_model import BatchTableModel, SortRole
from archivist.gui.session import ArchiveSession
from archivist.gui.tasks import ProgressRelay
from archivist.importers import query_lists
from archivist.progress import CancelToken, ProgressEvent

HIT_LINK = "archivist-article:"


def hits_html(row: BatchRow) -> str:
    """A row's best hits as the reader lists them: the title (a link), source and date, the
    snippet with the query's words in bold."""
    if row.error:
        return f"<b>{html.escape(row.query)}</b>: {html.escape(row.error)}"
    if not row.hits:
        return f"<b>{html.escape(row.query)}</b>: no match"
    parts = []
    for hit in row.hits:
        meta = " · ".join(html.escape(x) for x in (hit.source, hit.published) if x)
        snippet = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(hit.snippet))
        parts.append(
            f"<a href='{HIT_LINK}{hit.id}'>{html.escape(hit.title)}</a>"
            + (f" <span style='color:{theme.MUTED}'>· {meta}</span>" if meta else "")
            + f"<br>{snippet}"
        )
    return "<br><br>".join(parts)


class BatchSearchDialog(QDialog):
    """Not modal: the analyst goes back and forth between the table and the library."""

    query_requested = Signal(str)  # run this query in the library
    article_requested = Signal(int)  # open this hit in the reader

    def __init__(self, session: ArchiveSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Batch search")
        self.session = session
        self.token: CancelToken | None = None
        self._build()
        self._load_kept()

    @property
    def rows(self) -> list[BatchRow]:
        """The rows shown (the table's model holds them)."""
        return self.model.rows

    def _build(self) -> None:
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(
            'One name or query per line, e.g.\nTokayev\n"Kassym-Jomart Tokayev" OR Токаев\n'
            "entity:Almaty AND published:2022-01"
        )
        self.load_button = QPushButton("Load File…", self)
        self.load_button.setToolTip("A text file (one query per line) or a CSV file (a column)")
        self.load_button.clicked.connect(self.choose_file)
        self.run_button = QPushButton("Run", self)
        self.run_button.setObjectName("Primary")
        self.run_button.setToolTip("Run every line (Ctrl+Return)")
        self.run_button.clicked.connect(self.run)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.run)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.kept = QComboBox(self)
        self.kept.setToolTip("Batches run before, kept with the archive")
        self.kept.activated.connect(self._show_kept)
        self.kept.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        inputs = QHBoxLayout()
        inputs.addWidget(self.load_button)
        inputs.addStretch(1)
        inputs.addWidget(QLabel("Earlier:", self))
        inputs.addWidget(self.kept)
        inputs.addWidget(self.cancel_button)
        inputs.addWidget(self.run_button)

        self.progress = QProgressBar(self)
        self.progress.hide()
        self.status = QLabel("", self)
        self.status.setObjectName("Muted")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        self.model = BatchTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # The list's own order until the analyst sorts by a column.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((240, 80, 80, 100, 100)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)
        self.table.selectionModel().currentRowChanged.connect(self._show_hits)
        # The selected row's best hits with their snippets; a title opens the article.
        self.hits_view = QLabel("", self)
        self.hits_view.setObjectName("BatchHits")
        self.hits_view.setWordWrap(True)
        self.hits_view.setTextFormat(Qt.TextFormat.RichText)
        self.hits_view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hits_view.setOpenExternalLinks(False)
        self.hits_view.linkActivated.connect(
            lambda link: self.article_requested.emit(int(link.removeprefix(HIT_LINK)))
        )

        self.csv_button = QPushButton("Export CSV…", self)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button = QPushButton("Export Excel…", self)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        hint = QLabel("Double-click a row (or Enter) to run its query in the library.", self)
        hint.setObjectName("Muted")
        outputs = QHBoxLayout()
        outputs.addWidget(hint, 1)
        outputs.addWidget(self.csv_button)
        outputs.addWidget(self.xlsx_button)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.editor)
        top_layout.addLayout(inputs)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.progress)
        bottom_layout.addWidget(self.status)
        bottom_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        hits_area = QScrollArea(self)
        hits_area.setWidget(self.hits_view)
        hits_area.setWidgetResizable(True)
        hits_area.setFrameShape(QFrame.Shape.NoFrame)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.addWidget(hits_area)
        splitter.setSizes([150, 330, 150])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(splitter, 1)
        layout.addLayout(outputs)
        self.resize(980, 640)
        self._update_buttons()

    # --- input ------------------------------------------------------------------------------

    def queries(self) -> list[str]:
        return query_lists.queries_from_text(self.editor.toPlainText())

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Load queries", str(Path.home()), "Lists (*.txt *.csv);;All files (*)"
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path, column: str | None = None) -> None:
        """Put a file's queries in the editor (a CSV of several columns: ask which one)."""
        try:
            if path.suffix.lower() == ".csv" and column is None:
                column = self._ask_column(path)
                if column is None:
                    return
            queries = query_lists.read_queries(path, column)
        except ArchivistError as exc:
            self.status.setText(str(exc))
            return
        self.editor.setPlainText("\n".join(queries))
        self.status.setText(f"{len(queries)} queries from {path.name}")

    def _ask_column(self, path: Path) -> str | None:
        names = query_lists.csv_header(path)
        if len(names) <= 1:
            return "1"
        name, ok = QInputDialog.getItem(
            self, "Which column?", "The column that holds the queries:", names, 0, False
        )
        return str(names.index(name) + 1) if ok else None

    # --- running ----------------------------------------------------------------------------

    def run(self) -> None:
        queries = self.queries()
        if not queries or self.token is not None:
            if not queries:
                self.status.setText("Type or load one query per line first.")
            return
        token = CancelToken()
        self.token = token
        relay = ProgressRelay(self)
        relay.progressed.connect(self._progressed)
        self.model.set_rows([])
        self.progress.setRange(0, len(queries))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"Running {len(queries)} queries…")
        self._update_buttons()

        def done(rows: list[BatchRow]) -> None:
            relay.deleteLater()
            self.token = None
            self.progress.hide()
            self._show_rows(rows)
            stopped = token.cancelled and len(rows) < len(queries)
            self.status.setText(
                f"Stopped after {len(rows)} of {len(queries)} queries."
                if stopped
                else self._summary(rows)
            )
            self._update_buttons()
            if rows and not self.session.readonly:
                self.session.write(
                    lambda archive: batch_search.save_batch(archive, rows),
                    touches="nothing",
                    on_done=lambda _saved: self._load_kept(select_latest=True),
                    on_error=lambda error: self.status.setText(f"Not kept: {error}"),
                )

        def failed(error: BaseException) -> None:
            relay.deleteLater()
            self.token = None
            self.progress.hide()
            self.status.setText(f"The batch failed: {error}")
            self._update_buttons()

        self.session.read(
            lambda archive: batch_search.run_batch(
                archive, queries, progress=relay.report, cancel=token
            ),
            on_done=done,
            on_error=failed,
        )

    def cancel(self) -> None:
        if self.token is not None:
            self.token.cancel()
            self.status.setText("Stopping after the current query; the rows done are kept.")

    def _progressed(self, event: ProgressEvent) -> None:
        self.progress.setValue(event.done)
        if event.done < event.total:
            self.status.setText(f"Query {event.done + 1} of {event.total}: {event.message}")

    def _summary(self, rows: list[BatchRow]) -> str:
        failed = sum(1 for row in rows if row.error)
        found = sum(1 for row in rows if row.total)
        text = f"{len(rows)} queries: {found} found something"
        return text + (f", {failed} could not run (see their rows)" if failed else "")

    def _show_rows(self, rows: list[BatchRow]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.token is not None
        self.run_button.setEnabled(not running)
        self.load_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.csv_button.setEnabled(bool(self.rows) and not running)
        self.xlsx_button.setEnabled(bool(self.rows) and not running)

    # --- kept batches -----------------------------------------------------------------------

    def _load_kept(self, select_latest: bool = False) -> None:
        def show(kept: list[batch_search.SavedBatch]) -> None:
            self.kept.clear()
            for batch in kept:
                when = batch.created_at.replace("T", " ")[:16]
                self.kept.addItem(f"{when} · {batch.queries} queries", batch.id)
            self.kept.setEnabled(bool(kept))
            if kept and (select_latest or not self.rows):
                self.kept.setCurrentIndex(0)
                if not self.rows:
                    self._show_kept(0)

        self.session.read(batch_search.saved_batches, on_done=show, on_error=lambda _e: None)

    def _show_kept(self, position: int) -> None:
        batch_id = self.kept.itemData(position)
        if batch_id is None or self.token is not None:
            return

        def show(rows: list[BatchRow]) -> None:
            self._show_rows(rows)
            self.editor.setPlainText("\n".join(row.query for row in rows))
            self.status.setText(self._summary(rows) + f" ({self.kept.itemText(position)})")

        self.session.read(
            lambda archive: batch_search.load_batch(archive, batch_id),
            on_done=show,
            on_error=lambda error: self.status.setText(str(error)),
        )

    # --- output -----------------------------------------------------------------------------

    def _show_hits(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.hits_view.setText("")
            return
        row = self.model.rows[self.proxy.mapToSource(current).row()]
        self.hits_view.setText(hits_html(row))

    def _open_row(self, index: QModelIndex) -> None:
        row = self.model.rows[self.proxy.mapToSource(index).row()]
        if not row.error:
            self.query_requested.emit(row.query)

    def export(self, kind: str, path: Path | None = None) -> None:
        if not self.rows:
            return
        if path is None:
            pattern = "CSV (*.csv)" if kind == "csv" else "Excel workbook (*.xlsx)"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export the table", str(Path.home() / f"batch-search.{kind}"), pattern
            )
            if not chosen:
                return
            path = Path(chosen)
        write = batch_search.write_csv if kind == "csv" else batch_search.write_xlsx
        try:
            write(self.rows, path)
        except OSError as exc:
            self.status.setText(f"Could not write {path.name}: {exc.strerror or exc}")
            return
        self.status.setText(f"Exported {len(self.rows)} rows to {path}")

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.cancel()  # (a run left behind stops at its next query)
        super().closeEvent(event)
