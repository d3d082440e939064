"""Edit ▸ Settings…: brief defaults, the Word template, reader font size, default archive,
and the open archive's own copies threshold."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archivist.archive.copies import DEFAULT_THRESHOLD
from archivist.gui.preferences import Preferences, template_problem


class SettingsDialog(QDialog):
    """Shows `Preferences`; `preferences()` returns what the analyst set."""

    def __init__(
        self,
        prefs: Preferences,
        parent: QWidget | None = None,
        *,
        copies_threshold: float | None = None,
    ) -> None:
        """`copies_threshold`: the open archive's, to edit (None: not shown, as for an
        archive open read-only)."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(520)
        self.author_field = QLineEdit(prefs.default_author, self)
        self.author_field.setPlaceholderText("Your name, printed on new briefs")
        self.marking_field = QLineEdit(prefs.default_marking, self)
        self.marking_field.setPlaceholderText("e.g. OFFICIAL-SENSITIVE")
        self.template_field = QLineEdit(prefs.word_template, self)
        self.template_field.setPlaceholderText("Built-in template")
        self.template_button = QPushButton("Choose…", self)
        self.template_error = QLabel(self)
        self.template_error.setStyleSheet("color: #c0392b;")
        self.template_error.hide()
        self.font_size = QDoubleSpinBox(self)
        self.font_size.setRange(6.0, 40.0)
        self.font_size.setSingleStep(0.5)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(prefs.reader_font_size)
        self.archive_field = QLineEdit(prefs.default_archive, self)
        self.archive_field.setPlaceholderText("The standard folder (or $ARCHIVIST_HOME)")
        self.archive_button = QPushButton("Choose…", self)
        self.ocr_field = QLineEdit(prefs.ocr_languages, self)
        self.ocr_field.setPlaceholderText("Every language installed, English first")
        self.ocr_field.setToolTip(_ocr_help())
        self.copies_threshold_field = QDoubleSpinBox(self)
        self.copies_threshold_field.setRange(0.05, 1.0)
        self.copies_threshold_field.setSingleStep(0.05)
        self.copies_threshold_field.setDecimals(2)
        self.copies_threshold_field.setPrefix("similarity ≥ ")
        self.copies_threshold_field.setValue(copies_threshold or DEFAULT_THRESHOLD)
        self.copies_threshold_field.setToolTip(
            "Two articles whose texts are at least this similar (0.05–1) count as copies "
            f"of one story. Default {DEFAULT_THRESHOLD:g}: catches a wire story re-headlined, "
            "trimmed by a quarter and lightly edited, and keeps different stories on the "
            "same event apart. Changing it regroups the whole archive."
        )

        form = QFormLayout()
        form.addRow("Default author", self.author_field)
        form.addRow("Default marking", self.marking_field)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_field, 1)
        template_row.addWidget(self.template_button)
        form.addRow("Word template", template_row)
        form.addRow("", self.template_error)
        form.addRow("Reader font size", self.font_size)
        archive_row = QHBoxLayout()
        archive_row.addWidget(self.archive_field, 1)
        archive_row.addWidget(self.archive_button)
        form.addRow("Archive at start", archive_row)
        form.addRow("Scans read in", self.ocr_field)
        if copies_threshold is not None:
            form.addRow("Copies of one story", self.copies_threshold_field)
        else:
            self.copies_threshold_field.hide()
        note = QLabel(
            "Author and marking fill in new briefs. The archive at start is opened by "
            "“archivist” when no archive is named. The copies similarity belongs to the "
            "open archive: changing it regroups its syndicated copies.",
            self,
        )
        note.setObjectName("Muted")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.template_button.clicked.connect(self._choose_template)
        self.archive_button.clicked.connect(self._choose_archive)
        self.template_field.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        problem = template_problem(self.template_field.text().strip())
        self.template_error.setText(problem or "")
        self.template_error.setVisible(problem is not None)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None)

    def _choose_template(self) -> None:
        start = self.template_field.text() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, "Word template", start, "Word documents and templates (*.docx *.dotx)"
        )
        if path:
            self.template_field.setText(path)

    def _choose_archive(self) -> None:
        start = self.archive_field.text() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Archive to open at start", start)
        if folder:
            self.archive_field.setText(folder)

    def accept(self) -> None:
        if template_problem(self.template_field.text().strip()) is not None:
            return  # the OK button is greyed; Enter in a field must not get past it either
        super().accept()

    def copies_threshold(self) -> float:
        return round(self.copies_threshold_field.value(), 2)

    def preferences(self) -> Preferences:
        return Preferences(
            default_author=self.author_field.text().strip(),
            default_marking=self.marking_field.text().strip(),
            word_template=self.template_field.text().strip(),
            reader_font_size=self.font_size.value(),
            default_archive=self.archive_field.text().strip(),
            ocr_languages=self.ocr_field.text().strip().replace(" ", "").replace(",", "+"),
        )


def _ocr_help() -> str:
    """What the OCR languages field takes, with what this machine has."""
    from archivist.importers.ocr import ocr_status

    status = ocr_status()
    if not status.available:
        return f"Scans and photographs are read by OCR. {status.describe()}"
    return (
        "The languages scans and photographs are read in, as Tesseract names them, joined "
        f"by +, e.g. eng+rus. Installed here: {', '.join(status.languages)}."
    )
