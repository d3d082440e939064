"""The "In this article" panel: the article's entities, claims and notes, to jump to, edit or
delete."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from archivist.gui import theme
from archivist.gui.models.annotation_list_model import (
    KIND_CLAIM,
    KIND_ENTITY,
    KIND_NOTE,
    AnnotationListModel,
    DetailRole,
    IdRole,
    KindRole,
    SpansRole,
    TypeRole,
)


class AnnotationDelegate(QStyledItemDelegate):
    """A coloured marker (● entity by type, ◆ claim by status, ■ note), the name and a muted
    detail."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(200, option.fontMetrics.height() * 2 + 12)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        kind = index.data(KindRole)
        type_name = index.data(TypeRole) or ""
        if kind == KIND_ENTITY:
            swatch = theme.entity_colour(type_name)
        elif kind == KIND_NOTE:
            swatch = theme.NOTE_SWATCH
        else:
            swatch = theme.status_colour(type_name)
        rect = opt.rect.adjusted(10, 6, -8, -6)
        metrics = opt.fontMetrics
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre_y = rect.top() + metrics.height() / 2
        painter.setPen(QPen(QColor(swatch.strong), 1))
        painter.setBrush(QBrush(QColor(swatch.strong)))
        if kind == KIND_ENTITY:
            painter.drawEllipse(QPointF(rect.left() + 5, centre_y), 4.5, 4.5)
        elif kind == KIND_NOTE:
            painter.drawRect(QRectF(rect.left() + 1, centre_y - 4, 8, 8))
        else:
            x = rect.left() + 5
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x, centre_y - 5.5),
                        QPointF(x + 5.5, centre_y),
                        QPointF(x, centre_y + 5.5),
                        QPointF(x - 5.5, centre_y),
                    ]
                )
            )
        text_left = rect.left() + 18
        name_font = QFont(opt.font)
        if kind == KIND_ENTITY:
            name_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(name_font)
        painter.setPen(QColor(theme.TEXT))
        name_rect = QRect(text_left, rect.top(), rect.right() - text_left, metrics.height())
        name = painter.fontMetrics().elidedText(
            index.data() or "", Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(
            name_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), name
        )
        painter.setFont(opt.font)
        painter.setPen(QColor(theme.MUTED))
        detail_rect = QRect(
            text_left, rect.top() + metrics.height() + 1, rect.right() - text_left, metrics.height()
        )
        detail = metrics.elidedText(
            index.data(DetailRole) or "", Qt.TextElideMode.ElideRight, detail_rect.width()
        )
        painter.drawText(
            detail_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), detail
        )
        painter.restore()


class AnnotationPanel(QWidget):
    """Lists the article's annotations; announces what the analyst wants done with them."""

    span_chosen = Signal(int, int)  # jump to (start, end)
    find_mentions_requested = Signal(int)  # entity id
    edit_entity_requested = Signal(int)
    delete_mentions_requested = Signal(list)  # mention ids (an entity's, in this article)
    edit_claim_requested = Signal(int)
    delete_claim_requested = Signal(int)
    delete_note_requested = Signal(int)

    def __init__(self, model: AnnotationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._next_span: dict[int, int] = {}  # entity id -> which mention a click goes to next
        title = QLabel("IN THIS ARTICLE", self)
        title.setObjectName("PanelTitle")
        self.summary = QLabel("", self)
        self.summary.setObjectName("Muted")
        self.list = QListView(self)
        self.list.setModel(model)
        self.list.setItemDelegate(AnnotationDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.clicked.connect(self._clicked)
        self.list.doubleClicked.connect(self._edit_current)
        self.find_button = QPushButton("Find other mentions", self)
        self.find_button.setToolTip(
            "Untagged occurrences of this entity's names, here and in other articles (Ctrl+Shift+M)"
        )
        self.edit_button = QPushButton("Edit…", self)
        self.delete_button = QPushButton("Delete", self)
        self.find_button.clicked.connect(self._find_current)
        self.edit_button.clicked.connect(self._edit_current)
        self.delete_button.clicked.connect(self._delete_current)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.find_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.readonly = False
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        model.modelReset.connect(self._model_reset)
        self._model_reset()

    def set_readonly(self, readonly: bool) -> None:
        self.readonly = readonly
        self._update_buttons()

    def _model_reset(self) -> None:
        entities, claims, notes = self.model.counts()
        parts = [f"{entities} entities", f"{claims} claims"]
        if notes:
            parts.append(f"{notes} note{'s' if notes != 1 else ''}")
        self.summary.setText(
            " · ".join(parts) if entities or claims or notes else "nothing tagged yet"
        )
        self._next_span.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.list.currentIndex()
        kind = index.data(KindRole) if index.isValid() else None
        self.find_button.setEnabled(kind == KIND_ENTITY)
        self.edit_button.setEnabled(kind in (KIND_ENTITY, KIND_CLAIM) and not self.readonly)
        self.delete_button.setEnabled(kind is not None and not self.readonly)
        self.delete_button.setToolTip(
            {
                KIND_ENTITY: "Remove this entity's mentions from this article",
                KIND_NOTE: "Delete this note",
            }.get(kind or "", "Delete this claim")
        )

    def current(self) -> tuple[str, int] | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return index.data(KindRole), index.data(IdRole)

    def select(self, kind: str, item_id: int) -> None:
        row = self.model.row_of(kind, item_id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def _clicked(self, index: QModelIndex) -> None:
        spans = index.data(SpansRole) or []
        if not spans:
            return
        if index.data(KindRole) == KIND_ENTITY:
            # Repeated clicks walk through the entity's mentions in text order.
            entity_id = index.data(IdRole)
            spans = sorted(spans)
            position = self._next_span.get(entity_id, 0) % len(spans)
            self._next_span[entity_id] = position + 1
            start, end = spans[position]
        else:
            start, end = spans[0]
        self.span_chosen.emit(start, end)

    def _find_current(self) -> None:
        current = self.current()
        if current and current[0] == KIND_ENTITY:
            self.find_mentions_requested.emit(current[1])

    def _edit_current(self) -> None:
        current = self.current()
        if current is None or self.readonly:
            return
        if current[0] == KIND_ENTITY:
            self.edit_entity_requested.emit(current[1])
        elif current[0] == KIND_CLAIM:
            self.edit_claim_requested.emit(current[1])

    def _delete_current(self) -> None:
        current = self.current()
        if current is None or self.readonly:
            return
        if current[0] == KIND_CLAIM:
            self.delete_claim_requested.emit(current[1])
            return
        if current[0] == KIND_NOTE:
            self.delete_note_requested.emit(current[1])
            return
        entry = self.model.entry(self.list.currentIndex().row())
        mention_ids = list(getattr(entry, "mention_ids", []))
        if mention_ids:
            self.delete_mentions_requested.emit(mention_ids)
