"""Tagging through the popups (non-ASCII set directly), the side panel, other mentions, undo/redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog

from archivist import annotations as ann
from archivist.archive import open_archive
from archivist.gui.dialogs.find_mentions import FindMentionsDialog
from archivist.gui.dialogs.record_claim import RecordClaimDialog
from archivist.gui.dialogs.tag_entity import EntityIdRole, TagEntityPopup
from archivist.gui.main_window import MainWindow
from archivist.gui.models.annotation_list_model import KIND_CLAIM, KIND_ENTITY


def _article_titled(window: MainWindow, start: str) -> int:
    for row in range(window.article_model.rowCount()):
        if window.article_model.row_data(row).title.startswith(start):
            return window.article_model.article_id(row)
    raise AssertionError(start)


def _select(window: MainWindow, fragment: str, nth: int = 1) -> tuple[int, int]:
    view = window.reader.text_view
    start = -1
    for _ in range(nth):
        start = view.text.index(fragment, start + 1)
    end = start + len(fragment)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(start))
    cursor.setPosition(view.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    return start, end


def test_tag_entity_popup_creates_an_entity_with_a_non_ascii_name(
    qtbot, demo_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    article_id = _article_titled(window, "Забастовка")
    window.open_article(article_id)
    start, end = _select(window, "Министерство транспорта")

    def fill(popup: QDialog) -> bool:
        assert isinstance(popup, TagEntityPopup)
        assert popup.name_field.text() == "Министерство транспорта"  # the selection, prefilled
        popup.set_type("organisation")
        return True

    dialogs.then(fill)
    window.tag_entity_action.trigger()
    mentions = ann.mentions_of_article(demo_session.archive, article_id)
    created = [m for m in mentions if m.entity == "Министерство транспорта"]
    assert [(m.start, m.end, m.type) for m in created] == [(start, end, "organisation")]
    # The reader and the panel show it at once.
    view = window.reader.text_view
    assert "Министерство транспорта" in [s.cursor.selectedText() for s in view.extraSelections()]
    assert window.annotation_model.row_of(KIND_ENTITY, created[0].entity_id) is not None
    assert "Tagged" in window.statusBar().currentMessage()


def test_the_tag_popup_starts_on_the_type_tagged_last(
    qtbot, demo_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.open_article(_article_titled(window, "Забастовка"))
    types_seen: list[str] = []

    def tag_as(type_name: str | None):  # type: ignore[no-untyped-def]
        def fill(popup: QDialog) -> bool:
            assert isinstance(popup, TagEntityPopup)
            types_seen.append(popup.current_type())
            if type_name is not None:
                popup.set_type(type_name)
            return True

        return fill

    dialogs.then(tag_as("event")).then(tag_as(None))
    _select(window, "Министерство транспорта")
    window.tag_entity_action.trigger()
    _select(window, "транспорта")  # (a name no entity has yet: no type to start from)
    window.tag_entity_action.trigger()
    assert types_seen[1] == "event"  # the second popup opened on the type tagged first


def test_tag_entity_popup_completes_an_alias_and_adds_the_selected_text_as_alias(
    qtbot, demo_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    article_id = _article_titled(window, "Russian troops")
    window.open_article(article_id)
    _select(window, "Mr Tokayev")

    def pick_completion(popup: QDialog) -> bool:
        assert isinstance(popup, TagEntityPopup)
        popup.name_field.setText("")
        qtbot.keyClicks(popup.name_field, "Tokay")  # ASCII only: safe to type
        completer = popup.completer
        completer.setCompletionPrefix("Tokay")
        index = completer.completionModel().index(0, 0)
        assert index.isValid()
        source = completer.completionModel().mapToSource(index)
        popup._completion_chosen(popup.completion_model.index(source.row(), 0))
        assert popup.type_box.currentData() == "person"
        choice = popup.choice()
        assert choice.entity_id == popup.completion_model.index(source.row(), 0).data(EntityIdRole)
        assert choice.add_alias
        return True

    dialogs.then(pick_completion)
    window.annotator.tag_entity()
    tokayev = ann.find_entities(demo_session.archive, "Tokayev")[0]
    assert "Mr Tokayev" in tokayev.aliases
    assert tokayev.mention_count == 2


def test_record_claim_with_grades_and_a_non_ascii_note(
    qtbot, demo_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    article_id = _article_titled(window, "Fuel price")
    window.open_article(article_id)
    start, end = _select(window, "Price caps buy calm, not supply")

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, RecordClaimDialog)
        dialog.claimant_field.setText("Dana Orlova")
        dialog.statement_field.setText("Les plafonds de prix n’augmentent pas l’offre")
        dialog.reliability_box.setCurrentIndex(dialog.reliability_box.findData("B"))
        dialog.credibility_box.setCurrentIndex(dialog.credibility_box.findData(3))
        dialog.status_box.setCurrentIndex(dialog.status_box.findData("disputed"))
        dialog.note_field.setPlainText("Quelle source ? 🤔 À vérifier.")
        # The meanings of the grades are shown beside the choice.
        assert "Minor doubt" in dialog.reliability_help.text()
        assert "reasonably logical" in dialog.credibility_help.text()
        assert "B3" in dialog.grade_label.text()
        return True

    dialogs.then(fill)
    window.record_claim_action.trigger()
    claims = ann.list_claims(demo_session.archive, article_id=article_id)
    made = [c for c in claims if c.start == start]
    assert len(made) == 1
    claim = made[0]
    assert (claim.end, claim.claimant, claim.grade, claim.status) == (
        end,
        "Dana Orlova",
        "B3",
        "disputed",
    )
    assert claim.claimant_entity_id is not None  # the name matched an entity
    assert claim.note == "Quelle source ? 🤔 À vérifier."
    assert window.annotation_model.row_of(KIND_CLAIM, claim.id) is not None


def test_cancelled_popups_change_nothing(qtbot, demo_session, make_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.open_article(_article_titled(window, "Fuel price"))
    before = window.annotator.undo_target()
    _select(window, "Two weeks on")
    dialogs.then(lambda _d: False).then(lambda _d: False)
    window.annotator.tag_entity()
    window.annotator.record_claim()
    assert window.annotator.undo_target() == before
    window.reader.text_view.setTextCursor(QTextCursor(window.reader.text_view.document()))
    window.annotator.tag_entity()  # nothing selected: a hint, no popup
    assert len(dialogs.seen) == 2
    assert "Select some text" in window.statusBar().currentMessage()


def test_undo_and_redo_through_history(qtbot, demo_session, make_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    article_id = _article_titled(window, "Fuel price")
    window.open_article(article_id)
    _select(window, "New Year’s Day")
    dialogs.then(lambda popup: (popup.set_type("event"), True)[1])  # type: ignore[attr-defined]
    window.annotator.tag_entity()
    assert window.undo_action.isEnabled()
    assert "Tag ‘New Year’s Day’ as New Year’s Day" in window.undo_action.text()

    def has_mention() -> bool:
        return any(
            m.quote == "New Year’s Day"
            for m in ann.mentions_of_article(demo_session.archive, article_id)
        )

    assert has_mention()
    qtbot.keyClick(window.reader.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not has_mention()
    assert "New Year’s Day" not in [
        s.cursor.selectedText() for s in window.reader.text_view.extraSelections()
    ]
    assert window.redo_action.isEnabled()
    qtbot.keyClick(
        window.reader.text_view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert has_mention()
    assert not window.redo_action.isEnabled()


def test_side_panel_jumps_and_deletes(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    article_id = _article_titled(window, "Flood closes")
    window.open_article(article_id)
    bridge = ann.find_entities(demo_session.archive, "Old Sorrel Bridge")[0]
    row = window.annotation_model.row_of(KIND_ENTITY, bridge.id)
    assert row is not None
    index = window.annotation_model.index(row, 0)
    window.panel.list.setCurrentIndex(index)
    window.panel._clicked(index)
    assert window.reader.text_view.textCursor().selectedText() == "Old Sorrel Bridge"
    first = window.reader.text_view.textCursor().selectionStart()
    window.panel._clicked(index)  # the next mention (after the emoji)
    assert window.reader.text_view.textCursor().selectedText() == "Old Sorrel Bridge"
    assert window.reader.text_view.textCursor().selectionStart() > first
    window.panel.delete_button.click()
    remaining = [
        m
        for m in ann.mentions_of_article(demo_session.archive, article_id)
        if m.entity_id == bridge.id
    ]
    assert remaining == []
    assert window.annotation_model.row_of(KIND_ENTITY, bridge.id) is None
    window.undo_action.trigger()  # one undo per removed mention
    window.undo_action.trigger()
    assert (
        len(
            [
                m
                for m in ann.mentions_of_article(demo_session.archive, article_id)
                if m.entity_id == bridge.id
            ]
        )
        == 2
    )


def test_find_other_mentions_here_and_across_the_archive(
    qtbot, demo_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    article_id = _article_titled(window, "Russian troops")
    window.open_article(article_id)
    almaty = ann.find_entities(demo_session.archive, "Almaty")[0]
    found: dict[str, object] = {}

    def accept_all(dialog: QDialog) -> bool:
        assert isinstance(dialog, FindMentionsDialog)
        suggestions = dialog.model.all()
        found["here"] = sum(1 for s in suggestions if s.article_id == article_id)
        found["elsewhere"] = sum(1 for s in suggestions if s.article_id != article_id)
        assert dialog.model.index(0, 0).data().endswith("(this article)")
        dialog.tag_all_button.click()
        return True

    dialogs.then(accept_all)
    window.annotator.find_mentions(almaty.id)
    assert found == {"here": 3, "elsewhere": 1}
    after = ann.get_entity(demo_session.archive, almaty.id)
    assert after.mention_count == almaty.mention_count + 4
    assert after.article_count == 2
    assert "Tagged 4 more mention(s) in 2 article(s)" in window.statusBar().currentMessage()
    window.undo_action.trigger()  # accepted together: one undo
    assert ann.get_entity(demo_session.archive, almaty.id).mention_count == almaty.mention_count


def test_read_only_archive_offers_no_tagging(qtbot, demo_root, open_session, make_window) -> None:  # type: ignore[no-untyped-def]
    session = open_session(demo_root, readonly=True)
    window: MainWindow = make_window(session)
    assert "(read-only)" in window.windowTitle()
    assert not window.tag_entity_action.isEnabled()
    assert not window.import_action.isEnabled()
    window.open_article(1)
    window.annotator.tag_entity()
    assert "read-only" in window.statusBar().currentMessage()
    with open_archive(demo_root, access="read") as archive:
        assert archive.count() == 6


def _facet_counts(window: MainWindow, name: str) -> dict[str, int]:
    from archivist.gui.models.sidebar_model import CountRole

    parent = window.sidebar_model._facet_items[name]
    return {
        parent.child(r).text(): parent.child(r).data(CountRole) for r in range(parent.rowCount())
    }


def test_facets_follow_tagging_and_grading(qtbot, demo_session, make_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    """The entity and claim-status facets change with a tag or a new status, not only with
    an import."""
    window: MainWindow = make_window(demo_session)
    window.open_article(_article_titled(window, "Забастовка"))
    assert _facet_counts(window, "entity")["Transit Ministry"] == 2

    def tag(popup: QDialog) -> bool:
        assert isinstance(popup, TagEntityPopup)
        popup.set_type("organisation")
        popup.name_field.setText("Transit Ministry")  # (its third article)
        return True

    dialogs.then(tag)
    _select(window, "Министерство транспорта")
    window.tag_entity_action.trigger()
    qtbot.waitUntil(lambda: _facet_counts(window, "entity")["Transit Ministry"] == 3)
    refuted = _facet_counts(window, "status").get("Refuted", 0)
    claim = ann.list_claims(demo_session.archive)[0]
    assert claim.status != "refuted"
    # Graded in the claim dialog, as the analyst does it.

    def grade(dialog: QDialog) -> bool:
        assert isinstance(dialog, RecordClaimDialog)
        dialog.status_box.setCurrentIndex(dialog.status_box.findData("refuted"))
        return True

    dialogs.then(grade)
    window.annotator.edit_claim(claim.id)
    qtbot.waitUntil(lambda: _facet_counts(window, "status").get("Refuted", 0) == refuted + 1)


def test_the_demos_own_setup_is_not_in_the_undo_history(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    assert ann.list_history(demo_session.archive) == []
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Undo"
