"""The reader's hit bar: "hit 2 of 7" with previous and next, for a search's hits in the
article, and the find-in-article field (Ctrl+F) that steps through its own the same way."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from archivist.gui import theme


class HitBar(QFrame):
    """Shown while the article has search hits or the analyst is finding in it."""

    find_text_changed = Signal(str)
    step_requested = Signal(int)  # 1: next hit, -1: previous
    find_closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HitBar")
        self.title = QLabel("Search hits", self)
        self.title.setObjectName("Muted")
        self.field = QLineEdit(self)
        self.field.setObjectName("FindField")
        self.field.setPlaceholderText("Find in this article and its annotations")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.find_text_changed)
        self.field.installEventFilter(self)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("HitCount")
        style = self.style()
        self.previous_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp), "Previous hit (Shift+F3)"
        )
        self.previous_button.clicked.connect(lambda: self.step_requested.emit(-1))
        self.next_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown), "Next hit (F3)"
        )
        self.next_button.clicked.connect(lambda: self.step_requested.emit(1))
        self.close_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
            "Close the find bar (Esc)",
        )
        self.close_button.clicked.connect(self.find_closed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 4, 12, 4)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.field, 1)
        layout.addStretch(0)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.set_finding(False)

    def _button(self, icon: object, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        return button

    @property
    def finding(self) -> bool:
        return not self.field.isHidden()

    def set_finding(self, finding: bool) -> None:
        """The find field, or the search's hits alone."""
        self.field.setVisible(finding)
        self.close_button.setVisible(finding)
        self.title.setVisible(not finding)

    def set_count(self, label: str, *, found: bool) -> None:
        self.count_label.setText(label)
        theme.set_style_property(self.count_label, "empty", not found)
        self.previous_button.setEnabled(found)
        self.next_button.setEnabled(found)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # In the field: Enter steps on, Shift+Enter back, Esc closes (as in Word and browsers).
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.step_requested.emit(-1 if back else 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.find_closed.emit()
                return True
        return super().eventFilter(watched, event)
