"""The look of the application: palette, entity-type and claim-status colours, fonts, stylesheet."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

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
CURRENT_HIT = "#ffa544"  # the hit the reader stepped to (F3), as browsers mark theirs
# Selected article text: strong, unlike any tint of a tagged span (a person's is pale blue).
TEXT_SELECTION = "#2f6fb3"
ALTERNATE = "#f8f9fb"
DISABLED = "#a0a8b3"
PLACEHOLDER = "#8a94a3"

# The same roles for a dark system colour scheme. Other modules read these names at call
# time (theme.MUTED, theme.TEXT), so apply_theme swaps the module globals to the scheme in use.
LIGHT_COLOURS: dict[str, str] = {
    "WINDOW": WINDOW,
    "PANEL": PANEL,
    "SIDEBAR": SIDEBAR,
    "BORDER": BORDER,
    "TEXT": TEXT,
    "MUTED": MUTED,
    "ACCENT": ACCENT,
    "SELECTION": SELECTION,
    "SEARCH_HIT": SEARCH_HIT,
    "CURRENT_HIT": CURRENT_HIT,
    "TEXT_SELECTION": TEXT_SELECTION,
    "ALTERNATE": ALTERNATE,
    "DISABLED": DISABLED,
    "PLACEHOLDER": PLACEHOLDER,
}
DARK_COLOURS: dict[str, str] = {
    "WINDOW": "#1c1f24",
    "PANEL": "#23272e",
    "SIDEBAR": "#1f2328",
    "BORDER": "#3a404a",
    "TEXT": "#e3e7ec",
    "MUTED": "#9aa5b3",
    "ACCENT": "#7fb0e0",
    "SELECTION": "#2d4a66",
    "SEARCH_HIT": "#76621b",
    "CURRENT_HIT": "#b8651b",
    "TEXT_SELECTION": "#4f8fd6",
    "ALTERNATE": "#272c33",
    "DISABLED": "#646d78",
    "PLACEHOLDER": "#7b8694",
}


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

#: Notes on spans (imported from Hypothesis): its own yellow, as a highlighter's.
NOTE_SWATCH = Swatch("#fdf3c4", "#c9a400")

CLAIM_STATUS_COLOURS: dict[str, Swatch] = {
    "unverified": Swatch("#eceff3", "#7b8798"),
    "corroborated": Swatch("#dcf0e2", "#2e8a53"),
    "disputed": Swatch("#fcebd0", "#cc7a00"),
    "refuted": Swatch("#f8dcdc", "#c0392b"),
}


def _mix(colour: str, base: str, amount: float) -> str:
    a, b = QColor(colour), QColor(base)
    return QColor(
        round(a.red() * amount + b.red() * (1 - amount)),
        round(a.green() * amount + b.green() * (1 - amount)),
        round(a.blue() * amount + b.blue() * (1 - amount)),
    ).name()


def dark_swatch(swatch: Swatch) -> Swatch:
    """The swatch for a dark background: a deep tint under light text, a lighter mark."""
    return Swatch(
        _mix(swatch.strong, DARK_COLOURS["PANEL"], 0.38), _mix(swatch.strong, "#ffffff", 0.7)
    )


_dark = False


def is_dark() -> bool:
    """Whether the dark palette is in use (set by apply_theme)."""
    return _dark


def entity_colour(type_name: str) -> Swatch:
    if type_name in ENTITY_TYPE_COLOURS:
        swatch = ENTITY_TYPE_COLOURS[type_name]
    else:
        index = sum(map(ord, type_name)) % len(_EXTRA_TYPE_COLOURS)
        swatch = _EXTRA_TYPE_COLOURS[index]
    return dark_swatch(swatch) if _dark else swatch


def status_colour(status: str) -> Swatch:
    swatch = CLAIM_STATUS_COLOURS.get(status, CLAIM_STATUS_COLOURS["unverified"])
    return dark_swatch(swatch) if _dark else swatch


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


def stylesheet(c: dict[str, str]) -> str:
    """The application stylesheet in the colours `c` (LIGHT_COLOURS or DARK_COLOURS)."""
    return f"""
