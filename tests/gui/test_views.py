"""The entities and claims views: filter, sort, rename, merge, delete, link, jump to quotes."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog

from archivist import annotations as ann
from archivist.gui.dialogs.entity_editor import EntityEditDialog
from archivist.gui.main_window import MainWindow
from archivist.gui.models.claim_table_model import ClaimRole
from archivist.gui.models.entity_table_model import COL_MENTIONS, EntityRole
from archivist.gui.models.sidebar_model import VIEW_CLAIMS, VIEW_ENTITIES


def _select_entities(window: MainWindow, *names: str) -> None:
    view = window.entities_view
    view.table.clearSelection()
    for row in range(view.proxy.rowCount()):
        index = view.proxy.index(row, 0)
        if index.data(EntityRole).name in names:
            view.table.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def test_entities_view_filters_sorts_and_shows_mentions(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_ENTITIES)
    view = window.entities_view
    assert view.proxy.rowCount() == 20
    view.filter_field.setText("sorrel")
    assert {view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())} == {
        "Old Sorrel Bridge",
        "Sorrel Crossings",
        "Sorrel estuary",
    }
    view.filter_field.setText("")
    view.table.sortByColumn(COL_MENTIONS, Qt.SortOrder.DescendingOrder)
    assert view.proxy.index(0, 0).data() == "Port Veldra"
    _select_entities(window, "Port Veldra")
    assert view.mentions_model.rowCount() == 4
    view.mentions_list.doubleClicked.emit(view.mentions_model.index(0, 0))
    assert window.reader.article is not None
    assert window.reader.text_view.textCursor().selectedText() in ("Port Veldra", "Вельдра")
    # "Show articles" searches for the entity.
    view.articles_button.click()
    assert window.search_bar.text() == 'entity:"Port Veldra"'
    assert window.article_model.rowCount() == 4


def test_rename_through_the_entity_editor_keeps_the_old_name(
    qtbot, demo_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    port = ann.find_entities(demo_session.archive, "Port Veldra")[0]

    def rename(dialog: QDialog) -> bool:
        assert isinstance(dialog, EntityEditDialog)
        dialog.name_field.setText("Порт Вельдра")
        dialog.aliases_field.setPlainText("Вельдра\nVeldra harbour")
        return True

    dialogs.then(rename)
    window.annotator.edit_entity(port.id)
    after = ann.get_entity(demo_session.archive, port.id)
    assert after.name == "Порт Вельдра"
    assert set(after.aliases) == {"Port Veldra", "Вельдра", "Veldra harbour"}


def test_merge_two_entities(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_ENTITIES)
    archive = demo_session.archive
    lunmark = ann.find_entities(archive, "Lunmark")[0]
    council = ann.find_entities(archive, "Lunmark City Council")[0]
    _select_entities(window, "Lunmark", "Lunmark City Council")
    assert window.entities_view.merge_button.isEnabled()
    window.entities_view.merge(council.id, lunmark.id)
    merged = ann.get_entity(archive, council.id)
    assert "Lunmark" in merged.aliases
    assert merged.mention_count == 2
    assert window.entities_view.proxy.rowCount() == 19  # the view refreshed
    window.undo_action.trigger()
    assert ann.get_entity(archive, lunmark.id).mention_count == 1


def test_claims_view_links_and_jumps_to_the_quote(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_CLAIMS)
    view = window.claims_view
    assert view.proxy.rowCount() == 15
    view.status_box.setCurrentIndex(view.status_box.findData("corroborated"))
    assert view.proxy.rowCount() == 3
    view.status_box.setCurrentIndex(0)
    archive = demo_session.archive
    households = next(c for c in ann.list_claims(archive) if c.quote.startswith("120 households"))
    engineer = next(c for c in ann.list_claims(archive) if c.quote.startswith("the structure"))
    view.link(engineer.id, households.id, "corroborates")
    linked = ann.get_claim(archive, engineer.id)
    assert [(link["relation"]) for link in linked.links] == ["corroborates"]
    assert linked.suggested_status == "corroborated"
    view.select_claim(engineer.id)
    assert view.suggested_button.isEnabled()
    view.suggested_button.click()
    assert ann.get_claim(archive, engineer.id).status == "corroborated"
    view.select_claim(engineer.id)
    view.goto_button.click()
    assert window.reader.article is not None and window.reader.article.id == engineer.article_id
    assert window.reader.text_view.textCursor().selectedText() == "the structure itself was sound"
    shown = [view.proxy.index(r, 0).data(ClaimRole).id for r in range(view.proxy.rowCount())]
    assert engineer.id in shown
