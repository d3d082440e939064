"""The main window's library: results shown, searches saved, context menus and "Add to
Brief" menus."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import (
    QInputDialog,
    QMenu,
    QWidget,
)

from archivist import briefs
from archivist.archive import Archive, articles, listing, searches
from archivist.gui.brief_drops import (
    BriefAddition,
    add_to_brief_menu,
    article_addition,
    claim_addition,
    excerpt_addition,
)
from archivist.gui.library import QueryResult
from archivist.gui.models.sidebar_model import (
    VIEW_LIBRARY,
)
from archivist.gui.query_text import toggle_clause


class LibraryHandlers:
    """Results, saved searches and the context menus of the main window's library.

    A mixin of MainWindow: its methods use the window's widgets, actions and session."""

    def _results_changed(self, result: QueryResult) -> None:
        if result.query != self.new_articles_button.property("query"):
            self.new_articles_button.hide()  # (an offer made while another search showed)
        self.search_bar.set_error(None)
        self.query_error_label.hide()
        if result.query:
            order = "by relevance" if not self.library.sort_key else ""
            count = f"{result.total:,} match{'es' if result.total != 1 else ''}"
            if not result.total_exact:
                count = f"more than {result.total:,} matches"
            listing_rest = "" if result.complete else "  ·  listing the rest…"
            self.results_label.setText(
                f"{count} for {result.query}  ·  {result.took_ms:.0f} ms  {order}".rstrip()
                + listing_rest
            )
        else:
            self.results_label.setText(f"All articles  ·  {len(result.ids):,}")
        self._show_search_notes(result.notes)
        if result.complete:
            self.sidebar_model.set_facets(result.facets, result.query)
        else:  # a first page has no facets: the last ones stay, greyed, until they come
            self.sidebar_model.mark_facets_stale()
        # Selecting loads an article into the reader: in a turn of its own, so that the
        # list's update and the reader's never add up to one long stall while typing.
        QTimer.singleShot(0, self, self._select_after_results)

    def _show_search_notes(self, notes: list[str]) -> None:
        """Say in the status bar what was cut short to keep the search quick (a fuzzy
        distance lowered, a wildcard matching too many words), until the next results."""
        status = self.statusBar()
        if notes:
            status.showMessage("Search limited: " + "; ".join(notes))
        elif status.currentMessage().startswith("Search limited: "):
            status.clearMessage()

    def _select_after_results(self) -> None:
        if self.session.closing:  # the window closed in between
            return
        current = self.reader.article.id if self.reader.article else None
        if current is not None and self.article_model.row_of(current) is not None:
            self.table.select_article(current)
        elif self.article_model.rowCount() and self.center.currentWidget() is self.library_page:
            self.table.selectRow(0)

    def _query_failed(self, message: str) -> None:
        self.search_bar.set_error(message)
        self.query_error_label.setText(message)
        self.query_error_label.show()

    def show_all_articles(self) -> None:
        self.show_view(VIEW_LIBRARY)
        self.search_bar.set_text("")

    def _search_for(self, query: str) -> None:
        self.show_view(VIEW_LIBRARY)
        self.search_bar.set_text(query)

    def _facet_clicked(self, clause: str) -> None:
        self.show_view(VIEW_LIBRARY)
        self.search_bar.set_text(toggle_clause(self.search_bar.text(), clause))

    def set_collapse_copies(self, collapse: bool) -> None:
        """One row per story in the library list, or every copy."""
        self.collapse_copies_action.setChecked(collapse)
        if self.library.collapse_copies != collapse:
            self.library.collapse_copies = collapse
            self.library.refresh()

    def brief_menu(self, parent: QWidget, additions: Sequence[BriefAddition]) -> QMenu:
        """ "Add to Brief ▸ <briefs> / New Brief…" adding `additions` to the chosen brief."""
        items = list(additions)
        return add_to_brief_menu(
            parent,
            briefs.list_briefs(self.session.archive),
            lambda brief_id: self.briefs_view.add_items(items, brief_id),
            enabled=bool(items) and not self.session.readonly,
        )

    def _fill_claims_brief_menu(self, menu: QMenu) -> None:
        """The claims view's "Add to brief ▾": every brief, then New Brief…"""
        menu.clear()
        for old in menu.findChildren(QMenu):  # (the lists made for earlier showings)
            old.deleteLater()
        chosen = [claim_addition(c.id) for c in self.claims_view.selected_claims()]
        for action in self.brief_menu(menu, chosen).actions():
            menu.addAction(action)

    def reader_additions(self) -> list[BriefAddition]:
        """The reader's selection as an excerpt; with no selection, the article itself."""
        article = self.reader.article
        if article is None:
            return []
        span = self.reader.text_view.selected_span()
        if span is not None:
            return [excerpt_addition(article.id, span.start, span.end)]
        return [article_addition(article.id)]

    def _reader_brief_menu(self, parent: QMenu) -> QMenu | None:
        additions = self.reader_additions()
        return self.brief_menu(parent, additions) if additions else None

    def _popup(self, menu: QMenu, widget: QWidget, pos: QPoint) -> None:
        self.last_context_menu = menu  # tests trigger its actions
        menu.popup(widget.mapToGlobal(pos))

    def _claims_context_menu(self, pos: QPoint) -> None:
        claims = self.claims_view.selected_claims()
        menu = QMenu(self)
        menu.addMenu(self.brief_menu(menu, [claim_addition(c.id) for c in claims]))
        to_matrix = menu.addAction(
            "Add to Hypotheses Matrix",
            lambda: self.ach_view.add_claim_ids([c.id for c in claims]),
        )
        to_matrix.setEnabled(bool(claims) and not self.session.readonly)
        self._popup(menu, self.claims_view.table.viewport(), pos)

    def _library_context_menu(self, pos: QPoint) -> None:
        ids = self.table.selected_ids()
        menu = QMenu(self)
        menu.addMenu(self.brief_menu(menu, [article_addition(i) for i in ids]))
        menu.addAction(self.tag_articles_action)
        under = self.table.indexAt(pos)
        if under.isValid():
            article_id = self.article_model.article_id(under.row())
            folded = self.article_model.folded(article_id)
            if folded:
                shown = self.library.is_expanded(article_id)
                listed = "the Copy" if folded == 1 else f"the {folded} Copies"
                label = f"Fold {listed} (Left)" if shown else f"List {listed} Below (Right)"
                menu.addSeparator()
                menu.addAction(label).triggered.connect(
                    lambda: self.library.show_copies(article_id, not shown)
                )
        self._popup(menu, self.table.viewport(), pos)

    def recount_facets(self) -> None:
        """Count the facets of the results shown again (after a tag, a grade, an undo: the
        entity and claim-status facets change while the list does not)."""
        result = self.library.last_result
        if result is None or not result.complete:
            return  # (the whole list, with its facets, is on its way)
        ids = result.ids if result.query else None

        def show(facets: list[listing.Facet]) -> None:
            if self.library.last_result is result:  # (not overtaken by a new search)
                self.sidebar_model.set_facets(facets, result.query)

        self.session.read(lambda archive: listing.facet_counts(archive.db, ids), on_done=show)

    # --- reading ----------------------------------------------------------------------------

    def jump_to_span(self, start: int, end: int) -> None:
        self.reader.text_view.select_span(start, end)
        self.reader.text_view.setFocus()

    def open_span(self, article_id: int, start: int, end: int) -> None:
        """Show an article in the reader with a span selected (from the entity/claim views)."""
        if self.reader.article is None or self.reader.article.id != article_id:
            self.reader.show_article(article_id)
        self.jump_to_span(start, end)

    def open_article(self, article_id: int) -> None:
        self.show_view(VIEW_LIBRARY)
        found = self.table.select_article(article_id)
        # (A row already selected changes nothing: the reader may be showing another
        # article, such as a copy folded into that row.)
        if not found or self.reader.article is None or self.reader.article.id != article_id:
            self.reader.show_article(article_id)

    def _step_article(self, step: int) -> None:
        current = self.table.currentIndex()
        row = (current.row() if current.isValid() else -1) + step
        if 0 <= row < self.article_model.rowCount():
            self.table.selectRow(row)

    def find_in_article(self) -> None:
        """Ctrl+F: find in the article being read; with none open, search the archive."""
        if (
            self.center.currentWidget() is not self.library_page
            or not self.reader.find_in_article()
        ):
            self.search_bar.focus()

    def open_batch_search(self) -> None:
        """Edit ▸ Batch Search: its window (one; raised when already open)."""
        from archivist.gui.dialogs.batch_search import BatchSearchDialog

        dialog = self.batch_dialog
        if dialog is None or dialog.session is not self.session:
            if dialog is not None:
                dialog.close()  # (it belonged to the archive open before)
            dialog = BatchSearchDialog(self.session, self)
            dialog.query_requested.connect(self._search_for)
            dialog.article_requested.connect(self.open_article)
            self.batch_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    # --- sources for citation managers -----------------------------------------------------

    def choose_sources_export(self) -> None:
        """File ▸ Export Sources: the articles listed, for Zotero, EndNote, pandoc…"""
        from archivist.gui.dialogs.sources_file import ask_sources_file

        result = self.library.last_result
        name = f"Sources - {result.query[:50]}" if result and result.query else "Sources"
        chosen = ask_sources_file(self, self.settings, name)
        if chosen is not None:
            self.export_sources(*chosen)

    def export_sources(self, path: Path, format_name: str) -> None:
        """Write a record of each article listed (every match of the search shown, in its
        order; every article when none is) to `path`, on a read thread."""
        from archivist.briefs import bibliography

        result = self.library.last_result
        query = result.query if result is not None else ""
        listed = list(result.ids) if result is not None and result.complete else None

        def work(archive: Archive) -> list[bibliography.SourceRecord]:
            ids = listed
            if ids is None and query:
                ids = bibliography.query_article_ids(archive, query)
            elif ids is None:
                ids = articles.all_ids(archive.db)
            return bibliography.write_sources(archive, ids, path, format_name)

        def done(records: list[bibliography.SourceRecord]) -> None:
            self.statusBar().showMessage(f"Wrote {len(records):,} source(s) to {path}", 10000)

        self.session.read(
            work,
            on_done=done,
            on_error=lambda error: self.show_error(f"The sources could not be written: {error}"),
        )

    # --- saved searches and watches -------------------------------------------------------

    def _load_saved_searches(self) -> None:
        """Read the saved searches (and their watches' new counts) into the sidebar."""
        self.session.read(
            searches.saved_searches,
            on_done=self.sidebar_model.set_saved_searches,
            on_error=lambda error: self.show_error(
                f"The saved searches could not be read: {error}"
            ),
        )

    def _change_saved_searches(self, change: Callable[[Archive], Any], done: str = "") -> None:
        """Make `change` on the writer thread, then show the searches again (and `done`)."""
        if self.session.readonly:
            self.statusBar().showMessage("This archive is open read-only", 5000)
            return

        def changed(_result: object) -> None:
            self._load_saved_searches()
            if done:
                self.statusBar().showMessage(done, 5000)

        self.session.write(change, touches="nothing", on_done=changed, on_error=self.show_error)

    def save_search(self, query: str, name: str | None = None) -> None:
        query = query.strip()
        if not query:
            self.statusBar().showMessage("Type a search first, then save it", 5000)
            return
        if self.session.readonly:  # (said before the analyst types a name)
            self.statusBar().showMessage("This archive is open read-only", 5000)
            return
        if name is None:
            name, ok = QInputDialog.getText(
                self, "Save search", "Name of the saved search:", text=query[:40]
            )
            if not ok:
                return
        name = name.strip() or query[:40]
        self._change_saved_searches(
            lambda archive: searches.save_search(archive, name, query), f"Saved search “{name}”"
        )

    def _run_saved_search(self, search: searches.SavedSearch) -> None:
        self._search_for(search.query)
        if search.new and not self.session.readonly:
            # The analyst is looking at them now: they are new no more.
            self._change_saved_searches(lambda archive: searches.mark_seen(archive, search.id))

    def _delete_saved_search(self, search: searches.SavedSearch) -> None:
        self._change_saved_searches(
            lambda archive: searches.delete_search(archive, search.id),
            f"Deleted saved search “{search.name}”",
        )

    def _rename_saved_search(self, search: searches.SavedSearch) -> None:
        name, ok = QInputDialog.getText(self, "Rename saved search", "New name:", text=search.name)
        if ok and name.strip():
            self._change_saved_searches(
                lambda archive: searches.rename_search(archive, search.id, name)
            )

    def _watch_saved_search(self, search: searches.SavedSearch, watched: bool) -> None:
        verb = "Watching" if watched else "No longer watching"
        self._change_saved_searches(
            lambda archive: searches.set_watched(archive, search.id, watched),
            f"{verb} “{search.name}”"
            + (": new matches are counted after each import" if watched else ""),
        )

    def _mark_saved_search_seen(self, search: searches.SavedSearch) -> None:
        self._change_saved_searches(lambda archive: searches.mark_seen(archive, search.id))

    def count_watches(self) -> None:
        """After an import: count each watch's new matches, badge them in the sidebar and
        say so in the status bar ("3 new articles match 'Tokayev'")."""
        if self.session.readonly:
            return

        def counted(watched: list[searches.SavedSearch]) -> None:
            self._load_saved_searches()
            notes = searches.new_matches_note(watched)
            if notes:
                self.statusBar().showMessage(" · ".join(notes), 15000)

        self.session.write(
            searches.count_new, touches="nothing", on_done=counted, on_error=self.show_error
        )
