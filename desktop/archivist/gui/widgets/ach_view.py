"""The competing-hypotheses view: a question chosen at the top, then its matrix of
hypotheses against evidence, rated from the keyboard, with Heuer's scores, what the
conclusion rests on, and the legend."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archivist import ach
from archivist import annotations as ann
from archivist.ach.scoring import LEGEND, RELEVANCES
from archivist.gui import theme
from archivist.gui.dialogs.ach_dialogs import HypothesisDialog, PickClaimsDialog, TextDialog
from archivist.gui.models.ach_matrix_model import FIRST_HYPOTHESIS, AchMatrixModel
from archivist.gui.session import ArchiveSession
from archivist.text import without_bidi_controls

# Keys that rate the current cell: letters as the ratings read, digits for speed.
RATING_KEYS: dict[tuple[int, bool], str | None] = {
    (int(Qt.Key.Key_C), True): "CC",
    (int(Qt.Key.Key_C), False): "C",
    (int(Qt.Key.Key_N), False): "N",
    (int(Qt.Key.Key_I), False): "I",
    (int(Qt.Key.Key_I), True): "II",
    (int(Qt.Key.Key_A), False): "NA",
    (int(Qt.Key.Key_1), False): "CC",
    (int(Qt.Key.Key_2), False): "C",
    (int(Qt.Key.Key_3), False): "N",
    (int(Qt.Key.Key_4), False): "I",
    (int(Qt.Key.Key_5), False): "II",
    (int(Qt.Key.Key_0), False): "NA",
    (int(Qt.Key.Key_Delete), False): None,
    (int(Qt.Key.Key_Backspace), False): None,
}
# Evidence, claimant, grade, status, weight; then each hypothesis (pixels).
COLUMN_WIDTHS = (262, 118, 56, 96, 62)
HYPOTHESIS_WIDTH = 74
RATING_HELP = (
    "Rate the selected cell: C consistent, Shift+C very consistent, N neutral, I inconsistent, "
    "Shift+I very inconsistent, A not applicable (or 1–5, 0); Delete clears."
)


class AchView(QWidget):
    quote_requested = Signal(int, int, int)  # article id, start, end
    error_occurred = Signal(str)
    message_posted = Signal(str)
    matrices_changed = Signal()

    def __init__(
        self,
        session: ArchiveSession,
        parent: QWidget | None = None,
        *,
        dialog_runner: Callable[[QDialog], int] = QDialog.exec,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.dialog_runner = dialog_runner
        self.matrix_id: int | None = None
        self._stale = True

        # The questions: one matrix each, chosen here (the matrix needs the width).
        self.matrix_box = QComboBox(self)
        self.matrix_box.setObjectName("AchMatrices")
        self.matrix_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.matrix_box.setMinimumContentsLength(30)
        self.matrix_box.activated.connect(self._matrix_chosen)
        new_button = QPushButton("&New matrix…", self)
        new_button.clicked.connect(self.new_matrix)
        self.rename_button = QPushButton("Rename…", self)
        self.rename_button.clicked.connect(self.rename_matrix)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.clicked.connect(self.delete_matrix)
        question_row = QHBoxLayout()
        question_row.addWidget(QLabel("Question:", self))
        question_row.addWidget(self.matrix_box, 1)
        for button in (new_button, self.rename_button, self.delete_button):
            question_row.addWidget(button)

        self.question_label = QLabel(self)
        self.question_label.setObjectName("ArticleTitle")
        self.question_label.setWordWrap(True)
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons: dict[str, QPushButton] = {}
        hypothesis_row = self._button_row(
            ("add_hypothesis", "+ &Hypothesis…", self.add_hypothesis, "Add a hypothesis (a column)"),
            ("edit_hypothesis", "Edit…", self.edit_hypothesis, "Change the selected column's hypothesis and indicators"),
            ("left", "◀", lambda: self.move_hypothesis(-1), "Move the hypothesis left"),
            ("right", "▶", lambda: self.move_hypothesis(1), "Move the hypothesis right"),
            ("remove_hypothesis", "Remove", self.remove_hypothesis, "Remove the hypothesis and its ratings"),
        )  # fmt: skip
        evidence_row = self._button_row(
            ("add_claims", "+ &Claims…", self.add_claims, "Add claims of the archive as evidence rows"),
            ("add_assumption", "+ &Assumption…", self.add_assumption, "Add an analyst's assumption as an evidence row"),
            ("reviewed", "Reviewed", self.mark_reviewed, "Take note of the claim's new grade or status"),
            ("open", "Quote", self.open_quote, "Show the claim or excerpt in its article"),
            ("remove_evidence", "Remove", self.remove_evidence, "Remove the evidence row"),
        )  # fmt: skip
        self.relevance_box = QComboBox(self)
        for relevance in RELEVANCES:
            self.relevance_box.addItem(relevance.capitalize(), relevance)
        self.relevance_box.setToolTip(
            "Relevance of the selected evidence: low ×0.5, medium ×1, high ×1.5 of its weight"
        )
        self.relevance_box.activated.connect(self._relevance_chosen)
        evidence_row.insertWidget(2, self.relevance_box)

        self.model = AchMatrixModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("AchMatrix")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setWordWrap(False)
        self.table.setToolTip(RATING_HELP)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.horizontalHeader().setMinimumHeight(40)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.legend = QLabel(LEGEND + " " + RATING_HELP, self)
        self.legend.setWordWrap(True)
        self.legend.setObjectName("Muted")
        legend_font = self.legend.font()
        legend_font.setPointSizeF(max(7.0, legend_font.pointSizeF() - 1.5))
        self.legend.setFont(legend_font)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(8, 8, 8, 0)
        top_layout.addLayout(question_row)
        top_layout.addWidget(self.question_label)
        top_layout.addLayout(hypothesis_row)
        top_layout.addLayout(evidence_row)
        top_layout.addWidget(self.table, 1)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(8, 0, 8, 8)
        bottom_layout.addWidget(self.summary)
        bottom_layout.addWidget(self.legend)
        bottom_layout.addStretch(1)

        # The matrix above, what it says below: the analyst sets how much of each shows.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([560, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        session.history_changed.connect(self._archive_changed)
        session.annotations_changed.connect(lambda _ids: self._archive_changed())
        self._update_buttons()

    def _button_row(self, *specs: tuple[str, str, Callable[[], Any], str]) -> QHBoxLayout:
        row = QHBoxLayout()
        for key, label, slot, tip in specs:
            button = QPushButton(label, self)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    # --- reading ------------------------------------------------------------------------

    def _archive_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the list of matrices and the open one again (off the GUI thread)."""
        self._stale = False
        wanted = self.matrix_id

        def read(archive: Any) -> tuple[list[ach.MatrixSummary], ach.Matrix | None]:
            summaries = ach.list_matrices(archive)
            ids = [s.id for s in summaries]
            chosen = wanted if wanted in ids else (ids[0] if ids else None)
            return summaries, ach.get_matrix(archive, chosen) if chosen is not None else None

        self.session.read(
            read, on_done=self._show, on_error=lambda e: self.error_occurred.emit(str(e))
        )

    def _show(self, found: tuple[list[ach.MatrixSummary], ach.Matrix | None]) -> None:
        summaries, matrix = found
        current = self.table.currentIndex()
        self.matrix_box.blockSignals(True)
        self.matrix_box.clear()
        for summary in summaries:
            self.matrix_box.addItem(
                f"{without_bidi_controls(summary.question)}  ({summary.hypotheses} × "
                f"{summary.evidence})",
                summary.id,
            )
            if matrix is not None and summary.id == matrix.id:
                self.matrix_box.setCurrentIndex(self.matrix_box.count() - 1)
        self.matrix_box.blockSignals(False)
        same = matrix is not None and matrix.id == self.matrix_id
        self.matrix_id = matrix.id if matrix is not None else None
        self.model.set_matrix(matrix)
        self._show_summary(matrix)
        if same and current.isValid():
            row = min(current.row(), self.model.rowCount() - 1)
            column = min(current.column(), self.model.columnCount() - 1)
            self.table.setCurrentIndex(self.model.index(row, column))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if self.model.columnCount():
            for column, width in enumerate(COLUMN_WIDTHS):
                header.resizeSection(column, width)
            for column in range(FIRST_HYPOTHESIS, self.model.columnCount()):
                header.resizeSection(column, HYPOTHESIS_WIDTH)
        self._update_buttons()

    def _show_summary(self, matrix: ach.Matrix | None) -> None:
        if matrix is None:
            self.question_label.setText("No question yet: start a matrix with New matrix…")
            self.summary.setText("")
            return
        self.question_label.setText(matrix.question)
        scores = self.model.scores
        assert scores is not None
        if not matrix.hypotheses or not matrix.evidence:
            self.summary.setText(
                "Add at least two hypotheses and the evidence, then rate each cell."
            )
            return
        if scores.leader is None:
            lead = "No hypothesis is clearly the least inconsistent yet."
        else:
            h = matrix.hypothesis(scores.leader)
            lead = f"<b>{h.label} leads</b> (least inconsistent): {html.escape(h.text)}"
        number = {e.id: n for n, e in enumerate(matrix.evidence, start=1)}
        critical = [
            f"E{number[e]} ({' or '.join(reasons)})" for e, reasons in scores.critical.items()
        ]
        parts = [lead]
        if critical:
            parts.append("The conclusion rests on: " + ", ".join(critical) + ".")
        changed = [f"E{number[e.id]}" for e in matrix.evidence if e.change]
        if changed:
            parts.append(
                f"<span style='color:#b26a00'>⚠ Claims changed since rated: {', '.join(changed)}.</span>"
            )
        if scores.non_diagnostic:
            rows = ", ".join(f"E{number[e]}" for e in sorted(scores.non_diagnostic, key=number.get))
            parts.append(f"<span style='color:{theme.MUTED}'>Non-diagnostic: {rows}.</span>")
        self.summary.setText("<br>".join(parts))

    def _matrix_chosen(self, index: int) -> None:
        if index >= 0:
            self.matrix_id = int(self.matrix_box.itemData(index))
            self.refresh()

    # --- what is selected ---------------------------------------------------------------

    def current_evidence(self) -> ach.Evidence | None:
        index = self.table.currentIndex()
        return self.model.evidence_at(index.row()) if index.isValid() else None

    def current_hypothesis(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.hypothesis_at(index.column()) if index.isValid() else None

    def _update_buttons(self, *_args: Any) -> None:
        has_matrix = self.matrix_id is not None
        evidence = self.current_evidence()
        hypothesis = self.current_hypothesis()
        writable = not self.session.readonly
        for key in ("add_hypothesis", "add_claims", "add_assumption"):
            self.buttons[key].setEnabled(has_matrix and writable)
        for key in ("edit_hypothesis", "left", "right", "remove_hypothesis"):
            self.buttons[key].setEnabled(hypothesis is not None and writable)
        self.buttons["remove_evidence"].setEnabled(evidence is not None and writable)
        self.buttons["reviewed"].setEnabled(
            evidence is not None and bool(evidence.change) and writable
        )
        self.buttons["open"].setEnabled(evidence is not None and evidence.start is not None)
        self.relevance_box.setEnabled(evidence is not None and writable)
        if evidence is not None:
            self.relevance_box.setCurrentIndex(RELEVANCES.index(evidence.relevance))
        self.rename_button.setEnabled(has_matrix and writable)
        self.delete_button.setEnabled(has_matrix and writable)

    # --- writing ------------------------------------------------------------------------

    def _write(self, fn: Callable[[Any], Any], message: str | Callable[[Any], str]) -> None:
        def done(result: Any) -> None:
            self.message_posted.emit(message(result) if callable(message) else message)
            self.matrices_changed.emit()
            self.refresh()

        self.session.write(
            fn, on_done=done, on_error=lambda e: self.error_occurred.emit(str(e)), touches="nothing"
        )

    def _ask_text(
        self, title: str, label: str, text: str = "", *, multiline: bool = False
    ) -> str | None:
        dialog = TextDialog(title, label, text, multiline=multiline, parent=self)
        if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return None
        return dialog.text().strip() or None

    def new_matrix(self) -> None:
        question = self._ask_text("New ACH matrix", "The question the hypotheses answer:")
        if question is None:
            return

        def create(archive: Any) -> ach.Matrix:
            return ach.create_matrix(archive, question)

        def done(matrix: ach.Matrix) -> str:
            self.matrix_id = matrix.id
            return f"New matrix: {matrix.question}"

        self._write(create, done)

    def rename_matrix(self) -> None:
        matrix_id = self.matrix_id
        if matrix_id is None or self.model.matrix is None:
            return
        question = self._ask_text("Rename", "The question:", self.model.matrix.question)
        if question is not None:
            self._write(lambda a: ach.rename_matrix(a, matrix_id, question), "Question changed")

    def delete_matrix(self) -> None:
        matrix_id = self.matrix_id
        if matrix_id is not None:
            self.matrix_id = None
            self._write(
                lambda a: ach.delete_matrix(a, matrix_id), "Matrix deleted — Ctrl+Z to undo"
            )

    def add_hypothesis(self) -> None:
        matrix_id = self.matrix_id
        if matrix_id is None:
            return
        dialog = HypothesisDialog(parent=self)
        if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        text, indicators = dialog.values()
        self._write(
            lambda a: ach.add_hypothesis(a, matrix_id, text, indicators),
            lambda h: f"Added {h.label}",
        )

    def edit_hypothesis(self) -> None:
        hypothesis_id = self.current_hypothesis()
        if hypothesis_id is None or self.model.matrix is None:
            return
        hypothesis = self.model.matrix.hypothesis(hypothesis_id)
        dialog = HypothesisDialog(hypothesis.text, hypothesis.indicators or "", parent=self)
        if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        text, indicators = dialog.values()
        self._write(
            lambda a: ach.edit_hypothesis(a, hypothesis_id, text=text, indicators=indicators),
            lambda h: f"Changed {h.label}",
        )

    def move_hypothesis(self, step: int) -> None:
        hypothesis_id = self.current_hypothesis()
        if hypothesis_id is None or self.model.matrix is None:
            return
        position = self.model.matrix.hypothesis(hypothesis_id).position + step
        if not 1 <= position <= len(self.model.matrix.hypotheses):
            return
        index = self.table.currentIndex()
        self.table.setCurrentIndex(self.model.index(index.row(), index.column() + step))
        self._write(
            lambda a: ach.move_hypothesis(a, hypothesis_id, position), f"Moved to H{position}"
        )

    def remove_hypothesis(self) -> None:
        hypothesis_id = self.current_hypothesis()
        if hypothesis_id is not None:
            self._write(
                lambda a: ach.remove_hypothesis(a, hypothesis_id),
                "Hypothesis removed — Ctrl+Z to undo",
            )

    def add_claims(self, preselected: list[int] | None = None) -> None:
        matrix_id, matrix = self.matrix_id, self.model.matrix
        if matrix_id is None or matrix is None:
            return
        already = {e.claim_id for e in matrix.evidence if e.claim_id is not None}

        def pick(claims: list[ann.Claim]) -> None:
            dialog = PickClaimsDialog(claims, already, self)
            for claim_id in preselected or []:
                dialog.check(claim_id)
            if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted or not dialog.chosen():
                return
            chosen = dialog.chosen()

            def add(archive: Any) -> int:
                for claim_id in chosen:
                    ach.add_evidence(archive, matrix_id, claim_id=claim_id)
                return len(chosen)

            self._write(add, lambda n: f"Added {n} claim(s) as evidence")

        self.session.read(
            ann.list_claims, on_done=pick, on_error=lambda e: self.error_occurred.emit(str(e))
        )

    def add_excerpt(self, article_id: int, start: int, end: int) -> None:
        """Add a passage of an article (the reader's selection) as an evidence row of the
        open matrix."""
        matrix_id = self.matrix_id
        if matrix_id is None:
            self.message_posted.emit(
                "Open a question in Competing Hypotheses (Ctrl+5) first, then add the passage"
            )
            return
        self._write(
            lambda a: ach.add_evidence(a, matrix_id, excerpt=(article_id, start, end)),
            lambda e: f"Excerpt added to “{self._question()}” as E{e.position}",
        )

    def add_claim_ids(self, claim_ids: list[int]) -> None:
        """Add claims (from the claims view) to the open matrix; those already in it are
        left as they are."""
        matrix_id, matrix = self.matrix_id, self.model.matrix
        if matrix_id is None or matrix is None:
            self.message_posted.emit(
                "Open a question in Competing Hypotheses (Ctrl+5) first, then add the claims"
            )
            return
        already = {e.claim_id for e in matrix.evidence}
        wanted = [c for c in claim_ids if c not in already]

        def add(archive: Any) -> int:
            for claim_id in wanted:
                ach.add_evidence(archive, matrix_id, claim_id=claim_id)
            return len(wanted)

        self._write(add, lambda n: f"Added {n} claim(s) to “{self._question()}”")

    def _question(self) -> str:
        return self.model.matrix.question if self.model.matrix is not None else ""

    def add_assumption(self) -> None:
        matrix_id = self.matrix_id
        if matrix_id is None:
            return
        text = self._ask_text("Add assumption", "An assumption the analysis makes:", multiline=True)
        if text is not None:
            self._write(
                lambda a: ach.add_evidence(a, matrix_id, assumption=text), "Assumption added"
            )

    def remove_evidence(self) -> None:
        evidence = self.current_evidence()
        if evidence is not None:
            evidence_id = evidence.id
            self._write(
                lambda a: ach.remove_evidence(a, evidence_id), "Evidence removed — Ctrl+Z to undo"
            )

    def mark_reviewed(self) -> None:
        evidence = self.current_evidence()
        if evidence is not None:
            evidence_id = evidence.id
            self._write(lambda a: ach.acknowledge(a, evidence_id), "Marked reviewed")

    def _relevance_chosen(self, _index: int) -> None:
        evidence = self.current_evidence()
        relevance = self.relevance_box.currentData()
        if evidence is not None and relevance != evidence.relevance:
            evidence_id = evidence.id
            self._write(
                lambda a: ach.set_relevance(a, evidence_id, relevance),
                lambda e: f"E{e.position}: {relevance} relevance, weight {e.weight:.2f}",
            )

    def rate_current(self, rating: str | None) -> None:
        """Rate the selected cell, then move to the next hypothesis (then the next row)."""
        index = self.table.currentIndex()
        evidence, hypothesis_id = self.current_evidence(), self.current_hypothesis()
        if evidence is None or hypothesis_id is None or self.session.readonly:
            return
        evidence_id = evidence.id
        self._write(
            lambda a: ach.rate(a, evidence_id, hypothesis_id, rating),
            f"Rated {rating}" if rating else "Rating cleared",
        )
        column, row = index.column() + 1, index.row()
        if column >= self.model.columnCount():
            column, row = FIRST_HYPOTHESIS, row + 1
        if row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, column))

    def open_quote(self) -> None:
        evidence = self.current_evidence()
        if evidence is not None and evidence.article_id is not None and evidence.start is not None:
            assert evidence.end is not None
            self.quote_requested.emit(evidence.article_id, evidence.start, evidence.end)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() < FIRST_HYPOTHESIS:
            self.open_quote()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            key = (int(event.key()), shift)
            if key in RATING_KEYS and self.current_hypothesis() is not None:
                self.rate_current(RATING_KEYS[key])
                return True
        return super().eventFilter(watched, event)
