"""The Record claim dialog: claimant, paraphrase, Admiralty grades with meanings, status, note."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from archivist.annotations import CREDIBILITY, RELIABILITY, STATUSES, Claim, Entity
from archivist.gui import theme
from archivist.gui.dialogs.tag_entity import NameRole, make_completer, type_icon


@dataclass(frozen=True)
class ClaimValues:
    """What the dialog collected, ready for add_claim / edit_claim."""

    claimant: str
    statement: str | None
    reliability: str | None
    credibility: int | None
    status: str
    note: str | None


def claimant_completion_model(
    entities: list[Entity], claimants: list[dict[str, object]], parent: QWidget | None = None
) -> QStandardItemModel:
    """Entity names and aliases, then free-text claimants already used ("local media")."""
    model = QStandardItemModel(parent)
    for entity in entities:
        for name in entity.names:
            item = QStandardItem(type_icon(entity.type), f"{name}   ·  {entity.type}")
            item.setData(name, NameRole)
            item.setEditable(False)
            model.appendRow(item)
    for claimant in claimants:
        if claimant.get("entity_id") is None:
            name = str(claimant["claimant"])
            item = QStandardItem(f"{name}   ·  claimant, {claimant['claims']} claim(s)")
            item.setData(name, NameRole)
            item.setEditable(False)
            model.appendRow(item)
    return model


class RecordClaimDialog(QDialog):
    """One form for a new claim and for editing one (`claim` given)."""

    def __init__(
        self,
        quote: str,
        entities: list[Entity],
        claimants: list[dict[str, object]],
        parent: QWidget | None = None,
        *,
        claim: Claim | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit claim" if claim else "Record claim")
        quote_label = QLabel(f"<i>“{html.escape(quote)}”</i>", self)
        quote_label.setWordWrap(True)
        quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        quote_label.setStyleSheet(
            f"background:{theme.PANEL}; border-left: 3px solid {theme.ACCENT}; padding: 6px 10px;"
        )

        self.claimant_field = QLineEdit(self)
        self.claimant_field.setPlaceholderText(
            "Who asserts it: a person, an organisation, “local media”…"
        )
        self.claimant_field.setCompleter(
            make_completer(claimant_completion_model(entities, claimants, self), self)
        )
        self.statement_field = QLineEdit(self)
        self.statement_field.setPlaceholderText("Optional paraphrase of what is claimed")

        self.reliability_box = QComboBox(self)
        self.reliability_box.addItem("— not graded —", None)
        for grade in RELIABILITY:
            self.reliability_box.addItem(f"{grade.code} — {grade.label}", grade.code)
        self.reliability_help = self._help_label()
        self.credibility_box = QComboBox(self)
        self.credibility_box.addItem("— not graded —", None)
        for grade in CREDIBILITY:
            self.credibility_box.addItem(f"{grade.code} — {grade.label}", int(grade.code))
        self.credibility_help = self._help_label()
        self.status_box = QComboBox(self)
        for status in STATUSES:
            self.status_box.addItem(status.label, status.code)
        self.status_help = self._help_label()
        self.grade_label = QLabel(self)
        self.grade_label.setObjectName("Muted")
        self.note_field = QPlainTextEdit(self)
        self.note_field.setPlaceholderText(
            "Analyst note (kept with the claim; exported as a Word comment)"
        )
        self.note_field.setFixedHeight(70)
        self.note_field.setTabChangesFocus(True)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(6)
        form.addRow("Claimant", self.claimant_field)
        form.addRow("Paraphrase", self.statement_field)
        form.addRow("Source reliability", self.reliability_box)
        form.addRow("", self.reliability_help)
        form.addRow("Information credibility", self.credibility_box)
        form.addRow("", self.credibility_help)
        form.addRow("Status", self.status_box)
        form.addRow("", self.status_help)
        form.addRow("Note", self.note_field)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save" if claim else "Record")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.grade_label, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(quote_label)
        layout.addLayout(form)
        layout.addLayout(bottom)
        self.setMinimumWidth(520)

        self.reliability_box.currentIndexChanged.connect(self._update)
        self.credibility_box.currentIndexChanged.connect(self._update)
        self.status_box.currentIndexChanged.connect(self._update)
        self.claimant_field.textChanged.connect(self._update)
        if claim is not None:
            self.claimant_field.setText(claim.claimant)
            self.statement_field.setText(claim.statement or "")
            self.reliability_box.setCurrentIndex(
                max(0, self.reliability_box.findData(claim.reliability))
            )
            self.credibility_box.setCurrentIndex(
                max(0, self.credibility_box.findData(claim.credibility))
            )
            self.status_box.setCurrentIndex(max(0, self.status_box.findData(claim.status)))
            self.note_field.setPlainText(claim.note or "")
        self._update()

    def _help_label(self) -> QLabel:
        label = QLabel(self)
        label.setObjectName("Muted")
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 8.5pt;")
        return label

    def _update(self) -> None:
        reliability = self.reliability_box.currentData()
        credibility = self.credibility_box.currentData()
        by_code = {g.code: g for g in RELIABILITY}
        self.reliability_help.setText(by_code[reliability].description if reliability else "")
        by_digit = {int(g.code): g for g in CREDIBILITY}
        self.credibility_help.setText(by_digit[credibility].description if credibility else "")
        status = {s.code: s for s in STATUSES}[self.status_box.currentData()]
        self.status_help.setText(status.description)
        if reliability or credibility:
            self.grade_label.setText(f"Grade <b>{reliability or '-'}{credibility or '-'}</b>")
        else:
            self.grade_label.setText("Not graded")
        self.ok_button.setEnabled(bool(self.claimant_field.text().strip()))

    def values(self) -> ClaimValues:
        return ClaimValues(
            claimant=self.claimant_field.text().strip(),
            statement=self.statement_field.text().strip() or None,
            reliability=self.reliability_box.currentData(),
            credibility=self.credibility_box.currentData(),
            status=str(self.status_box.currentData()),
            note=self.note_field.toPlainText().strip() or None,
        )
