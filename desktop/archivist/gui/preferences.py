"""The analyst's preferences, kept in QSettings: brief defaults, Word template, reader, archive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

DEFAULT_READER_FONT_SIZE = 11.5
TEMPLATE_SUFFIXES = (".docx", ".dotx")

_KEYS = {
    "default_author": "briefs/defaultAuthor",
    "default_marking": "briefs/defaultMarking",
    "word_template": "briefs/wordTemplate",
    "reader_font_size": "reader/fontSize",
    "default_archive": "archive/defaultLocation",
    "ocr_languages": "import/ocrLanguages",
}


@dataclass(frozen=True)
class Preferences:
    """What Edit ▸ Settings… sets; empty strings mean "not set"."""

    default_author: str = ""
    default_marking: str = ""
    word_template: str = ""
    reader_font_size: float = DEFAULT_READER_FONT_SIZE
    default_archive: str = ""
    ocr_languages: str = ""  # Tesseract's names joined by "+"; "": every one installed

    @property
    def template_path(self) -> Path | None:
        return Path(self.word_template) if self.word_template else None

    @property
    def archive_path(self) -> Path | None:
        return Path(self.default_archive).expanduser() if self.default_archive else None


def load_preferences(settings: QSettings) -> Preferences:
    def text(name: str) -> str:
        value = settings.value(_KEYS[name], "")
        return str(value).strip() if value is not None else ""

    try:
        size = float(settings.value(_KEYS["reader_font_size"], DEFAULT_READER_FONT_SIZE))  # type: ignore[arg-type]
    except (TypeError, ValueError):  # a hand-edited settings file
        size = DEFAULT_READER_FONT_SIZE
    return Preferences(
        default_author=text("default_author"),
        default_marking=text("default_marking"),
        word_template=text("word_template"),
        reader_font_size=min(max(size, 6.0), 40.0),
        default_archive=text("default_archive"),
        ocr_languages=text("ocr_languages"),
    )


def save_preferences(settings: QSettings, prefs: Preferences) -> None:
    for name, key in _KEYS.items():
        settings.setValue(key, getattr(prefs, name))
    settings.sync()


def template_problem(path: str) -> str | None:
    """Why `path` cannot serve as the Word template, or None when it can (or is unset)."""
    if not path:
        return None
    candidate = Path(path)
    if candidate.suffix.lower() not in TEMPLATE_SUFFIXES:
        return "The template must be a Word document (.docx) or template (.dotx)."
    if not candidate.is_file():
        return "There is no such file."
    return None


#: How many archives File ▸ Open Recent lists.
MAX_RECENT = 8


def recent_archives(settings: QSettings) -> list[str]:
    value = settings.value("recentArchives", [])
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def remember_archive(settings: QSettings, root: Path) -> None:
    paths = [str(root)] + [p for p in recent_archives(settings) if p != str(root)]
    settings.setValue("recentArchives", paths[:MAX_RECENT])
