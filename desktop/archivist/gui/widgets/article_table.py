"""The article table view: sortable columns, multi-select, snippets under titles in searches."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from archivist.gui import theme
from archivist.gui.models.article_table_model import (
    COL_CLAIMS,
    COL_ENTITIES,
    COL_LANGUAGE,
    COL_PUBLISHED,
    COL_SOURCE,
    COL_TAGS,
    COL_TITLE,
    ArticleIdRole,
    ArticleTableModel,
    SnippetRole,
)
from archivist.gui.snippets import snippet_html

ROW_HEIGHT = 28
_SHOW_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Plus)
_FOLD_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Minus)
_COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
ROW_HEIGHT_WITH_SNIPPET = 64


class TitleDelegate(QStyledItemDelegate):
    """The title, and in search results the highlighted snippet below it (two lines)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        snippet = index.data(SnippetRole)
        model = index.model()
        searching = isinstance(model, ArticleTableModel) and model.show_snippets
        if not searching:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(6, 5, -6, -4)
        painter.save()
        title_font = QFont(opt.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(QColor(theme.TEXT))
        metrics = painter.fontMetrics()
        elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect.left(), rect.top() + metrics.ascent(), elided)
        top = rect.top() + metrics.height() + 2
        painter.restore()
        if snippet:
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            small = QFont(opt.font)
            small.setPointSizeF(max(7.5, opt.font.pointSizeF() - 0.5))
            doc.setDefaultFont(small)
            doc.setTextWidth(rect.width())
            doc.setHtml(f'<span style="color:{theme.MUTED}">{snippet_html(snippet)}</span>')
            painter.save()
            painter.translate(rect.left(), top)
            clip = QRectF(0, 0, rect.width(), rect.bottom() - top)
            painter.setClipRect(clip)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            context.palette.setColor(QPalette.ColorRole.Text, QColor(theme.MUTED))
            doc.documentLayout().draw(painter, context)
            painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), ROW_HEIGHT)


class ArticleTableView(QTableView):
    """Shows an ArticleTableModel; rows are of uniform height so scrolling stays cheap."""

    article_activated = Signal(int)  # double-click / Enter
    default_order_requested = Signal()  # relevance for a search, newest first otherwise
    current_article_changed = Signal(int)  # -1 when none
    copies_requested = Signal(int, bool)  # the row's article; list its story's copies or not

    def __init__(self, model: ArticleTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegateForColumn(COL_TITLE, TitleDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.hide()
        # Fixed, uniform heights: Qt never measures rows, so no row is fetched to be measured.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        widths = {
            COL_SOURCE: 120,
            COL_PUBLISHED: 100,
            COL_LANGUAGE: 46,
            COL_TAGS: 110,
            COL_ENTITIES: 38,
            COL_CLAIMS: 38,
        }
        for column, width in widths.items():
            self.setColumnWidth(column, width)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        model.modelReset.connect(self._model_reset)
        self.selectionModel().currentRowChanged.connect(self._current_changed)
        self.activated.connect(lambda index: self.article_activated.emit(index.data(ArticleIdRole)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # As in a tree: Right (or +) lists the copies folded into the current row, Left
        # (or -) folds them back; on a copy listed under its row, Left goes back to that row.
        key = event.key()
        shown = True if key in _SHOW_KEYS else False if key in _FOLD_KEYS else None
        current = self.currentIndex()
        if shown is None or not current.isValid() or event.modifiers() & _COMMAND_MODIFIERS:
            super().keyPressEvent(event)
            return
        model = self.article_model()
        article_id = model.article_id(current.row())
        if model.folded(article_id):
            self.copies_requested.emit(article_id, shown)
        elif not shown and model.is_copy_row(article_id):
            row = current.row()
            while row > 0 and model.is_copy_row(model.article_id(row)):
                row -= 1
            self.selectRow(row)
        event.accept()

    def article_model(self) -> ArticleTableModel:
        model = self.model()
        assert isinstance(model, ArticleTableModel)
        return model

    def _model_reset(self) -> None:
        model = self.article_model()
        height = ROW_HEIGHT_WITH_SNIPPET if model.show_snippets else ROW_HEIGHT
        self.verticalHeader().setDefaultSectionSize(height)

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        searching = self.article_model().show_snippets
        action = menu.addAction("Sort by relevance" if searching else "Sort newest first")
        action.triggered.connect(self._default_order)
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    def _default_order(self) -> None:
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.default_order_requested.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_article_changed.emit(current.data(ArticleIdRole) if current.isValid() else -1)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        model = self.article_model()
        return [model.article_id(row) for row in rows]

    def select_article(self, article_id: int) -> bool:
        """Make `article_id` current (and scroll to it) when it is in the list."""
        row = self.article_model().row_of(article_id)
        if row is None:
            return False
        self.selectRow(row)
        self.scrollTo(self.model().index(row, COL_TITLE))
        return True
