"""Search as you type: debounce, threads, stale results dropped, snippets, facets, saved searches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from archivist.archive import listing, open_archive, searches
from archivist.archive.browse import QueryResult
from archivist.archive.query_process import QueryProcess
from archivist.gui.library import LibraryController
from archivist.gui.models.article_table_model import COL_TITLE, ArticleTableModel, SnippetRole
from archivist.gui.models.sidebar_model import (
    KIND_FACET_VALUE,
    ActiveRole,
    CountRole,
    KindRole,
    PayloadRole,
    SidebarModel,
)
from archivist.gui.query_text import add_clause, has_clause, remove_clause, toggle_clause
from archivist.gui.session import ArchiveSession
from archivist.gui.snippets import snippet_html, snippet_spans
from archivist.gui.tasks import TaskRunner
from archivist.gui.widgets.search_bar import SearchBar


class DeferredRunner(QObject):
    """Holds tasks until the test releases them, in whatever order it likes."""

    task_failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[tuple[Callable[[], Any], Any, Any]] = []

    def run(self, work, *, on_done=None, on_error=None, write=False) -> None:  # type: ignore[no-untyped-def]
        self.queue.append((work, on_done, on_error))

    def release(self, index: int) -> None:
        work, on_done, on_error = self.queue.pop(index)
        try:
            result = work()
        except Exception as exc:
            if on_error:
                on_error(exc)
            return
        if on_done:
            on_done(result)

    def report_error(self, error, on_error) -> None:  # type: ignore[no-untyped-def]
        if on_error:
            on_error(error)

    busy = False


def test_debounce_emits_once_after_typing_pauses(qtbot) -> None:
    bar = SearchBar(debounce_ms=250)
    qtbot.addWidget(bar)
    emitted: list[str] = []
    bar.query_changed.connect(emitted.append)
    qtbot.keyClicks(bar.field, "protest")
    assert bar.pending
    assert emitted == []  # nothing while typing
    with qtbot.waitSignal(bar.query_changed, timeout=2000):
        pass
    assert emitted == ["protest"]
    qtbot.keyClicks(bar.field, "ers")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # Enter searches at once
    assert emitted == ["protest", "protesters"]
    qtbot.wait(350)
    assert emitted == ["protest", "protesters"]  # the pending timer was cancelled


def test_escape_clears_and_searches_everything(qtbot) -> None:
    bar = SearchBar(debounce_ms=10)
    qtbot.addWidget(bar)
    bar.set_text("veldra")
    with qtbot.waitSignal(bar.query_changed, timeout=1000) as blocker:
        qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert blocker.args == [""]


def test_stale_results_are_discarded(qtbot, demo_root: Path) -> None:
    runner = DeferredRunner()
    archive = open_archive(demo_root, heal_index=False)
    try:
        session = ArchiveSession(archive, runner)  # type: ignore[arg-type]
        model = ArticleTableModel(lambda ids: listing.article_rows(archive.db, ids))
        controller = LibraryController(session, model)
        controller.set_query("kazakhstan")  # older: its first page, then its whole list
        controller.set_query("veldra")  # newer: the same two
        assert len(runner.queue) == 2  # the first pages; each asks for its whole list
        runner.release(1)  # the newer's first page
        assert len(runner.queue) == 2
        runner.release(1)  # ...then its whole list
        titles = {model.index(r, COL_TITLE).data() for r in range(model.rowCount())}
        assert any("Veldra" in t for t in titles)
        shown = model.ids
        assert controller.last_result.complete
        runner.release(0)  # the older query's first page, late: dropped, asks for nothing
        assert runner.queue == [] and model.ids == shown
        assert controller.last_result is not None and controller.last_result.query == "veldra"
    finally:
        archive.close()


def test_the_first_page_shows_first_and_the_rest_is_added_below(qtbot, demo_root: Path) -> None:
    runner = DeferredRunner()
    archive = open_archive(demo_root, heal_index=False)
    try:
        session = ArchiveSession(archive, runner)  # type: ignore[arg-type]
        model = ArticleTableModel(lambda ids: listing.article_rows(archive.db, ids))
        controller = LibraryController(session, model, first_page_size=2)
        everything = listing.search_ids(archive, "said")
        assert everything.total > 2
        controller.set_query("said")
        with qtbot.waitSignal(controller.results_changed) as first:
            runner.release(0)
        page = first.args[0]
        assert not page.complete and page.facets == [] and len(page.ids) == 2
        assert model.ids == everything.ids[: len(page.ids)] and model.has_snippet(model.ids[0])
        resets: list[bool] = []
        model.modelReset.connect(lambda: resets.append(True))
        with qtbot.waitSignal(controller.results_changed) as whole:
            runner.release(0)
        assert whole.args[0].complete and whole.args[0].facets
        assert model.ids == everything.ids
        assert resets == []  # rows were added below: the selection and scroll stay
    finally:
        archive.close()


def test_search_runs_on_a_thread_and_fills_the_model(qtbot, demo_root: Path) -> None:
    runner = TaskRunner()
    archive = open_archive(demo_root, heal_index=False)
    try:
        session = ArchiveSession(archive, runner)
        model = ArticleTableModel(lambda ids: listing.article_rows(archive.db, ids))
        controller = LibraryController(session, model)
        with qtbot.waitSignal(controller.results_changed, timeout=10000) as blocker:
            controller.set_query('entity:"Mira Castell"')
        result = blocker.args[0]
        assert result.total == 2
        assert model.rowCount() == 2
        assert model.show_snippets
        assert all(model.index(r, COL_TITLE).data(SnippetRole) for r in range(2))
        failures: list[str] = []
        controller.query_failed.connect(failures.append)
        with qtbot.waitSignal(controller.query_failed, timeout=10000):
            controller.set_query("nosuchfield:x")
        assert "nosuchfield" in failures[0]
    finally:
        runner.shutdown()
        archive.close()


def test_snippets_are_escaped_and_marked() -> None:
    html = snippet_html('<script>alert("x")</script> and **Almaty** & **riots**')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.count("<span") == 2
    assert ">Almaty</span>" in html
    assert "&amp;" in html
    # An unpaired mark is text, not an open highlight.
    assert snippet_spans("a **b** c ** d") == [("a ", False), ("b", True), (" c ** d", False)]


def test_query_clauses() -> None:
    assert add_clause("", "source:AFP") == "source:AFP"
    assert add_clause("riots", "source:AFP") == "riots AND source:AFP"
    assert add_clause("riots OR protests", "source:AFP") == "(riots OR protests) AND source:AFP"
    assert remove_clause("(riots OR protests) AND source:AFP", "source:AFP") == "riots OR protests"
    assert remove_clause("source:AFP AND riots", "source:AFP") == "riots"
    assert has_clause('riots AND entity:"Mira Castell"', 'entity:"Mira Castell"')
    assert not has_clause("source:AFPX", "source:AFP")
    assert toggle_clause(toggle_clause("riots", "language:en"), "language:en") == "riots"


def test_sidebar_model_facets_and_active_values(qtmodeltester, demo_root: Path) -> None:
    model = SidebarModel()
    with open_archive(demo_root, access="read") as archive:
        facets = listing.facet_counts(archive.db)
    model.set_facets(facets, 'entity:"Port Veldra"')
    model.set_total(6)
    qtmodeltester.check(model, force_py=True)
    values = []
    for facet_row in range(model.facets_header.rowCount()):
        facet = model.facets_header.child(facet_row)
        for row in range(facet.rowCount()):
            item = facet.child(row)
            values.append(
                (
                    item.text(),
                    item.data(KindRole),
                    item.data(PayloadRole),
                    item.data(CountRole),
                    item.data(ActiveRole),
                )
            )
    assert ("Port Veldra", KIND_FACET_VALUE, 'entity:"Port Veldra"', 4, True) in values
    assert ("AFP", KIND_FACET_VALUE, "source:AFP", 1, False) in values
    model.set_facets(facets[:2], "")  # facets that went away are removed
    assert model.facets_header.rowCount() == 2
    qtmodeltester.check(model, force_py=True)


def test_a_first_page_greys_the_facets_until_the_whole_list_brings_new_ones(
    qtbot, demo_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    facets = window.sidebar_model.facets_header
    assert facets.rowCount() and all(facets.child(r).isEnabled() for r in range(facets.rowCount()))
    page = QueryResult("port", [1], 1000, 5.0, complete=False, total_exact=False)
    window._results_changed(page)
    assert not any(facets.child(r).isEnabled() for r in range(facets.rowCount()))
    assert "more than 1,000 matches" in window.results_label.text()
    assert "listing the rest" in window.results_label.text()
    window.search_bar.set_text("port")  # (the synchronous runner: page, then the whole list)
    assert facets.rowCount() and any(facets.child(r).isEnabled() for r in range(facets.rowCount()))
    assert "listing the rest" not in window.results_label.text()


def test_facet_click_narrows_the_search(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    window.search_bar.set_text("port")
    assert window.article_model.rowCount() >= 3
    window._facet_clicked("source:AFP")
    assert window.search_bar.text() == "port AND source:AFP"
    window._facet_clicked("source:AFP")
    assert window.search_bar.text() == "port"


def test_saved_searches_live_in_the_archive(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    window.save_search("entity:Almaty OR entity:Lunmark", name="Places")
    assert [(s.name, s.query) for s in searches.saved_searches(demo_session.archive)] == [
        ("Places", "entity:Almaty OR entity:Lunmark")
    ]
    saved = window.sidebar_model.saved_header.child(0)
    assert saved.text() == "Places"
    window._run_saved_search(saved.data(PayloadRole))
    assert window.search_bar.text() == "entity:Almaty OR entity:Lunmark"
    assert window.article_model.rowCount() == 2  # the AFP article and the strike report
    window._delete_saved_search(saved.data(PayloadRole))
    assert searches.saved_searches(demo_session.archive) == []


def test_searches_run_in_the_query_process(qtbot, demo_root: Path) -> None:
    runner = TaskRunner()
    archive = open_archive(demo_root, heal_index=False)
    helper = QueryProcess(archive.root)
    try:
        session = ArchiveSession(archive, runner, query_process=helper)
        model = ArticleTableModel(lambda ids: listing.article_rows(archive.db, ids))
        controller = LibraryController(session, model)
        with qtbot.waitSignal(controller.results_changed, timeout=30000) as blocker:
            controller.set_query('entity:"Mira Castell"')
        assert blocker.args[0].total == 2 and model.rowCount() == 2
        assert helper._process is not None and helper._process.is_alive()
        failures: list[str] = []
        controller.query_failed.connect(failures.append)
        with qtbot.waitSignal(controller.query_failed, timeout=30000):
            controller.set_query("nosuchfield:x")
        assert "nosuchfield" in failures[0]
        # Typing fast: only the last query's results are shown.
        with qtbot.waitSignal(controller.results_changed, timeout=30000) as blocker:
            for partial in ("M", "Mi", "Mir", "Mira"):
                controller.set_query(partial)
        qtbot.wait(200)
        assert controller.last_result is not None and controller.last_result.query == "Mira"
    finally:
        runner.shutdown()
        session.close()


def test_the_status_bar_says_when_a_search_was_limited(qtbot, demo_session, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_session)
    window.search_bar.set_text("strike~5")
    assert window.article_model.rowCount() >= 1
    message = window.statusBar().currentMessage()
    assert message.startswith("Search limited: ")
    assert "at most 2 edits: strike~5 was searched as strike~2" in message
    window.search_bar.set_text("strike")
    assert window.statusBar().currentMessage() == ""


def test_a_runaway_query_is_abandoned_when_the_analyst_types_on(qtbot, demo_root: Path) -> None:
    """A query still running when a newer one is asked for is cut short (its helper process
    stopped and another started), and the newer one is answered."""
    runner = TaskRunner()
    archive = open_archive(demo_root, heal_index=False)
    helper = QueryProcess(archive.root, abandon_after_s=0.5)
    try:
        session = ArchiveSession(archive, runner, query_process=helper)
        model = ArticleTableModel(lambda ids: listing.article_rows(archive.db, ids))
        controller = LibraryController(session, model)
        with qtbot.waitSignal(controller.results_changed, timeout=30000):
            controller.set_query("port")
        first = helper._process
        generation = controller.generation
        stale: list[object] = []
        session.query(  # stands in for a search that runs for a minute
            "pause",
            60,
            on_done=stale.append,
            still_wanted=lambda: controller.generation == generation,
        )
        qtbot.wait(300)
        with qtbot.waitSignal(controller.results_changed, timeout=20000) as blocker:
            controller.set_query('entity:"Mira Castell"')
        assert blocker.args[0].total == 2 and model.rowCount() == 2
        assert helper.abandoned == 1 and not first.is_alive() and stale == []
    finally:
        runner.shutdown()
        session.close()
