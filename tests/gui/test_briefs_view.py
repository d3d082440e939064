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
    qtbot.waitUntil(lambda: window.sidebar_model.briefs_item.data(CountRole) == 2)
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


def _judgment(text: str, likelihood: str, confidence: str, basis: str = "", evidence=()):  # type: ignore[no-untyped-def]
    from archivist.gui.dialogs.judgment import JudgmentDialog

    def step(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, JudgmentDialog)
        dialog.statement.setPlainText(text)
        dialog.likelihood.setCurrentIndex(dialog.likelihood.findData(likelihood))
        dialog.confidence.setCurrentIndex(dialog.confidence.findData(confidence))
        dialog.basis.setText(basis)
        for kind, ident in evidence:
            dialog.check(kind, ident)
        return True

    return step


def test_write_key_judgments_in_the_window(
    qtbot, demo_session, make_window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    brief = view.brief
    assert brief is not None
    claim_items = [i for i in brief.items if i.kind == "claim"]
    # Written with the first claim selected: it goes right after it, and that claim is
    # ticked as evidence already.
    view.items.setCurrentIndex(view.item_model.index(view.item_model.row_of(claim_items[0].id), 0))
    second = claim_items[1].claim_id
    dialogs.then(
        _judgment(
            "The strike will end within a week.",
            "unlikely",
            "low",
            "one union source",
            [("claim", second)],
        )
    )
    view.judgment_button.click()
    brief = view.brief
    (demo_judgment, judgment) = sorted(brief.judgments, key=lambda j: j.id)
    assert demo_judgment.text.startswith("At least 30 barges")  # the demo brief's own
    assert judgment.position == claim_items[0].position + 1
    assert (judgment.likelihood, judgment.confidence, judgment.basis) == (
        "unlikely",
        "low",
        "one union source",
    )
    assert judgment.evidence == {"claims": [claim_items[0].claim_id, second], "excerpts": []}
    assert view.items.currentIndex().data().startswith("    Key judgment:  The strike will end")
    assert window.statusBar().currentMessage() == "Key judgment added"

    # Double-click opens it again; a change is saved, and Undo puts it back.
    dialogs.then(_judgment("The strike will end within a week.", "very unlikely", "moderate"))
    view._open_item()
    assert (
        briefs.get_item(demo_session.archive, brief.id, judgment.id).likelihood == "very unlikely"
    )
    view.undo()
    assert briefs.get_item(demo_session.archive, brief.id, judgment.id).likelihood == "unlikely"

    # A new yardstick turns the term into its own: "unlikely" (20–45 %) is PHIA's "unlikely".
    view.yardstick_field.setCurrentIndex(view.yardstick_field.findData("phia"))
    view.judgments.change_yardstick()
    assert view.brief.yardstick == "phia"
    assert "UK PHIA" in window.statusBar().currentMessage()

    out = tmp_path / "brief.docx"
    view.export(out)
    import docx

    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "KJ2. The strike will end within a week." in texts
    assert any(t.startswith("We judge this unlikely (25–35 %), with low confidence") for t in texts)


def test_the_judgment_dialog_lists_the_yardsticks_terms(demo_session, qtbot) -> None:  # type: ignore[no-untyped-def]
    from archivist.gui.dialogs.judgment import JudgmentDialog

    archive = demo_session.archive
    brief = briefs.create_brief(archive, "PHIA brief", yardstick="phia")
    dialog = JudgmentDialog(briefs.get_brief(archive, brief.id))
    qtbot.addWidget(dialog)
    terms = [dialog.likelihood.itemData(i) for i in range(dialog.likelihood.count())]
    assert terms == [t.name for t in briefs.YARDSTICKS["phia"].terms]
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # no statement yet
    dialog.statement.setPlainText("J")
    assert ok.isEnabled()
    assert dialog.evidence.count() == 1 and not dialog.evidence.item(0).flags()


def test_added_items_are_counted_by_kind() -> None:
    from archivist.gui.widgets.brief_parts import added_message

    assert added_message(["claim", "claim", "claim"]) == "3 claims added to the brief"
    assert added_message(["claim", "excerpt"]) == "1 claim and 1 excerpt added to the brief"
    assert added_message(["excerpt", "claim", "article", "claim"]) == (
        "1 excerpt, 2 claims and 1 article added to the brief"
    )


def test_add_claims_to_a_brief_of_ones_choosing(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    archive = demo_session.archive
    other = briefs.create_brief(archive, "Second brief")
    window.briefs_view.refresh()
    window.show_view(VIEW_CLAIMS)
    claims = ann.list_claims(archive)
    view = window.claims_view
    view.table.selectAll()
    assert {c.id for c in view.selected_claims()} == {c.id for c in claims}
    menu = view.brief_button.menu()
    menu.aboutToShow.emit()
    titles = [a.text() for a in menu.actions() if a.text()]
    assert "Second brief" in titles and titles[-1] == "&New Brief…"
    next(a for a in menu.actions() if a.text() == "Second brief").trigger()
    added = briefs.get_brief(archive, other.id).items
    assert [i.claim_id for i in added] == [c.id for c in view.selected_claims()]
    count = len(claims)
    assert window.statusBar().currentMessage() == f"{count} claims added to the brief"
    # The button itself adds to the open brief, counted the same way.
    window.briefs_view.open_brief(other.id)
    view.brief_button.click()
    assert len(briefs.get_brief(archive, other.id).items) == 2 * count
    assert window.statusBar().currentMessage() == f"{count} claims added to the brief"


def test_sort_the_open_brief_by_article(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    brief = view.brief
    claims = [i for i in brief.items if i.kind == "claim"]
    # Out of order: the section's last claim moved first.
    briefs.move_item(demo_session.archive, brief.id, claims[2].id, before=claims[0].id)
    view.refresh()
    moved = [i.id for i in view.brief.items]
    view.sort_button.click()
    assert [i.id for i in view.brief.items] != moved
    assert "sorted by article" in window.statusBar().currentMessage()
    view.undo()
    assert [i.id for i in view.brief.items] == moved


def test_write_prose_that_cites_its_evidence(
    qtbot, demo_session, make_window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCursor

    from archivist.gui.dialogs.prose_editor import ProseEditor
    from archivist.gui.models.brief_models import EvidenceRole

    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    claim = next(i for i in view.brief.items if i.kind == "claim")

    def write(editor) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(editor, ProseEditor)
        editor.editor.setPlainText("The union count is high")
        cursor = editor.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.movePosition(QTextCursor.MoveOperation.PreviousWord, QTextCursor.MoveMode.KeepAnchor)
        editor.editor.setTextCursor(cursor)
        editor.emphasise("**")  # "high" in bold
        cursor.movePosition(QTextCursor.MoveOperation.End)
        editor.editor.setTextCursor(cursor)
        # The picker finds the claim by its words and cites it at the cursor.
        editor.show_picker()
        editor.filter.setText(claim.claim["claimant"].split()[0])
        assert editor.evidence.currentItem() is not None
        editor.cite(*editor.evidence.currentItem().data(EvidenceRole))
        editor.editor.moveCursor(QTextCursor.MoveOperation.End)
        editor.editor.insertPlainText(".\n\nNext steps:\ncheck the satellite images")
        editor.toggle_bullets()  # the last line becomes a bullet
        return True

    dialogs.then(write)
    view.text_button.click()
    item = next(i for i in view.brief.items if i.kind == "text" and i.text.startswith("The union"))
    assert item.text == (
        f"The union count is **high**[@claim:{claim.claim_id}].\n\nNext steps:\n"
        "- check the satellite images"
    )
    # Double-click opens it on the writing surface again.
    dialogs.then(lambda editor: editor.editor.setPlainText("Changed *text*.") or True)
    view.items.setCurrentIndex(view.item_model.index(view.item_model.row_of(item.id), 0))
    view._open_item()
    assert briefs.get_item(demo_session.archive, view.brief_id, item.id).text == "Changed *text*."
    view.undo()
    assert briefs.get_item(demo_session.archive, view.brief_id, item.id).text.startswith(
        "The union"
    )
    out = tmp_path / "brief.docx"
    view.export(out)
    import docx

    paragraph = next(
        p for p in docx.Document(str(out)).paragraphs if p.text.startswith("The union")
    )
    assert [r.text for r in paragraph.runs if r.bold] == ["high"]
    assert "w:footnoteReference" in paragraph._p.xml


def test_the_writing_surface_shows_its_markup(qtbot, demo_session) -> None:  # type: ignore[no-untyped-def]
    from archivist.gui.dialogs.prose_editor import ProseEditor

    brief = briefs.get_brief(demo_session.archive, 1)
    editor = ProseEditor(brief, "Plain **bold** [@claim:1]")
    qtbot.addWidget(editor)
    editor.highlighter.rehighlight()  # (Qt first highlights on a timer)
    block = editor.editor.document().firstBlock()
    looks = [
        (r.start, r.length, r.format.font().bold(), r.format.background().color().name())
        for r in block.layout().formats()
    ]
    # "bold" (characters 8 to 11 of "Plain **bold**") is drawn bold; "Plain" is not.
    assert any(bold for start, n, bold, _c in looks if start <= 8 and start + n > 11)
    assert not any(bold for start, n, bold, _c in looks if start <= 0 < start + n)
    assert any(color == "#dde8f5" for *_rest, color in looks)  # the citation
    ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
    editor.editor.setPlainText("   ")
    assert not ok.isEnabled()


def test_evidence_added_to_the_open_brief_goes_after_the_selected_item(
    qtbot, demo_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    heading = next(i for i in view.brief.items if i.kind == "heading")
    view.items.setCurrentIndex(view.item_model.index(view.item_model.row_of(heading.id), 0))
    claims = ann.list_claims(demo_session.archive)[:2]
    view.add_claims([c.id for c in claims])
    items = view.brief.items
    at = [i.id for i in items].index(heading.id)
    assert [i.claim_id for i in items[at + 1 : at + 3]] == [c.id for c in claims]
    assert window.statusBar().currentMessage() == "2 claims added to the brief"


def test_lint_advice_shows_beside_its_item(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    archive = demo_session.archive
    item = briefs.add_judgment(
        archive, view.brief_id, "The port may reopen.", likelihood="likely", confidence="low"
    )
    view.refresh()
    row = view.item_model.row_of(item.id)
    index = view.item_model.index(row, 0)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "“may” is not a term of the ICD 203 yardstick" in tip
    assert "cites no evidence" in tip
    assert view.lint_label.isVisible() and "advice" in view.lint_label.text()
    # Written well, the advice goes as the analyst changes it.
    claims = [i.claim_id for i in view.brief.items if i.kind == "claim"]
    briefs.edit_judgment(
        archive, view.brief_id, item.id, text="The port will reopen.", claims=claims
    )
    view.refresh()
    index = view.item_model.index(view.item_model.row_of(item.id), 0)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "may" not in tip and "cites no evidence" not in tip
    # (What is left is about the evidence itself: the demo's counts are disputed.)
    assert all("disputed" in a or "single source" in a for a in view.item_model.advice(item.id))
