"""The import report: imported files, duplicates linked to the existing article, failures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archivist.gui import theme
from archivist.importers.pipeline import ImportReport
from archivist.text import without_bidi_controls

ArticleRole = Qt.ItemDataRole.UserRole + 1


def summarise(report: ImportReport) -> str:
    parts = [f"{len(report.imported):,} imported"]
    if report.duplicates:
        parts.append(f"{len(report.duplicates):,} already in the archive")
    if report.failed:
        parts.append(f"{len(report.failed):,} failed")
    text = " · ".join(parts)
    if report.cancelled:
        text = "Cancelled — " + text + " (everything imported before you cancelled is kept)"
    return text


class ImportReportDialog(QDialog):
    """Lists the outcome per file; double-click (or Enter) on an article opens it."""

    article_requested = Signal(int)

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
        self.report = report
        heading = QLabel(summarise(report), self)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["File", "Outcome"])
        self.tree.setRootIsDecorated(True)
        # A failure's reason wraps in its column rather than being cut off ("scanned PDF
        # without a text layer: run OCR first" is the whole message the analyst needs).
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.header().setStretchLastSection(True)
        # (Qt's tree measures a row unwrapped: the delegate measures it at the column's
        # width, and again when that changes.)
        self.tree.setItemDelegateForColumn(1, _WrappingDelegate(self.tree))
        self.tree.header().sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree.setAlternatingRowColors(True)
        self.failed_group = self._group(f"Failed ({len(report.failed)})", "#c0392b")
        for item in report.failed:
            self._row(self.failed_group, item.path, item.error, None)
        self.duplicate_group = self._group(
            f"Already in the archive ({len(report.duplicates)})", theme.MUTED
        )
        for dup in report.duplicates:
            self._row(
                self.duplicate_group,
                dup.path,
                f"same as article #{dup.id} — double-click to open",
                dup.id,
            )
        self.imported_group = self._group(f"Imported ({len(report.imported)})", "#2e8a53")
        for done in report.imported:
            self._row(self.imported_group, done.path, done.title, done.id)
        # Problems first and open; the long list of successes starts folded.
        self.failed_group.setExpanded(True)
        self.duplicate_group.setExpanded(True)
        for group in (self.failed_group, self.duplicate_group, self.imported_group):
            group.setHidden(group.childCount() == 0)
        self.imported_group.setExpanded(len(report.imported) <= 20)
        self.tree.header().resizeSection(0, 300)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._activated)
        hint = QLabel("Double-click an article to open it.", self)
        hint.setObjectName("Muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def _group(self, title: str, colour: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title, ""])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setForeground(0, QColor(colour))
        item.setFirstColumnSpanned(True)
        return item

    def _row(
        self, parent: QTreeWidgetItem, path: str, outcome: str, article_id: int | None
    ) -> None:
        path, outcome = without_bidi_controls(path), without_bidi_controls(outcome)
        item = QTreeWidgetItem(parent, [Path(path).name, outcome])
        item.setToolTip(0, path)
        item.setToolTip(1, outcome)
        item.setData(0, ArticleRole, article_id)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        article_id = item.data(0, ArticleRole)
        if article_id is not None:
            self.article_requested.emit(int(article_id))


class _WrappingDelegate(QStyledItemDelegate):
    """Sizes a cell to its text wrapped at the column's width (QTreeView asks for one
    line's height even when it draws the text wrapped)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        width = self.tree.header().sectionSize(index.column()) - 12
        text = index.data()
        if width <= 0 or not text:
            return hint
        flags = int(Qt.TextFlag.TextWordWrap)
        needed = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), flags, str(text))
        return QSize(hint.width(), max(hint.height(), needed.height() + 6))
