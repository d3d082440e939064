"""Stepping through the reader's hits: those of the search the article was opened from, or,
while the find bar is open, those of the find (the text and its annotations)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from archivist.gui.article_find import HitCursor, Spans, find_in_article
from archivist.gui.widgets.article_text_view import ArticleTextView
from archivist.gui.widgets.hit_bar import HitBar


class HitNavigation(QObject):
    """Keeps the hit bar, the highlighted hits and the current hit in step."""

    def __init__(self, bar: HitBar, view: ArticleTextView) -> None:
        super().__init__(bar)
        self.bar = bar
        self.view = view
        self.search_hits: Spans = []
        self.cursor = HitCursor()
        bar.step_requested.connect(self.step)
        bar.find_text_changed.connect(lambda _text: self._find(from_cursor=True))
        bar.find_closed.connect(self.end_find)
        self._update()

    # --- what the hits are ----------------------------------------------------------------

    def set_search_hits(self, hits: Spans) -> None:
        """The hits of the search the article was opened from; the first is shown at once
        (the reader opens where the analyst's words are), unless a find is under way."""
        self.search_hits = sorted(hits)
        if self.bar.finding:
            return
        self._use(self.search_hits)
        if self.search_hits:
            self.step(1)

    def article_changed(self) -> None:
        """A new article is shown: its own search hits come later (set_search_hits); an
        open find runs again on its text."""
        self.search_hits = []
        if self.bar.finding:
            self._find(from_cursor=False)
        else:
            self._use([])

    def annotations_changed(self) -> None:
        """A find also matches annotations: run it again on the new ones."""
        if self.bar.finding:
            self._find(from_cursor=False, keep_place=True)

    def start_find(self) -> None:
        """Open the find bar (Ctrl+F), seeded with the selected words as browsers do, and
        put the keyboard in it."""
        span = self.view.selected_span()
        finding = self.bar.finding
        self.bar.set_finding(True)
        if span is not None and "\n" not in span.quote and len(span.quote) <= 80:
            self.bar.field.setText(span.quote)
        elif not finding:
            self._find(from_cursor=True)
        self._update()  # (shows the bar: a hidden field takes no focus)
        self.bar.field.setFocus()
        self.bar.field.selectAll()

    def end_find(self) -> None:
        """Close the find bar: the search's hits are the ones to step through again."""
        self.bar.set_finding(False)
        self._use(self.search_hits)
        self.view.setFocus()

    # --- stepping -------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        """To the next hit (1) or the previous one (-1)."""
        hit = self.cursor.step(direction)
        if hit is not None:
            self.view.show_hit(hit)
        self._update()

    def _find(self, *, from_cursor: bool, keep_place: bool = False) -> None:
        text = self.bar.field.text()
        view = self.view
        current = self.cursor.current
        self._use(find_in_article(view.text, text, view.mentions, view.claims))
        if not self.cursor.hits:
            return
        if keep_place and current is not None:
            self.cursor.current = min(current, len(self.cursor) - 1)
            view.show_hit(self.cursor.hits[self.cursor.current], scroll=False)
            self._update()
            return
        hit = self.cursor.first_from(view.cursor_index() if from_cursor else 0)
        if hit is not None:
            view.show_hit(hit)
        self._update()

    def _use(self, hits: Spans) -> None:
        self.cursor = HitCursor(hits)
        self.view.set_hits(hits)
        self._update()

    def _update(self) -> None:
        finding = self.bar.finding
        if finding and not self.bar.field.text().strip():
            self.bar.set_count("", found=False)
        elif finding and not self.cursor.hits:
            self.bar.set_count("not found", found=False)
        else:
            self.bar.set_count(self.cursor.label(), found=bool(self.cursor.hits))
        self.bar.setVisible(finding or bool(self.search_hits))
