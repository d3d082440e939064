"""What the entity and claim tables share: a list of records, one a row, its headers, the
record behind a row, and a filter proxy on their text (case and accents ignored)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from archivist.annotations.folding import fold
from archivist.gui.models.filtering import change_filter

Record = TypeVar("Record")

#: The role giving the record behind a row (an Entity, a Claim), and the one giving the
#: value a column sorts by: the same in every record table.
RecordRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole


class RecordTableModel(QAbstractTableModel, Generic[Record]):
    """Rows of records; a subclass says what each cell shows (`cell`)."""

    HEADERS: ClassVar[tuple[str, ...]] = ()
    #: Columns of numbers and short codes, centred (header and cells).
    CENTRED: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Record] = []

    def set_records(self, records: Sequence[Record]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def record(self, row: int) -> Record:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == _DISPLAY:
            return self.HEADERS[section]
        if role == _ALIGNMENT and section in self.CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role == RecordRole:
            return record
        if role == _ALIGNMENT and index.column() in self.CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return self.cell(record, index.column(), role)

    def cell(self, record: Record, column: int, role: int) -> Any:
        """What `column` of `record` shows in `role` (None: nothing)."""
        raise NotImplementedError


class RecordFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose record's text holds what the analyst typed (case and accents
    ignored); a subclass says which text (`haystack`) and may add conditions (`accepts`)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setSortRole(SortRole)

    def set_text(self, text: str) -> None:
        def apply() -> None:
            self._text = fold(text.strip())

        change_filter(self, apply)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        record = self.sourceModel().index(source_row, 0, source_parent).data(RecordRole)
        if record is None or not self.accepts(record):
            return False
        return not self._text or any(self._text in fold(text) for text in self.haystack(record))

    def accepts(self, _record: Any) -> bool:
        return True

    def haystack(self, record: Any) -> Sequence[str]:
        raise NotImplementedError
