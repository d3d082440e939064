"""Smoke test: Qt loads and renders offscreen on this machine (CI installs its libraries)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def test_qt_renders_offscreen(qtbot) -> None:
    label = QLabel("Archivist")
    qtbot.addWidget(label)
    label.show()
    image = label.grab().toImage()
    assert image.width() > 0 and image.height() > 0
