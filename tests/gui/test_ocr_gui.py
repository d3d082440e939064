"""Scans imported from the window are read in the languages of Settings (Scans read in), and
the settings field says which languages this machine has."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from archivist.gui.dialogs.settings import SettingsDialog
from archivist.gui.preferences import Preferences, load_preferences, save_preferences
from archivist.importers import ocr

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
pytest.importorskip("PIL")
from test_ocr import ENGLISH, needs_font, page, saved

pytestmark = [
    needs_font,
    pytest.mark.skipif(not ocr.ocr_status().available, reason="Tesseract is not installed"),
]


def test_an_import_reads_scans_in_the_languages_of_settings(
    qtbot, demo_session, make_window, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    save_preferences(settings, Preferences(ocr_languages="eng"))
    window = make_window(demo_session)
    scan = tmp_path / "scan.png"
    scan.write_bytes(saved(page(ENGLISH), "PNG"))
    window.import_paths([scan])
    qtbot.waitUntil(lambda: window.article_count == 7, timeout=20000)
    row = demo_session.db.execute(
        "SELECT text, ocr FROM articles WHERE format = 'image'"
    ).fetchone()
    assert "Almaty" in row[0] and json.loads(row[1])["languages"] == "eng"


def test_the_settings_field_names_the_installed_languages(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(load_preferences(settings), None)
    qtbot.addWidget(dialog)
    assert "Installed here: eng" in dialog.ocr_field.toolTip()
    dialog.ocr_field.setText("eng, rus")
    assert dialog.preferences().ocr_languages == "eng+rus"


def test_the_import_dialog_shows_each_page_read(
    qtbot, demo_session, make_window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from archivist.gui.dialogs.import_progress import ImportDialog

    shown: list[str] = []
    original = ImportDialog.show_progress

    def record(self, event) -> None:  # type: ignore[no-untyped-def]
        original(self, event)
        shown.append(self.current.text())

    monkeypatch.setattr(ImportDialog, "show_progress", record)
    window = make_window(demo_session)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(saved(page(ENGLISH), "PDF", page(ENGLISH[:1]), resolution=300))
    window.import_paths([scan])
    qtbot.waitUntil(lambda: window.article_count == 7, timeout=30000)
    assert "scan.pdf: page 1 of 2 read (OCR)" in shown
    assert "scan.pdf: page 2 of 2 read (OCR)" in shown
