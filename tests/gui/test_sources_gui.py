"""Sources for citation managers from the window: File ▸ Export Sources writes the articles
listed (the search's every match), the briefs view's Export Sources… the brief's sources; the
save dialog's file type gives the format, and both are remembered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from archivist.briefs import bibliography
from archivist.gui.models.sidebar_model import VIEW_BRIEFS


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Answer the save dialog with a path and a file type; record what it was offered."""
    offered: list[tuple[str, str]] = []
    answer: list[tuple[str, str]] = []

    def fake(parent, title, suggested, filters, chosen=""):  # type: ignore[no-untyped-def]
        offered.append((suggested, chosen))
        return answer.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return answer, offered


def test_file_menu_exports_every_match_of_the_search(
    qtbot, demo_session, make_window, save_as, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    answer, offered = save_as
    window = make_window(demo_session)
    window.search_bar.set_text("Almaty")
    qtbot.waitUntil(
        lambda: window.library.last_result is not None and window.library.last_result.complete
    )
    listed = list(window.library.last_result.ids)
    assert len(listed) > 1
    answer.append((str(tmp_path / "almaty"), "RIS — EndNote, Mendeley, Zotero (*.ris)"))
    window.export_sources_action.trigger()
    path = tmp_path / "almaty.ris"  # (the type's suffix added to a bare name)
    qtbot.waitUntil(path.exists)
    import rispy

    records = rispy.loads(path.read_text("utf-8"))
    expected = bibliography.records_for(demo_session.archive, listed)
    assert [r["id"] for r in records] == [r.key for r in expected]
    assert f"Wrote {len(listed)} source(s)" in window.statusBar().currentMessage()
    # The next export is offered in the same folder and format.
    answer.append(("", ""))
    window.export_sources_action.trigger()
    suggested, chosen = offered[-1]
    assert Path(suggested).parent == tmp_path and suggested.endswith(".ris")
    assert chosen.startswith("RIS")


def test_briefs_view_exports_the_brief_sources(
    qtbot, demo_session, make_window, save_as, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    answer, _offered = save_as
    window = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    assert view.brief is not None and view.sources_button.isEnabled()
    answer.append((str(tmp_path / "brief.json"), "BibTeX — LaTeX, Zotero (*.bib)"))
    view.sources_button.click()
    path = tmp_path / "brief.json"  # (a suffix typed wins over the type chosen)
    qtbot.waitUntil(path.exists)
    items = json.loads(path.read_text("utf-8"))
    cited = bibliography.brief_article_ids(demo_session.archive, view.brief.id)
    assert [i["id"] for i in items] == [
        r.key for r in bibliography.records_for(demo_session.archive, cited)
    ]
    assert "source(s)" in window.statusBar().currentMessage()
