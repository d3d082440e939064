"""Asking what to do when another Archivist process is writing to the archive."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def locked_message_box(message: str, parent: QWidget | None = None) -> QMessageBox:
    """A box explaining the lock, offering to open the archive read-only."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Archive in use")
    box.setText("This archive is open in another Archivist window or command.")
    box.setInformativeText(
        f"{message}\n\nYou can open it read-only: search and read everything, but import, "
        "edit and tag only once the other process has closed it."
    )
    box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    return box


def ask_open_readonly(message: str, parent: QWidget | None = None) -> bool:
    box = locked_message_box(message, parent)
    box.exec()
    return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole
