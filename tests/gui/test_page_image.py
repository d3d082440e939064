"""The page image beside the text (Article ▸ Show Page Image): the page of the original that
the text being read is on, following the reading, turning pages with the text; none for an
article without pages."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from test_importers_pdf import make_pdf

LINES = 40  # a page's worth of lines: the text of three pages does not fit in the view


def _ruling() -> bytes:
    return make_pdf(
        [[f"Page {page} line {line} of the ruling." for line in range(LINES)] for page in (1, 2, 3)]
    )


def _import_ruling(qtbot, window, tmp_path: Path) -> int:  # type: ignore[no-untyped-def]
    path = tmp_path / "ruling.pdf"
    path.write_bytes(_ruling())
    before = window.article_count
    window.import_paths([path])
    qtbot.waitUntil(lambda: window.article_count == before + 1, timeout=20000)
    row = window.session.db.execute("SELECT id FROM articles WHERE format = 'pdf'").fetchone()
    return int(row[0])


def test_the_page_image_follows_the_text_and_turns_it(
    qtbot, demo_session, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    window.resize(1400, 800)
    article_id = _import_ruling(qtbot, window, tmp_path)
    reader = window.reader
    window.open_article(article_id)
    qtbot.waitUntil(lambda: reader.article is not None and reader.article.id == article_id)
    assert window.page_image_action.isEnabled() and not reader.page_image_shown
    narrow = window.splitter.sizes()[2]
    window.page_image_action.trigger()
    # The reader widens for text and page side by side (the list of articles gives way).
    assert window.splitter.sizes()[2] > max(narrow, 800)
    assert reader.page_image_shown and window.settings.value("reader/pageImage") in (True, "true")
    view = reader.page_view
    qtbot.waitUntil(lambda: view.page == 1 and view.image_label.pixmap() is not None
                    and not view.image_label.pixmap().isNull(), timeout=10000)  # fmt: skip
    assert view.page_label.text() == "Page 1 of 3"
    assert not view.previous_button.isEnabled() and view.next_button.isEnabled()
    # Turning to page 3 brings its text into the reader, the cursor at its start.
    view.next_button.click()
    view.next_button.click()
    assert view.page_label.text() == "Page 3 of 3" and not view.next_button.isEnabled()
    qtbot.waitUntil(lambda: not view.image_label.pixmap().isNull(), timeout=10000)
    qtbot.wait(300)  # (the last page's text may not reach the top: the image stays on it)
    assert view.page == 3
    assert reader.text_view.cursor_index() == reader.article.text.index("Page 3 line 0")
    # Reading on from the top again: the image follows the text.
    reader.text_view.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: view.page == 1, timeout=5000)
    # The page at a span: the cursor on page 2's text, scrolled there, shows page 2.
    reader.text_view.scroll_to(reader.article.text.index("Page 2 line 0"))
    qtbot.waitUntil(lambda: view.page == 2, timeout=5000)
    # Off again: the text takes the whole reader.
    window.page_image_action.trigger()
    assert not reader.page_image_shown


def test_an_article_without_pages_has_no_page_image(
    qtbot, demo_session, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    article_id = _import_ruling(qtbot, window, tmp_path)
    window.page_image_action.trigger()  # wanted: stays wanted from article to article
    other = demo_session.db.execute(
        "SELECT id FROM articles WHERE format != 'pdf' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    window.open_article(other)
    qtbot.waitUntil(lambda: window.reader.article is not None and window.reader.article.id == other)
    assert not window.page_image_action.isEnabled() and not window.reader.page_image_shown
    window.open_article(article_id)
    qtbot.waitUntil(lambda: window.reader.article.id == article_id)
    assert window.page_image_action.isEnabled() and window.reader.page_image_shown
