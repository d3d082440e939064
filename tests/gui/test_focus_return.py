"""After a dialog closes, its window is activated again (some window managers leave no
window active: the window's shortcuts did nothing until a click). Offscreen, Qt activates
it anyway; the window here counts the activations the dialog's closing asks for."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLineEdit, QMainWindow

from archivist.gui.focus import return_focus_after, run_dialog


class _Window(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.activations = 0

    def activateWindow(self) -> None:
        self.activations += 1
        super().activateWindow()


def _window(qtbot) -> tuple[_Window, QLineEdit]:  # type: ignore[no-untyped-def]
    window = _Window()
    field = QLineEdit(window)
    window.setCentralWidget(field)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    field.setFocus()
    window.activations = 0
    return window, field


def test_a_closed_dialog_activates_its_window_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, field = _window(qtbot)
    dialog = QDialog(window)
    return_focus_after(dialog)
    dialog.open()
    dialog.accept()
    assert window.activations == 1
    qtbot.waitUntil(field.hasFocus)  # (the keyboard back where it was)


def test_a_modal_dialog_run_activates_it_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _field = _window(qtbot)
    dialog = QDialog(window)
    QTimer.singleShot(50, dialog.reject)
    assert run_dialog(dialog) == QDialog.DialogCode.Rejected
    assert window.activations == 1
