"""Above a brief's items: the version last issued, and what changed in its evidence since
(each change a link that shows the claim or excerpt in the reader)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from archivist.briefs import EvidenceChange, StalenessReport
from archivist.gui import theme


class StalenessBanner(QFrame):
    """Shows a brief's StalenessReport; hidden while the brief was never issued."""

    show_requested = Signal(int, int, int)  # article id, start, end of a changed quote
    versions_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.label.linkActivated.connect(self._open)
        self.versions_button = QPushButton("Versions…", self)
        self.versions_button.setToolTip("The versions this brief was issued as; write one again")
        self.versions_button.clicked.connect(self.versions_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.versions_button, 0, Qt.AlignmentFlag.AlignTop)
        self.changes: list[EvidenceChange] = []
        self.hide()

    def set_report(self, report: StalenessReport | None) -> None:
        self.changes = list(report.changes) if report is not None else []
        if report is None or report.issued_version is None:
            self.hide()
            return
        when = (report.issued_at or "")[:16].replace("T", " ")
        if not self.changes:
            text = (
                f"Issued as version {report.issued_version} on {html.escape(when)} UTC — "
                "its evidence has not changed since."
            )
        else:
            count = len(self.changes)
            lines = [
                f"<b>⚠ Since version {report.issued_version} was issued "
                f"({html.escape(when)} UTC), {count} change{'s' if count != 1 else ''} "
                "in its evidence:</b>"
            ]
            for number, change in enumerate(self.changes):
                line = html.escape(change.message)
                if change.article_id is not None and change.start is not None:
                    line += f' — <a href="change:{number}">show</a>'
                lines.append(f"• {line}")
            lines.append("Export the brief again to issue a version with the evidence as it is.")
            text = "<br>".join(lines)
        self.label.setText(text)
        theme.set_style_property(self, "stale", "true" if self.changes else "false")
        self.show()

    def _open(self, link: str) -> None:
        kind, _, number = link.partition(":")
        if kind != "change" or not number.isdigit() or int(number) >= len(self.changes):
            return
        change = self.changes[int(number)]
        if change.article_id is not None and change.start is not None and change.end is not None:
            self.show_requested.emit(change.article_id, change.start, change.end)
