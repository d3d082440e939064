"""The main window: sidebar, centre views, reader and annotation panel, menus and status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import listing
from archivist.gui.annotating import Annotator
from archivist.gui.dialogs.import_progress import ImportDialog
from archivist.gui.dialogs.import_report import ImportReportDialog
from archivist.gui.dialogs.welcome import WelcomePage
from archivist.gui.error_reporting import ErrorDialog, current_log_path
from archivist.gui.focus import run_dialog
from archivist.gui.icons import app_icon
from archivist.gui.index_upkeep import IndexUpkeep
from archivist.gui.library import LibraryController
from archivist.gui.models.annotation_list_model import AnnotationListModel
from archivist.gui.models.article_table_model import ArticleTableModel
from archivist.gui.models.sidebar_model import (
    VIEW_ACH,
    VIEW_BRIEFS,
    VIEW_CLAIMS,
    VIEW_ENTITIES,
    VIEW_LIBRARY,
    SidebarModel,
)
from archivist.gui.preferences import (
    Preferences,
    load_preferences,
)
from archivist.gui.scan_reading import read_scan_again
from archivist.gui.session import ArchiveSession
from archivist.gui.widgets.ach_view import AchView
from archivist.gui.widgets.article_table import ArticleTableView
from archivist.gui.widgets.briefs_view import BriefsView
from archivist.gui.widgets.claims_view import ClaimsView
from archivist.gui.widgets.entities_view import EntitiesView
from archivist.gui.widgets.page_stack import PageStack
from archivist.gui.widgets.reader import ReaderWidget
from archivist.gui.widgets.search_bar import SearchBar
from archivist.gui.widgets.side_panel import AnnotationPanel
from archivist.gui.widgets.sidebar import Sidebar
from archivist.gui.window_archive import ArchiveOperations
from archivist.gui.window_library import LibraryHandlers
from archivist.gui.window_menus import WindowMenus
from archivist.importers.pipeline import ImportOptions

if TYPE_CHECKING:  # (the batch window's module loads when it is first opened)
    from archivist.gui.dialogs.batch_search import BatchSearchDialog

log = logging.getLogger(__name__)


class MainWindow(WindowMenus, ArchiveOperations, LibraryHandlers, QMainWindow):
    """One window on one archive session.

    Opening another archive is the application's job (see app.ArchivistApp): the window
    asks for it with `archive_requested` / `new_archive_requested` / `demo_requested`.
    """

    archive_requested = Signal(str)
    new_archive_requested = Signal(str)
    demo_requested = Signal()
    restore_requested = Signal(str)  # a rolling backup's path, chosen and confirmed
    closed = Signal()

    def __init__(
        self,
        session: ArchiveSession,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        demo: bool = False,
        dialog_runner: Callable[[QDialog], int] = run_dialog,
        import_options: ImportOptions | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        #: Background merging of the index's segments (set by the application; none in
        #: tests' windows and read-only archives).
        self.index_upkeep: IndexUpkeep | None = None
        self.settings = settings
        self.demo = demo
        self.import_options = import_options
        self.dialog_runner = dialog_runner
        self.import_dialog: ImportDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.batch_dialog: BatchSearchDialog | None = None  # (opened on first use)
        self.index_state = "checking"
        self.last_backup: datetime | None = None
        #: Articles in the archive (-1 until first counted, on a read thread).
        self.article_count = -1
        self._counts_asked = 0
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(900, 560)

        # Models and controllers.
        self.article_model = ArticleTableModel(
            lambda ids: listing.article_rows(session.db, ids), self
        )
        self.library = LibraryController(session, self.article_model, self)
        self.sidebar_model = SidebarModel(self)
        self.annotation_model = AnnotationListModel(self)

        self._build_widgets()
        self.annotator = Annotator(session, self.reader, self, dialog_runner=dialog_runner)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self._restore_state()
        self.apply_preferences(load_preferences(settings))
        self._update_title()
        self._load_saved_searches()
        self._apply_readonly()
        self.library.refresh()
        self._update_counts()
        self._update_history_actions()
        self._heal_index()
        self._daily_backup()

    # --- construction -------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        session = self.session
        self.search_bar = SearchBar(self)
        self.sidebar = Sidebar(self.sidebar_model, self)
        self.table = ArticleTableView(self.article_model, self)
        self.results_label = QLabel(self)
        self.results_label.setObjectName("Muted")
        self.results_label.setTextFormat(Qt.TextFormat.PlainText)
        self.query_error_label = QLabel(self)
        self.query_error_label.setStyleSheet("color: #c0392b;")
        self.query_error_label.setWordWrap(True)
        self.query_error_label.hide()
        library_page = QWidget(self)
        header = QHBoxLayout()
        header.setContentsMargins(12, 8, 12, 6)
        header.addWidget(self.results_label, 1)
        library_layout = QVBoxLayout(library_page)
        library_layout.setContentsMargins(0, 0, 0, 0)
        library_layout.setSpacing(0)
        library_layout.addLayout(header)
        library_layout.addWidget(self.query_error_label)
        library_layout.addWidget(self.table, 1)
        self.library_page = library_page

        self.welcome = WelcomePage(session.root, self)
        self.entities_view = EntitiesView(session, self)
        self.claims_view = ClaimsView(session, self, dialog_runner=self.dialog_runner)
        self.briefs_view = BriefsView(
            session, self.settings, self, dialog_runner=self.dialog_runner
        )
        self.ach_view = AchView(session, self, dialog_runner=self.dialog_runner)
        self.center = PageStack(self)
        for page in (
            self.library_page,
            self.welcome,
            self.entities_view,
            self.claims_view,
            self.briefs_view,
            self.ach_view,
        ):
            self.center.addWidget(page)

        self.reader = ReaderWidget(session, self)
        self.panel = AnnotationPanel(self.annotation_model, self)
        self.right_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.right_splitter.addWidget(self.reader)
        self.right_splitter.addWidget(self.panel)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 1)
        self.right_splitter.setSizes([560, 260])
        self.right_splitter.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([220, 560, 520])
        self.setCentralWidget(self.splitter)

    def _connect(self) -> None:
        session = self.session
        self.search_bar.query_changed.connect(self.library.set_query)
        self.search_bar.save_requested.connect(self.save_search)
        self.library.results_changed.connect(self._results_changed)
        self.library.query_failed.connect(self._query_failed)
        self.sidebar.all_articles_chosen.connect(self.show_all_articles)
        self.sidebar.saved_search_chosen.connect(self._run_saved_search)
        self.sidebar.saved_search_delete_requested.connect(self._delete_saved_search)
        self.sidebar.saved_search_rename_requested.connect(self._rename_saved_search)
        self.sidebar.saved_search_watch_requested.connect(self._watch_saved_search)
        self.sidebar.saved_search_seen_requested.connect(self._mark_saved_search_seen)
        self.sidebar.facet_value_clicked.connect(self._facet_clicked)
        self.sidebar.view_chosen.connect(self.show_view)
        self.table.current_article_changed.connect(self._current_article_changed)
        self.table.default_order_requested.connect(lambda: self.library.set_sort(None))
        self.table.article_activated.connect(lambda _id: self.reader.text_view.setFocus())
        self.table.copies_requested.connect(self.library.show_copies)
        self.reader.article_changed.connect(self._reader_article_changed)
        self.reader.error_occurred.connect(self.show_error)
        self.reader.article_requested.connect(self.open_article)
        self.reader.metadata_saved.connect(
            lambda _id: self.statusBar().showMessage("Details saved", 4000)
        )
        self.reader.text_view.selectionChanged.connect(self._update_article_actions)
        self.panel.span_chosen.connect(self.jump_to_span)
        self.panel.find_mentions_requested.connect(self.annotator.find_mentions)
        self.panel.edit_entity_requested.connect(self.annotator.edit_entity)
        self.panel.delete_mentions_requested.connect(self.annotator.delete_mentions)
        self.panel.edit_claim_requested.connect(self.annotator.edit_claim)
        self.panel.delete_claim_requested.connect(self.annotator.delete_claim)
        self.panel.delete_note_requested.connect(self.annotator.delete_note)
        self.annotator.message_posted.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.annotator.error_occurred.connect(self.show_error)
        self.welcome.import_files_requested.connect(self.choose_import_files)
        self.welcome.import_folder_requested.connect(self.choose_import_folder)
        self.welcome.demo_requested.connect(self.demo_requested.emit)
        self.entities_view.quote_requested.connect(self.open_span)
        self.entities_view.articles_requested.connect(self._search_for)
        self.entities_view.find_mentions_requested.connect(self.annotator.find_mentions)
        self.entities_view.edit_requested.connect(self.annotator.edit_entity)
        self.entities_view.error_occurred.connect(self.show_error)
        self.entities_view.message_posted.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        self.claims_view.quote_requested.connect(self.open_span)
        self.claims_view.edit_requested.connect(self.annotator.edit_claim)
        self.claims_view.error_occurred.connect(self.show_error)
        self.claims_view.message_posted.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        self.claims_view.add_to_brief_requested.connect(self.briefs_view.add_claims)
        # The button's arrow: the selected claims to a brief of the analyst's choosing.
        claims_brief_menu = QMenu(self.claims_view.brief_button)
        claims_brief_menu.aboutToShow.connect(
            lambda: self._fill_claims_brief_menu(claims_brief_menu)
        )
        self.claims_view.brief_button.setMenu(claims_brief_menu)
        self.claims_view.table.customContextMenuRequested.connect(self._claims_context_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._library_context_menu)
        self.reader.text_view.brief_menu = self._reader_brief_menu
        self.briefs_view.message_posted.connect(
            lambda text: self.statusBar().showMessage(text, 10000)
        )
        self.briefs_view.error_occurred.connect(self.show_error)
        self.briefs_view.claim_requested.connect(self.open_span)
        self.briefs_view.briefs_changed.connect(self._update_counts)
        self.ach_view.message_posted.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.ach_view.error_occurred.connect(self.show_error)
        self.ach_view.quote_requested.connect(self.open_span)
        session.annotations_changed.connect(self._annotations_changed)
        session.articles_changed.connect(self._articles_changed)
        session.history_changed.connect(self._update_history_actions)
        self.center.currentChanged.connect(lambda _index: self._update_history_actions())
        session.runner.busy_changed.connect(self._busy_changed)
        session.runner.task_failed.connect(self._task_failed)

    # --- state --------------------------------------------------------------------------------

    def apply_preferences(self, prefs: Preferences) -> None:
        # Brief defaults and the template are read when used; the font shows now.
        self.reader.set_font_size(prefs.reader_font_size)

    def _update_title(self) -> None:
        name = "Demo archive" if self.demo else str(self.session.root)
        suffix = " (read-only)" if self.session.readonly else ""
        self.setWindowTitle(f"{name}{suffix} — Archivist")

    def _apply_readonly(self) -> None:
        readonly = self.session.readonly
        for action in (
            self.import_action,
            self.import_folder_action,
            self.undo_action,
            self.redo_action,
            self.tag_articles_action,
            self.edit_details_action,
            self.add_excerpt_action,
            self.add_ach_excerpt_action,
        ):
            action.setEnabled(not readonly)
        self.restore_action.setEnabled(not readonly and not self.demo)
        self.panel.set_readonly(readonly)
        self.setAcceptDrops(not readonly)
        self._update_article_actions()

    def _update_article_actions(self) -> None:
        has_article = self.reader.article is not None
        has_selection = has_article and self.reader.text_view.textCursor().hasSelection()
        writable = not self.session.readonly
        self.tag_entity_action.setEnabled(writable and has_article)
        self.record_claim_action.setEnabled(writable and has_article)
        self.find_mentions_action.setEnabled(has_article)
        self.open_original_action.setEnabled(has_article)
        self.page_image_action.setEnabled(self.reader.has_page_images)
        self.read_again_action.setEnabled(
            writable and has_article and bool(self.reader.article and self.reader.article.ocr)
        )
        self.edit_details_action.setEnabled(writable and has_article)
        self.add_excerpt_action.setEnabled(writable and has_article)
        self.add_ach_excerpt_action.setEnabled(writable and has_article)
        # Keep the shortcut live (it tells the analyst to select text) but say why it is grey.
        self.tag_entity_action.setStatusTip(
            "Tag the selected text as an entity"
            if has_selection
            else "Select text in the article to tag it"
        )

    def _briefs_shown(self) -> bool:
        # Undo follows what the analyst is looking at: brief history in the briefs view,
        # annotation history everywhere else.
        return self.center.currentWidget() is self.briefs_view

    def undo(self) -> None:
        """Edit ▸ Undo: the last brief change in the briefs view, else the last annotation."""
        if self._briefs_shown():
            self.briefs_view.undo()
        else:
            self.annotator.undo()

    def redo(self) -> None:
        """Edit ▸ Redo: replay what the matching Undo reverted last."""
        if self._briefs_shown():
            self.briefs_view.redo()
        else:
            self.annotator.redo()

    def _update_history_actions(self) -> None:
        if self._briefs_shown():
            brief_undo = self.briefs_view.undo_target()
            brief_redo = self.briefs_view.redo_target()
            undo_text = briefs.change_label(brief_undo) if brief_undo else None
            redo_text = briefs.change_label(brief_redo) if brief_redo else None
        else:
            undo = self.annotator.undo_target()
            redo = self.annotator.redo_target()
            undo_text = undo.summary if undo else None
            redo_text = redo.summary if redo else None
        self.undo_action.setEnabled(undo_text is not None)
        self.redo_action.setEnabled(redo_text is not None)
        self.undo_action.setText(f"&Undo {undo_text}" if undo_text else "&Undo")
        self.redo_action.setText(f"&Redo {redo_text}" if redo_text else "&Redo")

    def _update_counts(self) -> None:
        """Count what the archive holds on a read thread, then show it (the newest count
        wins when several are asked for at once)."""
        self._counts_asked += 1
        asked = self._counts_asked

        def show(counts: listing.ArchiveCounts) -> None:
            if asked == self._counts_asked:
                self._show_counts(counts)

        def failed(error: BaseException) -> None:
            log.warning("could not count the archive's contents: %s", error)

        self.session.read(
            lambda archive: listing.archive_counts(archive.db), on_done=show, on_error=failed
        )

    def _show_counts(self, counts: listing.ArchiveCounts) -> None:
        """The sidebar's counts and the status bar's line."""
        count = counts.articles
        self.sidebar_model.set_total(count)
        self.sidebar_model.set_view_counts(counts.entities, counts.claims, counts.briefs)
        self.article_count = count
        index = {
            "checking": "checking the index…",
            "ok": "index up to date",
            "healed": "index brought up to date",
            "readonly": "read-only",
            "failed": "index needs repair (archivist check --repair)",
        }[self.index_state]
        parts = [f"{count:,} article{'s' if count != 1 else ''}", index]
        stories = counts.stories
        if stories != count:  # syndicated copies: one story, several outlets
            parts.insert(1, f"{stories:,} distinct stor{'y' if stories == 1 else 'ies'}")
        if self.last_backup is not None:
            parts.append(f"last backup {_when(self.last_backup)}")
        if self.demo:
            parts.append("demo archive — discarded on quit")
        self.status_label.setText("  ·  ".join(parts) + "  ")
        showing_welcome = self.center.currentWidget() is self.welcome
        if (
            count == 0
            and self.center.currentWidget() is self.library_page
            and not self.session.readonly
        ):
            self.center.setCurrentWidget(self.welcome)
        elif count > 0 and showing_welcome:
            self.center.setCurrentWidget(self.library_page)

    # --- library and search -------------------------------------------------------------------

    def _current_article_changed(self, article_id: int) -> None:
        if article_id < 0:
            return
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.reader.set_query(self.library.query)  # (the same article, found anew)
            return
        self.reader.show_article(article_id, query=self.library.query)

    def _reader_article_changed(self, article_id: int) -> None:
        if article_id < 0:
            self.annotation_model.set_annotations([], [])
        else:
            self._load_panel()
        self._update_article_actions()

    def _load_panel(self) -> None:
        article = self.reader.article
        if article is None:
            return
        archive = self.session.archive
        self.annotation_model.set_annotations(
            ann.mentions_of_article(archive, article.id),
            ann.list_claims(archive, article_id=article.id),
            ann.span_notes_of_article(archive, article.id),
        )

    def show_view(self, name: str) -> None:
        pages = {
            VIEW_LIBRARY: self.library_page,
            VIEW_ENTITIES: self.entities_view,
            VIEW_CLAIMS: self.claims_view,
            VIEW_BRIEFS: self.briefs_view,
            VIEW_ACH: self.ach_view,
        }
        page = pages.get(name, self.library_page)
        if page is self.library_page and self.article_count == 0 and not self.session.readonly:
            page = self.welcome
        self.center.setCurrentWidget(page)
        if page is self.entities_view:
            self.entities_view.refresh()
        elif page is self.claims_view:
            self.claims_view.refresh()
        elif page is self.briefs_view:
            self.briefs_view.refresh()

    def add_excerpt_to_brief(self) -> None:
        """Ctrl+B: the selected text becomes an excerpt in the open brief."""
        passage = self._selected_passage()
        if passage is not None:
            self.briefs_view.add_excerpt(*passage)

    def _selected_passage(self) -> tuple[int, int, int] | None:
        """(article id, start, end) of the text selected in the reader; None, said in the
        status bar, when there is none."""
        article = self.reader.article
        span = self.reader.text_view.selected_span()
        if article is None or span is None:
            self.statusBar().showMessage("Select the passage in the article first", 6000)
            return None
        return article.id, span.start, span.end

    def add_excerpt_to_matrix(self) -> None:
        """Ctrl+Shift+H: the selected text becomes evidence in the open ACH matrix."""
        passage = self._selected_passage()
        if passage is not None:
            self.ach_view.add_excerpt(*passage)

    # --- "Add to Brief ▸" menus -------------------------------------------------------------

    def read_scan_again(self) -> None:
        """Article ▸ Read Scan Again…: the scan shown, read by OCR in other languages."""
        article = self.reader.article
        if article is None or not article.ocr or self.session.readonly:
            self.statusBar().showMessage("Open an article read from a scan first", 6000)
            return
        read_scan_again(
            self,
            self.session,
            article,
            on_message=lambda text: self.statusBar().showMessage(text, 12000),
            on_error=self.show_error,
        )

    def find_mentions_here(self) -> None:
        """Ctrl+Shift+M: the entity under the selection, else the one picked in the panel."""
        view = self.reader.text_view
        span = view.selected_span()
        if span is not None:
            mentions, _claims = view.annotations_at(span.start)
            if mentions:
                self.annotator.find_mentions(mentions[0].entity_id)
                return
        current = self.panel.current()
        if current and current[0] == "entity":
            self.annotator.find_mentions(current[1])
            return
        self.statusBar().showMessage(
            "Put the cursor on a tagged mention, or pick an entity in the panel", 6000
        )

    # --- saved searches -----------------------------------------------------------------------

    # --- changes from the writer thread -------------------------------------------------------

    def _annotations_changed(self, article_ids: Sequence[int] | None) -> None:
        article = self.reader.article
        if article is not None and (article_ids is None or article.id in article_ids):
            self.reader.reload_annotations()
            self._load_panel()
        self.article_model.invalidate(article_ids)
        self._update_counts()
        self.recount_facets()
        for view in (self.entities_view, self.claims_view):
            view.mark_stale()
            if self.center.currentWidget() is view:
                view.refresh()

    def _articles_changed(self) -> None:
        self._update_counts()
        self.library.refresh()
        if self.reader.article is not None:
            self.reader.reload()

    def _busy_changed(self) -> None:
        # A short delay so a 20 ms search does not flash "working…".
        if self.session.runner.busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_label.setText("")

    def _show_busy(self) -> None:
        self.busy_label.setText("working…  " if self.session.runner.busy else "")

    def _task_failed(self, error: BaseException) -> None:
        # Not a typed ArchivistError (those have their own messages): a bug. Already logged
        # by the runner; show the traceback too, so the analyst can send it.
        details = getattr(error, "__traceback_text__", "") or repr(error)
        dialog = ErrorDialog(f"Something went wrong: {error}", details, current_log_path(), self)
        self.dialog_runner(dialog)

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "Archivist", message)

    # --- import -------------------------------------------------------------------------------

    # --- articles -----------------------------------------------------------------------------

    # --- archives -----------------------------------------------------------------------------

    # --- help ---------------------------------------------------------------------------------

    def attach_index_upkeep(self, upkeep: IndexUpkeep) -> None:
        """Show the background index merge's progress and outcome in the status bar."""
        upkeep.activity.connect(self._show_upkeep_activity)
        upkeep.finished.connect(lambda text, _failed: self.statusBar().showMessage(text, 10000))

    def _show_upkeep_activity(self, text: str) -> None:
        self.upkeep_label.setText(text)
        self.upkeep_label.setVisible(bool(text))

    # --- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()


def _when(moment: datetime) -> str:
    """ "10:42" today, "25 Nov" otherwise, in local time."""
    local = moment.astimezone()
    if local.date() == datetime.now(UTC).astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%d %b").lstrip("0")
