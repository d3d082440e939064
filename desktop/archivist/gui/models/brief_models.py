"""Models of the briefs view: the list of briefs and one brief's ordered, draggable items."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QListWidgetItem, QStyle

from archivist.briefs import Brief, BriefItem
from archivist.gui import theme

BriefRole = Qt.ItemDataRole.UserRole + 1
ItemRole = Qt.ItemDataRole.UserRole + 2
ITEM_MIME = "application/x-archivist-brief-item"


class BriefListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Brief] = []

    def set_briefs(self, briefs: Sequence[Brief]) -> None:
        self.beginResetModel()
        self._rows = list(briefs)
        self.endResetModel()

    def row_of(self, brief_id: int) -> int | None:
        return next((r for r, b in enumerate(self._rows) if b.id == brief_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        brief = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return brief.title
        if role == BriefRole:
            return brief
        if role == Qt.ItemDataRole.ToolTipRole:
            marking = f"{brief.marking} · " if brief.marking else ""
            return f"{marking}{brief.item_count} item(s) · changed {brief.updated_at[:10]}"
        return None


def describe_item(item: BriefItem) -> str:
    """One line for an item, as the list shows it."""
    if item.kind == "heading":
        return item.text or ""
    if item.kind == "text":
        first = (item.text or "").strip().splitlines()
        return first[0] if first else ""
    if item.kind == "claim":
        claim = item.claim or {}
        if item.missing:
            return f"(claim {item.claim_id} no longer exists)"
        grade = f" · {claim.get('grade')}" if claim.get("grade") else ""
        return f"“{claim.get('quote', '')}” — {claim.get('claimant', '')}{grade} · {claim.get('status', '')}"
    if item.kind == "excerpt":
        title = (item.article or {}).get("title", "")
        return f"“{item.quote}” — {title}"
    if item.kind == "article":
        if item.missing:
            return f"(article {item.article_id} no longer exists)"
        return f"Source: {(item.article or {}).get('title', '')}"
    if item.kind == "judgment":
        evidence = item.evidence or {}
        count = len(evidence.get("claims", [])) + len(evidence.get("excerpts", []))
        support = (
            f"{count} piece{'s' if count != 1 else ''} of evidence" if count else "no evidence"
        )
        return f"{item.text}  [{item.likelihood} · {item.confidence} confidence · {support}]"
    return item.kind


#: A list entry's evidence: ("claim", claim id) or ("excerpt", excerpt item id).
EvidenceRole = Qt.ItemDataRole.UserRole + 3


def evidence_entries(brief: Brief) -> list[QListWidgetItem]:
    """One list entry for each claim and excerpt of `brief` that can be cited (judgment
    evidence, inline citations), its key under EvidenceRole."""
    entries = []
    for item in brief.items:
        if item.kind not in ("claim", "excerpt") or item.missing:
            continue
        label = "Claim" if item.kind == "claim" else "Excerpt"
        entry = QListWidgetItem(f"{label}:  {' '.join(describe_item(item).split())}")
        key = ("claim", item.claim_id) if item.kind == "claim" else ("excerpt", item.id)
        entry.setData(EvidenceRole, key)
        entries.append(entry)
    return entries


KIND_LABELS = {
    "heading": "",
    "text": "Text",
    "claim": "Claim",
    "excerpt": "Excerpt",
    "article": "Article",
    "judgment": "Key judgment",
}


class BriefItemModel(QAbstractListModel):
    """The items of one brief; dragging an item asks for a move (`move_requested`)."""

    move_requested = Signal(int, int)  # item id, new 1-based position

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BriefItem] = []
        self._advice: dict[int, list[str]] = {}

    def set_items(
        self, items: Sequence[BriefItem], advice: dict[int, list[str]] | None = None
    ) -> None:
        """Show `items`, each marked with its lint `advice` (by item id) when it has some."""
        self.beginResetModel()
        self._rows = list(items)
        self._advice = dict(advice or {})
        self.endResetModel()

    def advice(self, item_id: int) -> list[str]:
        return self._advice.get(item_id, [])

    def item(self, row: int) -> BriefItem:
        return self._rows[row]

    def row_of(self, item_id: int) -> int | None:
        return next((r for r, i in enumerate(self._rows) if i.id == item_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            label = KIND_LABELS.get(item.kind, item.kind)
            text = " ".join(describe_item(item).split())
            indent = "    " if item.kind != "heading" or (item.level or 1) > 1 else ""
            return f"{indent}{label + ':  ' if label else ''}{text}"
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.FontRole and item.kind == "heading":
            font = QFont()
            font.setBold(True)
            if (item.level or 1) == 1:
                font.setPointSizeF(font.pointSizeF() + 1.5)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.missing or item.anchor == "orphaned":
                return QColor("#c0392b")
            if item.kind == "claim":
                return QColor(theme.status_colour((item.claim or {}).get("status", "")).strong)
            if item.kind in ("excerpt", "article"):
                return QColor(theme.TEXT)
        if role == Qt.ItemDataRole.DecorationRole and self._advice.get(item.id):
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = describe_item(item)
            if item.note:
                tip += f"\nNote: {item.note}"
            for advice in self._advice.get(item.id, []):
                tip += f"\n⚠ {advice}"
            return tip
        return None

    # --- drag to reorder ----------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ITEM_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [str(self._rows[i.row()].id) for i in indexes if i.isValid()]
        mime.setData(ITEM_MIME, QByteArray(",".join(ids[:1]).encode()))
        return mime

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if not data.hasFormat(ITEM_MIME):
            return False
        raw = bytes(data.data(ITEM_MIME).data()).decode()
        if not raw:
            return False
        item_id = int(raw)
        source = self.row_of(item_id)
        if source is None:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        # Dropping below itself: the rows after it move up by one once it is taken out.
        position = target if target <= source else target - 1
        position = max(0, min(position, len(self._rows) - 1)) + 1
        if position != source + 1:
            self.move_requested.emit(item_id, position)
        # The brief is read again after the move; Qt must not move (or delete) rows itself.
        return False
