"""Screenshots of the desktop app on the demo archive, rendered offscreen for the README.

Run: python tests/gui/screenshots.py OUT_DIR   (e.g. resources/screenshots)
"""

from __future__ import annotations

import os
import sys

# Before the first Qt import: render without a display, the same on every machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from archivist import annotations as ann
from archivist.archive import open_archive
from archivist.gui import theme
from archivist.gui.app import configure_application
from archivist.gui.compat import install_guards
from archivist.gui.demo import fill_demo_archive
from archivist.gui.main_window import MainWindow
from archivist.gui.models.ach_matrix_model import FIRST_HYPOTHESIS
from archivist.gui.models.sidebar_model import (
    VIEW_ACH,
    VIEW_BRIEFS,
    VIEW_CLAIMS,
    VIEW_ENTITIES,
    VIEW_LIBRARY,
)
from archivist.gui.session import ArchiveSession
from archivist.gui.tasks import SyncTaskRunner

SIZE = (1400, 860)


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def save(pixmap: QPixmap, path: Path) -> None:
    # Quality 0 is PNG's strongest compression (lossless): smaller files for the repository.
    if not pixmap.toImage().save(str(path), "PNG", 0):
        raise OSError(f"could not write {path}")
    print(f"{path}  {path.stat().st_size // 1024} KB")


def with_dialog_over(window: QWidget, dialog: QDialog) -> QPixmap:
    """The window with `dialog` painted centred over it, as the analyst would see it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    dialog.adjustSize()
    dialog.show()
    settle(app)
    base = window.grab()
    shot = dialog.grab()
    painter = QPainter(base)
    # A dimmed window behind, and a frame, set the dialog apart without a window manager.
    painter.fillRect(base.rect(), QColor(0, 0, 0, 40))
    at = QPoint((base.width() - shot.width()) // 2, (base.height() - shot.height()) // 3)
    painter.setPen(QColor(theme.BORDER))
    painter.drawRect(at.x() - 1, at.y() - 1, shot.width() + 1, shot.height() + 1)
    painter.drawPixmap(at, shot)
    painter.end()
    dialog.hide()
    return base


class Capturer:
    """Stands in for dialog.exec(): photographs the dialog over the window, then cancels it."""

    def __init__(self) -> None:
        self.window: QWidget | None = None
        self.next_path: Path | None = None
        self.prepare: Callable[[QDialog], None] | None = None

    def __call__(self, dialog: QDialog) -> int:
        if self.window is not None and self.next_path is not None:
            if self.prepare is not None:
                self.prepare(dialog)
            save(with_dialog_over(self.window, dialog), self.next_path)
        self.next_path = self.prepare = None
        return int(QDialog.DialogCode.Rejected)


def select(window: MainWindow, fragment: str) -> None:
    view = window.reader.text_view
    start = view.text.index(fragment)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(start))
    cursor.setPosition(view.offsets.to_qt(start + len(fragment)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def open_article(window: MainWindow, title_start: str) -> None:
    model = window.article_model
    for row in range(model.rowCount()):
        if model.row_data(row).title.startswith(title_start):
            window.open_article(model.article_id(row))
            return
    raise LookupError(title_start)


def main(out_dir: Path) -> int:
    install_guards()
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    theme.apply_theme(app, dark=False)
    with tempfile.TemporaryDirectory(prefix="archivist-shots-") as tmp:
        root = Path(tmp) / "archive"
        with open_archive(root) as archive:
            fill_demo_archive(archive)
        settings = QSettings(str(Path(tmp) / "gui.ini"), QSettings.Format.IniFormat)
        archive = open_archive(root, heal_index=False)
        session = ArchiveSession(archive, SyncTaskRunner())
        capture = Capturer()
        window = MainWindow(session, settings, demo=True, dialog_runner=capture)
        capture.window = window
        window.resize(*SIZE)
        window.show()
        settle(app)
        try:
            shoot(app, window, capture, out_dir)
        finally:
            window.close()
            settle(app)
            session.close()
    return 0


def shoot(app: QApplication, window: MainWindow, capture: Capturer, out: Path) -> None:
    open_article(window, "Dockworkers")
    settle(app)
    save(window.grab(), out / "main-window.png")

    window.search_bar.set_text("port veldra barges")
    settle(app)
    save(window.grab(), out / "search.png")
    window.table.selectRow(0)  # (opened from the search: the reader is at its first hit)
    settle(app)
    window.reader.step_hit(1)
    settle(app)
    save(window.grab(), out / "reader-hits.png")
    window.search_bar.set_text("")

    window.batch_search_action.trigger()
    batch = window.batch_dialog
    batch.editor.setPlainText(
        "Port Veldra\nTokayev OR Токаев\nentity:Almaty\nbarges AND published:2024-03\n"
        '"Mira Castell"\nfery~1\nnosuchfield:x'
    )
    batch.run()
    settle(app)
    batch.table.selectRow(0)
    settle(app)
    save(batch.grab(), out / "batch-search.png")
    batch.close()
    settle(app)

    open_article(window, "Flood closes Old Sorrel Bridge")
    select(window, "Old Sorrel Bridge")
    capture.next_path = out / "tag-entity.png"
    window.tag_entity_action.trigger()

    select(window, "closed until further notice")
    capture.next_path = out / "record-claim.png"
    window.record_claim_action.trigger()

    window.show_view(VIEW_ENTITIES)
    settle(app)
    if window.entities_view.table.model().rowCount():
        window.entities_view.table.selectRow(0)
    settle(app)
    save(window.grab(), out / "entities.png")

    window.show_view(VIEW_CLAIMS)
    claims = ann.list_claims(window.session.archive)
    disputed = next((c for c in claims if c.status == "disputed"), claims[0])
    window.claims_view.select_claim(disputed.id)
    settle(app)
    save(window.grab(), out / "claims.png")

    window.show_view(VIEW_BRIEFS)
    settle(app)
    save(window.grab(), out / "briefs.png")

    window.show_view(VIEW_ACH)
    ach_view = window.ach_view
    ach_view.table.setCurrentIndex(ach_view.model.index(3, FIRST_HYPOTHESIS + 1))
    settle(app)
    save(window.grab(), out / "competing-hypotheses.png")

    # Issued, then its evidence changed: the banner says what.
    view = window.briefs_view
    with tempfile.TemporaryDirectory(prefix="archivist-issue-") as issued:
        view.export(Path(issued) / "brief.docx")
        settle(app)
        cited = [i.claim_id for i in view.brief.items if i.kind == "claim"] if view.brief else []
        if cited:
            window.session.write(
                lambda a: ann.edit_claim(a, cited[0], reliability="D", credibility=4)
            )
            window.session.write(lambda a: ann.edit_claim(a, cited[-1], status="refuted"))
        view.refresh()
        settle(app)
        save(window.grab(), out / "brief-staleness.png")

    theme.apply_theme(app, dark=True)
    window.show_view(VIEW_LIBRARY)
    open_article(window, "Dockworkers")
    window.reader.reload()  # highlights take the dark swatches
    window.reader.text_view.setFocus(Qt.FocusReason.OtherFocusReason)
    settle(app)
    save(window.grab(), out / "main-window-dark.png")
    theme.apply_theme(app, dark=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    raise SystemExit(main(Path(sys.argv[1])))
