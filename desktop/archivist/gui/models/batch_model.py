"""The batch search table: a row per query (total, articles with copies once, first and last
dates, its best hits), sortable by any column, numbers as numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from archivist.archive.batch_search import BatchRow

COLUMNS = ("Query", "Total", "Articles", "First date", "Last date", "Top hits")
SortRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class BatchTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[BatchRow] = []

    def set_rows(self, rows: list[BatchRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        horizontal_tip = (
            orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole
        )
        if horizontal_tip and COLUMNS[section] == "Articles":
            return "Matching articles with the syndicated copies of a story counted once"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SortRole:
            return _sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.error and column != "Query":
            return QColor("#c0392b")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("Total", "Articles"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(row: BatchRow, column: str) -> str:
    if column == "Query":
        return row.query
    if row.error:
        return f"Error: {row.error}" if column == "Top hits" else ""
    if column == "Total":
        return f"{row.total:,}" if row.total_exact else f"more than {row.total:,}"
    if column == "Articles":
        return f"{row.articles:,}" if row.articles is not None else ""
    if column == "First date":
        return row.first or ""
    if column == "Last date":
        return row.last or ""
    return " · ".join(hit.title for hit in row.hits)


def _sort_key(row: BatchRow, column: str) -> Any:
    # Numbers sort as numbers; a failed query sorts below every count.
    if column == "Total":
        return -1 if row.total is None else row.total
    if column == "Articles":
        return -1 if row.articles is None else row.articles
    return _display(row, column).casefold()


def _tooltip(row: BatchRow, column: str) -> str | None:
    if row.error:
        return row.error
    if column == "Top hits" and row.hits:
        parts = []
        for hit in row.hits:
            meta = " · ".join(x for x in (hit.source, hit.published) if x)
            snippet = hit.snippet.replace("**", "")
            parts.append(f"{hit.title}" + (f" ({meta})" if meta else "") + f"\n{snippet}")
        return "\n\n".join(parts)
    if row.notes:
        return "\n".join(row.notes)
    return None
