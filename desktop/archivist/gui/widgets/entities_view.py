"""The entities view: filter, sort, rename, merge, delete entities, and open their mentions."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QWidget,
)

from archivist import annotations as ann
from archivist.annotations import Entity
from archivist.archive import listing
from archivist.errors import ArchivistError
from archivist.gui.archive_queries import entity_mentions_with_titles
from archivist.gui.models.entity_table_model import (
    COL_ALIASES,
    COL_NAME,
    COL_TYPE,
    EntityFilterProxy,
    EntityRole,
    EntityTableModel,
    MentionListModel,
    MentionRole,
)
from archivist.gui.session import ArchiveSession
from archivist.gui.widgets.records_view import RecordsView


class EntitiesView(RecordsView):
    quote_requested = Signal(int, int, int)  # article id, start, end
    articles_requested = Signal(str)  # a query
    find_mentions_requested = Signal(int)
    edit_requested = Signal(int)

    NOUN = "entities"

    def __init__(self, session: ArchiveSession, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            EntityTableModel(),
            EntityFilterProxy(),
            parent,
            placeholder="Filter by name or alias",
            sorted_by=COL_NAME,
            stretched=COL_ALIASES,
            widths={COL_NAME: 220, COL_TYPE: 100},
        )
        self.mentions_model = MentionListModel(self)
        self.type_box = QComboBox(self)
        self.type_box.addItem("All types", None)
        for entity_type in ann.list_entity_types(session.archive):
            self.type_box.addItem(entity_type.label, entity_type.name)

        self.mentions_label = QLabel("MENTIONS", self)
        self.mentions_label.setObjectName("PanelTitle")
        self.mentions_list = QListView(self)
        self.mentions_list.setModel(self.mentions_model)
        self.mentions_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mentions_list.setUniformItemSizes(True)
        self.mentions_list.activated.connect(self._mention_activated)
        self.mentions_list.doubleClicked.connect(self._mention_activated)

        self.articles_button = QPushButton("Show articles", self)
        self.find_button = QPushButton("Find mentions…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.merge_button = QPushButton("Merge…", self)
        self.merge_button.setToolTip("Select two entities of the same thing to merge them")
        self.delete_button = QPushButton("Delete", self)

        buttons = QHBoxLayout()
        for button in (self.articles_button, self.find_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.edit_button, self.merge_button, self.delete_button):
            buttons.addWidget(button)
        self._lay_out(
            [self.type_box], buttons, [self.mentions_label, self.mentions_list], (12, 6, 12, 10)
        )

        self.filter_field.textChanged.connect(self._filter_changed)
        self.type_box.currentIndexChanged.connect(self._filter_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _index: self._show_articles())
        self.articles_button.clicked.connect(self._show_articles)
        self.find_button.clicked.connect(self._find_mentions)
        self.edit_button.clicked.connect(self._edit)
        self.merge_button.clicked.connect(self._merge)
        self.delete_button.clicked.connect(self._delete)
        self._selection_changed()

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the entity list again (on a read thread)."""
        self._stale = False
        selected = {e.id for e in self.selected_entities()}

        def apply(entities: list[Entity]) -> None:
            self.model.set_entities(entities)
            self._update_count()
            for row in range(self.proxy.rowCount()):
                if self.proxy.index(row, 0).data(EntityRole).id in selected:
                    self.table.selectRow(row)
                    break

        self.session.read(
            ann.list_entities,
            on_done=apply,
            on_error=lambda e: self.error_occurred.emit(str(e)),
        )

    def _filter_changed(self) -> None:
        self.proxy.set_filter(self.filter_field.text(), self.type_box.currentData())
        self._update_count()

    def selected_entities(self) -> list[Entity]:
        rows = self.table.selectionModel().selectedRows()
        return [index.data(EntityRole) for index in rows]

    def _selection_changed(self) -> None:
        chosen = self.selected_entities()
        one = len(chosen) == 1
        writable = not self.session.readonly
        self.articles_button.setEnabled(one)
        self.find_button.setEnabled(one)
        self.edit_button.setEnabled(one and writable)
        self.merge_button.setEnabled(len(chosen) == 2 and writable)
        self.delete_button.setEnabled(one and writable)
        if one:
            entity = chosen[0]
            self.mentions_label.setText(f"MENTIONS OF {entity.name.upper()}")
            self.session.read(
                lambda archive: entity_mentions_with_titles(archive, entity.id),
                on_done=lambda found: self.mentions_model.set_mentions(*found),
                on_error=lambda _e: None,
            )
        else:
            self.mentions_label.setText("MENTIONS")
            self.mentions_model.set_mentions([], {})

    # --- actions ------------------------------------------------------------------------------

    def _mention_activated(self, index: QModelIndex) -> None:
        mention = index.data(MentionRole)
        if mention is not None:
            self.quote_requested.emit(mention.article_id, mention.start, mention.end)

    def _show_articles(self) -> None:
        chosen = self.selected_entities()
        if len(chosen) == 1:
            self.articles_requested.emit(listing.quote_value("entity", chosen[0].name))

    def _find_mentions(self) -> None:
        chosen = self.selected_entities()
        if len(chosen) == 1:
            self.find_mentions_requested.emit(chosen[0].id)

    def _edit(self) -> None:
        chosen = self.selected_entities()
        if len(chosen) == 1:
            self.edit_requested.emit(chosen[0].id)

    def _merge(self) -> None:
        chosen = self.selected_entities()
        if len(chosen) != 2:
            return
        names = [f"{e.name} ({e.type}, {e.mention_count} mentions)" for e in chosen]
        picked, ok = QInputDialog.getItem(
            self,
            "Merge entities",
            "Keep which entity? The other one’s mentions, claims and names move to it.",
            names,
            0,
            False,
        )
        if not ok:
            return
        keep = chosen[names.index(picked)]
        other = chosen[1 - names.index(picked)]
        self.merge(keep.id, other.id)

    def merge(self, keep_id: int, other_id: int) -> None:
        self.session.write(
            lambda archive: ann.merge_entities(archive, keep_id, other_id),
            on_done=lambda result: self.message_posted.emit(
                f"Merged into {result.entity.name}: {result.mentions_moved} mention(s), "
                f"{result.claims_moved} claim(s) moved — Ctrl+Z to undo"
            ),
            on_error=self._failed,
        )

    def _delete(self) -> None:
        chosen = self.selected_entities()
        if len(chosen) != 1:
            return
        entity = chosen[0]
        answer = QMessageBox.question(
            self,
            "Delete entity",
            f"Delete {entity.name}? Its {entity.mention_count} mention(s) are removed, and claims "
            "it made keep its name as free text. You can undo this (Ctrl+Z).",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(entity.id)

    def delete(self, entity_id: int) -> None:
        self.session.write(
            lambda archive: ann.delete_entity(archive, entity_id, cascade=True),
            on_done=lambda result: self.message_posted.emit(
                f"Deleted {result.entity.name} — Ctrl+Z to undo"
            ),
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ArchivistError):
            self.error_occurred.emit(str(error))
        else:
            self.session.runner.report_error(error, None)
