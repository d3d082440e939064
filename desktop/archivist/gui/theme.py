"""The look of the application: palette, entity-type and claim-status colours, fonts, stylesheet."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

# Neutral greys with one muted blue accent: the text, not the chrome, should draw the eye.
WINDOW = "#f4f5f7"
PANEL = "#ffffff"
SIDEBAR = "#eceef2"
BORDER = "#d5d9e0"
TEXT = "#1f2933"
MUTED = "#5f6b7a"
ACCENT = "#2f5d8a"
SELECTION = "#cfe0f1"
SEARCH_HIT = "#ffe08a"


@dataclass(frozen=True)
class Swatch:
    """A pair of colours: a soft tint to fill behind text and a strong one for marks."""

    fill: str
    strong: str


ENTITY_TYPE_COLOURS: dict[str, Swatch] = {
    "person": Swatch("#dbe8fa", "#2f6db5"),
    "organisation": Swatch("#dcefdc", "#3b8a4a"),
    "location": Swatch("#fbeccd", "#b3741a"),
    "event": Swatch("#efe0f3", "#8a4a98"),
    "other": Swatch("#e6e9ed", "#687585"),
}
# Types analysts add themselves take these, in turn, by a stable hash of their name.
_EXTRA_TYPE_COLOURS = (
    Swatch("#d8f0ef", "#1f8580"),
    Swatch("#f8dfe0", "#b54a55"),
    Swatch("#e9e6f8", "#5a4fb0"),
    Swatch("#eeeed5", "#7d7a22"),
)

CLAIM_STATUS_COLOURS: dict[str, Swatch] = {
    "unverified": Swatch("#eceff3", "#7b8798"),
    "corroborated": Swatch("#dcf0e2", "#2e8a53"),
    "disputed": Swatch("#fcebd0", "#cc7a00"),
    "refuted": Swatch("#f8dcdc", "#c0392b"),
}


def entity_colour(type_name: str) -> Swatch:
    if type_name in ENTITY_TYPE_COLOURS:
        return ENTITY_TYPE_COLOURS[type_name]
    index = sum(map(ord, type_name)) % len(_EXTRA_TYPE_COLOURS)
    return _EXTRA_TYPE_COLOURS[index]


def status_colour(status: str) -> Swatch:
    return CLAIM_STATUS_COLOURS.get(status, CLAIM_STATUS_COLOURS["unverified"])


def reading_font(point_size: float = 11.5) -> QFont:
    """A serif for article text: long reading is easier in it; falls back to the UI font."""
    families = set(QFontDatabase.families())
    for family in ("Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif", "Liberation Serif"):
        if family in families:
            font = QFont(family)
            font.setPointSizeF(point_size)
            return font
    font = QFont()
    font.setPointSizeF(point_size)
    return font


def ui_font() -> QFont:
    families = set(QFontDatabase.families())
    for family in ("Noto Sans", "Inter", "Segoe UI", "DejaVu Sans"):
        if family in families:
            font = QFont(family)
            font.setPointSizeF(10)
            return font
    return QFont()


STYLESHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QToolBar {{ background: {WINDOW}; border: none; border-bottom: 1px solid {BORDER}; padding: 6px 8px; spacing: 8px; }}
QToolBar QToolButton {{ padding: 4px 10px; border-radius: 4px; }}
QToolBar QToolButton:hover {{ background: {SIDEBAR}; }}
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox {{
    background: {PANEL}; border: 1px solid {BORDER}; border-radius: 4px; padding: 4px 6px;
    selection-background-color: {SELECTION}; selection-color: {TEXT};
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit#SearchField {{ padding: 6px 10px; font-size: 11pt; }}
QLineEdit#SearchField[error="true"] {{ border: 1px solid #c0392b; }}
QTreeView#Sidebar {{ background: {SIDEBAR}; border: none; border-right: 1px solid {BORDER}; padding-top: 6px; outline: 0; }}
QTreeView#Sidebar::item {{ padding: 3px 2px; }}
QTreeView#Sidebar::item:selected {{ background: {SELECTION}; color: {TEXT}; }}
QTableView, QListView, QTreeView {{
    background: {PANEL}; border: none; outline: 0; selection-background-color: {SELECTION};
    selection-color: {TEXT}; alternate-background-color: #f8f9fb;
}}
QHeaderView::section {{
    background: {WINDOW}; color: {MUTED}; border: none; border-bottom: 1px solid {BORDER};
    border-right: 1px solid #e6e9ee; padding: 5px 8px; font-weight: 600;
}}
QSplitter::handle {{ background: {BORDER}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QStatusBar {{ background: {WINDOW}; color: {MUTED}; border-top: 1px solid {BORDER}; }}
QStatusBar::item {{ border: none; }}
QLabel#PanelTitle {{ color: {MUTED}; font-weight: 700; font-size: 8.5pt; letter-spacing: 1px; }}
QLabel#ArticleTitle {{ font-size: 15pt; font-weight: 600; color: {TEXT}; }}
QLabel#ArticleMeta {{ color: {MUTED}; }}
QLabel#Muted {{ color: {MUTED}; }}
QLabel#WelcomeTitle {{ font-size: 20pt; font-weight: 600; color: {TEXT}; }}
QFrame#ReaderHeader {{ background: {PANEL}; border-bottom: 1px solid {BORDER}; }}
QFrame#Card {{ background: {PANEL}; border: 1px solid {BORDER}; border-radius: 6px; }}
QPushButton {{
    background: {PANEL}; border: 1px solid {BORDER}; border-radius: 4px; padding: 5px 12px;
}}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:default, QPushButton#Primary {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton:disabled {{ color: #a0a8b3; }}
QTextEdit#ArticleText {{ background: {PANEL}; border: none; }}
QProgressBar {{ border: 1px solid {BORDER}; border-radius: 4px; background: {PANEL}; text-align: center; height: 18px; }}
QProgressBar::chunk {{ background: #9fbad6; border-radius: 3px; }}
QToolTip {{ background: {PANEL}; color: {TEXT}; border: 1px solid {BORDER}; padding: 4px; }}
"""


def apply_theme(app: QApplication) -> None:
    """Fusion with a light palette: looks the same on every platform and in screenshots."""
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: PANEL,
        QPalette.ColorRole.AlternateBase: "#f8f9fb",
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: PANEL,
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: SELECTION,
        QPalette.ColorRole.HighlightedText: TEXT,
        QPalette.ColorRole.ToolTipBase: PANEL,
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: "#8a94a3",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#a0a8b3"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#a0a8b3"))
    app.setPalette(palette)
    app.setFont(ui_font())
    app.setStyleSheet(STYLESHEET)
