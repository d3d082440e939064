"""Find other mentions: an entity's untagged occurrences here and across the archive, to accept."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archivist.annotations import Entity, Suggestion
from archivist.gui.models.suggestion_model import COL_ARTICLE, COL_CONTEXT, SuggestionModel


class FindMentionsDialog(QDialog):
    """Shows suggestions; `accepted_suggestions` carries those to tag (the owner tags them)."""

    accepted_suggestions = Signal(list)  # list[Suggestion]

    def __init__(self, entity: Entity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity = entity
        self.setWindowTitle(f"Other mentions of {entity.name}")
        names = ", ".join(f"“{n}”" for n in entity.names)
        self.heading = QLabel(f"Searching for {names}…", self)
        self.heading.setWordWrap(True)
        self.model = SuggestionModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_CONTEXT, QHeaderView.ResizeMode.Stretch
        )
        self.table.setColumnWidth(COL_ARTICLE, 240)
        self.tag_checked_button = QPushButton("Tag checked", self)
        self.tag_all_button = QPushButton("Tag all", self)
        self.tag_all_button.setObjectName("Primary")
        close = QPushButton("Close", self)
        none = QPushButton("Uncheck all", self)
        none.clicked.connect(lambda: self.model.set_all_checked(False))
        self.tag_checked_button.clicked.connect(lambda: self._accept(self.model.checked()))
        self.tag_all_button.clicked.connect(lambda: self._accept(self.model.all()))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(none)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.tag_checked_button)
        buttons.addWidget(self.tag_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(760, 420)
        self._set_buttons(False)

    def set_suggestions(
        self, suggestions: list[Suggestion], current_article_id: int | None
    ) -> None:
        self.model.set_suggestions(suggestions, current_article_id)
        here = sum(1 for s in suggestions if s.article_id == current_article_id)
        elsewhere = len(suggestions) - here
        articles = len({s.article_id for s in suggestions if s.article_id != current_article_id})
        if suggestions:
            self.heading.setText(
                f"<b>{len(suggestions)}</b> untagged occurrence(s) of {self.entity.name}: "
                f"{here} in this article, {elsewhere} in {articles} other article(s)."
            )
        else:
            self.heading.setText(
                f"No untagged occurrences of {self.entity.name}’s names were found."
            )
        self._set_buttons(bool(suggestions))

    def show_error(self, message: str) -> None:
        self.heading.setText(message)

    def _set_buttons(self, enabled: bool) -> None:
        self.tag_checked_button.setEnabled(enabled)
        self.tag_all_button.setEnabled(enabled)

    def _accept(self, chosen: list[Suggestion]) -> None:
        if chosen:
            self.accepted_suggestions.emit(chosen)
            self.accept()
