"""The welcome page shown in place of the library while the archive is empty."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from archivist.gui.icons import app_icon


class WelcomePage(QWidget):
    """Two ways in: import your own files, or explore the demo archive."""

    import_files_requested = Signal()
    import_folder_requested = Signal()
    demo_requested = Signal()

    def __init__(self, archive_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame(self)
        card.setObjectName("Card")
        logo = QLabel(card)
        logo.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel("Welcome to Archivist", card)
        title.setObjectName("WelcomeTitle")
        text = QLabel(
            "Your archive is empty. Import news articles and documents — web pages, text, "
            "Word, PDF, e-mail, feeds — by dragging files or folders onto this window, or:",
            card,
        )
        text.setWordWrap(True)
        self.import_files_button = QPushButton("Import files…", card)
        self.import_files_button.setObjectName("Primary")
        self.import_folder_button = QPushButton("Import a folder…", card)
        self.demo_button = QPushButton("Open the demo archive", card)
        self.demo_button.setToolTip(
            "A throwaway archive with a few tagged articles to try things on"
        )
        self.import_files_button.clicked.connect(self.import_files_requested)
        self.import_folder_button.clicked.connect(self.import_folder_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.path_label = QLabel(card)
        self.path_label.setObjectName("Muted")
        self.path_label.setWordWrap(True)
        self.set_archive_path(archive_path)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.import_files_button)
        buttons.addWidget(self.import_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 22)
        inner.setSpacing(12)
        inner.addWidget(logo)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addLayout(buttons)
        inner.addWidget(self.path_label)
        card.setMaximumWidth(620)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_archive_path(self, path: Path) -> None:
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setText(f"Archive folder: {path}")
