"""The search field: the full query language, results as you type (debounced)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from archivist.gui import theme
from archivist.gui.icons import icon

DEBOUNCE_MS = 250

QUERY_HELP = (
    "<b>Search the archive</b><br>"
    'words · <code>"exact phrase"</code> · <code>AND OR NOT</code> · <code>( )</code><br>'
    "<code>title: source: author: tag: entity: claimant: status: language:</code><br>"
    "<code>published:2022-01</code> · <code>published:[2022-01-01 TO 2022-03-31]</code> · "
    "<code>published:&gt;2021</code><br>"
    "wildcards <code>protest*</code> · fuzzy <code>Tokaev~</code> (up to 2 edits: "
    "<code>Tokaev~2</code>) · boost <code>Almaty^2</code>"
)


class _QueryLineEdit(QLineEdit):
    """A line edit that reports Escape (clear) and Enter (search now) as events."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.escaped.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class SearchBar(QWidget):
    """Emits `query_changed` once typing pauses for `debounce_ms`, or at once on Enter."""

    query_changed = Signal(str)
    save_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.field = _QueryLineEdit(self)
        self.field.setObjectName("SearchField")
        self.field.setPlaceholderText(
            'Search — words, "phrases", entity:"Tokayev", published:2022-01, AND / OR / NOT'
        )
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(QUERY_HELP)
        self.field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.field.setMinimumWidth(420)
        self.save_button = QToolButton(self)
        self.save_action = QAction(icon("save-search"), "Save this search…", self)
        self.save_action.setEnabled(False)
        self.save_button.setDefaultAction(self.save_action)
        self.save_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.save_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._emit_now)
        self._last_emitted: str | None = None
        self.field.textEdited.connect(self._edited)
        self.field.returnPressed.connect(self._emit_now)
        self.field.escaped.connect(self.clear)
        # The clear button changes the text without textEdited.
        self.field.textChanged.connect(self._text_changed)
        self.save_action.triggered.connect(lambda: self.save_requested.emit(self.text()))

    def text(self) -> str:
        return self.field.text()

    def set_text(self, text: str, *, search: bool = True) -> None:
        """Put `text` in the field (a saved search, a facet); search at once unless told not."""
        self.field.setText(text)
        self._timer.stop()
        if search:
            self._emit_now()

    def clear(self) -> None:
        self.set_text("")

    def set_error(self, message: str | None) -> None:
        """Show (or clear) a query error: a red border, and the message as tooltip."""
        theme.set_style_property(self.field, "error", bool(message))
        self.field.setToolTip(message or QUERY_HELP)

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    @property
    def pending(self) -> bool:
        """Whether a search is waiting for typing to pause."""
        return self._timer.isActive()

    def _edited(self, _text: str) -> None:
        self._timer.start()

    def _text_changed(self, text: str) -> None:
        self.save_action.setEnabled(bool(text.strip()))
        if not text and not self._timer.isActive() and self._last_emitted:
            self._emit_now()

    def _emit_now(self) -> None:
        self._timer.stop()
        text = self.field.text().strip()
        if text == self._last_emitted:
            return
        self._last_emitted = text
        self.query_changed.emit(text)
