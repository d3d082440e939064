"""One article's entities, claims and notes for the side panel: entities first, then claims
and notes on spans, each in text order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from archivist.annotations import Claim, Mention, SpanNote

KindRole = Qt.ItemDataRole.UserRole + 1  # "entity", "claim" or "note"
IdRole = Qt.ItemDataRole.UserRole + 2  # entity id, claim id or note id
DetailRole = Qt.ItemDataRole.UserRole + 3
TypeRole = Qt.ItemDataRole.UserRole + 4  # entity type or claim status
SpansRole = Qt.ItemDataRole.UserRole + 5  # [(start, end)] in code points

KIND_ENTITY = "entity"
KIND_CLAIM = "claim"
KIND_NOTE = "note"


@dataclass
class EntityEntry:
    entity_id: int
    name: str
    type: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    mention_ids: list[int] = field(default_factory=list)
    orphaned: int = 0


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class AnnotationListModel(QAbstractListModel):
    """Rows: EntityEntry, Claim or SpanNote."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EntityEntry | Claim | SpanNote] = []

    def set_annotations(
        self, mentions: list[Mention], claims: list[Claim], notes: list[SpanNote] | None = None
    ) -> None:
        entries: dict[int, EntityEntry] = {}
        for mention in mentions:
            entry = entries.setdefault(
                mention.entity_id, EntityEntry(mention.entity_id, mention.entity, mention.type)
            )
            if mention.anchor == "orphaned":
                entry.orphaned += 1
                continue
            entry.spans.append((mention.start, mention.end))
            entry.mention_ids.append(mention.id)
        ordered = sorted(entries.values(), key=lambda e: (-len(e.spans), e.name.casefold()))
        self.beginResetModel()
        self._rows = [*ordered, *sorted(claims, key=lambda c: (c.start, c.id))]
        self._rows += sorted(notes or [], key=lambda n: (n.start, n.id))
        self.endResetModel()

    def entry(self, row: int) -> EntityEntry | Claim | SpanNote:
        return self._rows[row]

    def row_of(self, kind: str, item_id: int) -> int | None:
        for row, entry in enumerate(self._rows):
            if (
                kind == KIND_ENTITY
                and isinstance(entry, EntityEntry)
                and entry.entity_id == item_id
            ):
                return row
            if kind == KIND_CLAIM and isinstance(entry, Claim) and entry.id == item_id:
                return row
            if kind == KIND_NOTE and isinstance(entry, SpanNote) and entry.id == item_id:
                return row
        return None

    def counts(self) -> tuple[int, int, int]:
        """How many entities, claims and notes are listed."""
        entities = sum(1 for e in self._rows if isinstance(e, EntityEntry))
        claims = sum(1 for e in self._rows if isinstance(e, Claim))
        return entities, claims, len(self._rows) - entities - claims

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if isinstance(entry, EntityEntry):
            if role == Qt.ItemDataRole.DisplayRole:
                return entry.name
            if role == DetailRole:
                count = len(entry.spans)
                detail = f"{entry.type} · {count} mention{'s' if count != 1 else ''}"
                if entry.orphaned:
                    detail += f" · {entry.orphaned} lost"
                return detail
            if role == KindRole:
                return KIND_ENTITY
            if role == IdRole:
                return entry.entity_id
            if role == TypeRole:
                return entry.type
            if role == SpansRole:
                return list(entry.spans)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{entry.name} ({entry.type}) — click to go to the next mention"
            return None
        if isinstance(entry, SpanNote):
            return self._note_data(entry, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"“{_short(entry.quote)}”"
        if role == DetailRole:
            parts = [entry.grade or "ungraded", entry.status, entry.claimant]
            if entry.anchor == "orphaned":
                parts.append("text lost")
            return " · ".join(parts)
        if role == KindRole:
            return KIND_CLAIM
        if role == IdRole:
            return entry.id
        if role == TypeRole:
            return entry.status
        if role == SpansRole:
            return [] if entry.anchor == "orphaned" else [(entry.start, entry.end)]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"Claim by {entry.claimant}: “{entry.quote}”"
            if entry.statement:
                tip += f"\nParaphrase: {entry.statement}"
            if entry.note:
                tip += f"\nNote: {entry.note}"
            return tip
        return None

    def _note_data(self, note: SpanNote, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"“{_short(note.quote)}”"
        if role == DetailRole:
            parts = [_short(note.text, 40)] if note.text else []
            parts += ["#" + tag for tag in note.tags]
            if note.author:
                parts.append(f"by {note.author}")
            if note.anchor == "orphaned":
                parts.append("text lost")
            return " · ".join(parts) or "highlight"
        if role == KindRole:
            return KIND_NOTE
        if role == IdRole:
            return note.id
        if role == TypeRole:
            return note.origin or "note"
        if role == SpansRole:
            return [] if note.anchor == "orphaned" else [(note.start, note.end)]
        if role == Qt.ItemDataRole.ToolTipRole:
            origin = f" from {note.origin.capitalize()}" if note.origin else ""
            tip = f"Note{origin} on “{note.quote}”"
            if note.text:
                tip += f"\n{note.text}"
            if note.tags:
                tip += "\nTags: " + ", ".join(note.tags)
            return tip
        return None
