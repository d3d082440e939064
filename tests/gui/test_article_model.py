"""The article table model: lazy pages from SQL, a bounded cache, sorting asked of SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import generate_archive
from PySide6.QtCore import Qt

from archivist.archive import listing, open_archive
from archivist.gui.library import LibraryController
from archivist.gui.models.article_table_model import (
    CACHE_PAGES,
    COL_PUBLISHED,
    COL_SOURCE,
    COL_TITLE,
    PAGE_SIZE,
    ArticleIdRole,
    ArticleTableModel,
    format_published,
)
from archivist.gui.widgets.article_table import ArticleTableView

COUNT = 3000


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_archive(tmp_path_factory.mktemp("big") / "archive", COUNT)


@pytest.fixture
def big_db(big_template: Path):  # type: ignore[no-untyped-def]
    with open_archive(big_template, access="read") as archive:
        yield archive


def test_model_passes_qtmodeltester(qtmodeltester, big_db) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel(lambda ids: listing.article_rows(big_db.db, ids))
    model.set_ids(listing.list_article_ids(big_db.db)[:250])
    qtmodeltester.check(model, force_py=True)
    model.set_ids([])
    qtmodeltester.check(model, force_py=True)


def test_only_the_visible_pages_are_fetched(qtbot, big_db) -> None:  # type: ignore[no-untyped-def]
    calls: list[list[int]] = []

    def fetch(ids):  # type: ignore[no-untyped-def]
        calls.append(list(ids))
        return listing.article_rows(big_db.db, ids)

    model = ArticleTableModel(fetch)
    view = ArticleTableView(model)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    ids = listing.list_article_ids(big_db.db, sort="title", descending=False)
    model.set_ids(ids)
    qtbot.wait(50)
    assert model.rowCount() == COUNT
    assert model.fetched_pages == {0}
    assert all(len(c) <= PAGE_SIZE for c in calls)
    assert model.index(0, COL_TITLE).data() == "Article 00000"

    view.scrollToBottom()
    qtbot.wait(50)
    last_page = (COUNT - 1) // PAGE_SIZE
    assert model.fetched_pages <= {0, last_page - 1, last_page}
    assert last_page in model.fetched_pages
    assert model.index(COUNT - 1, COL_TITLE).data() == f"Article {COUNT - 1:05d}"
    # About ten rows are visible: a few pages out of thirty were read.
    assert model.fetch_count <= 3


def test_cache_is_bounded_and_pages_come_back(big_db) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel(lambda ids: listing.article_rows(big_db.db, ids), cache_pages=5)
    model.set_ids(listing.list_article_ids(big_db.db))
    for page in range(12):
        model.index(page * PAGE_SIZE, COL_TITLE).data()
    assert len(model._pages) == 5
    assert CACHE_PAGES * PAGE_SIZE >= 5000  # the default keeps a few screens either way
    before = model.fetch_count
    model.index(0, COL_TITLE).data()  # evicted first: fetched again
    assert model.fetch_count == before + 1


def test_roles_and_display(big_db) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel(lambda ids: listing.article_rows(big_db.db, ids))
    ids = listing.list_article_ids(big_db.db, sort="title", descending=False)
    model.set_ids(ids)
    index = model.index(1, COL_SOURCE)
    assert index.data(ArticleIdRole) == ids[1]
    assert index.data() == "Reuters"
    assert model.index(0, COL_PUBLISHED).data() == "01 Jan 2000"
    assert model.headerData(COL_TITLE, Qt.Orientation.Horizontal) == "Title"
    assert format_published("2022-01") == "Jan 2022"
    assert format_published("2022") == "2022"
    assert format_published("2022-01-06T10:00:00+00:00") == "06 Jan 2022"
    assert format_published(None) == ""


def test_header_click_sorts_in_sql(qtbot, big_template: Path, open_session) -> None:  # type: ignore[no-untyped-def]
    session = open_session(big_template)
    model = ArticleTableModel(lambda ids: listing.article_rows(session.db, ids))
    controller = LibraryController(session, model)
    view = ArticleTableView(model)
    qtbot.addWidget(view)
    controller.refresh()
    assert model.rowCount() == COUNT
    view.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert (controller.sort_key, controller.descending) == ("title", False)
    assert model.index(0, COL_TITLE).data() == "Article 00000"
    view.sortByColumn(COL_TITLE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, COL_TITLE).data() == f"Article {COUNT - 1:05d}"
    # Each sort re-ran the query (in SQL) and reset the model: nothing sorted in Python.
    assert model.fetched_pages == {0}


def test_replacing_the_ids_inserts_or_removes_one_run_of_rows(qtbot, qtmodeltester, big_db) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel(lambda ids: listing.article_rows(big_db.db, ids))
    ids = listing.list_article_ids(big_db.db)[: PAGE_SIZE * 3]
    model.set_ids(ids[:-5])
    model.row_data(0)
    model.row_data(PAGE_SIZE * 2)
    late = PAGE_SIZE + 7
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.replace_ids(ids[:late] + ids[-5:] + ids[late:-5])
    assert inserted.args[1:] == [late, late + 4]
    fetched = model.fetch_count
    model.row_data(0)
    assert model.fetch_count == fetched  # no reset: the page above the change stays cached
    assert model.article_id(late + 4) == ids[-1] and model.row_of(ids[late]) == late + 5
    assert model.row_data(late + 4).id == ids[-1]  # the moved page is fetched again
    assert model.fetch_count == fetched + 1
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        model.replace_ids(ids[:-5])
    assert removed.args[1:] == [late, late + 4] and model.ids == ids[:-5]
    with qtbot.waitSignal(model.modelReset):  # not one run: the list is shown afresh
        model.replace_ids(list(reversed(ids)))
    assert model.ids == list(reversed(ids))
    qtmodeltester.check(model, force_py=True)
