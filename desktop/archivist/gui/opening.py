"""Opening an archive for the GUI: the write lock, or read-only when another process holds it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from archivist.archive import Archive, open_archive
from archivist.archive.archive import DB_NAME
from archivist.errors import ArchiveError, ArchiveLockedError, ArchiveTooNewError
from archivist.gui.dialogs.locked import ask_open_readonly

# A command-line search or check holds the write lock for a moment only; wait that long, not
# the core's default ten seconds with the window frozen, before asking the analyst.
LOCK_WAIT_S = 1.5

AskReadonly = Callable[[str, QWidget | None], bool]
ShowError = Callable[[str, str, QWidget | None], None]


def show_error(title: str, message: str, parent: QWidget | None) -> None:
    QMessageBox.warning(parent, title, message)


def is_archive(folder: Path) -> bool:
    return (folder / DB_NAME).is_file()


def open_for_gui(
    root: Path,
    parent: QWidget | None = None,
    *,
    create: bool = True,
    ask_readonly: AskReadonly = ask_open_readonly,
    on_error: ShowError = show_error,
) -> Archive | None:
    """Open `root` for the GUI thread, or None when it cannot (or the analyst declined).

    The index is healed later, in the background (see MainWindow): opening stays quick.
    """
    try:
        return open_archive(
            root, create=create, access="write", heal_index=False, lock_wait_s=LOCK_WAIT_S
        )
    except ArchiveLockedError as exc:
        if not ask_readonly(str(exc), parent):
            return None
        try:
            return open_archive(root, create=False, access="read")
        except ArchiveError as read_exc:
            on_error("Cannot open the archive", str(read_exc), parent)
            return None
    except ArchiveTooNewError as exc:
        on_error("Archive from a newer Archivist", str(exc), parent)
        return None
    except (ArchiveError, OSError) as exc:
        on_error("Cannot open the archive", f"{root}\n\n{exc}", parent)
        return None
