"""Asking before a claim that an issued brief cites is deleted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from archivist import briefs
from archivist.gui.session import ArchiveSession


def confirm_deleting_claim(
    session: ArchiveSession,
    claim_id: int,
    parent: QWidget,
    runner: Callable[[QDialog], int],
) -> bool:
    """True when the claim may go: no issued brief cites it, or the analyst said yes to a
    dialog naming the briefs that do (run by `runner`, which tests script)."""
    citing = briefs.briefs_citing(session.archive, claim_ids={claim_id})
    if not citing:
        return True
    names = "\n".join(f"• {title} (version {version})" for _id, title, version in citing)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Delete a claim an issued brief cites?",
        f"Claim {claim_id} is cited by {'an issued brief' if len(citing) == 1 else 'issued briefs'}:"
        f"\n\n{names}\n\n"
        "What was issued keeps the claim as it was, and can still be written again; the "
        "brief's check will report the claim deleted. Delete it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    delete = box.button(QMessageBox.StandardButton.Yes)
    delete.setText("Delete")
    runner(box)
    return box.clickedButton() is delete
