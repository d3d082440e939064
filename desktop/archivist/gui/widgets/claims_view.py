"""The claims view: filter, sort, link claims, apply suggested statuses, jump to the quote."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from archivist import annotations as ann
from archivist.annotations import STATUSES, Claim
from archivist.annotations.grades import credibility_label, reliability_label
from archivist.errors import ArchivistError
from archivist.gui import theme
from archivist.gui.archive_queries import claims_with_titles
from archivist.gui.dialogs.cited_delete import confirm_deleting_claim
from archivist.gui.models.claim_table_model import (
    COL_ARTICLE,
    COL_CLAIMANT,
    COL_GRADE,
    COL_LINKS,
    COL_QUOTE,
    COL_STATUS,
    ClaimFilterProxy,
    ClaimRole,
    ClaimTableModel,
)
from archivist.gui.session import ArchiveSession
from archivist.gui.widgets.records_view import RecordsView


class ClaimsView(RecordsView):
    quote_requested = Signal(int, int, int)  # article id, start, end
    edit_requested = Signal(int)
    add_to_brief_requested = Signal(list)  # claim ids, for the open brief

    NOUN = "claims"

    def __init__(
        self,
        session: ArchiveSession,
        parent: QWidget | None = None,
        *,
        dialog_runner: Callable[[QDialog], int] = QDialog.exec,
    ) -> None:
        super().__init__(
            session,
            ClaimTableModel(),
            ClaimFilterProxy(),
            parent,
            placeholder="Filter by quote, claimant, paraphrase or note",
            sorted_by=COL_ARTICLE,
            stretched=COL_QUOTE,
            widths={
                COL_CLAIMANT: 160,
                COL_GRADE: 56,
                COL_STATUS: 110,
                COL_LINKS: 48,
                COL_ARTICLE: 200,
            },
        )
        self.dialog_runner = dialog_runner
        self.status_box = QComboBox(self)
        self.status_box.addItem("All statuses", None)
        for status in STATUSES:
            self.status_box.addItem(status.label, status.code)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setWordWrap(False)

        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.goto_button = QPushButton("Go to quote", self)
        self.edit_button = QPushButton("Edit…", self)
        self.corroborates_button = QPushButton("Corroborates", self)
        self.corroborates_button.setToolTip(
            "Select two claims: the current one corroborates the other"
        )
        self.contradicts_button = QPushButton("Contradicts", self)
        self.contradicts_button.setToolTip(
            "Select two claims: the current one contradicts the other"
        )
        self.unlink_button = QPushButton("Unlink", self)
        self.suggested_button = QPushButton("Apply suggested status", self)
        self.delete_button = QPushButton("Delete", self)
        self.brief_button = QToolButton(self)
        self.brief_button.setText("Add to brief")
        self.brief_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.brief_button.setToolTip(
            "Add the selected claims to the open brief (the arrow: to another brief)"
        )

        buttons = QHBoxLayout()
        for button in (self.goto_button, self.edit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        link_label = QLabel("Link:", self)
        link_label.setObjectName("Muted")
        buttons.addWidget(link_label)
        for button in (self.corroborates_button, self.contradicts_button, self.unlink_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.suggested_button)
        buttons.addWidget(self.brief_button)
        buttons.addWidget(self.delete_button)
        self._lay_out([self.status_box], buttons, [self.details], (14, 8, 14, 10))

        self.filter_field.textChanged.connect(self._filter_changed)
        self.status_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _index: self._goto())
        self.goto_button.clicked.connect(self._goto)
        self.edit_button.clicked.connect(self._edit)
        self.corroborates_button.clicked.connect(lambda: self._link("corroborates"))
        self.contradicts_button.clicked.connect(lambda: self._link("contradicts"))
        self.unlink_button.clicked.connect(self._unlink)
        self.suggested_button.clicked.connect(self._apply_suggested)
        self.delete_button.clicked.connect(self._delete)
        self.brief_button.clicked.connect(self._add_to_brief)
        self._selection_changed()

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._stale = False
        status = self.status_box.currentData()
        selected = [c.id for c in self.selected_claims()]

        def apply(found: tuple[list[Claim], dict[int, str]]) -> None:
            self.model.set_claims(*found)
            self._update_count()
            for claim_id in selected:
                self.select_claim(claim_id, add=True)

        self.session.read(
            lambda archive: claims_with_titles(archive, status),
            on_done=apply,
            on_error=lambda e: self.error_occurred.emit(str(e)),
        )

    def _filter_changed(self) -> None:
        self.proxy.set_text(self.filter_field.text())
        self._update_count()

    def select_claim(self, claim_id: int, *, add: bool = False) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ClaimRole).id == claim_id:
                flags = self.table.selectionModel().SelectionFlag
                mode = (flags.Select if add else flags.ClearAndSelect) | flags.Rows
                self.table.selectionModel().select(self.proxy.index(row, 0), mode)
                if not add:
                    self.table.setCurrentIndex(self.proxy.index(row, 0))
                return

    def selected_claims(self) -> list[Claim]:
        """The selected claims, the current one first."""
        rows = self.table.selectionModel().selectedRows()
        claims = [index.data(ClaimRole) for index in rows]
        current = (
            self.table.currentIndex().data(ClaimRole)
            if self.table.currentIndex().isValid()
            else None
        )
        if current is not None and current in claims:
            claims.remove(current)
            claims.insert(0, current)
        return claims

    def _selection_changed(self) -> None:
        chosen = self.selected_claims()
        writable = not self.session.readonly
        one, two = len(chosen) == 1, len(chosen) == 2
        self.goto_button.setEnabled(one)
        self.brief_button.setEnabled(bool(chosen) and writable)
        self.edit_button.setEnabled(one and writable)
        self.delete_button.setEnabled(one and writable)
        self.corroborates_button.setEnabled(two and writable)
        self.contradicts_button.setEnabled(two and writable)
        linked = two and any(
            link.get("other_claim_id") == chosen[1].id or link.get("claim_id") == chosen[1].id
            for link in chosen[0].links
        )
        self.unlink_button.setEnabled(bool(linked) and writable)
        self.suggested_button.setEnabled(
            one
            and writable
            and chosen[0].suggested_status != chosen[0].status
            and bool(chosen[0].links)
        )
        self.details.setText(self._details_html(chosen[0]) if one else self._hint(len(chosen)))

    @staticmethod
    def _hint(count: int) -> str:
        if count == 2:
            return f"<span style='color:{theme.MUTED}'>Two claims selected: link them with Corroborates or Contradicts.</span>"
        return f"<span style='color:{theme.MUTED}'>Select a claim to see its details; select two to link them.</span>"

    def _details_html(self, claim: Claim) -> str:
        esc = html.escape
        colour = theme.status_colour(claim.status).strong
        grade = ""
        if claim.grade:
            meanings = [
                x
                for x in (
                    reliability_label(claim.reliability),
                    credibility_label(claim.credibility),
                )
                if x
            ]
            grade = f" · <b>{esc(claim.grade)}</b> ({esc(', '.join(meanings).lower())})"
        parts = [
            f"<p style='font-size:11pt'><i>“{esc(claim.quote)}”</i></p>",
            f"<p>— <b>{esc(claim.claimant)}</b>{grade} · <span style='color:{colour}'>{esc(claim.status)}</span>"
            f" · {esc(self.model.title(claim.article_id))}</p>",
        ]
        if claim.statement:
            parts.append(f"<p>Paraphrase: {esc(claim.statement)}</p>")
        if claim.note:
            parts.append(f"<p>Note: {esc(claim.note)}</p>")
        for link in claim.links:
            parts.append(
                f"<p style='color:{theme.MUTED}'>↔ {esc(self._describe_link(claim, link))}</p>"
            )
        return "".join(parts)

    def _describe_link(self, claim: Claim, link: dict[str, object]) -> str:
        if link.get("claim_id") == claim.id:
            return f"this claim {link.get('relation')} claim #{link.get('other_claim_id')}"
        return f"claim #{link.get('claim_id')} {link.get('relation')} this claim"

    # --- actions ------------------------------------------------------------------------------

    def _goto(self) -> None:
        chosen = self.selected_claims()
        if len(chosen) == 1:
            claim = chosen[0]
            self.quote_requested.emit(claim.article_id, claim.start, claim.end)

    def _edit(self) -> None:
        chosen = self.selected_claims()
        if len(chosen) == 1:
            self.edit_requested.emit(chosen[0].id)

    def _add_to_brief(self) -> None:
        chosen = [claim.id for claim in self.selected_claims()]
        if chosen:
            self.add_to_brief_requested.emit(chosen)

    def _link(self, relation: str) -> None:
        chosen = self.selected_claims()
        if len(chosen) == 2:
            self.link(chosen[0].id, chosen[1].id, relation)

    def link(self, claim_id: int, other_id: int, relation: str) -> None:
        self.session.write(
            lambda archive: ann.link_claims(archive, claim_id, other_id, relation),
            on_done=lambda link: self.message_posted.emit(
                f"Claim #{claim_id} {relation} claim #{other_id}"
                + (f" — note: {link.warning}" if link.warning else "")
            ),
            on_error=self._failed,
        )

    def _unlink(self) -> None:
        chosen = self.selected_claims()
        if len(chosen) == 2:
            first, second = chosen[0].id, chosen[1].id
            self.session.write(
                lambda archive: ann.unlink_claims(archive, first, second),
                on_done=lambda _link: self.message_posted.emit("Link removed"),
                on_error=self._failed,
            )

    def _apply_suggested(self) -> None:
        chosen = self.selected_claims()
        if len(chosen) == 1:
            claim_id = chosen[0].id
            self.session.write(
                lambda archive: ann.apply_suggested_status(archive, claim_id),
                on_done=lambda claim: self.message_posted.emit(f"Status set to {claim.status}"),
                on_error=self._failed,
            )

    def _delete(self) -> None:
        chosen = self.selected_claims()
        if len(chosen) == 1:
            claim_id = chosen[0].id
            if not confirm_deleting_claim(self.session, claim_id, self, self.dialog_runner):
                return
            self.session.write(
                lambda archive: ann.delete_claim(archive, claim_id),
                on_done=lambda claim: self.message_posted.emit(
                    f"Deleted the claim by {claim.claimant} — Ctrl+Z to undo"
                ),
                on_error=self._failed,
            )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ArchivistError):
            self.error_occurred.emit(str(error))
        else:
            self.session.runner.report_error(error, None)
