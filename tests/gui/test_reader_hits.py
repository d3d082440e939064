"""The reader finds what was searched for: it opens at the first hit, steps through the hits
("hit 2 of 7", F3 / Shift+F3), and finds in the article and its annotations (Ctrl+F)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence

from archivist import annotations as ann
from archivist.archive import open_archive
from archivist.gui import theme
from archivist.gui.article_find import HitCursor, find_in_article
from archivist.gui.session import ArchiveSession
from archivist.gui.widgets.reader import ReaderWidget
from archivist.importers.pipeline import import_text

FILLER = "Markets were calm and the weather was mild across the region that week."
LONG_TEXT = "\n\n".join(
    [FILLER] * 40
    + ["The convoy crossed the river at dawn, the president said."]
    + [FILLER] * 40
    + ["A second convoy was seen near Almaty."]
    + [FILLER] * 10
)


@pytest.fixture
def long_article(tmp_path: Path, open_session) -> tuple[ArchiveSession, int]:  # type: ignore[no-untyped-def]
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        article_id = import_text(archive, LONG_TEXT, title="Convoys").imported[0].id
        ann.tag_entity(
            archive,
            article_id,
            name="Kassym-Jomart Tokayev",
            type="person",
            quote="the president",
        )
        ann.add_claim(
            archive,
            article_id,
            claimant="Interior ministry",
            quote="A second convoy was seen near Almaty.",
            note="Contradicted by satellite imagery",
        )
    return open_session(root), article_id


def _open(qtbot, session: ArchiveSession) -> ReaderWidget:  # type: ignore[no-untyped-def]
    reader = ReaderWidget(session)
    qtbot.addWidget(reader)
    reader.resize(700, 500)
    reader.show()
    qtbot.waitExposed(reader)
    reader.activateWindow()  # (focus goes to widgets of the active window only)
    qtbot.waitUntil(reader.isActiveWindow, timeout=5000)
    return reader


def _visible(reader: ReaderWidget, start: int, end: int) -> bool:
    view = reader.text_view
    cursor = view._cursor_for(start, end)
    rect = view.cursorRect(cursor)
    return rect.top() >= 0 and rect.bottom() <= view.viewport().height()


def _current(reader: ReaderWidget) -> str:
    view = reader.text_view
    assert view.current_hit is not None
    start, end = view.current_hit
    return view.text[start:end]


def test_an_article_opened_from_a_search_opens_at_its_first_hit(qtbot, long_article) -> None:  # type: ignore[no-untyped-def]
    session, article_id = long_article
    reader = _open(qtbot, session)
    reader.show_article(article_id, query="convoy")
    first = LONG_TEXT.index("convoy")
    assert reader.text_view.verticalScrollBar().value() > 0  # (the hit is far down)
    assert _visible(reader, first, first + 6)
    assert reader.hit_bar.isVisible() and not reader.hit_bar.finding
    assert reader.hit_bar.count_label.text() == "hit 1 of 2"
    # The current hit stands out from the other hits.
    colours = [s.format.background().color() for s in reader.text_view.extraSelections()]
    assert colours.count(QColor(theme.SEARCH_HIT)) == 2
    assert colours[-1] == QColor(theme.CURRENT_HIT)
    # Nothing is selected: a hit is a place, not a span to tag.
    assert reader.text_view.selected_span() is None


def test_next_and_previous_hit_go_round(qtbot, long_article) -> None:  # type: ignore[no-untyped-def]
    session, article_id = long_article
    reader = _open(qtbot, session)
    reader.show_article(article_id, query="convoy")
    second = LONG_TEXT.rindex("convoy")
    reader.step_hit(1)
    assert reader.hit_bar.count_label.text() == "hit 2 of 2"
    assert reader.text_view.current_hit == (second, second + 6)
    assert _visible(reader, second, second + 6)
    reader.step_hit(1)
    assert reader.hit_bar.count_label.text() == "hit 1 of 2"
    reader.step_hit(-1)
    assert reader.hit_bar.count_label.text() == "hit 2 of 2"
    reader.hit_bar.previous_button.click()
    assert reader.hit_bar.count_label.text() == "hit 1 of 2"


def test_an_article_without_hits_shows_no_hit_bar(qtbot, long_article) -> None:  # type: ignore[no-untyped-def]
    session, article_id = long_article
    reader = _open(qtbot, session)
    reader.show_article(article_id)
    assert not reader.hit_bar.isVisible()
    assert reader.text_view.verticalScrollBar().value() == 0
    reader.step_hit(1)  # (nothing to step to: nothing happens)
    assert reader.text_view.current_hit is None


def test_find_in_article_reaches_text_and_annotations(qtbot, long_article) -> None:  # type: ignore[no-untyped-def]
    session, article_id = long_article
    reader = _open(qtbot, session)
    reader.show_article(article_id)
    assert reader.find_in_article()
    bar = reader.hit_bar
    assert bar.isVisible() and bar.finding and bar.field.hasFocus()
    # The entity's name is found on the span tagged as it, which does not read it.
    qtbot.keyClicks(bar.field, "tokayev")
    assert bar.count_label.text() == "hit 1 of 1"
    assert _current(reader) == "the president"
    # A claim's note is found on the claim's span.
    bar.field.setText("satellite")
    assert _current(reader) == "A second convoy was seen near Almaty."
    # Words of the text, in any case; Enter steps on, Shift+Enter back.
    # (A find goes on from where the reader is: the claim's span, at the second convoy.)
    bar.field.setText("CONVOY")
    assert bar.count_label.text() == "hit 2 of 2"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_label.text() == "hit 1 of 2"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "hit 2 of 2"
    bar.field.setText("nowhere to be found")
    assert bar.count_label.text() == "not found"
    assert not bar.next_button.isEnabled()
    # Esc closes the find; an article not opened from a search then shows no bar.
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and reader.text_view.hits == []


def test_closing_the_find_brings_back_the_searchs_hits(qtbot, long_article) -> None:  # type: ignore[no-untyped-def]
    session, article_id = long_article
    reader = _open(qtbot, session)
    reader.show_article(article_id, query="almaty")
    assert reader.hit_bar.count_label.text() == "hit 1 of 1"
    reader.find_in_article()
    reader.hit_bar.field.setText("markets")
    assert reader.hit_bar.count_label.text() == "hit 81 of 90"  # (on from the hit the reader is at)
    reader.hit_bar.close_button.click()
    assert reader.hit_bar.isVisible() and not reader.hit_bar.finding
    assert reader.hit_bar.count_label.text() == "1 hit"
    assert reader.text_view.hits == [(LONG_TEXT.index("Almaty"), LONG_TEXT.index("Almaty") + 6)]


def test_the_find_is_seeded_with_the_selection_and_follows_the_next_article(
    qtbot, long_article, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    session, article_id = long_article
    other = import_text(session.archive, "Almaty again: a convoy.", title="Other").imported[0].id
    reader = _open(qtbot, session)
    reader.show_article(article_id)
    start = LONG_TEXT.index("river")
    reader.text_view.select_span(start, start + 5)
    reader.find_in_article()
    assert reader.hit_bar.field.text() == "river"
    assert reader.hit_bar.count_label.text() == "hit 1 of 1"
    reader.hit_bar.field.setText("convoy")
    reader.show_article(other)  # the find stays open and runs on the new article
    assert reader.hit_bar.finding and reader.hit_bar.count_label.text() == "hit 1 of 1"
    assert _current(reader) == "convoy"


def test_window_shortcuts_find_and_step(qtbot, long_article, make_window) -> None:  # type: ignore[no-untyped-def]
    session, article_id = long_article
    window = make_window(session)
    keys = {
        window.find_in_article_action: QKeySequence(QKeySequence.StandardKey.Find),
        window.next_hit_action: QKeySequence("F3"),
        window.previous_hit_action: QKeySequence("Shift+F3"),
    }
    for action, key in keys.items():
        assert key in action.shortcuts()
    window.reader.show_article(article_id, query="convoy")
    window.next_hit_action.trigger()
    assert window.reader.hit_bar.count_label.text() == "hit 2 of 2"
    window.previous_hit_action.trigger()
    assert window.reader.hit_bar.count_label.text() == "hit 1 of 2"
    window.find_in_article_action.trigger()
    assert window.reader.hit_bar.finding


def test_a_search_that_finds_the_article_being_read_marks_its_hits(
    qtbot, long_article, make_window
) -> None:  # type: ignore[no-untyped-def]
    session, article_id = long_article
    window = make_window(session)
    window.open_article(article_id)
    assert not window.reader.hit_bar.isVisible()
    window.search_bar.set_text("almaty")
    qtbot.waitUntil(lambda: window.reader.hit_bar.isVisible(), timeout=5000)
    assert window.reader.article is not None and window.reader.article.id == article_id
    assert window.reader.hit_bar.count_label.text() == "hit 1 of 1"


def test_find_in_article_pure() -> None:
    text = "Tokayev met Tokaev; tokayev left."
    assert find_in_article(text, "tokayev") == [(0, 7), (20, 27)]
    assert find_in_article(text, "  ") == []
    assert find_in_article(text, "a.b") == []  # (a needle is words, not a pattern)
    cursor = HitCursor([(0, 7), (20, 27)])
    assert cursor.label() == "2 hits"
    assert cursor.first_from(10) == (20, 27) and cursor.label() == "hit 2 of 2"
    assert cursor.first_from(30) == (0, 7)  # (past the last: from the top again)
    assert HitCursor().step(1) is None and HitCursor().label() == "no hits"


@pytest.mark.parametrize("colours", [theme.LIGHT_COLOURS, theme.DARK_COLOURS])
def test_selected_text_looks_unlike_any_tagged_span_or_hit(qtbot, colours) -> None:  # type: ignore[no-untyped-def]
    """A person's pale-blue fill was the selection's colour too: what was selected could not
    be told from what was tagged. The reader's selection is now a strong colour with white
    text, far from every fill an annotation or a hit takes."""
    from PySide6.QtGui import QPalette

    from archivist.gui.widgets.article_text_view import ArticleTextView

    view = ArticleTextView()
    qtbot.addWidget(view)
    view.setStyleSheet(theme.stylesheet(colours))
    view.ensurePolished()
    selection = view.palette().color(QPalette.ColorRole.Highlight)
    assert selection == QColor(colours["TEXT_SELECTION"])
    assert view.palette().color(QPalette.ColorRole.HighlightedText) == QColor("white")
    dark = colours is theme.DARK_COLOURS
    swatches = theme.ENTITY_TYPE_COLOURS.values()
    fills = [(theme.dark_swatch(s) if dark else s).fill for s in swatches]
    fills += [colours["SEARCH_HIT"], colours["CURRENT_HIT"], colours["PANEL"]]
    for fill in map(QColor, fills):
        distance = sum(
            abs(a - b) for a, b in zip(selection.getRgb()[:3], fill.getRgb()[:3], strict=True)
        )
        assert distance > 150, fill.name()
