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


@pytest.mark.skipif("rus" not in ocr.ocr_status().languages, reason="no Russian for Tesseract")
def test_a_scan_is_read_again_in_other_languages_and_undo_restores_it(
    qtbot, demo_session, make_window, settings, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog
    from test_ocr import RUSSIAN

    save_preferences(settings, Preferences(ocr_languages="eng"))
    window = make_window(demo_session)
    scan = tmp_path / "scan.tif"
    scan.write_bytes(saved(page(ENGLISH), "TIFF", page(RUSSIAN)))
    window.import_paths([scan])
    qtbot.waitUntil(lambda: window.article_count == 7, timeout=30000)
    (article_id,) = demo_session.db.execute(
        "SELECT id FROM articles WHERE format = 'image'"
    ).fetchone()
    window.open_article(article_id)
    reader = window.reader
    qtbot.waitUntil(lambda: reader.article is not None and reader.article.id == article_id)
    assert "Алматы" not in reader.text_view.text and window.read_again_action.isEnabled()
    asked: list[str] = []

    def answer(_parent, _title, label, **options):  # type: ignore[no-untyped-def]
        asked.append(options.get("text", ""))
        return "eng, rus", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    window.read_again_action.trigger()
    qtbot.waitUntil(lambda: "Алматы" in reader.text_view.text, timeout=30000)
    assert asked == ["eng"]  # (the languages it was read in, offered to change)
    assert "Read again in eng+rus" in window.statusBar().currentMessage()
    assert json.loads(reader.article.ocr)["languages"] == "eng+rus"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "Алматы" not in reader.text_view.text, timeout=10000)
    assert json.loads(reader.article.ocr)["languages"] == "eng"


def test_reading_again_is_only_for_scans(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    first = demo_session.db.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
    window.open_article(first)
    qtbot.waitUntil(lambda: window.reader.article is not None)
    assert not window.read_again_action.isEnabled()
