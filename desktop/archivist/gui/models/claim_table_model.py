"""The claims view's model (quote, claimant, grade, status, links, article) and its filter proxy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from archivist.annotations import Claim
from archivist.annotations.folding import fold
from archivist.gui import theme
from archivist.gui.brief_drops import BRIEF_ITEMS_MIME, claim_addition, put_additions
from archivist.gui.models.record_table_model import (
    RecordFilterProxy,
    RecordRole,
    RecordTableModel,
    SortRole,
)

COL_QUOTE, COL_CLAIMANT, COL_GRADE, COL_STATUS, COL_LINKS, COL_ARTICLE = range(6)
HEADERS = ("Quote", "Claimant", "Grade", "Status", "Links", "Article")
ClaimRole = RecordRole

_STATUS_ORDER = {"refuted": 0, "disputed": 1, "unverified": 2, "corroborated": 3}


def _flat(text: str) -> str:
    return " ".join(text.split())


class ClaimTableModel(RecordTableModel[Claim]):
    HEADERS = HEADERS
    CENTRED = frozenset({COL_GRADE, COL_LINKS})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._titles: dict[int, str] = {}

    def set_claims(self, claims: Sequence[Claim], titles: dict[int, str]) -> None:
        self._titles = dict(titles)
        self.set_records(claims)

    def claim(self, row: int) -> Claim:
        return self.record(row)

    def title(self, article_id: int) -> str:
        return self._titles.get(article_id, f"article {article_id}")

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

    def cell(self, claim: Claim, column: int, role: int) -> Any:
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
        return None


class ClaimFilterProxy(RecordFilterProxy):
    """Filters on quote, claimant, paraphrase and note (case and accents ignored)."""

    def haystack(self, claim: Claim) -> Sequence[str]:
        return [
            " ".join(x for x in (claim.quote, claim.claimant, claim.statement, claim.note) if x)
        ]
