"""The page image beside an article's text: the page of the original (a PDF, a scan) that the
text being read is on, with buttons to turn to the page before or after."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class PageImageView(QWidget):
    """One page of the original at a time, scaled to the pane's width."""

    page_requested = Signal(int)  # the analyst turned to this page (1 for the first)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PageImageView")
        self.page = 0
        self.page_count = 0
        self._pixmap: QPixmap | None = None
        self.previous_button = QToolButton(self)
        self.previous_button.setText("◀")
        self.previous_button.setToolTip("The page before (Page Up in this pane)")
        self.previous_button.setAutoRaise(True)
        self.previous_button.clicked.connect(lambda: self.turn(-1))
        self.next_button = QToolButton(self)
        self.next_button.setText("▶")
        self.next_button.setToolTip("The page after (Page Down in this pane)")
        self.next_button.setAutoRaise(True)
        self.next_button.clicked.connect(lambda: self.turn(1))
        self.page_label = QLabel(self)
        self.page_label.setObjectName("Muted")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label, 1)
        bar.addWidget(self.next_button)
        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_label.setWordWrap(True)
        self.image_label.setAccessibleName("Page image")
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.image_label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # (The page is fitted to the pane's width: only its length scrolls.)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        self.show_page(0, 0)

    def image_width(self) -> int:
        """The width in device pixels a page should be rendered at to fill the pane."""
        return max(1, int(self.scroll.viewport().width() * self.devicePixelRatioF()))

    def show_page(self, page: int, page_count: int) -> None:
        """Say which page is shown (its image follows with `set_image`)."""
        self.page, self.page_count = page, page_count
        self.page_label.setText(f"Page {page} of {page_count}" if page else "No page")
        self.previous_button.setEnabled(page > 1)
        self.next_button.setEnabled(0 < page < page_count)

    def set_image(self, png: bytes) -> None:
        image = QImage.fromData(png, "PNG")
        if image.isNull():
            self.set_message("This page could not be shown.")
            return
        self._pixmap = QPixmap.fromImage(image)
        self._fit()

    def set_message(self, text: str) -> None:
        """Text in place of the image (the page is being read, or cannot be shown)."""
        self._pixmap = None
        self.image_label.setPixmap(QPixmap())
        self.image_label.setText(text)

    def turn(self, direction: int) -> None:
        target = self.page + direction
        if 1 <= target <= self.page_count:
            self.page_requested.emit(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_PageUp:
            self.turn(-1)
        elif event.key() == Qt.Key.Key_PageDown:
            self.turn(1)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap is None:
            return
        ratio = self.devicePixelRatioF()
        width = max(1, int((self.scroll.viewport().width() - 4) * ratio))
        scaled = self._pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.image_label.setText("")
        self.image_label.setPixmap(scaled)
