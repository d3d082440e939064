"""The reader: an article's metadata, editable in place, and its text with annotations highlighted."""

from __future__ import annotations

import atexit
import html
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
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
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from archivist import annotations as ann
from archivist import page_numbers
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
from archivist.gui.widgets.page_image_view import PageImageView
from archivist.importers import page_images
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

    page_image_available = Signal(bool)  # the article shown has page images to show

    def __init__(self, session: ArchiveSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.article: Article | None = None
        self.query = ""
        self.page_starts: list[int] | None = None
        self._page_image_wanted = False
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
        # (Its action, with the shortcut, is the window's: View the page image.)
        self.page_button = QToolButton(self.header)
        self.page_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.page_button.setAutoRaise(True)

        title_row = QHBoxLayout()
        title_row.setSpacing(2)
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        title_row.addWidget(self.page_button, 0, Qt.AlignmentFlag.AlignTop)
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
        self.page_view = PageImageView(self)
        self.page_view.page_requested.connect(self.go_to_page)
        self.page_view.hide()
        self.text_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.text_splitter.setChildrenCollapsible(False)
        self.text_splitter.addWidget(self.text_view)
        self.text_splitter.addWidget(self.page_view)
        self.text_splitter.setSizes([500, 500])
        # The page image follows the text as the analyst reads (scrolls or moves the cursor),
        # once the movement settles: rendering a page takes a moment.
        self._page_timer = QTimer(self)
        self._page_timer.setSingleShot(True)
        self._page_timer.setInterval(120)
        self._page_timer.timeout.connect(self._follow_text)
        self.text_view.verticalScrollBar().valueChanged.connect(self._page_timer.start)
        self.text_view.cursorPositionChanged.connect(self._page_timer.start)
        self.body = QStackedWidget(self)
        self.body.addWidget(self.placeholder)
        self.body.addWidget(self.text_splitter)

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
            self._set_pages(None)
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
        self.body.setCurrentWidget(self.text_splitter)
        self._fill_header()
        self.text_view.readonly_archive = self._session.readonly
        self.text_view.article_id = article_id
        self.text_view.set_article_text(self.article.text)
        self._set_pages(self.article)
        self._load_annotations()
        self.hits.article_changed()
        self._load_hits()
        self.article_changed.emit(article_id)

    def reload_annotations(self) -> None:
        """Read the article's mentions and claims again (after a tag, an undo...), and its
        text when that changed (a scan read again, or that undone)."""
        if self.article is None:
            return
        archive = self._session.archive
        row = archive.db.execute(
            "SELECT text, page_starts, ocr FROM articles WHERE id = ?", [self.article.id]
        ).fetchone()
        if row is not None and tuple(row) != _text_of(self.article):
            self._show_new_text(archive.article(self.article.id))
        self._load_annotations()

    def _load_annotations(self) -> None:
        """Read the mentions, claims and notes on spans of the article shown."""
        assert self.article is not None
        archive = self._session.archive
        mentions = ann.mentions_of_article(archive, self.article.id)
        claims = ann.list_claims(archive, article_id=self.article.id)
        notes = ann.span_notes_of_article(archive, self.article.id)
        self.text_view.set_annotations(mentions, claims, notes)
        self.hits.annotations_changed()

    def reload(self) -> None:
        """Show the current article afresh (metadata and annotations), keeping the scroll."""
        if self.article is None:
            return
        position = self.text_view.verticalScrollBar().value()
        article_id = self.article.id
        try:
            fresh = self._session.archive.article(article_id)
        except ArchivistError:
            self.show_article(None)
            return
        if _text_of(fresh) != _text_of(self.article):
            self._show_new_text(fresh)
        self.article = fresh
        self._fill_header()
        self._load_annotations()  # (the text is fresh already)
        self.text_view.verticalScrollBar().setValue(position)

    def _show_new_text(self, article: Article) -> None:
        """The article's new text in place of the old, at the same place in the view."""
        position = self.text_view.verticalScrollBar().value()
        self.article = article
        self.text_view.set_article_text(article.text)
        self._set_pages(article)
        self.text_view.verticalScrollBar().setValue(position)
        self.hits.article_changed()
        self._load_hits()

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

    # --- the page image -------------------------------------------------------------------------

    @property
    def has_page_images(self) -> bool:
        """Whether the article shown has pages whose images can be shown (a PDF, a scan)."""
        return (
            self.article is not None
            and self.page_starts is not None
            and self.article.format in page_images.PAGED_FORMATS
        )

    @property
    def page_image_shown(self) -> bool:
        return self.page_view.isVisibleTo(self)

    def set_page_image_wanted(self, wanted: bool) -> None:
        """Show the page image beside the text whenever the article has one (a toggle that
        stays as set from article to article)."""
        self._page_image_wanted = wanted
        self._update_page_view()

    def current_page(self) -> int | None:
        """The page of the text at the top of the reader's view (None: no pages)."""
        if not self.page_starts or self.article is None:
            return None
        offset = self.text_view.position_at(QPoint(4, 4))
        # (The top of the view may show the blank line before a page's first line.)
        text = self.article.text
        while offset < len(text) and text[offset].isspace():
            offset += 1
        return page_numbers.page_at(self.page_starts, offset)

    def go_to_page(self, page: int) -> None:
        """Turn to `page`: its image, and the text from where that page starts."""
        if not self.page_starts or not 1 <= page <= len(self.page_starts):
            return
        self._show_page_image(page)
        self.text_view.scroll_to(self.page_starts[page - 1])
        # (The text follows the page here, not the other way: the last page's text may not
        # reach the top of the view.)
        self._page_timer.stop()

    def _set_pages(self, article: Article | None) -> None:
        self.page_starts = page_numbers.decode(article.page_starts) if article else None
        self.page_view.show_page(0, 0)
        self._update_page_view()
        self.page_image_available.emit(self.has_page_images)

    def _update_page_view(self) -> None:
        show = self._page_image_wanted and self.has_page_images
        self.page_view.setVisible(show)
        if show:
            # Once the view is laid out: the page is rendered at the pane's width.
            self._page_timer.start()

    def _follow_text(self) -> None:
        if not self.page_image_shown:
            return
        page = self.current_page()
        shown = self.page_view.page
        if page is None or page == shown:
            return
        starts = self.page_starts or []
        if shown and starts[shown - 1] == starts[page - 1]:
            return  # (a blank page turned to: its text is the next page's)
        self._show_page_image(page)

    def _show_page_image(self, page: int) -> None:
        article = self.article
        assert article is not None and self.page_starts is not None
        self.page_view.show_page(page, len(self.page_starts))
        self.page_view.set_message(f"Showing page {page}…")
        sha256, fmt, width = article.original_sha256, article.format, self.page_view.image_width()

        def render(archive: Any) -> bytes:
            return page_images.render_page(archive.originals.read(sha256), fmt, page, width=width)

        def apply(png: bytes) -> None:
            if self.article is article and self.page_view.page == page:
                self.page_view.set_image(png)

        def failed(error: BaseException) -> None:
            if self.article is article and self.page_view.page == page:
                self.page_view.set_message(f"Page {page} cannot be shown: {error}")

        self._session.read(render, on_done=apply, on_error=failed)

    # --- the original file --------------------------------------------------------------------

    def original_copy(self) -> Path | None:
        """A temporary copy of the article's original file (never the stored file itself:
        an application that opens it could change it)."""
        if self.article is None:
            return None
        data = self._session.archive.originals.read(self.article.original_sha256)
        folder = Path(tempfile.mkdtemp(prefix="archivist-original-"))
        HANDED_OUT.append(folder)
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


#: Folders of the copies of originals handed to other applications. They hold the analyst's
#: documents, so they go when Archivist exits (the application reading one has it open by
#: then; where that locks it, as on Windows, it stays, in the user's own temporary folder).
HANDED_OUT: list[Path] = []


@atexit.register
def remove_handed_out_copies() -> None:
    while HANDED_OUT:
        shutil.rmtree(HANDED_OUT.pop(), ignore_errors=True)


def _text_of(article: Article) -> tuple[str, str | None, str | None]:
    """What the reader shows of an article's text: the text, its pages, how it was read."""
    return article.text, article.page_starts, article.ocr


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
