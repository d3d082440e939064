"""Editing an entity: its canonical name, type, description and aliases."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from archivist.annotations import Entity, EntityType
from archivist.gui.dialogs.tag_entity import type_icon


@dataclass(frozen=True)
class EntityEdits:
    name: str
    type: str
    description: str | None
    aliases: list[str] = field(default_factory=list)


def split_aliases(text: str) -> list[str]:
    """Aliases typed one per line or separated by semicolons (names may contain commas)."""
    parts = [p.strip() for line in text.splitlines() for p in line.split(";")]
    seen: dict[str, str] = {}
    for part in parts:
        if part and part.casefold() not in seen:
            seen[part.casefold()] = part
    return list(seen.values())


class EntityEditDialog(QDialog):
    def __init__(
        self, entity: Entity, types: list[EntityType], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit entity — {entity.name}")
        self.name_field = QLineEdit(entity.name, self)
        self.type_box = QComboBox(self)
        for entity_type in types:
            self.type_box.addItem(type_icon(entity_type.name), entity_type.label, entity_type.name)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(entity.type)))
        self.aliases_field = QPlainTextEdit("\n".join(entity.aliases), self)
        self.aliases_field.setPlaceholderText("One alias per line")
        self.aliases_field.setFixedHeight(80)
        self.aliases_field.setTabChangesFocus(True)
        self.description_field = QPlainTextEdit(entity.description or "", self)
        self.description_field.setFixedHeight(60)
        self.description_field.setTabChangesFocus(True)
        usage = QLabel(
            f"{entity.mention_count} mention(s) in {entity.article_count} article(s) · "
            f"{entity.claim_count} claim(s). Renaming keeps the old name as an alias.",
            self,
        )
        usage.setObjectName("Muted")
        usage.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Name", self.name_field)
        form.addRow("Type", self.type_box)
        form.addRow("Aliases", self.aliases_field)
        form.addRow("Description", self.description_field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(usage)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def edits(self) -> EntityEdits:
        return EntityEdits(
            name=self.name_field.text().strip(),
            type=str(self.type_box.currentData()),
            description=self.description_field.toPlainText().strip() or None,
            aliases=split_aliases(self.aliases_field.toPlainText()),
        )
