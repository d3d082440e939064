"""The sidebar's tree: library, saved searches, facets with counts, and the other views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from archivist.archive.listing import Facet
from archivist.archive.searches import SavedSearch
from archivist.gui.query_text import has_clause

KindRole = Qt.ItemDataRole.UserRole + 1  # see KIND_*
PayloadRole = Qt.ItemDataRole.UserRole + 2  # a clause, a SavedSearch, a view name
BadgeRole = Qt.ItemDataRole.UserRole + 5  # "3 new": a watched search's new matches
CountRole = Qt.ItemDataRole.UserRole + 3
ActiveRole = Qt.ItemDataRole.UserRole + 4  # a facet value whose clause is in the query

KIND_HEADER = "header"
KIND_ALL = "all"
KIND_SAVED = "saved"
KIND_FACET = "facet"
KIND_FACET_VALUE = "facet-value"
KIND_VIEW = "view"
KIND_PLACEHOLDER = "placeholder"

VIEW_LIBRARY = "library"
VIEW_ENTITIES = "entities"
VIEW_CLAIMS = "claims"
VIEW_BRIEFS = "briefs"
VIEW_ACH = "ach"


def _item(text: str, kind: str, payload: Any = None, count: int | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(kind, KindRole)
    item.setData(payload, PayloadRole)
    item.setData(count, CountRole)
    if kind in (KIND_HEADER, KIND_PLACEHOLDER):
        item.setSelectable(False)
    if kind == KIND_FACET:
        item.setSelectable(False)
    return item


class SidebarModel(QStandardItemModel):
    """Sections with stable items, so the tree keeps its expanded state across updates."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        header_font = QFont()
        header_font.setBold(True)
        header_font.setPointSizeF(8.5)
        header_font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.8)
        self._header_font = header_font

        self.library_header = self._header("LIBRARY")
        self.all_item = _item("All articles", KIND_ALL, VIEW_LIBRARY, 0)
        self.library_header.appendRow(self.all_item)

        self.saved_header = self._header("SAVED SEARCHES")
        self.facets_header = self._header("FACETS")
        self._facet_items: dict[str, QStandardItem] = {}

        self.views_header = self._header("VIEWS")
        self.entities_item = _item("Entities", KIND_VIEW, VIEW_ENTITIES, None)
        self.claims_item = _item("Claims", KIND_VIEW, VIEW_CLAIMS, None)
        self.briefs_item = _item("Briefs", KIND_VIEW, VIEW_BRIEFS, None)
        self.views_header.appendRow(self.entities_item)
        self.views_header.appendRow(self.claims_item)
        self.ach_item = _item("Hypotheses", KIND_VIEW, VIEW_ACH, None)
        self.views_header.appendRow(self.briefs_item)
        self.views_header.appendRow(self.ach_item)
        self.set_saved_searches([])

    def _header(self, text: str) -> QStandardItem:
        item = _item(text, KIND_HEADER)
        item.setFont(self._header_font)
        self.appendRow(item)
        return item

    # --- updates ------------------------------------------------------------------------------

    def set_total(self, count: int) -> None:
        self.all_item.setData(count, CountRole)

    def set_view_counts(
        self, entities: int | None, claims: int | None, briefs: int | None = None
    ) -> None:
        self.entities_item.setData(entities, CountRole)
        self.claims_item.setData(claims, CountRole)
        self.briefs_item.setData(briefs, CountRole)

    def set_saved_searches(self, searches: Sequence[SavedSearch]) -> None:
        self.saved_header.removeRows(0, self.saved_header.rowCount())
        if not searches:
            placeholder = _item("Save a search with ☆", KIND_PLACEHOLDER)
            placeholder.setEnabled(False)
            self.saved_header.appendRow(placeholder)
            return
        for search in searches:
            item = _item(search.name, KIND_SAVED, search)
            tip = search.query
            if search.watched:
                tip += (
                    f"\n\nWatched: {search.new} new since you last looked"
                    if search.new
                    else "\n\nWatched: new matches are counted after each import"
                )
                item.setData(f"{search.new} new" if search.new else None, BadgeRole)
            item.setToolTip(tip)
            self.saved_header.appendRow(item)

    def mark_facets_stale(self) -> None:
        """Grey the facet counts out while new ones are being counted (they belong to the
        previous results); `set_facets` brings them back."""
        for parent in self._facet_items.values():
            parent.setEnabled(False)
            for row in range(parent.rowCount()):
                child = parent.child(row)
                if child is not None:
                    child.setEnabled(False)

    def set_facets(self, facets: Sequence[Facet], query: str) -> None:
        """Show the facets of the current results; values whose clause is in `query` are active."""
        seen: set[str] = set()
        for facet in facets:
            seen.add(facet.name)
            parent = self._facet_items.get(facet.name)
            if parent is None:
                parent = _item(facet.label, KIND_FACET, facet.name)
                self._facet_items[facet.name] = parent
                self.facets_header.appendRow(parent)
            parent.removeRows(0, parent.rowCount())
            for value in facet.values:
                child = _item(value.label, KIND_FACET_VALUE, value.clause, value.count)
                active = has_clause(query, value.clause)
                child.setData(active, ActiveRole)
                child.setToolTip(
                    f"{value.clause}\n{'Click to remove from' if active else 'Click to add to'} the search"
                )
                if active:
                    font = QFont()
                    font.setBold(True)
                    child.setFont(font)
                parent.appendRow(child)
            parent.setData(None, CountRole)
            parent.setEnabled(bool(facet.values))
        for name in list(self._facet_items):
            if name not in seen:
                item = self._facet_items.pop(name)
                self.facets_header.removeRow(item.row())
