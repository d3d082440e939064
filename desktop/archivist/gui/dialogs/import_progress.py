"""The progress dialog of long work (an import, a regrouping): done of total, the current
step, and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archivist.progress import CancelToken, ProgressEvent


class ImportDialog(QDialog):
    """Shows an import's progress (or other long work's); Cancel sets its CancelToken.

    The import keeps what it committed before it stops; the dialog closes itself when the
    owner calls `finish` with the outcome.
    """

    def __init__(
        self,
        token: CancelToken,
        description: str,
        parent: QWidget | None = None,
        *,
        title: str = "Importing",
        unit: str = "files",
        starting: str = "Looking for files…",
        on_cancel: str = "Stopping; everything imported so far is kept.",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.token = token
        self._unit = unit
        self._on_cancel = on_cancel
        self.heading = QLabel(description, self)
        self.heading.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the first event says how many files
        self.current = QLabel(starting, self)
        self.current.setObjectName("Muted")
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton("Cancel", self)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self._finished = False

    def show_progress(self, event: ProgressEvent) -> None:
        if event.total:
            self.bar.setRange(0, event.total)
            self.bar.setValue(event.done)
            self.bar.setFormat(f"{event.done:,} of {event.total:,} {self._unit}")
        if event.message and not self.token.cancelled:
            metrics = self.current.fontMetrics()
            self.current.setText(
                metrics.elidedText(
                    event.message, Qt.TextElideMode.ElideMiddle, max(200, self.current.width())
                )
            )

    def cancel(self) -> None:
        """Ask the work to stop at its next step (an import keeps the files it is done with)."""
        self.token.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.current.setText(self._on_cancel)

    def finish(self) -> None:
        self._finished = True
        self.accept()

    def reject(self) -> None:
        # Escape or the close button cancel the import rather than hide a running dialog.
        if self._finished:
            super().reject()
        else:
            self.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finished:
            super().closeEvent(event)
        else:
            self.cancel()
            event.ignore()
