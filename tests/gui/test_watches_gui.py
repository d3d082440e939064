"""Watch lists in the window: a watched saved search counts what each import adds to it,
shows it as a badge in the sidebar and a status note, and forgets it once looked at."""

from __future__ import annotations

from pathlib import Path

from archivist.archive import searches
from archivist.gui.models.sidebar_model import BadgeRole, PayloadRole


def _saved_item(window, name: str):  # type: ignore[no-untyped-def]
    header = window.sidebar_model.saved_header
    for row in range(header.rowCount()):
        if header.child(row).text() == name:
            return header.child(row)
    raise LookupError(name)


def test_an_import_badges_the_watches_it_feeds(
    qtbot, tmp_path: Path, demo_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    window.save_search("tokayev", name="Tokayev")
    item = _saved_item(window, "Tokayev")
    window._watch_saved_search(item.data(PayloadRole), True)
    item = _saved_item(window, "Tokayev")
    assert item.data(PayloadRole).watched and item.data(BadgeRole) is None
    assert "Watched" in item.toolTip()
    files = tmp_path / "in"
    files.mkdir()
    for number in range(3):
        (files / f"t{number}.txt").write_text(
            f"Statement {number}\n\nPresident Tokayev said {number} things.\n", "utf-8"
        )
    (files / "other.txt").write_text("Weather\n\nRain in Lunmark.\n", "utf-8")
    window.import_paths([files])
    qtbot.waitUntil(lambda: _saved_item(window, "Tokayev").data(BadgeRole) == "3 new")
    assert "3 new articles match 'Tokayev'" in window.statusBar().currentMessage()
    # Looking at them clears the badge.
    window._run_saved_search(_saved_item(window, "Tokayev").data(PayloadRole))
    qtbot.waitUntil(lambda: _saved_item(window, "Tokayev").data(BadgeRole) is None)
    assert window.search_bar.text() == "tokayev"
    assert searches.watches(demo_session.archive)[0].new == 0
    # The badge is drawn (a pill beside the name) without error.
    window.sidebar.viewport().grab()


def test_an_unwatched_search_counts_nothing(
    qtbot, tmp_path: Path, demo_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    window.save_search("tokayev", name="Tokayev")
    (tmp_path / "t.txt").write_text("Tokayev\n\nTokayev spoke.\n", "utf-8")
    window.import_paths([tmp_path / "t.txt"])
    item = _saved_item(window, "Tokayev")
    assert item.data(BadgeRole) is None and not item.data(PayloadRole).watched
