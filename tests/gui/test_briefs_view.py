"""The briefs view through the briefs public API: compose, reorder by dragging, export a .docx."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog

from archivist import annotations as ann
from archivist import briefs
from archivist.gui.main_window import MainWindow
from archivist.gui.models.brief_models import ITEM_MIME, BriefItemModel, BriefListModel
from archivist.gui.models.sidebar_model import VIEW_BRIEFS, VIEW_CLAIMS, CountRole


def _answer(text: str):  # type: ignore[no-untyped-def]
    def step(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(text)
        return True

    return step


def test_compose_and_export_a_brief(
    qtbot, demo_session, make_window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    assert view.brief is not None  # the demo's example brief opens first
    assert [i.kind for i in view.brief.items].count("claim") == 4
    dialogs.then(_answer("Port Veldra strike — situation"))
    view.new_button.click()
    assert view.brief is not None and view.brief.title == "Port Veldra strike — situation"
    assert window.sidebar_model.briefs_item.data(CountRole) == 2
    assert window.center.currentWidget() is view

    dialogs.then(_answer("Barge counts"))
    view.heading_button.click()
    # A claim from the claims view.
    window.show_view(VIEW_CLAIMS)
    union = next(
        c for c in ann.list_claims(demo_session.archive) if c.quote.startswith("more than 40")
    )
    window.claims_view.select_claim(union.id)
    window.claims_view.brief_button.click()
    # An excerpt selected in the reader (after an emoji: offsets cross the boundary right).
    bridge = next(
        c for c in ann.list_claims(demo_session.archive) if c.quote.startswith("Old Sorrel")
    )
    window.open_span(bridge.article_id, bridge.start, bridge.end)
    window.add_excerpt_action.trigger()
    window.show_view(VIEW_BRIEFS)
    items = view.brief.items  # type: ignore[union-attr]
    assert [i.kind for i in items] == ["heading", "claim", "excerpt"]
    assert items[2].quote == "Old Sorrel Bridge closed until further notice"

    # Drag the excerpt above the heading: the model asks for a move, the brief is read again.
    model = view.item_model
    mime = model.mimeData([model.index(2, 0)])
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [i.kind for i in view.brief.items] == ["excerpt", "heading", "claim"]  # type: ignore[union-attr]

    view.marking_field.setText("OFFICIAL — DEMO")
    view.save_button.click()
    assert briefs.get_brief(demo_session.archive, view.brief_id).marking == "OFFICIAL — DEMO"  # type: ignore[arg-type]

    out = tmp_path / "brief.docx"
    view.export(out)
    assert out.is_file() and out.stat().st_size > 1000
    import docx

    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Barge counts" in text
    assert "more than 40 barges" in text
    assert "Exported to" in window.statusBar().currentMessage()


def test_brief_models_pass_the_model_tester(qtmodeltester, demo_session) -> None:  # type: ignore[no-untyped-def]
    archive = demo_session.archive
    brief = briefs.create_brief(archive, "Test")
    briefs.add_heading(archive, brief.id, "One")
    briefs.add_text(archive, brief.id, "Analyst text")
    briefs.add_claim_item(archive, brief.id, 1)
    list_model = BriefListModel()
    qtmodeltester.check(list_model, force_py=True)
    list_model.set_briefs(briefs.list_briefs(archive))
    qtmodeltester.check(list_model, force_py=True)
    items = BriefItemModel()
    qtmodeltester.check(items, force_py=True)
    items.set_items(briefs.get_brief(archive, brief.id).items)
    qtmodeltester.check(items, force_py=True)
    moves: list[tuple[int, int]] = []
    items.move_requested.connect(lambda item_id, to: moves.append((item_id, to)))
    first_id = items.item(0).id
    mime = items.mimeData([items.index(0, 0)])
    items.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())  # below the last
    assert moves == [(first_id, 3)]
    assert not items.dropMimeData(QMimeData(), Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert ITEM_MIME in items.mimeTypes()


def test_excerpt_without_selection_says_what_to_do(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.open_article(1)
    window.reader.text_view.setTextCursor(QTextCursor(window.reader.text_view.document()))
    window.add_excerpt_to_brief()
    assert "Select the passage" in window.statusBar().currentMessage()
