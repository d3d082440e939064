"""Regrouping syndicated copies from a new threshold, in the background, with progress."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from archivist.archive import maintenance
from archivist.errors import ArchivistError
from archivist.gui.dialogs.import_progress import ImportDialog
from archivist.gui.session import ArchiveSession
from archivist.gui.tasks import ProgressRelay
from archivist.progress import Cancelled, CancelToken


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
    token = CancelToken()
    relay = ProgressRelay(parent)
    dialog = ImportDialog(
        token,
        f"Regrouping syndicated copies from similarity {threshold:g}…",
        parent,
        title="Regrouping copies",
        unit="articles",
        starting="Reading the articles…",
        on_cancel="Stopping: the groups and the threshold stay as they were.",
    )
    relay.progressed.connect(dialog.show_progress)

    def done(_result: object) -> None:
        dialog.finish()
        relay.deleteLater()
        on_message(f"Syndicated copies regrouped from similarity {threshold:g}")

    def failed(error: BaseException) -> None:
        dialog.finish()
        relay.deleteLater()
        if isinstance(error, Cancelled):
            on_message("Regrouping cancelled: the copies are grouped as before")
        elif isinstance(error, ArchivistError):
            on_error(str(error))
        else:
            session.runner.report_error(error, None)

    dialog.open()  # first: with a synchronous runner the work finishes inside `write`
    session.write(
        lambda archive: maintenance.regroup_copies(
            archive, threshold=threshold, progress=relay.report, cancel=token
        ),
        on_done=done,
        on_error=failed,
        touches="articles",
    )
    return dialog
