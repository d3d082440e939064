"""Annotations in and out from the window: File ▸ Import Annotations reads a Hypothesis
export (notes on spans listed in the article's panel, deletable and undoable) and says what
it left out; File ▸ Export Annotations writes Web Annotation JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from archivist import annotations as ann
from archivist.gui.models.annotation_list_model import KIND_NOTE, DetailRole, KindRole

PAGE = "https://harbour-ledger.example/2024/03/11/veldra-strike"


def _rows() -> dict:
    def row(row_id: str, uri: str, exact: str, text: str, tags: list[str]) -> dict:
        return {
            "id": row_id,
            "created": "2024-03-12T08:00:00+00:00",
            "user": "acct:colleague@hypothes.is",
            "uri": uri,
            "text": text,
            "tags": tags,
            "target": [{"source": uri, "selector": [
                {"type": "TextPositionSelector", "start": 10, "end": 30},
                {"type": "TextQuoteSelector", "exact": exact},
            ]}],
        }  # fmt: skip

    return {
        "total": 3,
        "rows": [
            row("h1", PAGE + "/?utm_source=newsletter", "Dockworkers at Port Veldra walked off",
                "Union's own count?", ["strike"]),
            row("h2", PAGE, "a sentence nobody wrote", "", []),
            row("h3", "https://elsewhere.example/x", "anything", "", []),
        ],
    }  # fmt: skip


def test_import_hypothesis_then_delete_and_undo_a_note(
    qtbot, demo_session, make_window, dialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    exported = tmp_path / "hypothesis.json"
    exported.write_text(json.dumps(_rows()), "utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(exported), ""))
    )
    shown: list[QMessageBox] = []
    dialogs.then(lambda box: shown.append(box) or True)
    window = make_window(demo_session)
    window.import_annotations_action.trigger()
    qtbot.waitUntil(lambda: bool(shown))
    box = shown[0]
    assert box.text().startswith("Imported 1 note.")
    assert "2 not imported: 1 without an archived article, 1 whose quote" in box.text()
    assert "https://elsewhere.example/x: no archived article has this address" in box.detailedText()
    assert "a sentence nobody wrote" in box.detailedText()

    window.open_article(2)
    # The note is highlighted in the text, and its tooltip says it.
    view = window.reader.text_view
    (note,) = view.notes
    assert view.text[note.start : note.end] == "Dockworkers at Port Veldra walked off"
    noted = [s for s in view.extraSelections() if s.format.background().color().name() == "#fdf3c4"]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in noted] == [
        view.offsets.span_to_qt(note.start, note.end)
    ]
    rect = view.cursorRect(view._cursor_for(note.start + 3, note.start + 3))
    assert "Note by colleague: Union's own count? #strike" in (view.tooltip_at(rect.center()) or "")
    model = window.annotation_model
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    notes = [i for i in rows if i.data(KindRole) == KIND_NOTE]
    assert len(notes) == 1
    assert notes[0].data(DetailRole) == "Union's own count? · #strike · by colleague"
    assert "1 note" in window.panel.summary.text()
    window.panel.list.setCurrentIndex(notes[0])
    assert window.panel.delete_button.isEnabled() and not window.panel.edit_button.isEnabled()
    window.panel.delete_button.click()
    qtbot.waitUntil(lambda: ann.span_notes_of_article(demo_session.archive, 2) == [])
    qtbot.waitUntil(lambda: view.notes == [])
    window.undo()
    qtbot.waitUntil(lambda: len(ann.span_notes_of_article(demo_session.archive, 2)) == 1)


def test_export_annotations_writes_json_ld(
    qtbot, demo_session, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.jsonld"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    window = make_window(demo_session)
    window.export_annotations_action.trigger()
    qtbot.waitUntil(target.exists)
    data = json.loads(target.read_text("utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] > 10
    assert "Exported" in window.statusBar().currentMessage()
