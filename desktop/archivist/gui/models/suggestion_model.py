"""Suggested mentions of an entity (untagged occurrences of its names), checkable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from archivist.annotations import Suggestion

COL_ARTICLE, COL_CONTEXT = range(2)
HEADERS = ("Article", "Context")
SuggestionRole = Qt.ItemDataRole.UserRole + 1


def context_text(suggestion: Suggestion) -> str:
    before = " ".join(suggestion.prefix.split())[-40:]
    after = " ".join(suggestion.suffix.split())[:40]
    return f"…{before} [{suggestion.quote}] {after}…"


class SuggestionModel(QAbstractTableModel):
    """Rows of suggestions; the current article's come first. All start checked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Suggestion] = []
        self._checked: list[bool] = []
        self.current_article_id: int | None = None

    def set_suggestions(
        self, suggestions: Sequence[Suggestion], current_article_id: int | None = None
    ) -> None:
        self.beginResetModel()
        self.current_article_id = current_article_id
        self._rows = sorted(
            suggestions, key=lambda s: (s.article_id != current_article_id, s.article_id, s.start)
        )
        self._checked = [True] * len(self._rows)
        self.endResetModel()

    def checked(self) -> list[Suggestion]:
        return [s for s, on in zip(self._rows, self._checked, strict=True) if on]

    def all(self) -> list[Suggestion]:
        return list(self._rows)

    def set_all_checked(self, on: bool) -> None:
        if not self._rows:
            return
        self._checked = [on] * len(self._rows)
        self.dataChanged.emit(
            self.index(0, 0), self.index(len(self._rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
        )

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_ARTICLE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        suggestion = self._rows[index.row()]
        if role == SuggestionRole:
            return suggestion
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == COL_ARTICLE:
            return Qt.CheckState.Checked if self._checked[index.row()] else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == COL_ARTICLE:
                here = " (this article)" if suggestion.article_id == self.current_article_id else ""
                return f"{suggestion.article_title}{here}"
            return context_text(suggestion)
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if (
            not index.isValid()
            or role != Qt.ItemDataRole.CheckStateRole
            or index.column() != COL_ARTICLE
        ):
            return False
        state = value.value if hasattr(value, "value") else value
        self._checked[index.row()] = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
