"""The briefs view's key judgments: write one, change one, change the brief's yardstick."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from archivist import ach, briefs
from archivist.ach import MatrixSummary
from archivist.briefs import BriefItem
from archivist.gui.dialogs.judgment import JudgmentDialog
from archivist.gui.models.brief_models import ItemRole

if TYPE_CHECKING:
    from archivist.gui.widgets.briefs_view import BriefsView


class JudgmentActions:
    """What the briefs view does with key judgments, through its writer and dialogs."""

    def __init__(self, view: BriefsView) -> None:
        self.view = view

    def _with_matrices(self, then: Callable[[list[MatrixSummary]], None]) -> None:
        """Read the matrices a judgment may rest on (off the GUI thread), then go on."""
        self.view.session.read(
            ach.list_matrices,
            on_done=then,
            on_error=lambda error: self.view.error_occurred.emit(str(error)),
        )

    def add(self) -> None:
        """Write a key judgment (after the selected item)."""
        if self.view.brief is None or self.view.session.readonly:
            return
        self._with_matrices(self._add)

    def _add(self, matrices: list[MatrixSummary]) -> None:
        if self.view.brief is None:
            return
        dialog = JudgmentDialog(self.view.brief, None, self.view, matrices)
        current = (
            self.view.items.currentIndex().data(ItemRole)
            if self.view.items.currentIndex().isValid()
            else None
        )
        if current is not None and current.kind == "claim" and current.claim_id is not None:
            dialog.check("claim", current.claim_id)  # (written from the evidence in view)
        elif current is not None and current.kind == "excerpt":
            dialog.check("excerpt", current.id)
        if self.view.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        values = asdict(dialog.values())
        text = values.pop("text")
        brief_id, position = self.view.brief.id, self.view._insert_position()
        self.view._write(
            lambda archive: briefs.add_judgment(
                archive, brief_id, text, position=position, **values
            ),
            lambda _i: "Key judgment added",
            select_item=True,
        )

    def edit(self, item: BriefItem) -> None:
        if self.view.brief is None or self.view.session.readonly:
            return
        self._with_matrices(lambda matrices: self._edit(item, matrices))

    def _edit(self, item: BriefItem, matrices: list[MatrixSummary]) -> None:
        if self.view.brief is None:
            return
        dialog = JudgmentDialog(self.view.brief, item, self.view, matrices)
        if self.view.dialog_runner(dialog) != QDialog.DialogCode.Accepted:
            return
        values = asdict(dialog.values())  # (every field: unchanged ones stay as they were)
        brief_id, item_id = self.view.brief.id, item.id
        self.view._write(
            lambda archive: briefs.edit_judgment(archive, brief_id, item_id, **values),
            lambda _i: "Key judgment changed",
        )

    def change_yardstick(self) -> None:
        key = self.view.yardstick_field.currentData()
        if (
            self.view.brief is None
            or key == self.view.brief.yardstick
            or self.view.session.readonly
        ):
            return
        brief_id = self.view.brief.id
        self.view._write(
            lambda archive: briefs.set_yardstick(archive, brief_id, key),
            lambda b: f"Key judgments now use the {briefs.YARDSTICKS[b.yardstick].name} yardstick",
        )
