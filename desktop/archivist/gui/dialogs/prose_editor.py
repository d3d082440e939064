"""The writing surface for a brief's analyst text: paragraphs, **bold**, *italic*, bullets,
and evidence cited inline at the cursor (a Word footnote at that point on export)."""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QShortcut,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archivist.briefs import Brief
from archivist.briefs.prose import CITATION, citation_token
from archivist.gui.models.brief_models import EvidenceRole, evidence_entries


class ProseHighlighter(QSyntaxHighlighter):
    """Shows the markup as it will read: bold and italic, citations as marked labels."""

    _BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
    _ITALIC = re.compile(r"(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)")
    _BULLET = re.compile(r"^\s*[-*•]\s+")

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.bold = QTextCharFormat()
        self.bold.setFontWeight(QFont.Weight.Bold)
        self.italic = QTextCharFormat()
        self.italic.setFontItalic(True)
        self.citation = QTextCharFormat()
        self.citation.setBackground(QColor("#dde8f5"))
        self.citation.setForeground(QColor("#1f3b63"))
        self.markup = QTextCharFormat()
        self.markup.setForeground(QColor("#9aa5b1"))

    def highlightBlock(self, text: str) -> None:
        for match in self._BOLD.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.bold)
            self.setFormat(match.start(), 2, self.markup)
            self.setFormat(match.end() - 2, 2, self.markup)
        for match in self._ITALIC.finditer(text):
            self.setFormat(match.start() + 1, match.end() - match.start() - 2, self.italic)
        bullet = self._BULLET.match(text)
        if bullet:
            self.setFormat(0, bullet.end(), self.markup)
        for match in CITATION.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.citation)


class ProseEditor(QDialog):
    """Write or change an analyst-text item of `brief`; evidence of the brief is cited at
    the cursor with Cite… (Ctrl+Shift+K), formatting with Ctrl+B, Ctrl+I and Ctrl+Shift+8."""

    def __init__(self, brief: Brief, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change text" if text else "Add text")
        self.resize(680, 460)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(
            "Write your assessment. Blank lines separate paragraphs; cite the brief's claims "
            "and excerpts where you use them (Cite…)."
        )
        self.editor.setPlainText(text)
        self.highlighter = ProseHighlighter(self.editor.document())
        self.bold_button = QPushButton("Bold", self)
        self.italic_button = QPushButton("Italic", self)
        self.bullet_button = QPushButton("• List", self)
        self.cite_button = QPushButton("Cite…", self)
        self.cite_button.setToolTip("Cite a claim or excerpt of this brief here (Ctrl+Shift+K)")
        bar = QHBoxLayout()
        for button in (self.bold_button, self.italic_button, self.bullet_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.cite_button)
        # The citation picker, shown under the text when asked for.
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Find a claim or excerpt of this brief…")
        self.evidence = QListWidget(self)
        self.evidence.setMaximumHeight(150)
        for entry in evidence_entries(brief):
            self.evidence.addItem(entry)
        self.picker = QWidget(self)
        picker_layout = QVBoxLayout(self.picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        picker_layout.addWidget(self.filter)
        picker_layout.addWidget(self.evidence)
        self.picker.hide()
        hint = QLabel(
            "**bold**  ·  *italic*  ·  “- ” starts a bulleted line  ·  [@claim:12] cites "
            "claim 12, [@excerpt:34] the brief's excerpt 34: a footnote at that point.",
            self,
        )
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.picker)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.bold_button.clicked.connect(lambda: self.emphasise("**"))
        self.italic_button.clicked.connect(lambda: self.emphasise("*"))
        self.bullet_button.clicked.connect(self.toggle_bullets)
        self.cite_button.clicked.connect(self.show_picker)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._cite_current)
        self.evidence.itemActivated.connect(lambda entry: self.cite(*entry.data(EvidenceRole)))
        for keys, slot in (
            ("Ctrl+B", lambda: self.emphasise("**")),
            ("Ctrl+I", lambda: self.emphasise("*")),
            ("Ctrl+Shift+8", self.toggle_bullets),
            ("Ctrl+Shift+K", self.show_picker),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        self.editor.textChanged.connect(self._update_ok)
        self._update_ok()

    def text(self) -> str:
        return self.editor.toPlainText().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text()))

    def emphasise(self, mark: str) -> None:
        """Wrap the selection (or the word at the cursor) in `mark` ("**" or "*"), or unwrap
        it when it is wrapped already."""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        chosen = cursor.selectedText()
        if not chosen:
            cursor.insertText(mark * 2)
            cursor.movePosition(QTextCursor.MoveOperation.Left, n=len(mark))
        elif chosen.startswith(mark) and chosen.endswith(mark) and len(chosen) > 2 * len(mark):
            cursor.insertText(chosen[len(mark) : -len(mark)])
        else:
            cursor.insertText(f"{mark}{chosen}{mark}")
        self.editor.setTextCursor(cursor)

    def toggle_bullets(self) -> None:
        """Make the selected lines (or the cursor's line) bulleted, or plain again."""
        cursor = self.editor.textCursor()
        document = self.editor.document()
        first = document.findBlock(cursor.selectionStart()).blockNumber()
        last = document.findBlock(cursor.selectionEnd()).blockNumber()
        blocks = [document.findBlockByNumber(n) for n in range(first, last + 1)]
        bulleted = all(b.text().startswith("- ") for b in blocks)
        edit = QTextCursor(document)
        edit.beginEditBlock()  # (one step for Ctrl+Z)
        for block in blocks:
            edit.setPosition(block.position())
            if bulleted:
                edit.setPosition(block.position() + 2, QTextCursor.MoveMode.KeepAnchor)
                edit.removeSelectedText()
            else:
                edit.insertText("- ")
        edit.endEditBlock()

    def show_picker(self) -> None:
        self.picker.show()
        self.filter.setFocus()
        if self.evidence.count() and self.evidence.currentRow() < 0:
            self.evidence.setCurrentRow(0)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first_shown = None
        for row in range(self.evidence.count()):
            entry = self.evidence.item(row)
            hidden = not all(w in entry.text().casefold() for w in words)
            entry.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = row
        if first_shown is not None:
            self.evidence.setCurrentRow(first_shown)

    def _cite_current(self) -> None:
        entry = self.evidence.currentItem()
        if entry is not None and not entry.isHidden():
            self.cite(*entry.data(EvidenceRole))

    def cite(self, kind: str, ident: int) -> None:
        """Insert a citation of a claim or excerpt at the cursor, after its word."""
        cursor = self.editor.textCursor()
        cursor.clearSelection()
        cursor.insertText(citation_token(kind, ident))
        self.editor.setTextCursor(cursor)
        self.picker.hide()
        self.editor.setFocus()
