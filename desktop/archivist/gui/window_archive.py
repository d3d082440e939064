"""What the main window does to the archive as a whole: import, back up and restore, heal
the index, open another archive, settings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
)

from archivist import annotations as ann
from archivist.archive import copies
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
from archivist.gui.dialogs.import_report import ImportReportDialog, summarise
from archivist.gui.dialogs.settings import SettingsDialog
from archivist.gui.focus import return_focus_after
from archivist.gui.preferences import load_preferences, save_preferences
from archivist.gui.regrouping import start_regrouping, write_with_progress
from archivist.importers.pipeline import ImportOptions, ImportReport, import_paths
from archivist.progress import Cancelled


class ArchiveOperations:
    """Import, backups, index healing, other archives and settings, for the main window.

    A mixin of MainWindow: its methods use the window's widgets, actions and session."""

    def open_settings(self) -> None:
        """Edit ▸ Settings…: store what the analyst set and apply what shows at once (the
        archive's own setting read first, on a read thread)."""
        if self.session.readonly:  # (the archive's settings cannot change: not shown)
            self._show_settings(None)
            return
        self.session.read(
            lambda archive: copies.threshold(archive.db),
            on_done=self._show_settings,
            on_error=lambda error: self.statusBar().showMessage(
                f"Could not read the archive's settings: {error}", 8000
            ),
        )

    def _show_settings(self, threshold: float | None) -> None:
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

    def choose_annotation_import(self) -> None:
        """File ▸ Import Annotations: another archive's export, or Hypothesis's."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Import annotations",
            str(self.settings.value("import/lastFolder", str(Path.home()))),
            "Annotations — Web Annotation JSON-LD, Hypothesis JSON (*.json *.jsonld);;"
            "All files (*)",
        )
        if path:
            self.settings.setValue("import/lastFolder", str(Path(path).parent))
            self.import_annotation_file(Path(path))

    def import_annotation_file(self, path: Path) -> None:
        """Import the annotations of `path` on the writer thread (one change: Ctrl+Z undoes
        it), then say what came in and what was left out."""
        from archivist import bounded_json
        from archivist.annotations.exchange import import_annotation_file
        from archivist.gui.dialogs.annotation_report import report_box

        if self.session.readonly:
            self.show_error("This archive is open read-only: importing is not possible.")
            return

        def work(archive: Any) -> ann.AnnotationImportReport:
            try:
                with path.open("rb") as file:
                    text = file.read(bounded_json.MAX_BYTES + 1)
            except OSError as exc:
                raise ArchiveWriteError(f"cannot read {path.name}: {exc.strerror}") from exc
            return import_annotation_file(archive, text)

        def done(report: ann.AnnotationImportReport) -> None:
            box = report_box(report, self)
            self.statusBar().showMessage(f"{path.name}: {box.text()}", 10000)
            self.dialog_runner(box)

        self.statusBar().showMessage(f"Importing the annotations of {path.name}…")
        self.session.write(
            work,
            on_done=done,
            on_error=lambda error: self.show_error(f"{path.name}: {error}"),
        )

    def choose_annotation_export(self) -> None:
        """File ▸ Export Annotations: every annotated article's, as Web Annotation JSON-LD."""
        folder = Path(str(self.settings.value("annotations/lastFolder", str(Path.home()))))
        path, _filter = QFileDialog.getSaveFileName(
            self,
            "Export annotations",
            str(folder / "annotations.jsonld"),
            "Web Annotation JSON-LD (*.jsonld *.json)",
        )
        if path:
            self.settings.setValue("annotations/lastFolder", str(Path(path).parent))
            self.export_annotation_file(Path(path))

    def export_annotation_file(self, path: Path) -> None:
        """Write every annotated article's annotations to `path` (whole or not at all), on a
        read thread."""
        from archivist.briefs.export import checked_destination, write_atomically

        def work(archive: Any) -> int:
            data = ann.export_annotations(archive)
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            write_atomically(checked_destination(path), lambda out: out.write(text.encode()))
            return int(data["total"])

        self.session.read(
            work,
            on_done=lambda count: self.statusBar().showMessage(
                f"Exported {count:,} annotation(s) to {path}", 10000
            ),
            on_error=lambda error: self.show_error(
                f"The annotations could not be written: {error}"
            ),
        )

    # --- bundles between analysts ------------------------------------------------------------

    def choose_bundle_export(self) -> None:
        """File ▸ Export Bundle: what goes in (everything, the search listed, a brief's), then
        where."""
        from archivist import briefs
        from archivist.exchange import BUNDLE_SUFFIX
        from archivist.gui.dialogs.bundle_export import BundleScopeDialog

        result = self.library.last_result
        query = result.query if result is not None else ""
        listed = result.total if result is not None and query else 0
        dialog = BundleScopeDialog(
            self.session.archive.count(),
            query,
            listed,
            briefs.list_briefs(self.session.archive),
            self,
        )
        if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        folder = Path(str(self.settings.value("bundles/lastFolder", str(Path.home()))))
        path, _filter = QFileDialog.getSaveFileName(
            self,
            "Export bundle",
            str(folder / f"bundle-{datetime.now():%Y-%m-%d}{BUNDLE_SUFFIX}"),
            f"Archivist bundle (*{BUNDLE_SUFFIX} *.zip)",
        )
        if path:
            self.settings.setValue("bundles/lastFolder", str(Path(path).parent))
            self.export_bundle_to(Path(path), **dialog.scope())  # type: ignore[arg-type]

    def export_bundle_to(
        self, path: Path, *, query: str | None = None, brief_id: int | None = None
    ) -> None:
        """Write a bundle behind a progress dialog (Cancel leaves no file)."""
        from archivist.exchange import BundleExportReport, export_bundle

        def done(report: BundleExportReport) -> None:
            self.statusBar().showMessage(
                f"Wrote {report.articles:,} article(s), {report.annotations:,} annotation(s) and "
                f"{report.briefs} brief(s) to {report.path} ({report.size / 1e6:.1f} MB)",
                10000,
            )

        write_with_progress(
            self,
            self.session,
            lambda archive, progress, cancel: export_bundle(
                archive, path, query=query, brief_id=brief_id, progress=progress, cancel=cancel
            ),
            description=f"Writing {path.name}…",
            on_done=done,
            on_error=lambda message: self.show_error(f"The bundle could not be written: {message}"),
            on_failure=lambda error: isinstance(error, Cancelled),
            reads_only=True,
            title="Exporting",
        )

    def choose_bundle_import(self) -> None:
        """File ▸ Import Bundle: another analyst's articles, annotations and briefs."""
        from archivist.exchange import BUNDLE_SUFFIX

        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Import bundle",
            str(self.settings.value("bundles/lastFolder", str(Path.home()))),
            f"Archivist bundle (*{BUNDLE_SUFFIX} *.zip);;All files (*)",
        )
        if path:
            self.settings.setValue("bundles/lastFolder", str(Path(path).parent))
            self.import_bundle_from(Path(path))

    def import_bundle_from(self, path: Path) -> None:
        """Merge a bundle behind a progress dialog, then show the merge report."""
        from archivist.exchange import BundleImportReport, import_bundle
        from archivist.gui.dialogs.bundle_report import bundle_report_box

        if self.session.readonly:
            self.show_error("This archive is open read-only: importing is not possible.")
            return

        def done(report: BundleImportReport) -> None:
            box = bundle_report_box(report, self)
            self.statusBar().showMessage(f"{path.name}: {box.text()}", 10000)
            self.dialog_runner(box)

        write_with_progress(
            self,
            self.session,
            lambda archive, progress, _cancel: import_bundle(archive, path, progress=progress),
            description=f"Merging {path.name}…",
            on_done=done,
            on_error=lambda message: self.show_error(f"The bundle was not imported: {message}"),
            title="Importing",
        )

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
        what = Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} items"
        # Scans are read in the languages of Settings (none set: every one installed).
        languages = load_preferences(self.settings).ocr_languages or None
        options = replace(self.import_options or ImportOptions(), ocr_languages=languages)

        def done(report: ImportReport) -> None:
            self.statusBar().showMessage(summarise(report), 10000)
            searching = self.library.query
            self.show_import_report(report)
            if report.imported:
                self.count_watches()
                if searching:
                    self.offer_new_articles([item.id for item in report.imported], searching)

        def partly_done(error: BaseException) -> bool:
            # What was committed before the failure is reported; the error is shown too.
            if isinstance(error, ArchiveWriteError) and isinstance(error.report, ImportReport):
                self.show_import_report(error.report)
            return False

        self.import_dialog = write_with_progress(
            self,
            self.session,
            lambda archive, progress, cancel: import_paths(
                archive, paths, recursive=True, options=options, progress=progress, cancel=cancel
            ),
            description=f"Importing {what}…",
            on_done=done,
            on_error=self.show_error,
            on_failure=partly_done,
        )

    def offer_new_articles(self, article_ids: list[int], query: str) -> None:
        """The list shows a search's results, which the new articles may not be among: say
        so in the status bar, with a button that shows them (every article listed, the
        first new one open). It goes with the next search."""
        count = len(article_ids)
        button = self.new_articles_button
        button.setText(
            f"{count} new article{'s' if count != 1 else ''} imported while the list shows "
            f"the search “{query[:40]}”: Show"
        )
        button.setToolTip("List every article again and open the first new one")
        button.setProperty("query", query)
        button.setProperty("articles", article_ids)
        button.show()

    def _show_new_articles(self) -> None:
        """The offer's button: every article listed, the first new one open."""
        button = self.new_articles_button
        button.hide()
        article_ids = button.property("articles") or []
        self.show_all_articles()
        if article_ids:
            self.open_article(int(article_ids[0]))

    def show_import_report(self, report: ImportReport) -> None:
        if report.imported and not report.failed and not report.duplicates and not report.cancelled:
            # Nothing to decide: go straight to the first new article.
            self.open_article(report.imported[0].id)
            if len(report.imported) <= 3:
                return
        dialog = ImportReportDialog(report, self)
        dialog.article_requested.connect(self.open_article)
        self.report_dialog = dialog
        return_focus_after(dialog)
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
