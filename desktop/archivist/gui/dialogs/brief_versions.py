"""The versions a brief was issued as, each of which can be written again as issued."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archivist.briefs import BriefVersion

_COLUMNS = ("Version", "Issued (UTC)", "By", "Format", "File", "Claims", "Excerpts", "Sources")


class BriefVersionsDialog(QDialog):
    """A table of issued versions; "Write again…" asks the view to export the chosen one."""

    write_requested = Signal(int)  # a version number

    def __init__(self, title: str, versions: list[BriefVersion], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Issued versions — {title}")
        self.resize(820, 320)
        self.versions = versions
        intro = QLabel(
            "Each export that changed the brief or its evidence issued a version. A version "
            "is written again exactly as it was issued, whatever has changed since.",
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("Muted")
        self.table = QTableWidget(len(versions), len(_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, version in enumerate(reversed(versions)):  # (the latest first)
            values = (
                f"v{version.version}",
                version.issued_at[:19].replace("T", " "),
                version.user,
                version.format,
                version.path,
                str(version.claims),
                str(version.excerpts),
                str(version.sources),
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, version.version)
                if column == 4:
                    cell.setToolTip(value)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        if versions:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self._write())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.write_button = QPushButton("Write again…", self)
        self.write_button.setEnabled(bool(versions))
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.clicked.connect(self._write)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def chosen(self) -> int | None:
        """The version of the selected row."""
        row = self.table.currentRow()
        if row < 0:
            return None
        cell = self.table.item(row, 0)
        return None if cell is None else int(cell.data(Qt.ItemDataRole.UserRole))

    def _write(self) -> None:
        version = self.chosen()
        if version is not None:
            self.write_requested.emit(version)
