"""The main window: sidebar, centre views, reader and annotation panel, menus and status bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from archivist import __version__, briefs
from archivist import annotations as ann
from archivist.archive import copies, listing
from archivist.archive.backup import backup_archive
from archivist.archive.maintenance import heal_index_if_needed
from archivist.archive.rolling import (
    backup_due,
    check_restorable,
    content_counts,
    list_backups,
    shrinks,
    take_backup,
)
from archivist.errors import ArchiveWriteError, ArchivistError
from archivist.gui import theme
from archivist.gui.annotating import Annotator, run_dialog
from archivist.gui.brief_drops import (
    BriefAddition,
    add_to_brief_menu,
    article_addition,
    claim_addition,
    excerpt_addition,
)
from archivist.gui.dialogs.import_progress import ImportDialog
from archivist.gui.dialogs.import_report import ImportReportDialog, summarise
from archivist.gui.dialogs.settings import SettingsDialog
from archivist.gui.dialogs.welcome import WelcomePage
from archivist.gui.error_reporting import ErrorDialog, current_log_path
from archivist.gui.icons import app_icon, icon
from archivist.gui.index_upkeep import IndexUpkeep
from archivist.gui.library import LibraryController, QueryResult
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
from archivist.gui.preferences import Preferences, load_preferences, save_preferences
from archivist.gui.query_text import toggle_clause
from archivist.gui.regrouping import start_regrouping
from archivist.gui.session import ArchiveSession
from archivist.gui.tasks import ProgressRelay
from archivist.gui.widgets.ach_view import AchView
from archivist.gui.widgets.article_table import ArticleTableView
from archivist.gui.widgets.briefs_view import BriefsView
from archivist.gui.widgets.claims_view import ClaimsView
from archivist.gui.widgets.entities_view import EntitiesView
from archivist.gui.widgets.reader import ReaderWidget
from archivist.gui.widgets.search_bar import QUERY_HELP, SearchBar
from archivist.gui.widgets.side_panel import AnnotationPanel
from archivist.gui.widgets.sidebar import Sidebar
from archivist.importers.pipeline import ImportOptions, ImportReport, import_paths

MAX_RECENT = 8


def _shortcut(action: QAction, *keys: QKeySequence | QKeySequence.StandardKey | str) -> None:
    action.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys])


class MainWindow(QMainWindow):
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
        self.index_state = "checking"
        self.last_backup: datetime | None = None
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
        self.center = QStackedWidget(self)
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

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        *keys: QKeySequence | QKeySequence.StandardKey | str,
        icon_name: str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if keys:
            _shortcut(action, *keys)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        # Window-wide: the shortcut works whichever pane has the focus.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_archive_action = a(
            "&New Archive…", self.choose_new_archive, QKeySequence.StandardKey.New
        )
        self.open_archive_action = a(
            "&Open Archive…", self.choose_archive, QKeySequence.StandardKey.Open
        )
        self.demo_action = a("Open &Demo Archive", self.demo_requested.emit)
        self.import_action = a(
            "&Import Files…",
            self.choose_import_files,
            "Ctrl+I",
            icon_name="import",
            tip="Import files into the archive (or drag them onto the window)",
        )
        self.import_folder_action = a("Import &Folder…", self.choose_import_folder, "Ctrl+Shift+I")
        self.backup_action = a("&Back Up Archive…", self.choose_backup_folder)
        self.restore_action = a("&Restore from Backup…", self.choose_backup_to_restore)
        self.quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = a("&Undo", self.undo, "Ctrl+Z", icon_name="undo")
        self.redo_action = a("&Redo", self.redo, "Ctrl+Shift+Z", "Ctrl+Y", icon_name="redo")
        self.settings_action = a("Se&ttings…", self.open_settings, "Ctrl+,")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.find_action = a(
            "&Find…", self.search_bar.focus, QKeySequence.StandardKey.Find, "Ctrl+L"
        )
        self.clear_search_action = a("Show &All Articles", self.show_all_articles, "Ctrl+Shift+A")
        self.save_search_action = a(
            "&Save Search…", lambda: self.save_search(self.search_bar.text()), "Ctrl+Shift+S"
        )
        self.library_view_action = a("&Library", lambda: self.show_view(VIEW_LIBRARY), "Ctrl+1")
        self.entities_view_action = a("&Entities", lambda: self.show_view(VIEW_ENTITIES), "Ctrl+2")
        self.claims_view_action = a("&Claims", lambda: self.show_view(VIEW_CLAIMS), "Ctrl+3")
        self.briefs_view_action = a("&Briefs", lambda: self.show_view(VIEW_BRIEFS), "Ctrl+4")
        self.collapse_copies_action = a(
            "&One Row per Story",
            lambda: self.set_collapse_copies(self.collapse_copies_action.isChecked()),
            "Ctrl+Shift+D",
            tip="Fold syndicated copies of a story into one row of the list (+N copies); "
            "off: every copy has its row",
        )
        self.collapse_copies_action.setCheckable(True)
        self.collapse_copies_action.setChecked(True)
        self.ach_view_action = a(
            "Competing &Hypotheses",
            lambda: self.show_view(VIEW_ACH),
            "Ctrl+5",
            tip="Rate the evidence against competing hypotheses (Heuer's ACH)",
        )
        self.add_ach_excerpt_action = a(
            "Add Excerpt to &Hypotheses Matrix",
            self.add_excerpt_to_matrix,
            "Ctrl+Shift+H",
            tip="Add the selected text as evidence to the open matrix of competing hypotheses",
        )
        self.add_excerpt_action = a(
            "Add Excerpt to &Brief",
            self.add_excerpt_to_brief,
            "Ctrl+B",
            tip="Add the selected text to the open brief as an excerpt",
        )
        self.toggle_sidebar_action = a("Show &Sidebar", self._toggle_sidebar, "Ctrl+Shift+B")
        self.toggle_sidebar_action.setCheckable(True)
        self.toggle_sidebar_action.setChecked(True)
        self.toggle_panel_action = a("Show &Annotations Panel", self._toggle_panel, "Ctrl+Shift+P")
        self.toggle_panel_action.setCheckable(True)
        self.toggle_panel_action.setChecked(True)
        self.tag_entity_action = a(
            "Tag &Entity…",
            self.annotator.tag_entity,
            "Ctrl+E",
            icon_name="entity",
            tip="Tag the selected text as a person, organisation, place, event…",
        )
        self.record_claim_action = a(
            "Record &Claim…",
            self.annotator.record_claim,
            "Ctrl+K",
            icon_name="claim",
            tip="Record who asserts the selected text, with grades and status",
        )
        self.find_mentions_action = a(
            "Find Other &Mentions…",
            self.find_mentions_here,
            "Ctrl+Shift+M",
            icon_name="mentions",
            tip="Untagged occurrences of the entity here and across the archive",
        )
        self.edit_details_action = a(
            "Edit &Details", self.reader.start_editing, "Ctrl+Shift+E", icon_name="edit"
        )
        self.open_original_action = a(
            "Open &Original", self.reader.open_original, "Ctrl+Shift+O", icon_name="original"
        )
        self.tag_articles_action = a(
            "Add &Tag to Selected Articles…", self.tag_selected_articles, "Ctrl+T"
        )
        self.next_article_action = a(
            "&Next Article", lambda: self._step_article(1), "Ctrl+]", "Alt+Down"
        )
        self.previous_article_action = a(
            "&Previous Article", lambda: self._step_article(-1), "Ctrl+[", "Alt+Up"
        )
        self.query_help_action = a(
            "&Query Language", self.show_query_help, QKeySequence.StandardKey.HelpContents
        )
        self.shortcuts_action = a("&Keyboard Shortcuts", self.show_shortcuts)
        self.about_action = a("&About Archivist", self.show_about)
        self.reader.text_view.context_actions = [self.tag_entity_action, self.record_claim_action]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_archive_action)
        file_menu.addAction(self.open_archive_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.save_search_action)
        edit_menu.addAction(self.clear_search_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)

        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.library_view_action)
        view_menu.addAction(self.entities_view_action)
        view_menu.addAction(self.claims_view_action)
        view_menu.addAction(self.briefs_view_action)
        view_menu.addAction(self.ach_view_action)
        view_menu.addSeparator()
        view_menu.addAction(self.collapse_copies_action)
        view_menu.addAction(self.toggle_sidebar_action)
        view_menu.addAction(self.toggle_panel_action)

        article_menu = bar.addMenu("&Article")
        article_menu.addAction(self.tag_entity_action)
        article_menu.addAction(self.record_claim_action)
        article_menu.addAction(self.find_mentions_action)
        article_menu.addAction(self.add_excerpt_action)
        article_menu.addAction(self.add_ach_excerpt_action)
        article_menu.addSeparator()
        article_menu.addAction(self.edit_details_action)
        article_menu.addAction(self.open_original_action)
        article_menu.addAction(self.tag_articles_action)
        article_menu.addSeparator()
        article_menu.addAction(self.next_article_action)
        article_menu.addAction(self.previous_article_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.query_help_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Search", self)
        toolbar.setObjectName("MainToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addWidget(self.search_bar)
        toolbar.addSeparator()
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.tag_entity_action)
        toolbar.addAction(self.record_claim_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar
        for action in (self.tag_entity_action, self.record_claim_action):
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setToolTip(
                    f"{action.text().replace('&', '')} ({action.shortcut().toString()})"
                )

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("Muted")
        self.busy_label = QLabel("", self)
        self.busy_label.setObjectName("Muted")
        self.upkeep_label = QLabel("", self)
        self.upkeep_label.setObjectName("Muted")
        self.upkeep_label.setToolTip(
            "Imports have added segments to the search index: they are being merged in the "
            "background, so that searches get faster. Everything keeps working meanwhile."
        )
        self.upkeep_label.hide()
        status.addPermanentWidget(self.upkeep_label)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.status_label)
        # Owned by the window, so it cannot fire into a closed window.
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(400)
        self._busy_timer.timeout.connect(self._show_busy)

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

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        for key, splitter in self._splitters():
            state = self.settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        header = self.settings.value("window/tableHeader")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)

    def _splitters(self) -> list[tuple[str, QSplitter]]:
        return [
            ("window/splitter", self.splitter),
            ("window/rightSplitter", self.right_splitter),
            ("window/briefsSplitter", self.briefs_view.splitter),
            ("window/achSplitter", self.ach_view.splitter),
            ("window/claimsSplitter", self.claims_view.splitter),
            ("window/entitiesSplitter", self.entities_view.splitter),
        ]

    def _save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        for key, splitter in self._splitters():
            self.settings.setValue(key, splitter.saveState())
        self.settings.setValue("window/tableHeader", self.table.horizontalHeader().saveState())
        self.settings.sync()

    def open_settings(self) -> None:
        """Edit ▸ Settings…: store what the analyst set and apply what shows at once."""
        # (One row of the meta table, read at once: the dialog needs it to open.)
        threshold = None if self.session.readonly else copies.threshold(self.session.db)
        dialog = SettingsDialog(load_preferences(self.settings), self, copies_threshold=threshold)
        if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        prefs = dialog.preferences()
        save_preferences(self.settings, prefs)
        self.apply_preferences(prefs)
        self.statusBar().showMessage("Settings saved", 4000)
        if threshold is not None and dialog.copies_threshold() != threshold:
            self.regroup_copies(dialog.copies_threshold())

    def regroup_copies(self, threshold: float) -> None:
        """Set the archive's copies threshold and regroup every article, with progress."""
        self.regroup_dialog = start_regrouping(
            self,
            self.session,
            threshold,
            on_message=lambda text: self.statusBar().showMessage(text, 8000),
            on_error=self.show_error,
        )

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
        counts = listing.archive_counts(self.session.db)
        count = counts.articles
        self.sidebar_model.set_total(count)
        self.sidebar_model.set_view_counts(
            counts.entities, counts.claims, len(briefs.list_briefs(self.session.archive))
        )
        self.article_count = count
        index = {
            "checking": "checking the index…",
            "ok": "index up to date",
            "healed": "index brought up to date",
            "readonly": "read-only",
            "failed": "index needs repair (archivist check --repair)",
        }[self.index_state]
        parts = [f"{count:,} article{'s' if count != 1 else ''}", index]
        stories = count - copies.folded_copies(self.session.db)  # (articles counted above)
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

    def _heal_index(self) -> None:
        # Opening skipped the index check so the window shows at once; do it now, in the
        # background, on the writer thread (it may rebuild the index).
        if self.session.readonly:
            self.index_state = "readonly"
            self._update_counts()
            return

        def done(healed: bool) -> None:
            self.index_state = "healed" if healed else "ok"
            self._update_counts()
            if healed:
                self.library.refresh()
            reason = self.session.archive.index.rebuild_reason
            if healed and reason:
                self.statusBar().showMessage(
                    f"The search index was rebuilt from the archive's database: {reason}", 15000
                )

        def failed(error: BaseException) -> None:
            self.index_state = "failed"
            self._update_counts()

        self.session.write(heal_index_if_needed, on_done=done, on_error=failed, touches="nothing")

    def _daily_backup(self) -> None:
        """Take the day's rolling backup of the database if it is due (writer thread)."""
        if self.session.readonly or self.demo:
            return

        def work(archive: Any) -> datetime | None:
            if backup_due(archive):
                take_backup(archive)
            backups = list_backups(archive.root)
            return backups[0].taken_at if backups else None

        def done(taken_at: datetime | None) -> None:
            self.last_backup = taken_at
            self._update_counts()

        self.session.write(work, on_done=done, on_error=lambda _e: None, touches="nothing")

    def choose_backup_to_restore(self) -> None:
        """Pick one of the archive's rolling backups and ask to put it back in place."""
        backups = list_backups(self.session.root)
        if not backups:
            QMessageBox.information(
                self, "Restore from Backup", "This archive has no rolling backups yet."
            )
            return
        labels = [
            f"{b.taken_at.astimezone():%a %d %b %Y, %H:%M} · "
            + (f"{b.articles:,} articles" if b.articles is not None else "unreadable")
            for b in backups
        ]
        label, chosen = QInputDialog.getItem(
            self, "Restore from Backup", "Put the archive back as it was on:", labels, 0, False
        )
        if not chosen:
            return
        backup = backups[labels.index(label)]
        try:
            then = check_restorable(backup.path)
        except ArchivistError as exc:
            self.show_error(f"That backup cannot be restored: {exc}")
            return
        now = content_counts(self.session.db)
        losing = shrinks(then, now)
        text = (
            f"Replace the archive's annotations, briefs and metadata with the backup of {label}?"
            f"\n\nThe backup holds {then.text()}.\nThe archive holds {now.text()}."
        )
        if losing:
            text += "\n\nThe backup holds far fewer: restoring it drops the difference."
        text += (
            "\n\nThe archive as it is now is saved as a backup first, so this can be undone "
            "by restoring that one."
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning if losing else QMessageBox.Icon.Question,
            "Restore from Backup",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        restore = box.button(QMessageBox.StandardButton.Yes)
        restore.setText("Restore anyway" if losing else "Restore")
        self.dialog_runner(box)
        if box.clickedButton() is restore:
            self.restore_requested.emit(str(backup.path))

    def choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Back up the archive into an empty folder", str(self.session.root.parent)
        )
        if folder:
            self.back_up_to(Path(folder))

    def back_up_to(self, folder: Path) -> None:
        """A full, separate copy of the archive (database, originals, index) in `folder`."""
        self.statusBar().showMessage(f"Backing up to {folder}…")
        self.session.read(
            lambda archive: backup_archive(archive, folder),
            on_done=lambda report: self.statusBar().showMessage(
                f"Backed up {report.articles:,} articles to {report.path}", 10000
            ),
            on_error=lambda error: self.show_error(f"The backup failed: {error}"),
        )

    # --- library and search -------------------------------------------------------------------

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

    def _current_article_changed(self, article_id: int) -> None:
        if article_id < 0:
            return
        if self.reader.article is not None and self.reader.article.id == article_id:
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

    def jump_to_span(self, start: int, end: int) -> None:
        self.reader.text_view.select_span(start, end)
        self.reader.text_view.setFocus()

    def open_span(self, article_id: int, start: int, end: int) -> None:
        """Show an article in the reader with a span selected (from the entity/claim views)."""
        if self.reader.article is None or self.reader.article.id != article_id:
            self.reader.show_article(article_id)
        self.jump_to_span(start, end)

    def open_article(self, article_id: int) -> None:
        self.show_view(VIEW_LIBRARY)
        found = self.table.select_article(article_id)
        # (A row already selected changes nothing: the reader may be showing another
        # article, such as a copy folded into that row.)
        if not found or self.reader.article is None or self.reader.article.id != article_id:
            self.reader.show_article(article_id)

    def _step_article(self, step: int) -> None:
        current = self.table.currentIndex()
        row = (current.row() if current.isValid() else -1) + step
        if 0 <= row < self.article_model.rowCount():
            self.table.selectRow(row)

    def add_excerpt_to_brief(self) -> None:
        """Ctrl+B: the selected text becomes an excerpt in the open brief."""
        passage = self._selected_passage()
        if passage is not None:
            self.briefs_view.add_excerpt(*passage)

    def set_collapse_copies(self, collapse: bool) -> None:
        """One row per story in the library list, or every copy."""
        self.collapse_copies_action.setChecked(collapse)
        if self.library.collapse_copies != collapse:
            self.library.collapse_copies = collapse
            self.library.refresh()

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

    # --- changes from the writer thread -------------------------------------------------------

    def _annotations_changed(self, article_ids: Sequence[int] | None) -> None:
        article = self.reader.article
        if article is not None and (article_ids is None or article.id in article_ids):
            self.reader.reload_annotations()
            self._load_panel()
        self.article_model.invalidate(article_ids)
        self._update_counts()
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

    def choose_import_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self,
            "Import files",
            str(self.settings.value("import/lastFolder", str(Path.home()))),
            "Articles and documents (*.html *.htm *.txt *.md *.docx *.pdf *.eml *.xml *.rss *.atom);;All files (*)",
        )
        if files:
            self.settings.setValue("import/lastFolder", str(Path(files[0]).parent))
            self.import_paths(files)

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Import a folder", str(self.settings.value("import/lastFolder", str(Path.home())))
        )
        if folder:
            self.settings.setValue("import/lastFolder", folder)
            self.import_paths([folder])

    def import_paths(self, paths: Sequence[str | Path]) -> None:
        """Import files and folders (folders recursively) with a progress dialog."""
        if self.session.readonly:
            self.show_error("This archive is open read-only: importing is not possible.")
            return
        paths = [str(p) for p in paths]
        from archivist.progress import CancelToken

        token = CancelToken()
        relay = ProgressRelay(self)
        what = Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} items"
        dialog = ImportDialog(token, f"Importing {what}…", self)
        relay.progressed.connect(dialog.show_progress)
        self.import_dialog = dialog
        options = self.import_options

        def work(archive: Any) -> ImportReport:
            return import_paths(
                archive, paths, recursive=True, options=options, progress=relay.report, cancel=token
            )

        def done(report: ImportReport) -> None:
            dialog.finish()
            relay.deleteLater()
            self.statusBar().showMessage(summarise(report), 10000)
            self.show_import_report(report)

        def failed(error: BaseException) -> None:
            dialog.finish()
            relay.deleteLater()
            if isinstance(error, ArchiveWriteError) and isinstance(error.report, ImportReport):
                self.show_import_report(error.report)
            if isinstance(error, ArchivistError):
                self.show_error(str(error))
            else:
                self.session.runner.report_error(error, None)

        # Open first: with a synchronous runner the import finishes inside `write`.
        dialog.open()
        self.session.write(work, on_done=done, on_error=failed, touches="articles")

    def show_import_report(self, report: ImportReport) -> None:
        if report.imported and not report.failed and not report.duplicates and not report.cancelled:
            # Nothing to decide: go straight to the first new article.
            self.open_article(report.imported[0].id)
            if len(report.imported) <= 3:
                return
        dialog = ImportReportDialog(report, self)
        dialog.article_requested.connect(self.open_article)
        self.report_dialog = dialog
        dialog.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if (
            not self.session.readonly
            and mime.hasUrls()
            and any(u.isLocalFile() for u in mime.urls())
        ):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            # After the drop returns: a modal dialog inside a drop handler upsets some platforms.
            QTimer.singleShot(0, self, lambda: self.import_paths(paths))

    # --- articles -----------------------------------------------------------------------------

    def tag_selected_articles(self) -> None:
        ids = self.table.selected_ids()
        if not ids:
            self.statusBar().showMessage("Select articles in the list first", 5000)
            return
        tag, ok = QInputDialog.getText(self, "Add tag", f"Tag for {len(ids)} article(s):")
        if not ok or not tag.strip():
            return

        def work(archive: Any) -> int:
            for article_id in ids:
                ann.tag_article(archive, article_id, [tag])
            return len(ids)

        def done(count: int) -> None:
            self.statusBar().showMessage(f"Tagged {count} article(s) “{tag.strip()}”", 6000)
            self.library.refresh()

        self.session.write(
            work,
            on_done=done,
            on_error=lambda e: self.show_error(str(e)),
            article_ids=ids,
        )

    # --- archives -----------------------------------------------------------------------------

    def choose_archive(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Open archive folder", str(self.session.root.parent)
        )
        if folder:
            self.archive_requested.emit(folder)

    def choose_new_archive(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose an empty folder for the new archive", str(self.session.root.parent)
        )
        if folder:
            self.new_archive_requested.emit(folder)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in recent_archives(self.settings) if Path(p) != self.session.root]
        if not recent:
            action = self.recent_menu.addAction("No other recent archives")
            action.setEnabled(False)
            return
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.archive_requested.emit(p))

    # --- help ---------------------------------------------------------------------------------

    def show_query_help(self) -> None:
        QMessageBox.information(self, "Query language", QUERY_HELP)

    def show_shortcuts(self) -> None:
        rows = []
        for action in self.actions():
            if action.shortcut().isEmpty():
                continue
            name = action.text().replace("&", "")
            if action in (self.undo_action, self.redo_action):
                name = name.split(" ", 1)[0]
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            rows.append(f"<tr><td>{name}</td><td style='padding-left:18px'><b>{keys}</b></td></tr>")
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{''.join(rows)}</table>")

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Archivist",
            f"<h3>Archivist {__version__}</h3><p>An offline archive for news analysts: import, "
            "search, tag entities and claims, write briefs.</p>"
            f"<p style='color:{theme.MUTED}'>Archive: {self.session.root}</p>",
        )

    def _toggle_sidebar(self) -> None:
        self.sidebar.setVisible(self.toggle_sidebar_action.isChecked())

    def _toggle_panel(self) -> None:
        self.panel.setVisible(self.toggle_panel_action.isChecked())

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


def recent_archives(settings: QSettings) -> list[str]:
    value = settings.value("recentArchives", [])
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def remember_archive(settings: QSettings, root: Path) -> None:
    paths = [str(root)] + [p for p in recent_archives(settings) if p != str(root)]
    settings.setValue("recentArchives", paths[:MAX_RECENT])
