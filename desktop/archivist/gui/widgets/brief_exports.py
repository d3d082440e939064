"""The briefs view's exports: issue the brief as its next version (on the writer thread), list
the versions it was issued as, and write one again exactly as issued."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from archivist import briefs
from archivist.briefs import ExportReport
from archivist.gui.dialogs.brief_versions import BriefVersionsDialog
from archivist.gui.preferences import load_preferences

if TYPE_CHECKING:
    from archivist.gui.widgets.briefs_view import BriefsView


class BriefExports:
    """What the briefs view does with exports and issued versions."""

    def __init__(self, view: BriefsView) -> None:
        self.view = view

    def _ask_path(self, title: str, name: str) -> Path | None:
        """A file to write, asked in the folder last written to (remembered)."""
        folder = str(self.view.settings.value("briefs/lastFolder", str(Path.home())))
        path, _filter = QFileDialog.getSaveFileName(
            self.view,
            title,
            str(Path(folder) / f"{name.replace('/', '-')}.docx"),
            "Word document (*.docx);;Markdown (*.md)",
        )
        if not path:
            return None
        self.view.settings.setValue("briefs/lastFolder", str(Path(path).parent))
        return Path(path)

    def choose(self) -> None:
        if self.view.brief is None:
            return
        path = self._ask_path("Export brief", self.view.brief.title[:60])
        if path is not None:
            self.export(path)

    def export(self, path: Path, *, template: Path | None = None) -> None:
        """Write the brief and issue it as its next version (on the writer thread); on an
        archive open read-only, write a draft (a read thread: nothing is recorded).

        Without an explicit `template`, a Word export uses the one chosen in Settings.
        """
        if self.view.brief_id is None:
            return
        brief_id = self.view.brief_id
        if template is None and path.suffix.lower() == ".docx":
            template = load_preferences(self.view.settings).template_path
        issue = not self.view.session.readonly

        def done(report: ExportReport) -> None:
            if report.version is None:
                issued = "a draft (the archive is open read-only: no version issued)"
            elif report.issued:
                issued = f"issued as version {report.version}"
            else:
                issued = f"unchanged since version {report.version}"
            text = (
                f"Exported to {report.path} — {issued}: {report.claims} claim(s), "
                f"{report.excerpts} excerpt(s), {report.footnotes} footnote(s)"
            )
            if report.warnings:
                text += f" — {len(report.warnings)} warning(s): " + "; ".join(report.warnings[:3])
            self.view.message_posted.emit(text)
            self.view.last_export = report
            if self.view.brief_id == brief_id:
                self.view.open_brief(brief_id)  # (its banner: the version just issued)

        def work(archive: Any) -> ExportReport:
            return briefs.export_brief(archive, brief_id, path, template=template, issue=issue)

        if issue:
            self.view.session.write(
                work, on_done=done, on_error=self.view._failed, touches="nothing"
            )
        else:
            self.view.session.read(work, on_done=done, on_error=self.view._failed)

    def choose_sources(self) -> None:
        """Export Sources…: the articles the open brief cites, for a citation manager."""
        if self.view.brief is None:
            return
        from archivist.gui.dialogs.sources_file import ask_sources_file

        chosen = ask_sources_file(
            self.view, self.view.settings, f"{self.view.brief.title[:56]} sources"
        )
        if chosen is not None:
            self.export_sources(*chosen)

    def export_sources(self, path: Path, format_name: str) -> None:
        """Write the brief's sources (numbered as its Word export numbers them) to `path`,
        on a read thread."""
        if self.view.brief_id is None:
            return
        brief_id = self.view.brief_id
        from archivist.briefs import bibliography

        def work(archive: Any) -> list[bibliography.SourceRecord]:
            ids = bibliography.brief_article_ids(archive, brief_id)
            return bibliography.write_sources(archive, ids, path, format_name)

        def done(records: list[bibliography.SourceRecord]) -> None:
            self.view.message_posted.emit(f"Wrote the brief's {len(records)} source(s) to {path}")

        self.view.session.read(work, on_done=done, on_error=self.view._failed)

    def show_versions(self) -> BriefVersionsDialog | None:
        """The versions the open brief was issued as; "Write again…" exports one as issued."""
        if self.view.brief is None:
            return None
        brief = self.view.brief
        dialog = BriefVersionsDialog(
            brief.title, briefs.list_versions(self.view.session.archive, brief.id), self.view
        )
        dialog.write_requested.connect(lambda version: self.choose_version_export(version))
        self.view.dialog_runner(dialog)
        return dialog

    def choose_version_export(self, version: int) -> None:
        if self.view.brief is None:
            return
        path = self._ask_path(
            f"Write version {version} again", f"{self.view.brief.title[:56]} v{version}"
        )
        if path is not None:
            self.export_version(version, path)

    def export_version(self, version: int, path: Path) -> None:
        """Write an issued version again, exactly as issued (it only reads the archive)."""
        if self.view.brief_id is None:
            return
        brief_id = self.view.brief_id

        def done(report: ExportReport) -> None:
            text = f"Wrote version {version} again, as issued, to {report.path}"
            if report.warnings:
                text += " — " + "; ".join(report.warnings[:2])
            self.view.message_posted.emit(text)
            self.view.last_export = report

        self.view.session.read(
            lambda archive: briefs.export_version(archive, brief_id, version, path),
            on_done=done,
            on_error=self.view._failed,
        )
