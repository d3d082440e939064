"""What the library shows: the current query, its order, its results and facet counts.

Every query runs in the query helper process (see archive.query_process) or on a read
thread; a query still waiting when a newer one is asked for never runs, and results that
arrive after a newer query was started are dropped, so typing fast never shows an older
search's results last.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from archivist.archive.browse import QueryResult
from archivist.errors import ArchivistError
from archivist.gui.models.article_table_model import PAGE_SIZE, ArticleTableModel
from archivist.gui.session import ArchiveSession

__all__ = ["LibraryController", "QueryResult"]


class LibraryController(QObject):
    """Runs the current query in the background and feeds the article model."""

    results_changed = Signal(object)  # QueryResult
    query_failed = Signal(str)  # message for the analyst
    query_started = Signal(str)

    def __init__(
        self,
        session: ArchiveSession,
        model: ArticleTableModel,
        parent: QObject | None = None,
        *,
        first_page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._model = model
        self.query = ""
        self.sort_key: str | None = None  # None: relevance for searches, newest first otherwise
        self.descending = True
        self.last_result: QueryResult | None = None
        self._generation = 0
        self._completed = 0  # the last generation whose whole list was shown
        self._first_page_size = first_page_size
        self._snippet_pages_asked: set[tuple[int, ...]] = set()
        #: One row per story: syndicated copies folded into the first of them listed.
        self.collapse_copies = True
        #: Stories whose copies are listed under their row all the same (expanded by hand).
        self._expanded: set[int] = set()
        model.sort_requested.connect(self._sort_requested)
        model.page_fetched.connect(self._page_fetched)

    @property
    def generation(self) -> int:
        return self._generation

    def set_query(self, query: str) -> None:
        """Show the articles matching `query` (all of them for an empty query)."""
        if query.strip() != self.query:
            self._expanded.clear()
        self.query = query.strip()
        self.refresh()

    def set_sort(self, key: str | None, descending: bool = True) -> None:
        self.sort_key = key
        self.descending = descending
        self.refresh()

    def refresh(self) -> None:
        """Run the current query again (after an import, an edit, a new sort...)."""
        self._generation += 1
        generation = self._generation
        query, sort, descending = self.query, self.sort_key, self.descending
        self.query_started.emit(query)
        still_wanted = lambda: generation == self._generation  # noqa: E731

        def whole_list() -> None:
            # Searches run in the query process; the plain listing is SQL, which lets go of
            # the interpreter lock while it works, and must not wait for that process to start.
            run = self._session.query if query else self._session.query_in_thread
            run(
                "run_query",
                query,
                sort,
                descending,
                PAGE_SIZE,
                on_done=lambda result: self._apply(generation, result),
                on_error=lambda error: self._failed(generation, error),
                # Typing fast queues queries: only the newest one is worth running.
                still_wanted=still_wanted,
            )

        if not (query and sort in (None, "relevance")):
            whole_list()
            return

        # The best-ranked page first (a fraction of the time at 100,000 articles), then the
        # whole list with its facets, appended below it: asked for once the page is shown,
        # so the two never overtake each other on their way through the worker threads.
        def page_shown(result: QueryResult) -> None:
            self._apply_first_page(generation, result)
            if still_wanted():
                whole_list()

        def page_failed(_error: BaseException) -> None:
            if still_wanted():
                whole_list()  # which reports the error, if it is one of the query's

        self._session.query(
            "first_page",
            query,
            self._first_page_size,
            on_done=page_shown,
            on_error=page_failed,
            still_wanted=still_wanted,
        )

    def _apply_first_page(self, generation: int, result: QueryResult) -> None:
        if generation != self._generation or self._completed == generation:
            return  # stale, or the whole list is already shown
        self.last_result = result
        self._snippet_pages_asked.clear()
        ids, folded, under = self._shown(result)
        self._model.set_ids(ids, show_snippets=True)
        self._model.set_folded(folded, under)
        self._model.set_snippets(result.snippets)
        self.results_changed.emit(result)

    def _shown(self, result: QueryResult) -> tuple[list[int], dict[int, int], set[int]]:
        """The ids to list (one per story when collapsing, its copies below it when the
        story is expanded), how many copies each story's row stands for, and the ids listed
        as copies under such a row."""
        if not self.collapse_copies or not result.stories:
            return result.ids, {}, set()
        stories = result.stories
        first: dict[int, int] = {}  # story -> the row that stands for it
        members: dict[int, list[int]] = {}  # story -> its other listed copies, in order
        ids = []
        for article_id in result.ids:
            story = stories.get(article_id)
            if story is None:
                ids.append(article_id)
            elif story in first:
                members[story].append(article_id)
            else:
                first[story] = article_id
                members[story] = []
                ids.append(article_id)
        folded = {first[story]: len(more) for story, more in members.items() if more}
        under: set[int] = set()
        if self._expanded.intersection(members):
            listed = []
            for article_id in ids:
                listed.append(article_id)
                story = stories.get(article_id)
                if story in self._expanded and first.get(story) == article_id:
                    listed.extend(members[story])
                    under.update(members[story])
            ids = listed
        return ids, folded, under

    def story_of_row(self, article_id: int) -> int | None:
        """The story whose copies the row of `article_id` folds (None when it folds none)."""
        result = self.last_result
        if result is None or not self._model.folded(article_id):
            return None
        return result.stories.get(article_id)

    def is_expanded(self, article_id: int) -> bool:
        story = self.story_of_row(article_id)
        return story is not None and story in self._expanded

    def show_copies(self, article_id: int, shown: bool) -> bool:
        """List the copies folded into the row of `article_id` under it (or fold them back);
        False when that row folds no copies or already shows what was asked."""
        story = self.story_of_row(article_id)
        if story is None or (story in self._expanded) == shown or self.last_result is None:
            return False
        if shown:
            self._expanded.add(story)
        else:
            self._expanded.discard(story)
        ids, folded, under = self._shown(self.last_result)
        self._model.replace_ids(ids)
        self._model.set_folded(folded, under)
        return True

    def _apply(self, generation: int, result: QueryResult) -> None:
        if generation != self._generation:
            return  # a newer query is running or done: this result is stale
        self._completed = generation
        shown = self._model.ids
        previous = self.last_result
        self.last_result = result
        ids, folded, under = self._shown(result)
        if (
            previous is not None
            and not previous.complete
            and previous.query == result.query
            and ids[: len(shown)] == shown
        ):
            # The first page is already on screen (perhaps selected): add the rest below it.
            self._model.extend_ids(ids[len(shown) :])
        else:
            self._snippet_pages_asked.clear()
            self._model.set_ids(ids, show_snippets=bool(result.query))
        self._model.set_folded(folded, under)
        if result.snippets:
            self._model.set_snippets(result.snippets)
        self.results_changed.emit(result)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        if isinstance(error, ArchivistError):
            self.query_failed.emit(str(error))
        else:
            self._session.runner.report_error(error, None)

    def _sort_requested(self, key: str, descending: bool) -> None:
        if (key, descending) != (self.sort_key, self.descending):
            self.set_sort(key, descending)

    def _page_fetched(self, ids: list[int]) -> None:
        # Snippets of pages beyond the first are computed when the view first shows them.
        if not self._model.show_snippets or not self.query:
            return
        wanted = tuple(i for i in ids if not self._model.has_snippet(i))
        if not wanted or wanted in self._snippet_pages_asked:
            return
        self._snippet_pages_asked.add(wanted)
        generation, query = self._generation, self.query

        def deliver(snippets: dict[int, str]) -> None:
            if generation == self._generation:
                self._model.set_snippets(snippets)

        self._session.query(
            "snippets",
            query,
            list(wanted),
            on_done=deliver,
            on_error=lambda _error: None,  # a snippet is decoration: the row stays usable
            still_wanted=lambda: generation == self._generation,
        )
