"""The Key judgment dialog: the statement, a likelihood term of the brief's yardstick, the
confidence and its basis, which of the brief's claims and excerpts support it, and the
matrices of competing hypotheses it rests on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from archivist.ach import MatrixSummary
from archivist.briefs import CONFIDENCE_LEVELS, YARDSTICKS, Brief, BriefItem
from archivist.gui.models.brief_models import EvidenceRole, evidence_entries


@dataclass(frozen=True)
class JudgmentValues:
    """What the dialog collected, ready for add_judgment / edit_judgment."""

    text: str
    likelihood: str
    confidence: str
    basis: str | None
    claims: list[int]
    excerpts: list[int]
    matrices: list[int]


_MATRIX_ROLE = Qt.ItemDataRole.UserRole + 7


class JudgmentDialog(QDialog):
    """Write or change a key judgment of `brief` (`item` when changing one)."""

    def __init__(
        self,
        brief: Brief,
        item: BriefItem | None = None,
        parent: QWidget | None = None,
        matrices: Sequence[MatrixSummary] = (),
    ) -> None:
        super().__init__(parent)
        yardstick = YARDSTICKS[brief.yardstick]
        self.setWindowTitle("Change key judgment" if item else "Add key judgment")
        self.setMinimumWidth(560)
        self.statement = QPlainTextEdit(self)
        self.statement.setPlaceholderText(
            "The judgment, e.g. “Russian-led forces will leave Kazakhstan by February.”"
        )
        self.statement.setFixedHeight(70)
        self.statement.setTabChangesFocus(True)
        self.likelihood = QComboBox(self)
        for term in yardstick.terms:
            self.likelihood.addItem(f"{term.name}  ({term.range_text})", term.name)
        self.confidence = QComboBox(self)
        for level in CONFIDENCE_LEVELS:
            self.confidence.addItem(level, level)
        self.basis = QLineEdit(self)
        self.basis.setPlaceholderText("What the confidence rests on (optional)")
        self.evidence = QListWidget(self)
        self.evidence.setMinimumHeight(120)
        for entry in evidence_entries(brief):
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.evidence.addItem(entry)
        hint = QLabel(
            f"Likelihood terms of the {yardstick.name} yardstick (change it in the brief's "
            "details). Evidence: the claims and excerpts already in this brief."
            + (
                " ICD 203 keeps likelihood and confidence in separate sentences."
                if yardstick.separate_confidence
                else ""
            ),
            self,
        )
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        if not self.evidence.count():
            self.evidence.addItem("(no claims or excerpts in this brief yet)")
            self.evidence.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.matrices = QListWidget(self)
        self.matrices.setMaximumHeight(90)
        self.matrices.setToolTip(
            "Matrices of competing hypotheses the judgment rests on: the export shows each "
            "in an appendix, with its ratings, scores and what the conclusion rests on"
        )
        for summary in matrices:
            entry = QListWidgetItem(
                f"{summary.question}  ({summary.hypotheses} hypotheses, "
                f"{summary.evidence} evidence)",
                self.matrices,
            )
            entry.setData(_MATRIX_ROLE, summary.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
        if not self.matrices.count():
            self.matrices.addItem("(no matrices yet: View ▸ Competing Hypotheses)")
            self.matrices.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

        form = QFormLayout()
        form.addRow("Judgment", self.statement)
        form.addRow("Likelihood", self.likelihood)
        form.addRow("Confidence", self.confidence)
        form.addRow("Basis", self.basis)
        form.addRow("Evidence", self.evidence)
        form.addRow("Hypotheses", self.matrices)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        if item is not None:
            self._show(item)
        else:
            self.likelihood.setCurrentIndex(self.likelihood.findData("likely"))
            self.confidence.setCurrentIndex(self.confidence.findData("moderate"))
        self.statement.textChanged.connect(self._update_ok)
        self._update_ok()

    def _show(self, item: BriefItem) -> None:
        self.statement.setPlainText(item.text or "")
        self.likelihood.setCurrentIndex(max(0, self.likelihood.findData(item.likelihood)))
        self.confidence.setCurrentIndex(max(0, self.confidence.findData(item.confidence)))
        self.basis.setText(item.basis or "")
        evidence = item.evidence or {}
        chosen = {("claim", c) for c in evidence.get("claims", [])}
        chosen |= {("excerpt", e) for e in evidence.get("excerpts", [])}
        for row in range(self.evidence.count()):
            entry = self.evidence.item(row)
            if entry.data(EvidenceRole) in chosen:
                entry.setCheckState(Qt.CheckState.Checked)
        for matrix_id in evidence.get("matrices", []):
            self.check_matrix(matrix_id)

    def check_matrix(self, matrix_id: int) -> None:
        """Tick a matrix the judgment rests on."""
        for row in range(self.matrices.count()):
            entry = self.matrices.item(row)
            if entry.data(_MATRIX_ROLE) == matrix_id:
                entry.setCheckState(Qt.CheckState.Checked)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.statement.toPlainText().strip()))

    def check(self, kind: str, ident: int) -> None:
        """Tick a piece of evidence (a claim id, or an excerpt's item id)."""
        for row in range(self.evidence.count()):
            entry = self.evidence.item(row)
            if entry.data(EvidenceRole) == (kind, ident):
                entry.setCheckState(Qt.CheckState.Checked)

    def values(self) -> JudgmentValues:
        chosen = [
            self.evidence.item(row).data(EvidenceRole)
            for row in range(self.evidence.count())
            if self.evidence.item(row).checkState() == Qt.CheckState.Checked
        ]
        return JudgmentValues(
            text=self.statement.toPlainText().strip(),
            likelihood=str(self.likelihood.currentData()),
            confidence=str(self.confidence.currentData()),
            basis=self.basis.text().strip() or None,
            claims=[ident for kind, ident in chosen if kind == "claim"],
            excerpts=[ident for kind, ident in chosen if kind == "excerpt"],
            matrices=[
                int(self.matrices.item(row).data(_MATRIX_ROLE))
                for row in range(self.matrices.count())
                if self.matrices.item(row).checkState() == Qt.CheckState.Checked
            ],
        )
