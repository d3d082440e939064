"""The ACH matrix as a table: evidence rows, their claimant, grade, status and weight, then
one column per hypothesis holding the rating; scores in the hypotheses' headers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from archivist.ach import Evidence, Matrix
from archivist.ach.scoring import RATING_LABELS, Scores, score_text
from archivist.gui import theme
from archivist.text import without_bidi_controls

COL_EVIDENCE, COL_CLAIMANT, COL_GRADE, COL_STATUS, COL_WEIGHT = range(5)
FIXED_COLUMNS = ("Evidence", "Claimant", "Grade", "Status", "Weight")
FIRST_HYPOTHESIS = len(FIXED_COLUMNS)
EvidenceRole = Qt.ItemDataRole.UserRole + 1

# Cell colours: consistency green, inconsistency red (Heuer weighs the red ones).
_RATING_COLOURS = {
    "CC": "#c8e6c9",
    "C": "#e8f5e9",
    "N": "",
    "I": "#ffebee",
    "II": "#ffcdd2",
    "NA": "#eeeeee",
}


class AchMatrixModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix: Matrix | None = None
        self.scores: Scores | None = None

    def set_matrix(self, matrix: Matrix | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.scores = matrix.scores() if matrix is not None else None
        self.endResetModel()

    # --- shape --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.evidence)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.matrix is None:
            return 0
        return FIRST_HYPOTHESIS + len(self.matrix.hypotheses)

    def evidence_at(self, row: int) -> Evidence | None:
        if self.matrix is None or not 0 <= row < len(self.matrix.evidence):
            return None
        return self.matrix.evidence[row]

    def hypothesis_at(self, column: int) -> int | None:
        """The id of the hypothesis in `column` (None for the fixed columns)."""
        if self.matrix is None:
            return None
        at = column - FIRST_HYPOTHESIS
        return self.matrix.hypotheses[at].id if 0 <= at < len(self.matrix.hypotheses) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags

    # --- headers ------------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.matrix is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"E{section + 1}"
            return None
        if section < FIRST_HYPOTHESIS:
            return FIXED_COLUMNS[section] if role == Qt.ItemDataRole.DisplayRole else None
        hypothesis = self.matrix.hypotheses[section - FIRST_HYPOTHESIS]
        assert self.scores is not None
        lead = hypothesis.id == self.scores.leader
        rank = self.scores.ranking.index(hypothesis.id) + 1
        if role == Qt.ItemDataRole.DisplayRole:
            score = score_text(self.scores.inconsistency[hypothesis.id])
            return f"{hypothesis.label}{' ★' if lead else ''}\n{score} · #{rank}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{hypothesis.label}: {without_bidi_controls(hypothesis.text)}\n"
                f"Weighted inconsistency {score_text(self.scores.inconsistency[hypothesis.id])},"
                f" rank {rank}{' — the least inconsistent' if lead else ''}"
                + (f"\nWatch for: {hypothesis.indicators}" if hypothesis.indicators else "")
            )
        if role == Qt.ItemDataRole.FontRole and lead:
            font = QFont()
            font.setBold(True)
            return font
        return None

    # --- cells --------------------------------------------------------------------------

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        evidence = self.evidence_at(index.row()) if index.isValid() else None
        if evidence is None or self.scores is None:
            return None
        column = index.column()
        if role == EvidenceRole:
            return evidence
        if column >= FIRST_HYPOTHESIS:
            return self._rating(evidence, self.hypothesis_at(column), role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._fixed(evidence, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_EVIDENCE:
            return self._explanation(evidence)
        if role == Qt.ItemDataRole.ForegroundRole:
            if evidence.id in self.scores.non_diagnostic or evidence.weight == 0:
                return QColor(theme.MUTED)
            if column == COL_EVIDENCE and evidence.change:
                return QColor("#b26a00")
        if role == Qt.ItemDataRole.FontRole and evidence.id in self.scores.critical:
            font = QFont()
            font.setBold(column == COL_EVIDENCE)
            return font
        return None

    def _fixed(self, evidence: Evidence, column: int) -> str:
        assert self.scores is not None
        if column == COL_EVIDENCE:
            marks = ""
            if evidence.change:
                marks += "⚠ "
            if evidence.id in self.scores.critical:
                marks += "◆ "
            return marks + without_bidi_controls(evidence.description)
        if column == COL_CLAIMANT:
            return without_bidi_controls(evidence.claimant or "")
        if column == COL_GRADE:
            return evidence.grade or ("—" if evidence.kind != "assumption" else "")
        if column == COL_STATUS:
            return evidence.status or evidence.kind
        return f"{evidence.weight:.2f}"

    def _explanation(self, evidence: Evidence) -> str:
        assert self.scores is not None
        lines = [without_bidi_controls(evidence.quote or evidence.text or "")]
        if evidence.article_title:
            lines.append(f"From: {without_bidi_controls(evidence.article_title)}")
        lines.append(f"Relevance: {evidence.relevance}; weight {evidence.weight:.2f}")
        if evidence.id in self.scores.non_diagnostic:
            lines.append("Non-diagnostic: rated alike for every hypothesis, not counted.")
        if evidence.id in self.scores.critical:
            lines.append(
                "Critical: its "
                + " or ".join(self.scores.critical[evidence.id])
                + " would change which hypothesis leads."
            )
        if evidence.change:
            lines.append(f"Changed since rated: {evidence.change} (Mark reviewed to clear).")
        return "\n".join(lines)

    def _rating(self, evidence: Evidence, hypothesis_id: int | None, role: int) -> Any:
        rating = evidence.ratings.get(hypothesis_id) if hypothesis_id is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            return rating or "·"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and rating and _RATING_COLOURS[rating]:
            return QColor(_RATING_COLOURS[rating])
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                RATING_LABELS[rating]
                if rating
                else "Not rated: type C, Shift+C, N, I, Shift+I or A"
            )
        if role == Qt.ItemDataRole.FontRole and rating in ("I", "II"):
            font = QFont()
            font.setBold(True)
            return font
        return None
