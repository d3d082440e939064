"""The main window's library: results shown, searches saved, context menus and "Add to
Brief" menus."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import (
    QInputDialog,
    QMenu,
    QWidget,
)

from archivist import briefs
from archivist.archive import listing
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

    def _load_saved_searches(self) -> None:
        self.saved_searches = listing.load_saved_searches(self.session.root)
        self.sidebar_model.set_saved_searches(self.saved_searches)

    def _store_saved_searches(self) -> None:
        try:
            listing.save_saved_searches(self.session.root, self.saved_searches)
        except OSError as exc:
            self.show_error(f"The saved searches could not be written: {exc}")
        self.sidebar_model.set_saved_searches(self.saved_searches)

    def save_search(self, query: str, name: str | None = None) -> None:
        query = query.strip()
        if not query:
            self.statusBar().showMessage("Type a search first, then save it", 5000)
            return
        if self.session.readonly:
            self.statusBar().showMessage("This archive is open read-only", 5000)
            return
        if name is None:
            name, ok = QInputDialog.getText(
                self, "Save search", "Name of the saved search:", text=query[:40]
            )
            if not ok:
                return
        name = name.strip() or query[:40]
        self.saved_searches = [s for s in self.saved_searches if s.name != name]
        self.saved_searches.append(listing.SavedSearch(name, query))
        self._store_saved_searches()
        self.statusBar().showMessage(f"Saved search “{name}”", 4000)

    def _run_saved_search(self, search: listing.SavedSearch) -> None:
        self.show_view(VIEW_LIBRARY)
        self.search_bar.set_text(search.query)

    def _delete_saved_search(self, search: listing.SavedSearch) -> None:
        self.saved_searches = [s for s in self.saved_searches if s != search]
        self._store_saved_searches()

    def _rename_saved_search(self, search: listing.SavedSearch) -> None:
        name, ok = QInputDialog.getText(self, "Rename saved search", "New name:", text=search.name)
        if ok and name.strip():
            self.saved_searches = [
                listing.SavedSearch(name.strip(), s.query) if s == search else s
                for s in self.saved_searches
            ]
            self._store_saved_searches()
