"""The briefs view: compose a brief's title block and ordered items, export (issue) it to Word,
and see what changed in its evidence since it was issued."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from archivist import briefs
from archivist.briefs import Brief, BriefHistoryEntry, BriefItem
from archivist.errors import ArchivistError, HistoryConflictError, HistoryError
from archivist.gui.dialogs.brief_versions import BriefVersionsDialog
from archivist.gui.models.brief_models import BriefItemModel, BriefListModel, BriefRole, ItemRole
from archivist.gui.preferences import load_preferences
from archivist.gui.session import ArchiveSession
from archivist.gui.widgets.brief_exports import BriefExports
from archivist.gui.widgets.brief_items import BriefItemEditing
from archivist.gui.widgets.brief_judgments import JudgmentActions
from archivist.gui.widgets.brief_parts import (
    BriefListView,
    DialogRunner,
    ask_text,
    briefs_claim_span,
)
from archivist.gui.widgets.brief_staleness import StalenessBanner


class BriefsView(BriefItemEditing, QWidget):
    """Compose briefs; every change is a core call on the writer thread."""

    message_posted = Signal(str)
    error_occurred = Signal(str)
    briefs_changed = Signal()  # the list of briefs (titles, count) changed
    claim_requested = Signal(int, int, int)  # article id, start, end: show a cited quote

    def __init__(
        self,
        session: ArchiveSession,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        dialog_runner: DialogRunner,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.dialog_runner = dialog_runner
        self.brief: Brief | None = None
        self.list_model = BriefListModel(self)
        self.item_model = BriefItemModel(self)
        self.item_model.move_requested.connect(self.move_item)

        self.brief_list = BriefListView(self)
        self.brief_list.setModel(self.list_model)
        self.brief_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.brief_list.setAcceptDrops(True)
        self.brief_list.dropped_on = self.drop_on_brief
        self.new_button = QPushButton("New brief…", self)
        self.delete_button = QPushButton("Delete", self)
        briefs_title = QLabel("BRIEFS", self)
        briefs_title.setObjectName("PanelTitle")
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 10, 6, 10)
        left_layout.addWidget(briefs_title)
        left_layout.addWidget(self.brief_list, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.delete_button)
        left_layout.addLayout(left_buttons)

        self.title_field = QLineEdit(self)
        self.marking_field = QLineEdit(self)
        self.marking_field.setPlaceholderText(
            "e.g. OFFICIAL-SENSITIVE (printed in header and footer)"
        )
        self.author_field = QLineEdit(self)
        self.date_field = QLineEdit(self)
        self.date_field.setPlaceholderText("YYYY-MM-DD")
        self.summary_field = QPlainTextEdit(self)
        self.summary_field.setFixedHeight(64)
        self.summary_field.setTabChangesFocus(True)
        self.yardstick_field = QComboBox(self)
        for key, yardstick in briefs.YARDSTICKS.items():
            self.yardstick_field.addItem(f"{yardstick.name} yardstick", key)
        self.yardstick_field.setToolTip(
            "The likelihood terms of the key judgments; a change turns each judgment's term "
            "into the new yardstick's (Ctrl+Z undoes it)"
        )
        self.save_button = QPushButton("Save details", self)
        form = QFormLayout()
        form.addRow("Title", self.title_field)
        form.addRow("Marking", self.marking_field)
        row = QHBoxLayout()
        row.addWidget(self.author_field, 2)
        row.addWidget(QLabel("Date", self))
        row.addWidget(self.date_field, 1)
        form.addRow("Author", row)
        form.addRow("Summary", self.summary_field)
        form.addRow("Judgments", self.yardstick_field)

        self.items = QListView(self)
        self.items.setModel(self.item_model)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.items.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.items.setDropIndicatorShown(True)
        self.items.setWordWrap(True)
        self.items.setSpacing(2)
        self.items.doubleClicked.connect(lambda _index: self._open_item())
        self.heading_button = QPushButton("Heading…", self)
        self.text_button = QPushButton("Text…", self)
        self.judgment_button = QPushButton("Key judgment…", self)
        self.judgment_button.setToolTip(
            "A judgment with its likelihood, confidence and supporting evidence (Ctrl+J)"
        )
        self.up_button = QPushButton("Up", self)
        self.down_button = QPushButton("Down", self)
        self.remove_button = QPushButton("Remove", self)
        self.sort_button = QPushButton("Sort by article", self)
        self.sort_button.setToolTip(
            "Put the claims and excerpts between headings in the order of their articles "
            "and of the quotes within them"
        )
        self.export_button = QPushButton("Export to Word…", self)
        self.export_button.setObjectName("Primary")
        self.sources_button = QPushButton("Export Sources…", self)
        self.sources_button.setToolTip(
            "Write the articles this brief cites for a citation manager: CSL JSON (Zotero, "
            "pandoc), RIS (EndNote, Mendeley) or BibTeX"
        )
        item_buttons = QHBoxLayout()
        add_label = QLabel("Add:", self)
        add_label.setObjectName("Muted")
        item_buttons.addWidget(add_label)
        item_buttons.addWidget(self.heading_button)
        item_buttons.addWidget(self.text_button)
        item_buttons.addWidget(self.judgment_button)
        item_buttons.addStretch(1)
        for button in (self.sort_button, self.up_button, self.down_button, self.remove_button):
            item_buttons.addWidget(button)
        hint = QLabel(
            "Claims: Claims view ▸ Add to brief. Excerpts: select text in the reader, "
            "Article ▸ Add Excerpt to Brief (Ctrl+B). Cite them in your text with Cite…. "
            "Drag items to reorder; double-click to change.",
            self,
        )
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        self.lint_label = QLabel(self)  # (lint: advice, shown as the analyst writes)
        self.lint_label.setWordWrap(True)
        self.lint_label.hide()
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 10, 12, 10)
        right_layout.addLayout(form)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.sources_button)
        save_row.addWidget(self.export_button)
        right_layout.addLayout(save_row)
        self.staleness = StalenessBanner(self)
        self.staleness.show_requested.connect(self.claim_requested)
        self.staleness.versions_requested.connect(self.show_versions)
        right_layout.addWidget(self.staleness)
        right_layout.addWidget(self.items, 1)
        right_layout.addWidget(self.lint_label)
        right_layout.addLayout(item_buttons)
        right_layout.addWidget(hint)
        self.editor = right

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter = splitter  # its sizes are remembered with the window's
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([200, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.brief_list.selectionModel().currentChanged.connect(self._brief_chosen)
        self.new_button.clicked.connect(self.new_brief)
        self.delete_button.clicked.connect(self.delete_brief)
        self.save_button.clicked.connect(self.save_details)
        self.heading_button.clicked.connect(self.add_heading)
        self.text_button.clicked.connect(self.add_text)
        self.judgments = JudgmentActions(self)
        self.exports = BriefExports(self)
        self.judgment_button.clicked.connect(self.judgments.add)
        self.yardstick_field.activated.connect(lambda _row: self.judgments.change_yardstick())
        judgment_shortcut = QShortcut(QKeySequence("Ctrl+J"), self)
        judgment_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        judgment_shortcut.activated.connect(self.judgments.add)
        self.up_button.clicked.connect(lambda: self._move_current(-1))
        self.down_button.clicked.connect(lambda: self._move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        self.sort_button.clicked.connect(self.sort_by_article)
        self.export_button.clicked.connect(self.choose_export)
        self.sources_button.clicked.connect(self.exports.choose_sources)
        self.items.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # --- loading ------------------------------------------------------------------------------

    @property
    def brief_id(self) -> int | None:
        return self.brief.id if self.brief else None

    def refresh(self, select: int | None = None) -> None:
        """Read the list of briefs (and the open brief) again."""
        wanted = select if select is not None else self.brief_id
        self.list_model.set_briefs(briefs.list_briefs(self.session.archive))
        row = self.list_model.row_of(wanted) if wanted is not None else None
        if row is None and self.list_model.rowCount():
            row = 0
        if row is not None:
            self.brief_list.setCurrentIndex(self.list_model.index(row, 0))
            self.open_brief(self.list_model.index(row, 0).data(BriefRole).id)
        else:
            self.open_brief(None)

    def _brief_chosen(self, current: Any, _previous: Any) -> None:
        brief = current.data(BriefRole) if current.isValid() else None
        if brief is not None and brief.id != self.brief_id:
            self.open_brief(brief.id)

    def open_brief(self, brief_id: int | None) -> None:
        current_item = self._current_item_id()
        self.brief = None if brief_id is None else briefs.get_brief(self.session.archive, brief_id)
        brief = self.brief
        self.title_field.setText(brief.title if brief else "")
        self.marking_field.setText((brief.marking or "") if brief else "")
        self.author_field.setText((brief.author or "") if brief else "")
        self.date_field.setText((brief.date or "") if brief else "")
        self.summary_field.setPlainText((brief.summary or "") if brief else "")
        if brief is not None:
            self.yardstick_field.setCurrentIndex(self.yardstick_field.findData(brief.yardstick))
        advice: dict[int, list[str]] = {}
        if brief is not None:
            for warning in briefs.lint_brief(self.session.archive, brief.id):
                advice.setdefault(warning.item, []).append(warning.message)
        self.item_model.set_items(brief.items if brief else [], advice)
        self.staleness.set_report(
            briefs.check_brief(self.session.archive, brief.id) if brief is not None else None
        )
        count = sum(len(found) for found in advice.values())
        self.lint_label.setText(
            f"⚠ {count} piece{'s' if count != 1 else ''} of advice on the judgments and text: "
            "hover the marked items"
            if count
            else ""
        )
        self.lint_label.setVisible(bool(count))
        if current_item is not None:
            row = self.item_model.row_of(current_item)
            if row is not None:
                self.items.setCurrentIndex(self.item_model.index(row, 0))
        self._update_buttons()

    def _current_item_id(self) -> int | None:
        index = self.items.currentIndex()
        return index.data(ItemRole).id if index.isValid() else None

    def _update_buttons(self) -> None:
        has_brief = self.brief is not None
        writable = not self.session.readonly
        has_item = self.items.currentIndex().isValid()
        self.editor.setEnabled(has_brief)
        self.new_button.setEnabled(writable)
        self.delete_button.setEnabled(has_brief and writable)
        for button in (
            self.save_button,
            self.heading_button,
            self.text_button,
            self.judgment_button,
            self.yardstick_field,
            self.sort_button,
        ):
            button.setEnabled(has_brief and writable)
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(has_item and writable)
        self.export_button.setEnabled(has_brief and bool(self.brief and self.brief.items))
        self.sources_button.setEnabled(self.export_button.isEnabled())

    # --- changes ------------------------------------------------------------------------------

    def _write(
        self,
        fn: Callable[[Any], Any],
        done_message: Callable[[Any], str],
        *,
        select: int | None = None,
        select_item: bool = False,
    ) -> None:
        def done(result: Any) -> None:
            self.refresh(select=select if select is not None else self.brief_id)
            last = result[-1] if isinstance(result, list) and result else result
            if select_item and isinstance(last, BriefItem):
                row = self.item_model.row_of(last.id)
                if row is not None:  # (the new item, so the next one goes after it)
                    self.items.setCurrentIndex(self.item_model.index(row, 0))
            self.briefs_changed.emit()
            self.message_posted.emit(done_message(result))

        self.session.write(fn, on_done=done, on_error=self._failed, touches="nothing")

    # --- undo and redo ------------------------------------------------------------------------
    # The Edit menu's Undo/Redo act here while this view is shown. They follow the briefs'
    # history as a whole (not only the open brief's), so that deleting a brief, which opens
    # another, can still be undone; the brief concerned is then shown.

    def undo_target(self) -> BriefHistoryEntry | None:
        """The brief change Undo would revert (None when read-only or nothing to undo)."""
        if self.session.readonly:
            return None
        return briefs.brief_undo_target(self.session.archive)

    def redo_target(self) -> BriefHistoryEntry | None:
        """The brief change Redo would replay."""
        if self.session.readonly:
            return None
        return briefs.brief_redo_target(self.session.archive)

    def undo(self) -> None:
        self._replay(briefs.undo_brief_change, "Undone")

    def redo(self) -> None:
        self._replay(briefs.redo_brief_change, "Redone")

    def _replay(self, fn: Callable[[Any], BriefHistoryEntry], verb: str) -> None:
        if self.session.readonly:
            return

        def done(entry: BriefHistoryEntry) -> None:
            self.refresh(select=entry.brief_id)
            self.briefs_changed.emit()
            self.message_posted.emit(f"{verb}: {briefs.change_label(entry)} ({entry.summary})")

        def failed(error: BaseException) -> None:
            # Nothing to undo is a status-bar message; a conflict deserves a dialog.
            if isinstance(error, HistoryError) and not isinstance(error, HistoryConflictError):
                self.message_posted.emit(str(error).capitalize())
            else:
                self._failed(error)

        self.session.write(fn, on_done=done, on_error=failed, touches="nothing")

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ArchivistError):
            self.error_occurred.emit(str(error))
        else:
            self.session.runner.report_error(error, None)

    def new_brief(self) -> None:
        title = ask_text(self.dialog_runner, self, "New brief", "Title of the brief:")
        if title:
            self.create_brief(title)

    def create_brief(self, title: str, *, then: Callable[[int], None] | None = None) -> None:
        def done(brief: Brief) -> None:
            self.refresh(select=brief.id)
            self.briefs_changed.emit()
            self.message_posted.emit(f"Created brief “{brief.title}”")
            if then is not None:
                then(brief.id)

        # New briefs start with the analyst's defaults (Settings); each brief may change them.
        prefs = load_preferences(self.settings)
        author = prefs.default_author or None
        marking = prefs.default_marking or None
        self.session.write(
            lambda archive: briefs.create_brief(archive, title, author=author, marking=marking),
            on_done=done,
            on_error=self._failed,
            touches="nothing",
        )

    def delete_brief(self) -> None:
        if self.brief_id is None:
            return
        brief_id = self.brief_id
        self.brief = None
        self._write(
            lambda archive: briefs.delete_brief(archive, brief_id),
            lambda b: f"Deleted brief “{b.title}”",
        )

    def save_details(self) -> None:
        if self.brief_id is None:
            return
        brief_id = self.brief_id
        values = {
            "title": self.title_field.text(),
            "marking": self.marking_field.text() or None,
            "author": self.author_field.text() or None,
            "date": self.date_field.text() or None,
            "summary": self.summary_field.toPlainText() or None,
        }
        self._write(
            lambda archive: briefs.edit_brief(archive, brief_id, **values),
            lambda b: f"Saved “{b.title}”",
        )

    def _open_item(self) -> None:
        index = self.items.currentIndex()
        item = index.data(ItemRole) if index.isValid() else None
        if item is None:
            return
        if item.kind == "judgment":
            self.judgments.edit(item)
        elif item.kind == "text":
            self.edit_text(item)
        elif (
            item.kind == "excerpt"
            and item.article_id is not None
            and item.start is not None
            and item.end is not None
        ):
            self.claim_requested.emit(item.article_id, item.start, item.end)
        elif item.kind == "claim" and item.claim and not item.missing:
            claim = briefs_claim_span(self.session, item.claim_id)
            if claim is not None:
                self.claim_requested.emit(*claim)

    # --- export ---------------------------------------------------------------------------------

    def choose_export(self) -> None:
        self.exports.choose()

    def export(self, path: Path, *, template: Path | None = None) -> None:
        """Write the brief and issue it (see BriefExports.export)."""
        self.exports.export(path, template=template)

    def show_versions(self) -> BriefVersionsDialog | None:
        return self.exports.show_versions()

    def export_version(self, version: int, path: Path) -> None:
        self.exports.export_version(version, path)
