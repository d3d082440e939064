"""What an archive bundle should hold: everything, the articles a search lists, or what a
brief rests on — asked before the file is."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from archivist.briefs import Brief


class BundleScopeDialog(QDialog):
    """Everything / the search listed / a brief; `scope()` says which when accepted."""

    def __init__(
        self,
        articles: int,
        query: str,
        listed: int,
        briefs: list[Brief],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Bundle")
        self.setMinimumWidth(440)
        intro = QLabel(
            "A bundle is one file holding articles (their original files, text and details), "
            "their entities, claims, notes and tags, and the briefs on them — for another "
            "analyst's Archivist (File ▸ Import Bundle…).",
            self,
        )
        intro.setWordWrap(True)
        self.everything = QRadioButton(f"Everything ({articles:,} articles)", self)
        self.search = QRadioButton(f"The articles of the search “{query}” ({listed:,})", self)
        self.search.setEnabled(bool(query))
        if not query:
            self.search.setText("The articles of a search (search first)")
        self.brief = QRadioButton("What a brief rests on:", self)
        self.brief_choice = QComboBox(self)
        for brief in briefs:
            self.brief_choice.addItem(brief.title, brief.id)
        self.brief.setEnabled(bool(briefs))
        self.brief_choice.setEnabled(False)
        self.brief.toggled.connect(self.brief_choice.setEnabled)
        group = QButtonGroup(self)
        for button in (self.everything, self.search, self.brief):
            group.addButton(button)
        (self.search if query else self.everything).setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose File…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for widget in (self.everything, self.search, self.brief, self.brief_choice):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.query = query

    def scope(self) -> dict[str, object]:
        """{} (everything), {"query": Q} or {"brief_id": ID}."""
        if self.search.isChecked():
            return {"query": self.query}
        if self.brief.isChecked() and self.brief_choice.currentData() is not None:
            return {"brief_id": int(self.brief_choice.currentData())}
        return {}
