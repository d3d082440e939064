"""Small pieces of the briefs view: the list of briefs that takes drops, a text prompt, and
the wording and look-ups its actions share."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QInputDialog, QListView, QWidget

from archivist import annotations as ann
from archivist.errors import ArchivistError
from archivist.gui.brief_drops import read_additions
from archivist.gui.session import ArchiveSession

DialogRunner = Callable[[QDialog], int]


def ask_text(
    runner: DialogRunner,
    parent: QWidget,
    title: str,
    label: str,
    text: str = "",
    *,
    multiline: bool = False,
) -> str | None:
    """A text from the analyst through an input dialog run by `runner` (tests script it)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    if multiline:
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    if runner(dialog) != QDialog.DialogCode.Accepted:
        return None
    value = dialog.textValue().strip()
    return value or None


class BriefListView(QListView):
    """The list of briefs; claims, excerpts and articles dropped on a brief go to `dropped_on`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dropped_on: Callable[..., None] | None = None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # Accept on entering if the drag carries anything a brief takes; the row is checked
        # while it moves and on the drop.
        if read_additions(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.dropped_on is not None:
            self.dropped_on(event, drop=False)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.dropped_on is not None:
            self.dropped_on(event, drop=True)


def added_message(kinds: Sequence[str]) -> str:
    """ "3 claims and 1 excerpt added to the brief"."""
    counts = {kind: kinds.count(kind) for kind in dict.fromkeys(kinds)}
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items()]
    if not parts:
        return "Nothing added to the brief"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{listed} added to the brief"


def briefs_claim_span(session: ArchiveSession, claim_id: int | None) -> tuple[int, int, int] | None:
    """Where a claim cited in a brief sits, to show it in the reader."""
    if claim_id is None:
        return None

    try:
        claim = ann.get_claim(session.archive, claim_id)
    except ArchivistError:
        return None
    return claim.article_id, claim.start, claim.end
