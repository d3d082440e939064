"""The reader: an article's metadata, editable in place, and its text with annotations highlighted."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from archivist import annotations as ann
from archivist.archive import copies
from archivist.archive.records import EDITABLE_FIELDS, Article
from archivist.errors import ArchivistError
from archivist.gui import theme
from archivist.gui.icons import icon
from archivist.gui.models.article_table_model import format_published
from archivist.gui.session import ArchiveSession
from archivist.gui.widgets.article_text_view import ArticleTextView
from archivist.gui.widgets.hit_bar import HitBar
from archivist.gui.widgets.hit_navigation import HitNavigation
from archivist.text import without_bidi_controls

# Links in the header to an article's syndicated copies ("archivist-article:12").
COPY_LINK = "archivist-article:"
MAX_COPY_LINKS = 6

FIELD_LABELS = {
    "title": "Title",
    "source": "Source",
    "author": "Author",
    "published": "Published",
    "url": "URL",
    "language": "Language",
}


class ReaderWidget(QWidget):
    """The article pane: header with metadata, an inline editor for it, and the text."""

    article_changed = Signal(int)  # the article shown (-1: none)
    article_requested = Signal(int)  # a link to another article (a syndicated copy)
    metadata_saved = Signal(int)
    error_occurred = Signal(str)

    def __init__(self, session: ArchiveSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.article: Article | None = None
        self.query = ""
        self._build()
        self.show_article(None)

    def set_session(self, session: ArchiveSession) -> None:
        self._session = session
        self.show_article(None)

    def set_font_size(self, points: float) -> None:
        """The article text's size (Settings); applies at once, highlights and all."""
        self.text_view.setFont(theme.reading_font(points))

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QFrame(self)
        self.header.setObjectName("ReaderHeader")
        self.title_label = QLabel(self.header)
        self.title_label.setObjectName("ArticleTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel(self.header)
        self.meta_label.setObjectName("ArticleMeta")
        self.meta_label.setWordWrap(True)
        self.meta_label.setTextFormat(Qt.TextFormat.RichText)
        self.meta_label.setOpenExternalLinks(False)
        self.meta_label.linkActivated.connect(self._link_activated)
        self.edit_button = QToolButton(self.header)
        self.edit_button.setIcon(icon("edit"))
        self.edit_button.setText("Edit details")
        self.edit_button.setToolTip(
            "Edit details: correct the title, source, author, date, URL or language (Ctrl+Shift+E)"
        )
        self.edit_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.edit_button.setAutoRaise(True)
        self.edit_button.clicked.connect(self.start_editing)
        self.original_button = QToolButton(self.header)
        self.original_button.setIcon(icon("original"))
        self.original_button.setText("Original")
        self.original_button.setToolTip(
            "Open a copy of the original file in its usual application (Ctrl+Shift+O)"
        )
        self.original_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.original_button.setAutoRaise(True)
        self.original_button.clicked.connect(self.open_original)

        title_row = QHBoxLayout()
        title_row.setSpacing(2)
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        title_row.addWidget(self.original_button, 0, Qt.AlignmentFlag.AlignTop)
        header_layout = QVBoxLayout(self.header)
        header_layout.setContentsMargins(18, 14, 12, 10)
        header_layout.setSpacing(4)
        header_layout.addLayout(title_row)
        header_layout.addWidget(self.meta_label)

        self.editor = QFrame(self)
        self.editor.setObjectName("ReaderHeader")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QLineEdit] = {}
        for name in EDITABLE_FIELDS:
            field = QLineEdit(self.editor)
            field.setObjectName(f"edit_{name}")
            if name == "published":
                field.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY")
            field.returnPressed.connect(self.save_edits)
            self.fields[name] = field
            form.addRow(FIELD_LABELS[name], field)
        self.edit_error = QLabel(self.editor)
        self.edit_error.setStyleSheet("color: #c0392b;")
        self.edit_error.setWordWrap(True)
        self.edit_error.hide()
        self.save_button = QPushButton("Save", self.editor)
        self.save_button.setObjectName("Primary")
        self.save_button.clicked.connect(self.save_edits)
        cancel = QPushButton("Cancel", self.editor)
        cancel.clicked.connect(self.cancel_editing)
        row = QHBoxLayout()
        row.addWidget(self.edit_error, 1)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(18, 12, 12, 10)
        editor_layout.addLayout(form)
        editor_layout.addLayout(row)

        # Header and editor take turns; plain show/hide keeps the wrapped title's height right
        # (a stacked widget would size to the taller page and not follow height-for-width).
        self.editor.hide()

        self.text_view = ArticleTextView(self)
        self.hit_bar = HitBar(self)
        self.hits = HitNavigation(self.hit_bar, self.text_view)
        self.placeholder = QLabel("Select an article to read it here.", self)
        self.placeholder.setObjectName("Muted")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget(self)
        self.body.addWidget(self.placeholder)
        self.body.addWidget(self.text_view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.editor)
        layout.addWidget(self.hit_bar)
        layout.addWidget(self.body, 1)

    # --- showing ------------------------------------------------------------------------------

    def show_article(self, article_id: int | None, *, query: str = "") -> None:
        """Show an article (None: nothing); `query` highlights its matches in the text."""
        self.cancel_editing()
        self.query = query
        if article_id is None:
            self.article = None
            self.text_view.article_id = None
            self.header.hide()
            self.body.setCurrentWidget(self.placeholder)
            self.text_view.set_article_text("")
            self.hits.end_find()
            self.hits.article_changed()
            self.article_changed.emit(-1)
            return
        try:
            self.article = self._session.archive.article(article_id)
        except ArchivistError as exc:
            self.error_occurred.emit(str(exc))
            self.show_article(None)
            return
        self.header.show()
        self.body.setCurrentWidget(self.text_view)
        self._fill_header()
        self.text_view.readonly_archive = self._session.readonly
        self.text_view.article_id = article_id
        self.text_view.set_article_text(self.article.text)
        self.reload_annotations()
        self.hits.article_changed()
        self._load_hits()
        self.article_changed.emit(article_id)

    def reload_annotations(self) -> None:
        """Read the article's mentions and claims again (after a tag, an undo...)."""
        if self.article is None:
            return
        archive = self._session.archive
        mentions = ann.mentions_of_article(archive, self.article.id)
        claims = ann.list_claims(archive, article_id=self.article.id)
        self.text_view.set_annotations(mentions, claims)
        self.hits.annotations_changed()

    def reload(self) -> None:
        """Show the current article afresh (metadata and annotations), keeping the scroll."""
        if self.article is None:
            return
        position = self.text_view.verticalScrollBar().value()
        article_id = self.article.id
        try:
            self.article = self._session.archive.article(article_id)
        except ArchivistError:
            self.show_article(None)
            return
        self._fill_header()
        self.reload_annotations()
        self.text_view.verticalScrollBar().setValue(position)

    # --- hits ---------------------------------------------------------------------------------

    def find_in_article(self) -> bool:
        """Open the find bar on the article shown (Ctrl+F); False when none is shown."""
        if self.article is None:
            return False
        self.hits.start_find()
        return True

    def set_query(self, query: str) -> None:
        """Mark the hits of `query` in the article shown (it was found again by a new
        search), going to the first of them."""
        if query != self.query:
            self.query = query
            self._load_hits()

    def step_hit(self, direction: int) -> None:
        """To the next hit (1, F3) or the previous one (-1, Shift+F3)."""
        self.hits.step(direction)

    def _load_hits(self) -> None:
        if not self.query or self.article is None:
            self.hits.set_search_hits([])
            return
        article_id, query = self.article.id, self.query

        def apply(spans: list[tuple[int, int]]) -> None:
            # The analyst may have moved on to another article meanwhile.
            if self.article is not None and self.article.id == article_id and self.query == query:
                self.hits.set_search_hits(spans)

        self._session.query(
            "match_spans",
            query,
            article_id,
            on_done=apply,
            on_error=lambda _error: None,  # highlights are decoration: the text stays readable
        )

    def _fill_header(self) -> None:
        article = self.article
        assert article is not None
        # Plain text (a title is not markup) without the bidi controls that would reorder it.
        self.title_label.setText(without_bidi_controls(article.title))
        parts: list[str] = []
        if article.source:
            parts.append(f"<b>{html.escape(without_bidi_controls(article.source))}</b>")
        if article.published:
            parts.append(html.escape(format_published(article.published)))
        if article.language:
            parts.append(html.escape(article.language))
        if article.author:
            parts.append("by " + html.escape(without_bidi_controls(article.author)))
        line = " · ".join(parts) or "No source or date recorded"
        extra: list[str] = []
        if article.url:
            url = html.escape(article.url, quote=True)
            shown = html.escape(article.url if len(article.url) < 70 else article.url[:67] + "…")
            extra.append(f'<a href="{url}" style="color:{theme.ACCENT}">{shown}</a>')
        extra.append(html.escape(without_bidi_controls(article.original_filename)))
        if article.tags:
            extra.append("tags: " + html.escape(", ".join(article.tags)))
        text = f"{line}<br><span style='font-size:9pt'>{' · '.join(extra)}</span>"
        self.meta_label.setText(text)
        self.edit_button.setEnabled(not self._session.readonly)
        self._add_copies_line(article.id, text)

    def _add_copies_line(self, article_id: int, header: str) -> None:
        """Append the article's copies to its header once a read thread has found them (a
        story can have thousands of members: not a look-up for the window's thread)."""

        def apply(found: tuple[list[tuple[int, str | None, str, bool]], int]) -> None:
            also = _copies_line(*found)
            if also and self.article is not None and self.article.id == article_id:
                self.meta_label.setText(f"{header}<br><span style='font-size:9pt'>{also}</span>")

        self._session.read(
            lambda archive: copies.copy_summaries(archive.db, article_id, MAX_COPY_LINKS),
            on_done=apply,
            on_error=lambda _error: None,  # (the header stays as it is: the text is readable)
        )

    def _link_activated(self, link: str) -> None:
        if link.startswith(COPY_LINK) and link[len(COPY_LINK) :].isdigit():
            self.article_requested.emit(int(link[len(COPY_LINK) :]))
            return
        QDesktopServices.openUrl(QUrl(link))

    # --- editing metadata ---------------------------------------------------------------------

    @property
    def editing(self) -> bool:
        return self.editor.isVisibleTo(self)

    def start_editing(self) -> None:
        if self.article is None or self._session.readonly:
            return
        for name, field in self.fields.items():
            field.setText(getattr(self.article, name) or "")
        self.edit_error.hide()
        self.header.hide()
        self.editor.show()
        self.fields["title"].setFocus()

    def cancel_editing(self) -> None:
        if self.editor.isVisibleTo(self):
            self.editor.hide()
            self.header.setVisible(self.article is not None)

    def save_edits(self) -> None:
        """Send the changed fields to Archive.edit_article on the writer thread."""
        if self.article is None:
            return
        article = self.article
        changes = {
            name: field.text().strip() or None
            for name, field in self.fields.items()
            if (field.text().strip() or None) != (getattr(article, name) or None)
        }
        if not changes:
            self.cancel_editing()
            return
        article_id = article.id

        def done(_edits: object) -> None:
            if self.article is not None and self.article.id == article_id:
                self.cancel_editing()
                self.reload()
            self.metadata_saved.emit(article_id)

        def failed(error: BaseException) -> None:
            if isinstance(error, ArchivistError):
                self.edit_error.setText(str(error))
                self.edit_error.show()
            else:
                self._session.runner.report_error(error, None)

        self._session.write(
            lambda archive: archive.edit_article(article_id, **changes),
            on_done=done,
            on_error=failed,
            touches="articles",
        )

    # --- the original file --------------------------------------------------------------------

    def original_copy(self) -> Path | None:
        """A temporary copy of the article's original file (never the stored file itself:
        an application that opens it could change it)."""
        if self.article is None:
            return None
        data = self._session.archive.originals.read(self.article.original_sha256)
        folder = Path(tempfile.mkdtemp(prefix="archivist-original-"))
        name = Path(self.article.original_filename).name or f"article-{self.article.id}"
        path = folder / name
        path.write_bytes(data)
        return path

    def open_original(self) -> None:
        try:
            path = self.original_copy()
        except OSError as exc:
            self.error_occurred.emit(f"The original file cannot be read: {exc}")
            return
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _copies_line(found: list[tuple[int, str | None, str, bool]], total: int) -> str:
    """ "Also published by AFP (origin), Reuters… (3 copies)", each a link to the copy."""
    if not found:
        return ""
    links = []
    for other, source, title, origin in found:
        name = html.escape(without_bidi_controls(source or title or f"article {other}"))
        tip = html.escape(without_bidi_controls(title or ""), quote=True)
        mark = " (origin)" if origin else ""
        links.append(
            f'<a href="{COPY_LINK}{other}" title="{tip}" style="color:{theme.ACCENT}">'
            f"{name}</a>{mark}"
        )
    more = "…" if total > len(found) else ""
    count = f"{total:,} cop{'y' if total == 1 else 'ies'}"
    return f"Also published by {', '.join(links)}{more} ({count} of this story)"
