"""The article table model: ids of the current query, display rows fetched lazily in cached pages."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from archivist.archive.listing import ArticleRow
from archivist.gui import theme
from archivist.text import without_bidi_controls

COL_TITLE, COL_SOURCE, COL_PUBLISHED, COL_LANGUAGE, COL_TAGS, COL_ENTITIES, COL_CLAIMS = range(7)
# (header, tooltip, sort key in archive.listing)
COLUMNS: dict[int, tuple[str, str, str]] = {
    COL_TITLE: ("Title", "Title", "title"),
    COL_SOURCE: ("Source", "Publisher", "source"),
    COL_PUBLISHED: ("Published", "Date of publication", "published"),
    COL_LANGUAGE: ("Lang", "Language", "language"),
    COL_TAGS: ("Tags", "Tags", "tags"),
    COL_ENTITIES: ("E", "Entities tagged in the article", "entities"),
    COL_CLAIMS: ("C", "Claims recorded in the article", "claims"),
}

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
SnippetRole = Qt.ItemDataRole.UserRole + 2
RowRole = Qt.ItemDataRole.UserRole + 3  # the ArticleRow itself

PAGE_SIZE = 100
CACHE_PAGES = 50  # 5,000 rows: a few screens' worth either way of the visible one

RowFetcher = Callable[[Sequence[int]], dict[int, ArticleRow]]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_published(value: str | None) -> str:
    """ "2022-01-06" → "06 Jan 2022"; partial dates stay partial; times are not shown."""
    if not value:
        return ""
    head = value[:10]
    parts = head.split("-")
    try:
        if len(parts) >= 3:
            day = date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
            return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return parts[0]


def _missing_row(article_id: int) -> ArticleRow:
    # The article disappeared between the query and the fetch; shown, not fetched again.
    return ArticleRow(article_id, "(no longer in the archive)", None, None, None, [], 0, 0, "")


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class ArticleTableModel(QAbstractTableModel):
    """A lazy table over a list of article ids.

    Sorting is not done here: `sort` announces the wanted order (`sort_requested`) and the
    owner runs the query again in SQL, then calls `set_ids`.
    """

    sort_requested = Signal(str, bool)  # sort key, descending
    page_fetched = Signal(list)  # ids of a page just fetched (e.g. to ask for its snippets)

    def __init__(
        self, fetch_rows: RowFetcher, parent: Any = None, *, cache_pages: int = CACHE_PAGES
    ) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._cache_pages = cache_pages
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ArticleRow]] = OrderedDict()
        self._snippets: dict[int, str] = {}
        self._folded: dict[int, int] = {}  # article id -> syndicated copies its row folds
        self._copy_rows: set[int] = set()  # ids listed under their story's row, as its copies
        self._row_of: dict[int, int] | None = None
        self.show_snippets = False
        self.fetch_count = 0  # pages fetched since the last set_ids (tests, diagnostics)
        self.fetched_pages: set[int] = set()

    # --- content ------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], *, show_snippets: bool = False) -> None:
        """Show these articles, in this order; drops every cached row."""
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self._pages.clear()
        self._snippets.clear()
        self.show_snippets = show_snippets
        self.fetch_count = 0
        self.fetched_pages = set()
        self.endResetModel()

    def extend_ids(self, more: Sequence[int]) -> None:
        """Add articles below the current ones, keeping rows, selection and scroll."""
        if not more:
            return
        start = len(self._ids)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._ids.extend(more)
        self._row_of = None
        # The last cached page may have been short: it is fetched again, whole.
        self._pages.pop(start // PAGE_SIZE, None)
        self.endInsertRows()

    def replace_ids(self, ids: Sequence[int]) -> None:
        """Show `ids` where they differ from the current list by one run of rows inserted or
        removed (a story's copies listed or folded back): rows above keep their selection,
        and the view its scroll position. Any other change resets the list."""
        old, new = self._ids, list(ids)
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        removed, inserted = old[head : len(old) - tail], new[head : len(new) - tail]
        if removed and inserted:
            snippets, show = dict(self._snippets), self.show_snippets
            self.set_ids(new, show_snippets=show)
            self._snippets.update(snippets)
            return
        if not removed and not inserted:
            return
        if inserted:
            self.beginInsertRows(QModelIndex(), head, head + len(inserted) - 1)
            self._ids[head:head] = inserted
        else:
            self.beginRemoveRows(QModelIndex(), head, head + len(removed) - 1)
            del self._ids[head : head + len(removed)]
        # Rows from `head` on have moved: their pages are fetched again when next shown.
        self._row_of = None
        for page in [p for p in self._pages if p >= head // PAGE_SIZE]:
            del self._pages[page]
        if inserted:
            self.endInsertRows()
        else:
            self.endRemoveRows()

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, article_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {article_id: row for row, article_id in enumerate(self._ids)}
        return self._row_of.get(article_id)

    def invalidate(self, article_ids: Sequence[int] | None = None) -> None:
        """Forget cached rows (all, or those pages holding `article_ids`) and repaint."""
        if not self._ids:
            return
        if article_ids is None:
            self._pages.clear()
        else:
            for article_id in article_ids:
                row = self.row_of(article_id)
                if row is not None:
                    self._pages.pop(row // PAGE_SIZE, None)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def set_folded(self, folded: dict[int, int], copy_rows: Iterable[int] = ()) -> None:
        """How many syndicated copies each row stands for (shown after its title: "+3
        copies"), and which rows are such copies listed under their story's row."""
        copy_rows = set(copy_rows)
        if folded == self._folded and copy_rows == self._copy_rows:
            return
        self._folded = dict(folded)
        self._copy_rows = copy_rows
        if self._ids:
            self.dataChanged.emit(
                self.index(0, COL_TITLE), self.index(len(self._ids) - 1, COL_TITLE)
            )

    def folded(self, article_id: int) -> int:
        return self._folded.get(article_id, 0)

    def is_copy_row(self, article_id: int) -> bool:
        return article_id in self._copy_rows

    def _title_shown(self, row: ArticleRow) -> str:
        shown = without_bidi_controls(row.title)
        if row.id in self._copy_rows:
            return "\u21b3 " + shown  # ↳: a copy listed under its story's row
        more = self._folded.get(row.id, 0)
        if not more:
            return shown
        copies = f"{more} cop{'y' if more == 1 else 'ies'}"
        if self._copy_rows.isdisjoint(self._ids_after(row.id, more)):
            return f"{shown}  (+{copies})"
        return f"{shown}  ({copies} below)"

    def _ids_after(self, article_id: int, count: int) -> list[int]:
        row = self.row_of(article_id)
        return [] if row is None else self._ids[row + 1 : row + 1 + count]

    def set_snippets(self, snippets: dict[int, str]) -> None:
        """Snippets of some articles arrived (from a background search): show them."""
        self._snippets.update(snippets)
        rows = [r for r in (self.row_of(i) for i in snippets) if r is not None]
        if rows:
            top, bottom = min(rows), max(rows)
            self.dataChanged.emit(
                self.index(top, COL_TITLE), self.index(bottom, COL_TITLE), [SnippetRole]
            )

    def has_snippet(self, article_id: int) -> bool:
        return article_id in self._snippets

    def row_data(self, row: int) -> ArticleRow:
        """The display row at `row`, fetching its page when it is not cached."""
        page = row // PAGE_SIZE
        cached = self._pages.get(page)
        if cached is None:
            cached = self._fetch_page(page)
        else:
            self._pages.move_to_end(page)
        article_id = self._ids[row]
        return cached.get(article_id) or _missing_row(article_id)

    def _fetch_page(self, page: int) -> dict[int, ArticleRow]:
        ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        rows = self._fetch_rows(ids)
        for article_id in ids:
            rows.setdefault(article_id, _missing_row(article_id))
        self._pages[page] = rows
        if len(self._pages) > self._cache_pages:
            self._pages.popitem(last=False)
        self.fetch_count += 1
        self.fetched_pages.add(page)
        self.page_fetched.emit(ids)
        return rows

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in COLUMNS:
            return None
        header, tooltip, _key = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (COL_ENTITIES, COL_CLAIMS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    # data() runs for every visible cell and role on each repaint: the roles and constants it
    # compares with are plain ints looked up once (see below), not Qt enum attributes.
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        row_number = index.row()
        if not 0 <= row_number < len(self._ids) or not index.isValid():
            return None
        column = index.column()
        if role in (_DISPLAY, _TOOLTIP, RowRole):
            row = self.row_data(row_number)
            if role == _DISPLAY:
                if column == COL_TITLE and (self._folded or self._copy_rows):
                    return self._title_shown(row)
                return self._display(row, column)
            if role == RowRole:
                return row
            return self._tooltip(row, column)
        if role == ArticleIdRole:
            return self._ids[row_number]
        if role == SnippetRole:
            if column != COL_TITLE or not self.show_snippets:
                return None
            return self._snippets.get(self._ids[row_number])
        if role == _ALIGNMENT:
            return _CENTRED if column in (COL_ENTITIES, COL_CLAIMS) else _LEFT
        if role == _FOREGROUND and column not in (COL_TITLE, COL_ENTITIES, COL_CLAIMS):
            return QColor(theme.MUTED)
        return None

    @staticmethod
    def _display(row: ArticleRow, column: int) -> str:
        if column == COL_TITLE:
            return without_bidi_controls(row.title)
        if column == COL_SOURCE:
            return without_bidi_controls(row.source or "")
        if column == COL_PUBLISHED:
            return format_published(row.published)
        if column == COL_LANGUAGE:
            return row.language or ""
        if column == COL_TAGS:
            return ", ".join(row.tags)
        if column == COL_ENTITIES:
            return str(row.entity_count) if row.entity_count else ""
        if column == COL_CLAIMS:
            return str(row.claim_count) if row.claim_count else ""
        return ""

    @staticmethod
    def _tooltip(row: ArticleRow, column: int) -> str | None:
        if column == COL_TITLE:
            return without_bidi_controls(row.title)
        if column == COL_TAGS and row.tags:
            return ", ".join(row.tags)
        if column == COL_ENTITIES:
            return f"{row.entity_count} entities tagged"
        if column == COL_CLAIMS:
            return f"{row.claim_count} claims recorded"
        if column == COL_PUBLISHED and row.published:
            return row.published
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in COLUMNS:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.sort_requested.emit(COLUMNS[column][2], descending)

    def mimeTypes(self) -> list[str]:
        return ["application/x-archivist-article-ids", "text/plain"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> Any:
        from PySide6.QtCore import QMimeData

        ids = list(dict.fromkeys(self._ids[i.row()] for i in indexes if i.isValid()))
        mime = QMimeData()
        mime.setData("application/x-archivist-article-ids", ",".join(map(str, ids)).encode())
        mime.setText("\n".join(self.row_data(self.row_of(i) or 0).title for i in ids))
        return mime