QMainWindow, QDialog {{ background: {c["WINDOW"]}; }}
QToolBar {{ background: {c["WINDOW"]}; border: none; border-bottom: 1px solid {c["BORDER"]}; padding: 6px 8px; spacing: 8px; }}
QToolBar QToolButton {{ padding: 4px 10px; border-radius: 4px; }}
QToolBar QToolButton:hover {{ background: {c["SIDEBAR"]}; }}
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox {{
    background: {c["PANEL"]}; border: 1px solid {c["BORDER"]}; border-radius: 4px; padding: 4px 6px;
    selection-background-color: {c["SELECTION"]}; selection-color: {c["TEXT"]};
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus {{ border: 1px solid {c["ACCENT"]}; }}
QLineEdit#SearchField {{ padding: 6px 10px; font-size: 11pt; }}
QLineEdit#SearchField[error="true"] {{ border: 1px solid #c0392b; }}
QTreeView#Sidebar {{ background: {c["SIDEBAR"]}; border: none; border-right: 1px solid {c["BORDER"]}; padding-top: 6px; outline: 0; }}
QTreeView#Sidebar::item {{ padding: 3px 2px; }}
QTreeView#Sidebar::item:selected {{ background: {c["SELECTION"]}; color: {c["TEXT"]}; }}
QTableView, QListView, QTreeView {{
    background: {c["PANEL"]}; border: none; outline: 0; selection-background-color: {c["SELECTION"]};
    selection-color: {c["TEXT"]}; alternate-background-color: {c["ALTERNATE"]};
}}
QHeaderView::section {{
    background: {c["WINDOW"]}; color: {c["MUTED"]}; border: none; border-bottom: 1px solid {c["BORDER"]};
    border-right: 1px solid {c["BORDER"]}; padding: 5px 8px; font-weight: 600;
}}
QSplitter::handle {{ background: {c["BORDER"]}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QStatusBar {{ background: {c["WINDOW"]}; color: {c["MUTED"]}; border-top: 1px solid {c["BORDER"]}; }}
QStatusBar::item {{ border: none; }}
QLabel#PanelTitle {{ color: {c["MUTED"]}; font-weight: 700; font-size: 8.5pt; letter-spacing: 1px; }}
QLabel#ArticleTitle {{ font-size: 15pt; font-weight: 600; color: {c["TEXT"]}; }}
QLabel#ArticleMeta {{ color: {c["MUTED"]}; }}
QLabel#Muted {{ color: {c["MUTED"]}; }}
QLabel#WelcomeTitle {{ font-size: 20pt; font-weight: 600; color: {c["TEXT"]}; }}
QFrame#ReaderHeader {{ background: {c["PANEL"]}; border-bottom: 1px solid {c["BORDER"]}; }}
QFrame#Card {{ background: {c["PANEL"]}; border: 1px solid {c["BORDER"]}; border-radius: 6px; }}
QFrame#Banner {{ background: {c["PANEL"]}; border: 1px solid {c["BORDER"]}; border-left: 4px solid {c["ACCENT"]}; border-radius: 4px; }}
QFrame#Banner[stale="true"] {{ border-left: 4px solid #c27c0e; }}
QPushButton {{
    background: {c["PANEL"]}; border: 1px solid {c["BORDER"]}; border-radius: 4px; padding: 5px 12px;
}}
QPushButton:hover {{ border-color: {c["ACCENT"]}; }}
QPushButton:default, QPushButton#Primary {{ background: {c["ACCENT"]}; color: white; border-color: {c["ACCENT"]}; }}
QPushButton:disabled {{ color: {c["DISABLED"]}; }}
QTextEdit#ArticleText {{
    background: {c["PANEL"]}; border: none;
    selection-background-color: {c["TEXT_SELECTION"]}; selection-color: white;
}}
QFrame#HitBar {{ background: {c["PANEL"]}; border-bottom: 1px solid {c["BORDER"]}; }}
QLabel#HitCount {{ color: {c["MUTED"]}; }}
QLabel#HitCount[empty="true"] {{ color: #c0392b; }}
QProgressBar {{ border: 1px solid {c["BORDER"]}; border-radius: 4px; background: {c["PANEL"]}; text-align: center; height: 18px; }}
QProgressBar::chunk {{ background: #9fbad6; border-radius: 3px; }}
QToolTip {{ background: {c["PANEL"]}; color: {c["TEXT"]}; border: 1px solid {c["BORDER"]}; padding: 4px; }}
"""


STYLESHEET = stylesheet(LIGHT_COLOURS)


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the stylesheet selects on (`QLabel#HitCount[empty="true"]`) and apply
    it at once: Qt reads a widget's style again only when it is polished again."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def system_prefers_dark(app: QApplication) -> bool:
    """The system colour scheme (Qt 6.5+), read through the style hints."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, dark: bool | None = None) -> None:
    """Fusion with our palette, light or dark (default: as the system colour scheme says).

    Fusion looks the same on every platform and in screenshots.
    """
    global _dark
    if dark is None:
        dark = system_prefers_dark(app)
    _dark = dark
    c = DARK_COLOURS if dark else LIGHT_COLOURS
    globals().update(c)  # theme.MUTED and friends, read by views when they paint
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: c["WINDOW"],
        QPalette.ColorRole.WindowText: c["TEXT"],
        QPalette.ColorRole.Base: c["PANEL"],
        QPalette.ColorRole.AlternateBase: c["ALTERNATE"],
        QPalette.ColorRole.Text: c["TEXT"],
        QPalette.ColorRole.Button: c["PANEL"],
        QPalette.ColorRole.ButtonText: c["TEXT"],
        QPalette.ColorRole.Highlight: c["SELECTION"],
        QPalette.ColorRole.HighlightedText: c["TEXT"],
        QPalette.ColorRole.ToolTipBase: c["PANEL"],
        QPalette.ColorRole.ToolTipText: c["TEXT"],
        QPalette.ColorRole.PlaceholderText: c["PLACEHOLDER"],
        QPalette.ColorRole.Link: c["ACCENT"],
        QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c["DISABLED"]))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c["DISABLED"])
    )
    app.setPalette(palette)
    app.setFont(ui_font())
    app.setStyleSheet(stylesheet(c))


def follow_system_scheme(app: QApplication) -> None:
    """Re-apply the theme whenever the system switches between light and dark (once per app)."""
    if app.property("archivistFollowsScheme"):
        return
    app.setProperty("archivistFollowsScheme", True)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
