"""The Tag entity popup: a type and an autocompleted entity name or alias; Enter accepts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from archivist.annotations import Entity, EntityType
from archivist.annotations.folding import name_key
from archivist.gui import theme

NameRole = Qt.ItemDataRole.UserRole + 1
EntityIdRole = Qt.ItemDataRole.UserRole + 2
EntityTypeRole = Qt.ItemDataRole.UserRole + 3


def type_icon(type_name: str, size: int = 12) -> QIcon:
    """A filled dot in the type's colour, as the reader and panel draw it."""
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.entity_colour(type_name).strong))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def entity_completion_model(
    entities: list[Entity], parent: QWidget | None = None
) -> QStandardItemModel:
    """One row per name and per alias; matching and insertion use NameRole."""
    model = QStandardItemModel(parent)
    for entity in entities:
        for name in entity.names:
            shown = name if name == entity.name else f"{name}  →  {entity.name}"
            item = QStandardItem(type_icon(entity.type), f"{shown}   ·  {entity.type}")
            item.setData(name, NameRole)
            item.setData(entity.id, EntityIdRole)
            item.setData(entity.type, EntityTypeRole)
            item.setEditable(False)
            model.appendRow(item)
    return model


def make_completer(model: QStandardItemModel, parent: QWidget) -> QCompleter:
    completer = QCompleter(model, parent)
    completer.setCompletionRole(NameRole)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(10)
    return completer


@dataclass(frozen=True)
class TagEntityChoice:
    """What the analyst chose: an existing entity (by id) or a name and type to resolve/create."""

    name: str
    type: str
    entity_id: int | None
    add_alias: bool


class TagEntityPopup(QDialog):
    """Tag the selected text as an entity."""

    def __init__(
        self,
        quote: str,
        types: list[EntityType],
        entities: list[Entity],
        parent: QWidget | None = None,
        *,
        last_type: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tag entity")
        self.quote = quote
        self._entities = {e.id: e for e in entities}
        self._by_key: dict[str, list[Entity]] = {}
        for entity in entities:
            for name in entity.names:
                self._by_key.setdefault(name_key(name), []).append(entity)

        shown = quote if len(quote) <= 60 else quote[:59] + "…"
        heading = QLabel(f"Tag <b>“{_escape(shown)}”</b> as", self)
        self.type_box = QComboBox(self)
        for entity_type in types:
            self.type_box.addItem(type_icon(entity_type.name), entity_type.label, entity_type.name)
        self.name_field = QLineEdit(self)
        self.name_field.setPlaceholderText("Entity name or alias")
        self.name_field.setText(quote)
        self.name_field.selectAll()
        self.completion_model = entity_completion_model(entities, self)
        self.completer = make_completer(self.completion_model, self)
        self.name_field.setCompleter(self.completer)
        self.completer.activated[QModelIndex].connect(self._completion_chosen)  # type: ignore[index]
        self.alias_box = QCheckBox(self)
        self.match_label = QLabel(self)
        self.match_label.setObjectName("Muted")
        self.match_label.setWordWrap(True)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Type", self.type_box)
        form.addRow("Entity", self.name_field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tag")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.alias_box)
        layout.addWidget(self.match_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

        self._chosen_id: int | None = None
        self._alias_offered = False
        self.name_field.textChanged.connect(self._update)
        self.type_box.currentIndexChanged.connect(self._update)
        # Start on the type of an entity the selected text already names, else on the type
        # tagged last (an analyst tags the people of a story one after another).
        known = self._by_key.get(name_key(quote), [])
        if known:
            self.set_type(known[0].type)
        elif last_type is not None:
            self.set_type(last_type)
        self._update()

    # --- state --------------------------------------------------------------------------------

    def set_type(self, type_name: str) -> None:
        index = self.type_box.findData(type_name)
        if index >= 0:
            self.type_box.setCurrentIndex(index)

    def current_type(self) -> str:
        return str(self.type_box.currentData())

    def matching_entity(self) -> Entity | None:
        """The existing entity the name (or the completion picked) stands for, in this type."""
        name = self.name_field.text().strip()
        if self._chosen_id is not None:
            chosen = self._entities.get(self._chosen_id)
            if (
                chosen is not None
                and chosen.type == self.current_type()
                and name_key(name) in {name_key(n) for n in chosen.names}
            ):
                return chosen
        candidates = [
            e for e in self._by_key.get(name_key(name), []) if e.type == self.current_type()
        ]
        return candidates[0] if len(candidates) == 1 else None

    def _completion_chosen(self, index: QModelIndex) -> None:
        entity_id = index.data(EntityIdRole)
        entity = self._entities.get(entity_id)
        if entity is not None:
            self._chosen_id = entity.id
            self.set_type(entity.type)
            self.name_field.setText(index.data(NameRole))
        self._update()

    def _update(self) -> None:
        name = self.name_field.text().strip()
        entity = self.matching_entity()
        self.ok_button.setEnabled(bool(name))
        quote_is_name = entity is not None and name_key(self.quote) in {
            name_key(n) for n in entity.names
        }
        if entity is None:
            same_name = self._by_key.get(name_key(name), [])
            if (
                name
                and len(same_name) > 1
                and all(e.type == self.current_type() for e in same_name)
            ):
                self.match_label.setText("Several entities have this name: pick one from the list.")
            elif name:
                others = ", ".join(sorted({e.type for e in same_name}))
                hint = f" (also known as a {others})" if others else ""
                self.match_label.setText(f"A new {self.current_type()} will be created{hint}.")
            else:
                self.match_label.setText("")
        else:
            count = entity.mention_count
            self.match_label.setText(
                f"Existing {entity.type}: <b>{_escape(entity.name)}</b> · {count} mention{'s' if count != 1 else ''}"
            )
        show_alias = entity is not None and not quote_is_name
        if show_alias and not self._alias_offered:
            self.alias_box.setChecked(True)  # offered afresh: on by default
        self._alias_offered = show_alias
        self.alias_box.setVisible(show_alias)
        if entity is not None and show_alias:
            self.alias_box.setText(f"Add “{self.quote[:40]}” as an alias of {entity.name}")

    def choice(self) -> TagEntityChoice:
        entity = self.matching_entity()
        return TagEntityChoice(
            name=self.name_field.text().strip(),
            type=self.current_type(),
            entity_id=entity.id if entity is not None else None,
            add_alias=self._alias_offered and self.alias_box.isChecked(),
        )


def _escape(text: str) -> str:
    import html

    return html.escape(text)
