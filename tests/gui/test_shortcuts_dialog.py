"""Help ▸ Keyboard Shortcuts: every shortcut of the window, grouped by task, and a filter."""

from __future__ import annotations

from archivist.gui.dialogs.shortcuts import ShortcutsDialog, grouped_shortcuts


def test_shortcuts_are_grouped_by_task_and_found_by_name_or_keys(
    qtbot, demo_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    groups = grouped_shortcuts(window)
    titles = [title for title, _ in groups]
    assert titles[:3] == ["Searching", "Reading", "Annotating"]
    listed = {name for _, rows in groups for name, _ in rows}
    with_keys = {
        a.text().replace("&", "").split(" ", 1)[0]
        if a.text().startswith("&Undo") or a.text().startswith("&Redo")
        else a.text().replace("&", "")
        for a in window.actions()
        if not a.shortcut().isEmpty()
    }
    assert with_keys <= listed  # (none left out: the ungrouped would be under "Other")
    searching = dict(groups[0][1])
    assert searching["Find in Article…"] and "F3" in searching["Next Hit"]

    seen: list[ShortcutsDialog] = []

    def look(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ShortcutsDialog)
        seen.append(dialog)
        dialog.filter.setText("claim")
        assert dialog.visible_names() == ["Record Claim…", "Claims"]  # (task, then view)
        dialog.filter.setText("f3")
        assert set(dialog.visible_names()) == {"Next Hit", "Previous Hit"}
        dialog.filter.setText("")
        assert len(dialog.visible_names()) == len(listed)
        return False

    dialogs.then(look)
    window.shortcuts_action.trigger()
    assert seen
