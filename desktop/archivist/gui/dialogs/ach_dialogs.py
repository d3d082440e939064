"""Small dialogs of the ACH view: a line of text (question, assumption), a hypothesis with
its indicators, and a pick of claims to add as evidence."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from archivist.annotations import Claim
from archivist.text import without_bidi_controls


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class TextDialog(QDialog):
    """One line (a question) or a few (an assumption) of text."""

    def __init__(
        self,
        title: str,
        label: str,
        text: str = "",
        *,
        multiline: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.field: QLineEdit | QPlainTextEdit
        self.field = QPlainTextEdit(text, self) if multiline else QLineEdit(text, self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label, self))
        layout.addWidget(self.field)
        layout.addWidget(_buttons(self))
        self.resize(520, 200 if multiline else 120)

    def text(self) -> str:
        if isinstance(self.field, QPlainTextEdit):
            return self.field.toPlainText()
        return self.field.text()

    def set_text(self, text: str) -> None:
        if isinstance(self.field, QPlainTextEdit):
            self.field.setPlainText(text)
        else:
            self.field.setText(text)


class HypothesisDialog(QDialog):
    """A hypothesis (one sentence) and what to watch for if it is right."""

    def __init__(self, text: str = "", indicators: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit hypothesis" if text else "Add hypothesis")
        self.text_field = QLineEdit(text, self)
        self.text_field.setPlaceholderText("One sentence: what might explain the events")
        self.indicators_field = QPlainTextEdit(indicators, self)
        self.indicators_field.setPlaceholderText(
            "Indicators to watch for, one a line (they appear in the brief's appendix)"
        )
        form = QFormLayout()
        form.addRow("&Hypothesis:", self.text_field)
        form.addRow("&Indicators:", self.indicators_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))
        self.resize(560, 260)

    def values(self) -> tuple[str, str | None]:
        return self.text_field.text(), self.indicators_field.toPlainText().strip() or None


class PickClaimsDialog(QDialog):
    """Tick claims of the archive to add as evidence rows (a filter narrows the list)."""

    def __init__(
        self, claims: Sequence[Claim], already: set[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add claims as evidence")
        self.filter_field = QLineEdit(self)
        self.filter_field.setPlaceholderText("Filter by claimant, quote or grade")
        self.filter_field.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        for claim in claims:
            grade = claim.grade or "ungraded"
            text = f"{claim.claimant} ({grade}, {claim.status}): “{claim.statement or claim.quote}”"
            item = QListWidgetItem(without_bidi_controls(" ".join(text.split())), self.list)
            item.setData(Qt.ItemDataRole.UserRole, claim.id)
            if claim.id in already:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip("Already evidence in this matrix")
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
        self.filter_field.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_field)
        layout.addWidget(self.list, 1)
        layout.addWidget(_buttons(self))
        self.resize(640, 460)

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def check(self, claim_id: int) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == claim_id:
                item.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[int]:
        return [
            int(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]
