"""What the Entities and Claims views share: a filter field, a count, a sortable table of
records over a filter proxy, a row of buttons, and a details pane below a splitter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archivist.gui.models.record_table_model import RecordFilterProxy, RecordTableModel
from archivist.gui.session import ArchiveSession


class RecordsView(QWidget):
    """The frame of a view over a table of records; a subclass adds its buttons and pane.

    `refresh` (the subclass's) loads the records on a read thread; until the view is next
    shown, `mark_stale` only notes that they changed.
    """

    error_occurred = Signal(str)
    message_posted = Signal(str)

    #: What the count names ("12 of 40 claims").
    NOUN = "records"

    def __init__(
        self,
        session: ArchiveSession,
        model: RecordTableModel,
        proxy: RecordFilterProxy,
        parent: QWidget | None = None,
        *,
        placeholder: str,
        sorted_by: int,
        stretched: int,
        widths: dict[int, int],
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = True
        self.model = model
        self.proxy = proxy
        model.setParent(self)
        proxy.setParent(self)
        proxy.setSourceModel(model)
        self.filter_field = QLineEdit(self)
        self.filter_field.setPlaceholderText(placeholder)
        self.filter_field.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("Muted")
        self.table = table = QTableView(self)
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(sorted_by, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        for column, width in widths.items():
            table.setColumnWidth(column, width)

    def _lay_out(
        self,
        beside_filter: Sequence[QWidget],
        buttons: QHBoxLayout,
        pane: Sequence[QWidget],
        pane_margins: tuple[int, int, int, int],
    ) -> None:
        """The filter row, the table and its buttons above; `pane` below; a splitter
        between them whose sizes the window remembers (`self.splitter`)."""
        top = QHBoxLayout()
        top.addWidget(self.filter_field, 2)
        for widget in beside_filter:
            top.addWidget(widget)
        top.addWidget(self.count_label, 1)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(12, 10, 12, 6)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(buttons)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(*pane_margins)
        for widget in pane:
            lower_layout.addWidget(widget, 1 if widget is pane[-1] else 0)
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def mark_stale(self) -> None:
        self._stale = True

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = self.NOUN
        self.count_label.setText(
            f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}"
        )
