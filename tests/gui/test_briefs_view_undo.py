"""Edit ▸ Undo/Redo in the briefs view: they act on brief history, name the change, and the
view shows the brief as it was; elsewhere they still act on annotations."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from archivist import briefs
from archivist.gui.main_window import MainWindow
from archivist.gui.models.sidebar_model import VIEW_BRIEFS, VIEW_LIBRARY


def _order(window: MainWindow) -> list[int]:
    assert window.briefs_view.brief is not None
    return [item.id for item in window.briefs_view.brief.items]


def test_undo_and_redo_a_move_in_the_briefs_view(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    assert window.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    before = _order(window)
    first = window.briefs_view.brief.items[0]
    label = f"Move {briefs.item_name(first)} down"
    assert label.startswith("Move the judgment ‘At least 30 barges")  # (the demo's first)
    view.items.setCurrentIndex(view.item_model.index(0, 0))
    view.down_button.click()
    moved = _order(window)
    assert moved != before and moved[1] == before[0]
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == f"&Undo {label}"
    assert not window.redo_action.isEnabled()

    window.undo_action.trigger()
    assert _order(window) == before
    assert briefs.get_brief(demo_session.archive, view.brief_id).items[0].id == before[0]  # type: ignore[arg-type]
    assert window.redo_action.text() == f"&Redo {label}"
    assert f"Undone: {label}" in window.statusBar().currentMessage()

    window.redo_action.trigger()
    assert _order(window) == moved
    assert window.undo_action.text() == f"&Undo {label}"
    assert not window.redo_action.isEnabled()

    # Outside the briefs view, the same actions follow annotation history again.
    window.show_view(VIEW_LIBRARY)
    assert label not in window.undo_action.text()
    window.show_view(VIEW_BRIEFS)
    assert window.undo_action.text() == f"&Undo {label}"


def test_undo_a_deleted_brief_brings_it_back_in_the_list(
    qtbot, demo_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    brief_id = view.brief_id
    count = view.list_model.rowCount()
    briefs.delete_brief(demo_session.archive, brief_id)  # type: ignore[arg-type]
    view.refresh()
    window._update_history_actions()
    assert view.list_model.rowCount() == count - 1
    assert window.undo_action.text() == "&Undo Delete brief"
    window.undo_action.trigger()
    assert view.list_model.rowCount() == count
    assert view.brief_id == brief_id
