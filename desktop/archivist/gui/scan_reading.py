"""Reading a scanned article again by OCR in other languages, from the window (Article ▸ Read
Scan Again…): behind a progress dialog that counts the pages, its annotations found again in
the new reading or marked orphaned, Edit ▸ Undo restoring the old one."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QWidget

from archivist.annotations import TextChangeReport
from archivist.archive.archive import Archive
from archivist.archive.records import Article
from archivist.gui.regrouping import write_with_progress
from archivist.gui.session import ArchiveSession
from archivist.importers import ocr
from archivist.progress import Cancelled, CancelToken, ProgressCallback, ProgressEvent


def read_scan_again(
    parent: QWidget,
    session: ArchiveSession,
    article: Article,
    *,
    on_message: Callable[[str], None],
    on_error: Callable[[str], None],
) -> None:
    """Ask which languages to read `article` (a scan) in, then read it again."""
    status = ocr.ocr_status()
    if not status.available:
        on_error(status.describe())
        return
    was = json.loads(article.ocr or "{}").get("languages", "")
    languages, ok = QInputDialog.getText(
        parent,
        "Read Scan Again",
        f"Read “{article.title}” again by OCR in these languages, joined by + "
        f"(installed here: {', '.join(status.languages)}):",
        text=was,
    )
    languages = languages.strip().replace(" ", "").replace(",", "+")
    if not ok or not languages:
        return
    article_id = article.id

    def work(archive: Archive, progress: ProgressCallback, cancel: CancelToken) -> TextChangeReport:
        from archivist.importers.reextract import reextract

        def page_read(done: int, total: int) -> None:
            progress(ProgressEvent(done, total, f"page {done} of {total} read"))
            cancel.raise_if_cancelled()

        ocr.listen_to_pages(page_read)
        try:
            return reextract(archive, article_id, ocr_languages=languages)
        finally:
            ocr.listen_to_pages(None)

    def done(report: TextChangeReport) -> None:
        if not report.changed:
            on_message(f"Read again in {languages}: the text is the same")
            return
        counts = report.counts()
        orphaned = counts.get("orphaned", 0)
        found = sum(counts.values()) - orphaned
        on_message(
            f"Read again in {languages}: {found} annotation(s) found again, {orphaned} "
            "orphaned (Edit ▸ Undo restores the old reading)"
        )

    write_with_progress(
        parent,
        session,
        work,
        description=f"Reading “{article.title}” again in {languages}…",
        on_done=done,
        on_error=lambda message: on_error(f"The scan was not read again: {message}"),
        on_failure=lambda error: (
            isinstance(error, Cancelled)
            and on_message("Stopped: the article keeps its text") is None
        ),
        title="Reading a scan",
        unit="pages",
        starting="Reading the first page…",
        on_cancel="Stopping; the article keeps its text.",
    )
