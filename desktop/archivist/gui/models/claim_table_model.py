"""The claims view's model (quote, claimant, grade, status, links, article) and its filter proxy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from archivist.annotations import Claim
from archivist.annotations.folding import fold
from archivist.gui import theme
from archivist.gui.brief_drops import BRIEF_ITEMS_MIME, claim_addition, put_additions
from archivist.gui.models.filtering import change_filter

COL_QUOTE, COL_CLAIMANT, COL_GRADE, COL_STATUS, COL_LINKS, COL_ARTICLE = range(6)
HEADERS = ("Quote", "Claimant", "Grade", "Status", "Links", "Article")
ClaimRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

_STATUS_ORDER = {"refuted": 0, "disputed": 1, "unverified": 2, "corroborated": 3}


def _flat(text: str) -> str:
    return " ".join(text.split())


class ClaimTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Claim] = []
        self._titles: dict[int, str] = {}

    def set_claims(self, claims: Sequence[Claim], titles: dict[int, str]) -> None:
        self.beginResetModel()
        self._rows = list(claims)
        self._titles = dict(titles)
        self.endResetModel()

    def claim(self, row: int) -> Claim:
        return self._rows[row]

    def title(self, article_id: int) -> str:
        return self._titles.get(article_id, f"article {article_id}")

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        # Claims drag onto a brief in the briefs view.
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [BRIEF_ITEMS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        put_additions(mime, [claim_addition(self._rows[r].id) for r in rows])
        mime.setText("\n".join(f"“{self._rows[r].quote}” — {self._rows[r].claimant}" for r in rows))
        return mime

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

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        claim = self._rows[index.row()]
        column = index.column()
        if role == ClaimRole:
            return claim
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_QUOTE:
                return f"“{_flat(claim.quote)}”"
            if column == COL_CLAIMANT:
                return claim.claimant
            if column == COL_GRADE:
                return claim.grade or ""
            if column == COL_STATUS:
                if claim.suggested_status != claim.status and claim.links:
                    return f"{claim.status}  (links suggest {claim.suggested_status})"
                return claim.status
            if column == COL_LINKS:
                if not claim.links:
                    return ""
                return (
                    f"{len(claim.links)} · single origin"
                    if claim.single_origin
                    else str(len(claim.links))
                )
            return self.title(claim.article_id)
        if role == SortRole:
            keys: tuple[Any, ...] = (
                fold(claim.quote),
                fold(claim.claimant),
                claim.grade or "~",
                _STATUS_ORDER.get(claim.status, 9),
                len(claim.links),
                fold(self.title(claim.article_id)),
            )
            return keys[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"“{claim.quote}”\n— {claim.claimant}"
            if claim.statement:
                tip += f"\nParaphrase: {claim.statement}"
            if claim.note:
                tip += f"\nNote: {claim.note}"
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            return QColor(theme.status_colour(claim.status).strong)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_GRADE, COL_LINKS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ClaimFilterProxy(QSortFilterProxyModel):
    """Filters on quote, claimant, paraphrase and note (case and accents ignored)."""

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
        if not self._text:
            return True
        claim: Claim = self.sourceModel().index(source_row, 0, source_parent).data(ClaimRole)
        haystack = " ".join(
            x for x in (claim.quote, claim.claimant, claim.statement or "", claim.note or "") if x
        )
        return self._text in fold(haystack)
