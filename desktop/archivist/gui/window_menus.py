"""The main window's frame: actions, menus, toolbar, status bar, the layout it restores, and
the Help menu's windows."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QSplitter, QToolBar

from archivist import __version__
from archivist.gui import theme
from archivist.gui.icons import icon
from archivist.gui.models.sidebar_model import (
    VIEW_ACH,
    VIEW_BRIEFS,
    VIEW_CLAIMS,
    VIEW_ENTITIES,
    VIEW_LIBRARY,
)
from archivist.gui.preferences import recent_archives
from archivist.gui.widgets.search_bar import QUERY_HELP

# Showing the page image widens the reader to this (text and page side by side), leaving the
# list of articles at least the other.
PAGE_IMAGE_READER_WIDTH = 860
MIN_LIST_WIDTH = 320


def _shortcut(action: QAction, *keys: QKeySequence | QKeySequence.StandardKey | str) -> None:
    action.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys])


class WindowMenus:
    """Builds the actions, menus, toolbar and status bar of the main window, saves and
    restores its layout, and shows the Help menu's windows.

    A mixin of MainWindow: its methods use the window's widgets, actions and session."""

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
        self.import_annotations_action = a(
            "Import &Annotations…",
            self.choose_annotation_import,
            tip="Annotations from another archive (Web Annotation JSON-LD) or from Hypothesis",
        )
        self.export_annotations_action = a(
            "&Export Annotations…",
            self.choose_annotation_export,
            tip="Every annotated article's annotations, as W3C Web Annotation JSON-LD",
        )
        self.export_bundle_action = a(
            "Export &Bundle…",
            self.choose_bundle_export,
            tip="One file of articles, annotations and briefs for another analyst's archive",
        )
        self.import_bundle_action = a(
            "Import B&undle…",
            self.choose_bundle_import,
            tip="Merge another analyst's bundle: your own edits are never overwritten",
        )
        self.export_sources_action = a(
            "Export &Sources…",
            self.choose_sources_export,
            tip="Write the articles listed for a citation manager (CSL JSON, RIS, BibTeX)",
        )
        self.backup_action = a("&Back Up Archive…", self.choose_backup_folder)
        self.restore_action = a("&Restore from Backup…", self.choose_backup_to_restore)
        self.quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = a("&Undo", self.undo, "Ctrl+Z", icon_name="undo")
        self.redo_action = a("&Redo", self.redo, "Ctrl+Shift+Z", "Ctrl+Y", icon_name="redo")
        self.settings_action = a("Se&ttings…", self.open_settings, "Ctrl+,")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.find_action = a(
            "&Search the Archive…",
            self.search_bar.focus,
            "Ctrl+L",
            tip="Put the cursor in the search box",
        )
        self.find_in_article_action = a(
            "&Find in Article…",
            self.find_in_article,
            QKeySequence.StandardKey.Find,
            tip="Find words in the article shown and in its annotations",
        )
        self.next_hit_action = a("Next &Hit", lambda: self.reader.step_hit(1), "F3", "Ctrl+G")
        self.previous_hit_action = a(
            "Previous Hi&t",
            lambda: self.reader.step_hit(-1),
            "Shift+F3",
            "Ctrl+Shift+G",
        )
        self.batch_search_action = a(
            "&Batch Search…",
            self.open_batch_search,
            "Ctrl+Shift+F",
            tip="Run a list of names or queries at once: a table of totals, dates and top hits",
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
        self.page_image_action = a(
            "Show &Page Image",
            self._toggle_page_image,
            "Ctrl+Alt+P",
            icon_name="page",
            tip="The page of the original (a PDF, a scan) beside its text, following the reading",
        )
        self.page_image_action.setCheckable(True)
        self.read_again_action = a(
            "Read Scan &Again…",
            self.read_scan_again,
            tip="Read this scan again by OCR in other languages; its annotations are found again",
        )
        self.reader.page_button.setDefaultAction(self.page_image_action)
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
        file_menu.addAction(self.import_annotations_action)
        file_menu.addAction(self.export_annotations_action)
        file_menu.addAction(self.export_sources_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_bundle_action)
        file_menu.addAction(self.export_bundle_action)
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
        edit_menu.addAction(self.find_in_article_action)
        edit_menu.addAction(self.batch_search_action)
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
        article_menu.addAction(self.page_image_action)
        article_menu.addAction(self.read_again_action)
        article_menu.addAction(self.tag_articles_action)
        article_menu.addSeparator()
        article_menu.addAction(self.next_hit_action)
        article_menu.addAction(self.previous_hit_action)
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

    def show_query_help(self) -> None:
        QMessageBox.information(self, "Query language", QUERY_HELP)

    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard Shortcuts: grouped by task, with a filter."""
        from archivist.gui.dialogs.shortcuts import ShortcutsDialog, grouped_shortcuts

        self.dialog_runner(ShortcutsDialog(grouped_shortcuts(self), self))

    def show_about(self) -> None:
        from archivist.importers.ocr import ocr_status

        QMessageBox.about(
            self,
            "About Archivist",
            f"<h3>Archivist {__version__}</h3><p>An offline archive for news analysts: import, "
            "search, tag entities and claims, write briefs.</p>"
            f"<p>{escape(ocr_status().describe())}</p>"
            f"<p style='color:{theme.MUTED}'>Archive: {self.session.root}</p>",
        )

    def _toggle_sidebar(self) -> None:
        self.sidebar.setVisible(self.toggle_sidebar_action.isChecked())

    def _toggle_panel(self) -> None:
        self.panel.setVisible(self.toggle_panel_action.isChecked())

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
        # After an import while a search filters the list: the new articles may not be in
        # it, so the window says so and offers to show them.
        self.new_articles_button = QPushButton("", self)
        self.new_articles_button.setFlat(True)
        self.new_articles_button.setObjectName("StatusLink")
        self.new_articles_button.hide()
        self.new_articles_button.clicked.connect(self._show_new_articles)
        status.addWidget(self.new_articles_button)
        status.addPermanentWidget(self.upkeep_label)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.status_label)
        # Owned by the window, so it cannot fire into a closed window.
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(400)
        self._busy_timer.timeout.connect(self._show_busy)

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
        if self.settings.value("reader/pageImage") in (True, "true"):
            self.page_image_action.setChecked(True)
            self.reader.set_page_image_wanted(True)
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
            ("window/pageSplitter", self.reader.text_splitter),
        ]

    def _toggle_page_image(self) -> None:
        wanted = self.page_image_action.isChecked()
        if wanted:
            self._widen_reader(PAGE_IMAGE_READER_WIDTH)
        self.reader.set_page_image_wanted(wanted)
        self.settings.setValue("reader/pageImage", wanted)

    def _widen_reader(self, width: int) -> None:
        """Give the reader `width` pixels (text and page image side by side), taken from the
        list of articles as far as it can spare them."""
        sidebar, listing, reader = self.splitter.sizes()
        spare = min(width - reader, listing - MIN_LIST_WIDTH)
        if spare > 0:
            self.splitter.setSizes([sidebar, listing - spare, reader + spare])

    def _save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        for key, splitter in self._splitters():
            self.settings.setValue(key, splitter.saveState())
        self.settings.setValue("window/tableHeader", self.table.horizontalHeader().saveState())
        self.settings.sync()
