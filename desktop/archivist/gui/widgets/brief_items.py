"""What the Briefs view does to a brief's items: add headings, text, claims, excerpts and
whatever is dropped on it, sort, move and remove them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QDialog,
)

from archivist import briefs
from archivist.briefs import BriefItem
from archivist.gui.brief_drops import (
    BriefAddition,
    claim_addition,
    excerpt_addition,
    read_additions,
)
from archivist.gui.dialogs.prose_editor import ProseEditor
from archivist.gui.models.brief_models import BriefRole
from archivist.gui.widgets.brief_parts import (
    added_message,
    ask_text,
)


class BriefItemEditing:
    """Adding, moving and removing a brief's items.\n\n    A mixin of BriefsView: its methods use the view's widgets, session and brief."""

    def add_heading(self) -> None:
        text = ask_text(
            self.dialog_runner, self, "Add heading", "Heading (a level-1 heading opens a section):"
        )
        if text and self.brief_id is not None:
            brief_id, position = self.brief_id, self._insert_position()
            self._write(
                lambda archive: briefs.add_heading(archive, brief_id, text, position=position),
                lambda _i: "Heading added",
                select_item=True,
            )

    def add_text(self) -> None:
        """Write analyst text (after the selected item) on the writing surface."""
        if self.brief is None:
            return
        editor = ProseEditor(self.brief, "", self)
        if self.dialog_runner(editor) != QDialog.DialogCode.Accepted or not editor.text():
            return
        text, brief_id, position = editor.text(), self.brief.id, self._insert_position()
        self._write(
            lambda archive: briefs.add_text(archive, brief_id, text, position=position),
            lambda _i: "Text added",
            select_item=True,
        )

    def edit_text(self, item: BriefItem) -> None:
        """Change an analyst-text item on the writing surface."""
        if self.brief is None or self.session.readonly:
            return
        editor = ProseEditor(self.brief, item.text or "", self)
        if self.dialog_runner(editor) != QDialog.DialogCode.Accepted or not editor.text():
            return
        text, brief_id, item_id = editor.text(), self.brief.id, item.id
        self._write(
            lambda archive: briefs.edit_item(archive, brief_id, item_id, text=text),
            lambda _i: "Text changed",
        )

    def _insert_position(self) -> int | None:
        """Where a new item goes: just after the selected one (the end when none is)."""
        index = self.items.currentIndex()
        return index.row() + 2 if index.isValid() else None

    def add_claims(self, claim_ids: Sequence[int]) -> None:
        """Add claims to the open brief in one change (creating a first brief when there is
        none); the status bar counts them."""
        additions = [claim_addition(claim_id) for claim_id in claim_ids]
        self._with_brief(lambda brief_id: self.add_items(additions, brief_id))

    def sort_by_article(self) -> None:
        """Order each run of evidence by article and place in it (one undoable change)."""
        if self.brief_id is None or self.session.readonly:
            return
        brief_id = self.brief_id
        before = [item.id for item in self.brief.items] if self.brief else []
        self._write(
            lambda archive: briefs.sort_by_article(archive, brief_id),
            lambda b: (
                "Evidence sorted by article (Ctrl+Z puts the old order back)"
                if [item.id for item in b.items] != before
                else "The evidence is in article order already"
            ),
        )

    def add_claim(self, claim_id: int) -> None:
        """Add a claim to the open brief (creating a first brief when there is none)."""
        self.add_claims([claim_id])

    def add_excerpt(self, article_id: int, start: int, end: int) -> None:
        """Add an excerpt to the open brief, after its selected item."""
        self._with_brief(
            lambda brief_id: self.add_items([excerpt_addition(article_id, start, end)], brief_id)
        )

    def add_items(self, additions: Sequence[BriefAddition], brief_id: int | None) -> None:
        """Add claims, excerpts or articles to brief `brief_id` (None: ask for a new brief)."""
        if self.session.readonly:
            self.message_posted.emit("This archive is open read-only")
            return
        if not additions:
            return
        items = list(additions)
        if brief_id is None:
            title = ask_text(self.dialog_runner, self, "New brief", "Title of the new brief:")
            if title:
                self.create_brief(title, then=lambda new_id: self.add_items(items, new_id))
            return
        target = brief_id
        # Into the open brief: after its selected item, in the order given; elsewhere: at
        # the end.
        first = self._insert_position() if target == self.brief_id else None

        def work(archive: Any) -> list[BriefItem]:
            # One write task, so the items land together and in the order given.
            added: list[BriefItem] = []
            for addition in items:
                at = None if first is None else first + len(added)
                if addition.kind == "claim" and addition.claim_id is not None:
                    added.append(
                        briefs.add_claim_item(archive, target, addition.claim_id, position=at)
                    )
                elif addition.kind == "excerpt" and addition.article_id is not None:
                    added.append(
                        briefs.add_excerpt(
                            archive,
                            target,
                            addition.article_id,
                            start=addition.start,
                            end=addition.end,
                            position=at,
                        )
                    )
                elif addition.article_id is not None:
                    added.append(
                        briefs.add_article_item(archive, target, addition.article_id, position=at)
                    )
            return added

        self._write(
            work,
            lambda added: added_message([item.kind for item in added]),
            select=target,
            select_item=True,
        )

    def drop_on_brief(self, event: QDropEvent, *, drop: bool) -> None:
        """A drag over the list of briefs: accept what can be added; add it on the drop."""
        index = self.brief_list.indexAt(event.position().toPoint())
        additions = read_additions(event.mimeData())
        if self.session.readonly or not additions or not index.isValid():
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if drop:
            self.add_items(additions, index.data(BriefRole).id)

    def _with_brief(self, then: Callable[[int], None]) -> None:
        if self.session.readonly:
            self.message_posted.emit("This archive is open read-only")
            return
        if self.brief_id is None:
            self.refresh()
        if self.brief_id is not None:
            then(self.brief_id)
            return
        title = ask_text(
            self.dialog_runner, self, "New brief", "No brief yet. Title of a new brief:"
        )
        if title:
            self.create_brief(title, then=then)

    def move_item(self, item_id: int, position: int) -> None:
        if self.brief_id is None or self.session.readonly:
            return
        brief_id = self.brief_id
        self._write(
            lambda archive: briefs.move_item(archive, brief_id, item_id, to=position),
            lambda _i: "Moved",
        )

    def _move_current(self, by: int) -> None:
        item_id = self._current_item_id()
        if item_id is None or self.brief_id is None:
            return
        brief_id = self.brief_id
        row = self.item_model.row_of(item_id) or 0
        if not 0 <= row + by < self.item_model.rowCount():
            return
        self._write(
            lambda archive: briefs.move_item(archive, brief_id, item_id, by=by), lambda _i: "Moved"
        )

    def remove_current(self) -> None:
        item_id = self._current_item_id()
        if item_id is None or self.brief_id is None:
            return
        brief_id = self.brief_id
        self._write(
            lambda archive: briefs.remove_item(archive, brief_id, item_id),
            lambda _i: "Removed from the brief",
        )
