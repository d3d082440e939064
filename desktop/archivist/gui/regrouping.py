"""Long writes with a progress dialog (an import, a regrouping of copies), and regrouping
syndicated copies from a new threshold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from archivist.archive import Archive, maintenance
from archivist.errors import ArchivistError
from archivist.gui.dialogs.import_progress import ImportDialog
from archivist.gui.focus import return_focus_after
from archivist.gui.session import ArchiveSession
from archivist.gui.tasks import ProgressRelay
from archivist.progress import Cancelled, CancelToken, ProgressCallback

Result = TypeVar("Result")


def write_with_progress(
    parent: QWidget,
    session: ArchiveSession,
    work: Callable[[Archive, ProgressCallback, CancelToken], Result],
    *,
    description: str,
    on_done: Callable[[Result], None],
    on_error: Callable[[str], None],
    on_failure: Callable[[BaseException], bool] = lambda _error: False,
    reads_only: bool = False,
    **dialog_options: Any,
) -> ImportDialog:
    """Run `work(archive, progress, cancel)` on the writer thread behind a progress dialog
    (returned) whose Cancel sets `cancel`; the dialog closes when the work ends. A failure
    goes to `on_failure` first (True: handled), then an ArchivistError to `on_error` and
    anything else to the error dialog. Lists and counts are refreshed afterwards. Work that
    `reads_only` (an export) runs on a read thread instead, and refreshes nothing."""
    token = CancelToken()
    relay = ProgressRelay(parent)
    dialog = ImportDialog(token, description, parent, **dialog_options)
    relay.progressed.connect(dialog.show_progress)

    def done(result: Result) -> None:
        dialog.finish()
        relay.deleteLater()
        on_done(result)

    def failed(error: BaseException) -> None:
        dialog.finish()
        relay.deleteLater()
        if on_failure(error):
            return
        if isinstance(error, ArchivistError):
            on_error(str(error))
        else:
            session.runner.report_error(error, None)

    return_focus_after(dialog)
    dialog.open()  # first: with a synchronous runner the work finishes inside `write`
    if reads_only:
        session.read(
            lambda archive: work(archive, relay.report, token), on_done=done, on_error=failed
        )
    else:
        session.write(
            lambda archive: work(archive, relay.report, token),
            on_done=done,
            on_error=failed,
            touches="articles",
        )
    return dialog


def start_regrouping(
    parent: QWidget,
    session: ArchiveSession,
    threshold: float,
    *,
    on_message: Callable[[str], None],
    on_error: Callable[[str], None],
) -> ImportDialog:
    """Set the archive's copies `threshold` and regroup every article on the writer thread,
    showing progress in a dialog (returned) whose Cancel leaves the groups and the threshold
    as they were: both change in one transaction."""

    def cancelled(error: BaseException) -> bool:
        if isinstance(error, Cancelled):
            on_message("Regrouping cancelled: the copies are grouped as before")
            return True
        return False

    return write_with_progress(
        parent,
        session,
        lambda archive, progress, cancel: maintenance.regroup_copies(
            archive, threshold=threshold, progress=progress, cancel=cancel
        ),
        description=f"Regrouping syndicated copies from similarity {threshold:g}…",
        on_done=lambda _result: on_message(
            f"Syndicated copies regrouped from similarity {threshold:g}"
        ),
        on_error=on_error,
        on_failure=cancelled,
        title="Regrouping copies",
        unit="articles",
        starting="Reading the articles…",
        on_cancel="Stopping: the groups and the threshold stay as they were.",
    )
