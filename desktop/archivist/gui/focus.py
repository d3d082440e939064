"""Keyboard focus back to the main window when a dialog closes.

Under some window managers no window is active after a dialog closes (openbox, seen on
Xvfb): the window's shortcuts (Ctrl+4, Ctrl+I) did nothing until the analyst clicked. So a
dialog's closing activates the window it was opened over; Qt then gives the keyboard back
to the widget of that window that last had it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog


class _FocusReturn(QObject):
    """The dialog's child: its slot runs when the dialog finishes."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        dialog.finished.connect(self.restore)

    def restore(self, _result: int = 0) -> None:
        parent = self.dialog.parentWidget()
        window = parent.window() if parent is not None else None
        if window is not None and window.isVisible():
            window.activateWindow()
            window.raise_()


def return_focus_after(dialog: QDialog) -> None:
    """When `dialog` finishes (accepted, rejected or closed), activate the window it was
    opened over."""
    _FocusReturn(dialog)


def run_dialog(dialog: QDialog) -> int:
    """Run a modal dialog, the keyboard going back to its window afterwards."""
    return_focus_after(dialog)
    return dialog.exec()
