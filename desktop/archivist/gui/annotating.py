"""Annotation gestures of the reader (tag, claims, mentions, entities, undo/redo) as core calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from archivist import annotations as ann
from archivist.annotations import Claim, HistoryEntry, Suggestion, TagResult
from archivist.annotations.across_copies import SpreadReport, spread_claim, spread_mention
from archivist.archive import copies
from archivist.errors import ArchivistError, HistoryError
from archivist.gui.dialogs.cited_delete import confirm_deleting_claim
from archivist.gui.dialogs.entity_editor import EntityEditDialog, EntityEdits
from archivist.gui.dialogs.find_mentions import FindMentionsDialog
from archivist.gui.dialogs.record_claim import ClaimValues, RecordClaimDialog
from archivist.gui.dialogs.tag_entity import TagEntityChoice, TagEntityPopup
from archivist.gui.focus import run_dialog
from archivist.gui.session import ArchiveSession
from archivist.gui.widgets.reader import ReaderWidget

DialogRunner = Callable[[QDialog], int]


class Annotator(QObject):
    """The annotation gestures of the main window, kept apart so they can be tested alone."""

    message_posted = Signal(str)  # for the status bar
    error_occurred = Signal(str)  # for a message box

    def __init__(
        self,
        session: ArchiveSession,
        reader: ReaderWidget,
        parent_widget: QWidget,
        *,
        dialog_runner: DialogRunner = run_dialog,
    ) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.reader = reader
        self.parent_widget = parent_widget
        self.dialog_runner = dialog_runner
        #: The type the analyst tagged as last: the next Tag dialog starts on it.
        self.last_entity_type: str | None = None
        view = reader.text_view
        view.find_mentions_requested.connect(self.find_mentions)
        view.delete_mention_requested.connect(lambda mention_id: self.delete_mentions([mention_id]))
        view.edit_claim_requested.connect(self.edit_claim)
        view.delete_claim_requested.connect(self.delete_claim)

    # --- helpers ------------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ArchivistError):
            self.error_occurred.emit(str(error))
        else:
            self.session.runner.report_error(error, None)

    def _writable(self) -> bool:
        if self.session.readonly:
            self.message_posted.emit("This archive is open read-only: tagging is not available.")
            return False
        return True

    def _selection(self) -> tuple[int, Any] | None:
        article = self.reader.article
        span = self.reader.text_view.selected_span()
        if article is None or span is None:
            self.message_posted.emit("Select some text in the article first.")
            return None
        return article.id, span

    # --- entities -----------------------------------------------------------------------------

    def tag_entity(self) -> None:
        """Ctrl+E: tag the selected text as a mention of an entity."""
        if not self._writable():
            return
        selected = self._selection()
        if selected is None:
            return
        article_id, span = selected
        archive = self.session.archive
        popup = TagEntityPopup(
            span.quote,
            ann.list_entity_types(archive),
            ann.list_entities(archive),
            self.parent_widget,
            last_type=self.last_entity_type,
        )
        if self.dialog_runner(popup) != QDialog.DialogCode.Accepted:
            return
        choice = popup.choice()
        self.last_entity_type = choice.type
        self.apply_tag(article_id, span.start, span.end, choice)

    def apply_tag(self, article_id: int, start: int, end: int, choice: TagEntityChoice) -> None:
        def work(archive: Any) -> tuple[TagResult, list[int]]:
            tagged = ann.tag_entity(
                archive,
                article_id,
                name=None if choice.entity_id is not None else choice.name,
                type=choice.type,
                entity_id=choice.entity_id,
                start=start,
                end=end,
                add_alias=choice.add_alias,
            )
            return tagged, copies.copies_of(archive.db, article_id)

        def done(outcome: tuple[TagResult, list[int]]) -> None:
            result, others = outcome
            entity = result.entity
            text = f"Tagged “{result.mention.quote}” as {entity.name} ({entity.type})"
            if result.created_entity:
                text += " — new entity"
            if result.added_alias:
                text += f"; alias “{result.added_alias}” added"
            if result.other_types:
                known = ", ".join(f"{e.name} ({e.type})" for e in result.other_types)
                text += f". Also known: {known}"
            self.message_posted.emit(text)
            mention_id = result.mention.id
            self._offer_spread(
                others,
                f"Tag “{result.mention.quote}” as {entity.name} in them too?",
                lambda archive: spread_mention(archive, mention_id),
            )

        self.session.write(work, on_done=done, on_error=self._failed, article_ids=[article_id])

    def delete_mentions(self, mention_ids: list[int]) -> None:
        if not self._writable() or not mention_ids:
            return

        def work(archive: Any) -> int:
            for mention_id in mention_ids:
                ann.delete_mention(archive, mention_id)
            return len(mention_ids)

        article = self.reader.article
        self.session.write(
            work,
            on_done=lambda n: self.message_posted.emit(f"Removed {n} mention(s) — Ctrl+Z to undo"),
            on_error=self._failed,
            article_ids=[article.id] if article else None,
        )

    def edit_entity(self, entity_id: int) -> None:
        if not self._writable():
            return
        archive = self.session.archive
        try:
            entity = ann.get_entity(archive, entity_id)
        except ArchivistError as exc:
            self.error_occurred.emit(str(exc))
            return
        dialog = EntityEditDialog(entity, ann.list_entity_types(archive), self.parent_widget)
        if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        self.apply_entity_edits(entity_id, dialog.edits())

    def apply_entity_edits(self, entity_id: int, edits: EntityEdits) -> None:
        def work(archive: Any) -> str:
            entity = ann.get_entity(archive, entity_id)
            old_name = entity.name
            renamed = bool(edits.name) and edits.name != entity.name
            if renamed:
                ann.rename_entity(archive, entity_id, edits.name)
                entity = ann.get_entity(archive, entity_id)
            if edits.type != entity.type or (edits.description or None) != (
                entity.description or None
            ):
                ann.edit_entity(archive, entity_id, type=edits.type, description=edits.description)
            current = {a.casefold(): a for a in ann.get_entity(archive, entity_id).aliases}
            wanted = {
                a.casefold(): a for a in edits.aliases if a.casefold() != entity.name.casefold()
            }
            if renamed:
                # The old name stays findable (rename_entity kept it as an alias).
                wanted.setdefault(old_name.casefold(), old_name)
            for key, alias in current.items():
                if key not in wanted:
                    ann.remove_alias(archive, entity_id, alias)
            for key, alias in wanted.items():
                if key not in current:
                    ann.add_alias(archive, entity_id, alias)
            return ann.get_entity(archive, entity_id).name

        self.session.write(
            work,
            on_done=lambda name: self.message_posted.emit(f"Saved entity {name}"),
            on_error=self._failed,
        )

    # --- claims -------------------------------------------------------------------------------

    def _claim_dialog(self, quote: str, claim: Claim | None = None) -> RecordClaimDialog:
        archive = self.session.archive
        return RecordClaimDialog(
            quote,
            ann.list_entities(archive),
            ann.list_claimants(archive),
            self.parent_widget,
            claim=claim,
        )

    def record_claim(self) -> None:
        """Ctrl+K: record a claim on the selected text."""
        if not self._writable():
            return
        selected = self._selection()
        if selected is None:
            return
        article_id, span = selected
        dialog = self._claim_dialog(span.quote)
        if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        self.apply_claim(article_id, span.start, span.end, dialog.values())

    def apply_claim(self, article_id: int, start: int, end: int, values: ClaimValues) -> None:
        def work(archive: Any) -> tuple[Claim, list[int]]:
            claim = ann.add_claim(
                archive,
                article_id,
                claimant=values.claimant,
                start=start,
                end=end,
                statement=values.statement,
                reliability=values.reliability,
                credibility=values.credibility,
                status=values.status,
                note=values.note,
            )
            return claim, copies.copies_of(archive.db, article_id)

        def done(outcome: tuple[Claim, list[int]]) -> None:
            claim, others = outcome
            grade = f" ({claim.grade})" if claim.grade else ""
            self.message_posted.emit(f"Recorded a claim by {claim.claimant}{grade}, {claim.status}")
            claim_id = claim.id
            self._offer_spread(
                others,
                f"Record the claim by {claim.claimant} on the same passage in them too?",
                lambda archive: spread_claim(archive, claim_id),
            )

        self.session.write(work, on_done=done, on_error=self._failed, article_ids=[article_id])

    def _offer_spread(
        self, others: list[int], question: str, spread: Callable[[Any], SpreadReport]
    ) -> None:
        """When the article is one copy of a syndicated story (`others`: its other copies,
        read with the change), offer to apply what was just recorded to the same passage of
        the other copies (one change, one undo)."""
        if not others or self.session.readonly:
            return
        count = f"{len(others)} other cop{'y' if len(others) == 1 else 'ies'}"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Apply to the other copies?",
            f"This story was also published as {count} in the archive. {question}\n\n"
            "The passage is found again in each copy by its words and context.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.parent_widget,
        )
        apply = box.button(QMessageBox.StandardButton.Yes)
        apply.setText("Apply to copies")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.dialog_runner(box)
        if box.clickedButton() is not apply:
            return

        def done(report: SpreadReport) -> None:
            text = f"Applied to {len(report.created)} cop(ies)"
            if report.already:
                text += f"; {len(report.already)} had it already"
            if report.not_found:
                text += f"; the passage is not in {len(report.not_found)}"
            self.message_posted.emit(text + " — Ctrl+Z to undo")

        self.session.write(spread, on_done=done, on_error=self._failed, article_ids=others)

    def edit_claim(self, claim_id: int) -> None:
        if not self._writable():
            return
        try:
            claim = ann.get_claim(self.session.archive, claim_id)
        except ArchivistError as exc:
            self.error_occurred.emit(str(exc))
            return
        dialog = self._claim_dialog(claim.quote, claim)
        if self.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        self.apply_claim_edit(claim, dialog.values())

    def apply_claim_edit(self, claim: Claim, values: ClaimValues) -> None:
        changes: dict[str, Any] = {
            "statement": values.statement,
            "reliability": values.reliability,
            "credibility": values.credibility,
            "status": values.status,
            "note": values.note,
        }
        if values.claimant != claim.claimant:
            changes["claimant"] = values.claimant
        self.session.write(
            lambda archive: ann.edit_claim(archive, claim.id, **changes),
            on_done=lambda c: self.message_posted.emit(f"Saved the claim by {c.claimant}"),
            on_error=self._failed,
            article_ids=[claim.article_id],
        )

    def delete_claim(self, claim_id: int) -> None:
        if not self._writable():
            return
        if not confirm_deleting_claim(
            self.session, claim_id, self.parent_widget, self.dialog_runner
        ):
            return
        self.session.write(
            lambda archive: ann.delete_claim(archive, claim_id),
            on_done=lambda c: self.message_posted.emit(
                f"Deleted the claim by {c.claimant} — Ctrl+Z to undo"
            ),
            on_error=self._failed,
        )

    def delete_note(self, note_id: int) -> None:
        """Delete a note on a span (undoable: no question asked)."""
        if not self._writable():
            return
        self.session.write(
            lambda archive: ann.delete_span_note(archive, note_id),
            on_done=lambda _note: self.message_posted.emit("Deleted the note — Ctrl+Z to undo"),
            on_error=self._failed,
        )

    # --- suggestions --------------------------------------------------------------------------

    def find_mentions(self, entity_id: int) -> FindMentionsDialog | None:
        """Offer the entity's untagged occurrences, here and across the archive."""
        try:
            entity = ann.get_entity(self.session.archive, entity_id)
        except ArchivistError as exc:
            self.error_occurred.emit(str(exc))
            return None
        dialog = FindMentionsDialog(entity, self.parent_widget)
        current = self.reader.article.id if self.reader.article else None
        dialog.accepted_suggestions.connect(
            lambda chosen: self.accept_suggestions(entity_id, chosen)
        )
        if self.session.readonly:
            dialog.tag_all_button.hide()
            dialog.tag_checked_button.hide()
        self.session.read(
            lambda archive: ann.find_suggestions(archive, entity_id, limit=2000),
            on_done=lambda found: dialog.set_suggestions(found, current),
            on_error=lambda error: dialog.show_error(str(error)),
        )
        self.dialog_runner(dialog)
        return dialog

    def accept_suggestions(self, entity_id: int, chosen: list[Suggestion]) -> None:
        if not self._writable():
            return
        ids = sorted({s.article_id for s in chosen})
        self.session.write(
            lambda archive: ann.accept_suggestions(archive, entity_id, chosen),
            on_done=lambda made: self.message_posted.emit(
                f"Tagged {len(made)} more mention(s) in {len(ids)} article(s)"
            ),
            on_error=self._failed,
            article_ids=ids,
        )

    # --- history ------------------------------------------------------------------------------

    def undo_target(self) -> HistoryEntry | None:
        if self.session.readonly:
            return None
        return ann.undo_target(self.session.archive)

    def redo_target(self) -> HistoryEntry | None:
        if self.session.readonly:
            return None
        return ann.redo_target(self.session.archive)

    def undo(self) -> None:
        if not self._writable():
            return
        self.session.write(
            ann.undo,
            on_done=lambda entry: self.message_posted.emit(f"Undone: {entry.summary}"),
            on_error=self._history_failed,
        )

    def redo(self) -> None:
        if not self._writable():
            return
        self.session.write(
            ann.redo,
            on_done=lambda entry: self.message_posted.emit(f"Redone: {entry.summary}"),
            on_error=self._history_failed,
        )

    def _history_failed(self, error: BaseException) -> None:
        if isinstance(error, HistoryError):
            self.message_posted.emit(str(error).capitalize())
        else:
            self._failed(error)
