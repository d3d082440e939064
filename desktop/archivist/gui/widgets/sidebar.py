"""The sidebar: library, saved searches, facets with counts, and the entities/claims views."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from archivist.archive.searches import SavedSearch
from archivist.gui import theme
from archivist.gui.models.sidebar_model import (
    KIND_ALL,
    KIND_FACET,
    KIND_FACET_VALUE,
    KIND_HEADER,
    KIND_SAVED,
    KIND_VIEW,
    ActiveRole,
    BadgeRole,
    CountRole,
    KindRole,
    PayloadRole,
    SidebarModel,
)

EXPANDED_FACETS = ("source", "entity", "status")


class _SidebarDelegate(QStyledItemDelegate):
    """Draws counts right-aligned and muted, and headers as small spaced capitals."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        kind = index.data(KindRole)
        count = index.data(CountRole)
        badge = index.data(BadgeRole)
        if badge:
            self._paint_with_badge(painter, option, index, str(badge))
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if kind == KIND_HEADER:
            opt.palette.setColor(opt.palette.ColorRole.Text, QColor(theme.MUTED))
        if index.data(ActiveRole):
            opt.palette.setColor(opt.palette.ColorRole.Text, QColor(theme.ACCENT))
        count_text = f"{count:,}" if isinstance(count, int) and kind != KIND_HEADER else ""
        if count_text:
            # Leave room on the right for the count, then draw it ourselves.
            metrics = opt.fontMetrics
            width = metrics.horizontalAdvance(count_text) + 14
            text_rect = QRect(opt.rect)
            opt.rect = QRect(
                text_rect.left(), text_rect.top(), text_rect.width() - width, text_rect.height()
            )
            self._paint_background(painter, option, index)
            super().paint(painter, opt, index)
            painter.save()
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(
                QRect(text_rect.right() - width, text_rect.top(), width - 8, text_rect.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                count_text,
            )
            painter.restore()
            return
        super().paint(painter, opt, index)

    def _paint_background(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """The row's full-width background, drawn first so that the selection also covers
        what is drawn on the right of the narrowed text (a count, a badge)."""
        widget = option.widget
        if widget is None:
            return
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        widget.style().drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, background, painter, widget
        )

    def _paint_with_badge(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        badge: str,
    ) -> None:
        """A watched search with new matches: its name, and "3 new" in a filled pill on the
        right, in the accent colour (it asks to be looked at, unlike a facet's count)."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        bold = opt.font
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        pill_width = metrics.horizontalAdvance(badge) + 12
        row = QRect(opt.rect)
        self._paint_background(painter, option, index)
        opt.font = bold
        opt.rect = QRect(row.left(), row.top(), row.width() - pill_width - 10, row.height())
        super().paint(painter, opt, index)
        pill_height = metrics.height() + 2
        pill = QRect(
            row.right() - pill_width - 6,
            row.top() + (row.height() - pill_height) // 2,
            pill_width,
            pill_height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.ACCENT))
        painter.drawRoundedRect(pill, pill_height / 2, pill_height / 2)
        painter.setPen(QColor(theme.PANEL))
        painter.setFont(bold)
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), badge)
        painter.restore()


class Sidebar(QTreeView):
    """Emits what the analyst picked; owns no state beyond the model it shows."""

    all_articles_chosen = Signal()
    saved_search_chosen = Signal(object)  # SavedSearch
    saved_search_delete_requested = Signal(object)
    saved_search_rename_requested = Signal(object)
    saved_search_watch_requested = Signal(object, bool)  # SavedSearch, watch it
    saved_search_seen_requested = Signal(object)
    facet_value_clicked = Signal(str)  # the clause
    view_chosen = Signal(str)

    def __init__(self, model: SidebarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setItemDelegate(_SidebarDelegate(self))
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.clicked.connect(self._clicked)
        self.activated.connect(self._clicked)
        self.setMinimumWidth(190)
        for header in (
            model.library_header,
            model.saved_header,
            model.facets_header,
            model.views_header,
        ):
            self.setExpanded(header.index(), True)
        model.rowsInserted.connect(self._expand_new_headers)
        # Start on "All articles" rather than on a section heading.
        self.setCurrentIndex(model.all_item.index())

    def _expand_new_headers(self, parent: QModelIndex, first: int, last: int) -> None:
        # Section headings always open; of the facets, the ones analysts narrow by most.
        for row in range(first, last + 1):
            index = self.model().index(row, 0, parent)
            if not parent.isValid() or index.data(PayloadRole) in EXPANDED_FACETS:
                self.setExpanded(index, True)

    def _clicked(self, index: QModelIndex) -> None:
        kind = index.data(KindRole)
        payload = index.data(PayloadRole)
        if kind == KIND_ALL:
            self.all_articles_chosen.emit()
        elif kind == KIND_SAVED:
            self.saved_search_chosen.emit(payload)
        elif kind == KIND_FACET_VALUE:
            self.facet_value_clicked.emit(payload)
        elif kind == KIND_VIEW:
            self.view_chosen.emit(payload)
        elif kind in (KIND_FACET, KIND_HEADER):
            self.setExpanded(index, not self.isExpanded(index))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if index.data(KindRole) != KIND_SAVED:
            return
        search: SavedSearch = index.data(PayloadRole)
        menu = QMenu(self)
        menu.addAction("Run", lambda: self.saved_search_chosen.emit(search))
        watch = menu.addAction(
            "Watch for New Articles",
            lambda: self.saved_search_watch_requested.emit(search, not search.watched),
        )
        watch.setCheckable(True)
        watch.setChecked(search.watched)
        if search.new:
            menu.addAction("Mark as Seen", lambda: self.saved_search_seen_requested.emit(search))
        menu.addSeparator()
        menu.addAction("Rename…", lambda: self.saved_search_rename_requested.emit(search))
        menu.addAction("Delete", lambda: self.saved_search_delete_requested.emit(search))
        menu.exec(self.viewport().mapToGlobal(pos))
