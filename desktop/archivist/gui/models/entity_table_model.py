"""The entities view's model and filter proxy, and the list of one entity's mentions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from archivist.annotations import Entity, Mention
from archivist.annotations.folding import fold
from archivist.gui import theme
from archivist.gui.models.filtering import change_filter
from archivist.gui.models.record_table_model import (
    RecordFilterProxy,
    RecordRole,
    RecordTableModel,
    SortRole,
)
from archivist.text import without_bidi_controls

COL_NAME, COL_TYPE, COL_ALIASES, COL_MENTIONS, COL_ARTICLES, COL_CLAIMS = range(6)
HEADERS = ("Name", "Type", "Aliases", "Mentions", "Articles", "Claims")
EntityRole = RecordRole
MentionRole = Qt.ItemDataRole.UserRole + 3


class EntityTableModel(RecordTableModel[Entity]):
    HEADERS = HEADERS
    CENTRED = frozenset({COL_MENTIONS, COL_ARTICLES, COL_CLAIMS})

    def set_entities(self, entities: Sequence[Entity]) -> None:
        self.set_records(entities)

    def entity(self, row: int) -> Entity:
        return self.record(row)

    def cell(self, entity: Entity, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            values: tuple[Any, ...] = (
                without_bidi_controls(entity.name),
                entity.type,
                without_bidi_controls("; ".join(entity.aliases)),
                entity.mention_count,
                entity.article_count,
                entity.claim_count,
            )
            value = values[column]
            if role == SortRole:
                return fold(value) if isinstance(value, str) else value
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if entity.description:
                return f"{entity.name}\n{entity.description}"
            return entity.name
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_TYPE:
            return QColor(theme.entity_colour(entity.type).strong)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_NAME:
            return QColor(theme.entity_colour(entity.type).fill)
        return None


class EntityFilterProxy(RecordFilterProxy):
    """Filters on name and aliases (case and accents ignored) and on type."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._type: str | None = None

    def set_filter(self, text: str, type_name: str | None) -> None:
        def apply() -> None:
            self._text = fold(text.strip())
            self._type = type_name or None

        change_filter(self, apply)

    def accepts(self, entity: Entity) -> bool:
        return not self._type or entity.type == self._type

    def haystack(self, entity: Entity) -> Sequence[str]:
        return entity.names


class MentionListModel(QAbstractListModel):
    """Mentions of one entity, with the title of the article each is in."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Mention] = []
        self._titles: dict[int, str] = {}

    def set_mentions(self, mentions: Sequence[Mention], titles: dict[int, str]) -> None:
        self.beginResetModel()
        self._rows = list(mentions)
        self._titles = dict(titles)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        mention = self._rows[index.row()]
        if role == MentionRole:
            return mention
        if role == Qt.ItemDataRole.DisplayRole:
            before = " ".join(mention.prefix.split())[-30:]
            after = " ".join(mention.suffix.split())[:30]
            title = self._titles.get(mention.article_id, f"article {mention.article_id}")
            lost = "  (text lost)" if mention.anchor == "orphaned" else ""
            return f"{title}  —  …{before} [{mention.quote}] {after}…{lost}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Double-click to open the article at this mention"
        return None
