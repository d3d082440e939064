"""Icons drawn for Archivist, read from package data (checkout, wheel and frozen app alike)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_NAMES = (
    "archivist",
    "import",
    "search",
    "entity",
    "claim",
    "undo",
    "redo",
    "mentions",
    "original",
    "page",
    "edit",
    "save-search",
)


def icon_bytes(name: str) -> bytes:
    """The SVG source of an icon (KeyError for an unknown name)."""
    if name not in ICON_NAMES:
        raise KeyError(name)
    return resources.files("archivist").joinpath(f"resources/icons/{name}.svg").read_bytes()


@cache
def icon(name: str) -> QIcon:
    """The icon `name`, rendered sharp at every size the widgets ask for."""
    renderer = QSvgRenderer(QByteArray(icon_bytes(name)))
    result = QIcon()
    for size in (16, 20, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    return icon("archivist")
