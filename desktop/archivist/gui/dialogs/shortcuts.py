"""Help ▸ Keyboard Shortcuts: the window's shortcuts grouped by task, with a filter that
finds one by its name or its keys ("claim", "ctrl+k", "F3")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: The tasks shortcuts are grouped under, and the actions (by their attribute on the
#: window) each holds, in the order shown. An action with a shortcut that no group names
#: is listed under "Other": a new one is never left out.
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (
        "Searching",
        (
            "find_action", "find_in_article_action", "next_hit_action",
            "previous_hit_action", "batch_search_action", "save_search_action",
            "clear_search_action",
        ),
    ),
    (
        "Reading",
        (
            "next_article_action", "previous_article_action", "edit_details_action",
            "open_original_action", "collapse_copies_action",
        ),
    ),
    (
        "Annotating",
        (
            "tag_entity_action", "record_claim_action", "find_mentions_action",
            "tag_articles_action", "undo_action", "redo_action",
        ),
    ),
    ("Briefs and analysis", ("add_excerpt_action", "add_ach_excerpt_action")),
    (
        "Views",
        (
            "library_view_action", "entities_view_action", "claims_view_action",
            "briefs_view_action", "ach_view_action", "toggle_sidebar_action",
            "toggle_panel_action",
        ),
    ),
    (
        "Archive and files",
        (
            "new_archive_action", "open_archive_action", "import_action",
            "import_folder_action", "settings_action", "quit_action",
        ),
    ),
    ("Help", ("query_help_action", "shortcuts_action")),
]  # fmt: skip


def grouped_shortcuts(window: QWidget) -> list[tuple[str, list[tuple[str, str]]]]:
    """(task, [(action name, its keys)]) for every action of `window` that has a shortcut."""
    with_keys = [a for a in window.actions() if not a.shortcut().isEmpty()]
    placed: set[int] = set()
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for title, names in GROUPS:
        rows = []
        for name in names:
            action = getattr(window, name, None)
            if isinstance(action, QAction) and action in with_keys:
                rows.append(_row(action))
                placed.add(id(action))
        if rows:
            groups.append((title, rows))
    others = [_row(a) for a in with_keys if id(a) not in placed]
    if others:
        groups.append(("Other", others))
    return groups


def _row(action: QAction) -> tuple[str, str]:
    name = action.text().replace("&", "")
    if name.startswith(("Undo ", "Redo ")):  # ("Undo Tag 'x' as y": the action, not its target)
        name = name.split(" ", 1)[0]
    keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
    return name, keys


class ShortcutsDialog(QDialog):
    def __init__(
        self, groups: Sequence[tuple[str, list[tuple[str, str]]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Find a shortcut by name or keys")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        for title, rows in groups:
            group = QTreeWidgetItem(self.tree, [title, ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for name, keys in rows:
                QTreeWidgetItem(group, [name, keys])
            group.setExpanded(True)
        self.tree.setColumnWidth(0, 280)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(520, 600)
        self.filter.setFocus()

    def apply_filter(self, text: str) -> None:
        """Show the shortcuts whose name or keys hold every word of `text` (any case)."""
        words = text.casefold().split()
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            shown = 0
            for r in range(group.childCount()):
                row = group.child(r)
                haystack = f"{row.text(0)} {row.text(1)} {group.text(0)}".casefold()
                hidden = not all(word in haystack for word in words)
                row.setHidden(hidden)
                shown += not hidden
            group.setHidden(shown == 0)

    def visible_names(self) -> list[str]:
        return [
            self.tree.topLevelItem(g).child(r).text(0)
            for g in range(self.tree.topLevelItemCount())
            if not self.tree.topLevelItem(g).isHidden()
            for r in range(self.tree.topLevelItem(g).childCount())
            if not self.tree.topLevelItem(g).child(r).isHidden()
        ]
