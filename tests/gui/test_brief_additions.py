"""Adding to briefs from context menus and by drag and drop (claims, excerpts, articles)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QInputDialog, QMenu

from archivist import annotations as ann
from archivist import briefs
from archivist.gui.brief_drops import read_additions
from archivist.gui.main_window import MainWindow
from archivist.gui.models.sidebar_model import VIEW_BRIEFS, VIEW_CLAIMS


def _submenu(menu: QMenu) -> QMenu:
    for action in menu.actions():
        if action.menu() is not None and "Brief" in action.text():
            return action.menu()  # type: ignore[return-value]
    raise AssertionError("no Add to Brief menu")


def _choose(menu: QMenu, text: str) -> None:
    _choose_in(_submenu(menu), text)


def _choose_in(submenu: QMenu, text: str) -> None:
    next(a for a in submenu.actions() if a.text().replace("&", "") == text).trigger()


def _items(session, brief_id: int) -> list:  # type: ignore[no-untyped-def]
    return briefs.get_brief(session.archive, brief_id).items


def _drop_on_brief(window: MainWindow, mime: QMimeData) -> None:
    view = window.briefs_view
    window.show_view(VIEW_BRIEFS)
    rect = view.brief_list.visualRect(view.list_model.index(0, 0))
    event = QDropEvent(
        QPointF(rect.center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Straight to the handler: an offscreen sendEvent of a Drop without a real drag
    # session is not delivered by Qt.
    view.brief_list.dropEvent(event)


def test_claim_context_menu_adds_to_the_chosen_brief(demo_session, make_window) -> None:
    window = make_window(demo_session)
    brief = briefs.list_briefs(demo_session.archive)[0]
    before = len(_items(demo_session, brief.id))
    window.show_view(VIEW_CLAIMS)
    claim = next(c for c in ann.list_claims(demo_session.archive) if c.status == "refuted")
    window.claims_view.select_claim(claim.id)
    window._claims_context_menu(QPoint(5, 5))
    _choose(window.last_context_menu, brief.title)
    items = _items(demo_session, brief.id)
    assert len(items) == before + 1 and items[-1].claim_id == claim.id


def test_library_context_menu_new_brief_adds_the_articles(
    demo_session, make_window, dialogs
) -> None:
    window = make_window(demo_session)
    window.table.selectRow(0)
    article_id = window.table.selected_ids()[0]

    def title(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("From the library")
        return True

    dialogs.then(title)
    window._library_context_menu(QPoint(5, 5))
    _choose(window.last_context_menu, "New Brief…")
    new = next(b for b in briefs.list_briefs(demo_session.archive) if b.title == "From the library")
    items = _items(demo_session, new.id)
    assert [(i.kind, i.article_id) for i in items] == [("article", article_id)]


def test_reader_menu_adds_the_selection_as_an_excerpt_or_else_the_article(
    demo_session, make_window
) -> None:
    window = make_window(demo_session)
    window.table.selectRow(0)
    view = window.reader.text_view
    brief = briefs.list_briefs(demo_session.archive)[0]
    # No selection: the whole article.
    parent = QMenu()  # kept: the submenu is its child
    view.setTextCursor(QTextCursor(view.document()))
    _choose_in(window._reader_brief_menu(parent), brief.title)  # type: ignore[arg-type]
    assert _items(demo_session, brief.id)[-1].kind == "article"
    # A selection (after a non-BMP character in some articles: code points, not UTF-16).
    start = view.text.index(view.text.split()[1])
    end = start + len(view.text.split()[1])
    view.select_span(start, end)
    _choose_in(window._reader_brief_menu(parent), brief.title)  # type: ignore[arg-type]
    last = _items(demo_session, brief.id)[-1]
    assert (last.kind, last.start, last.end) == ("excerpt", start, end)
    assert last.quote == view.text[start:end]


def test_dragging_a_claim_onto_a_brief_adds_it(demo_session, make_window) -> None:
    window = make_window(demo_session)
    window.show_view(VIEW_CLAIMS)
    claim = ann.list_claims(demo_session.archive)[0]
    window.claims_view.select_claim(claim.id)
    indexes = window.claims_view.table.selectionModel().selectedRows()
    mime = window.claims_view.table.model().mimeData(indexes)
    brief = briefs.list_briefs(demo_session.archive)[0]
    _drop_on_brief(window, mime)
    assert _items(demo_session, brief.id)[-1].claim_id == claim.id


def test_dragging_the_reader_selection_onto_a_brief_adds_an_excerpt(
    demo_session, make_window
) -> None:
    window = make_window(demo_session)
    bridge = next(
        c for c in ann.list_claims(demo_session.archive) if c.quote.startswith("Old Sorrel")
    )
    window.open_span(bridge.article_id, bridge.start, bridge.end)  # after an emoji
    mime = window.reader.text_view.createMimeDataFromSelection()
    assert read_additions(mime)[0].start == bridge.start
    brief = briefs.list_briefs(demo_session.archive)[0]
    _drop_on_brief(window, mime)
    last = _items(demo_session, brief.id)[-1]
    assert (last.kind, last.article_id, last.start, last.end) == (
        "excerpt",
        bridge.article_id,
        bridge.start,
        bridge.end,
    )
    assert last.quote == bridge.quote


def test_dragging_library_rows_onto_a_brief_adds_the_articles(demo_session, make_window) -> None:
    window = make_window(demo_session)
    window.table.selectRow(1)
    ids = window.table.selected_ids()
    mime = window.article_model.mimeData(window.table.selectionModel().selectedRows())
    brief = briefs.list_briefs(demo_session.archive)[0]
    _drop_on_brief(window, mime)
    last = _items(demo_session, brief.id)[-1]
    assert (last.kind, last.article_id) == ("article", ids[0])


def test_a_drop_without_brief_items_is_refused(demo_session, make_window) -> None:
    window = make_window(demo_session)
    brief = briefs.list_briefs(demo_session.archive)[0]
    before = len(_items(demo_session, brief.id))
    mime = QMimeData()
    mime.setText("plain text")
    view = window.briefs_view
    window.show_view(VIEW_BRIEFS)
    rect = view.brief_list.visualRect(view.list_model.index(0, 0))
    event = QDropEvent(
        QPointF(rect.center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Straight to the handler: an offscreen sendEvent of a Drop without a real drag
    # session is not delivered by Qt.
    view.brief_list.dropEvent(event)
    assert len(_items(demo_session, brief.id)) == before
