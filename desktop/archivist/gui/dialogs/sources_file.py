"""Asking where to write sources for a citation manager, and in which format (by the file
type chosen, or the name's suffix)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

#: The save dialog's file types, each with the format it writes and the programs that read it.
FILE_TYPES = (
    ("CSL JSON — Zotero, pandoc (*.json)", "csl-json", ".json"),
    ("RIS — EndNote, Mendeley, Zotero (*.ris)", "ris", ".ris"),
    ("BibTeX — LaTeX, Zotero (*.bib)", "bibtex", ".bib"),
)
_FOLDER_KEY = "sources/lastFolder"
_FORMAT_KEY = "sources/lastFormat"


def ask_sources_file(parent: QWidget, settings: QSettings, name: str) -> tuple[Path, str] | None:
    """The file to write and its format, asked in the folder and format used last time (both
    remembered); None when the analyst cancels."""
    folder = Path(str(settings.value(_FOLDER_KEY, str(Path.home()))))
    last = str(settings.value(_FORMAT_KEY, "csl-json"))
    chosen_type = next((t for t in FILE_TYPES if t[1] == last), FILE_TYPES[0])
    safe_name = "".join("-" if c in '/\\:*?"<>|' else c for c in name).strip() or "sources"
    path, file_type = QFileDialog.getSaveFileName(
        parent,
        "Export Sources",
        str(folder / f"{safe_name}{chosen_type[2]}"),
        ";;".join(t[0] for t in FILE_TYPES),
        chosen_type[0],
    )
    if not path:
        return None
    chosen = Path(path)
    by_suffix = next((t for t in FILE_TYPES if t[2] == chosen.suffix.lower()), None)
    by_type = next((t for t in FILE_TYPES if t[0] == file_type), FILE_TYPES[0])
    format_name = (by_suffix or by_type)[1]
    if by_suffix is None:  # (a name typed without its suffix gets the type's)
        chosen = chosen.with_name(chosen.name + by_type[2])
    settings.setValue(_FOLDER_KEY, str(chosen.parent))
    settings.setValue(_FORMAT_KEY, format_name)
    return chosen, format_name
