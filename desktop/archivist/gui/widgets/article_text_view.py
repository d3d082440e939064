"""The article's text in the reader: mentions and claims highlighted (a claim's status in
its underline), search hits marked, spans selected and copied with their citation, tooltips
and a context menu on what is under the mouse."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QMenu,
    QTextEdit,
    QToolTip,
    QWidget,
)

from archivist.annotations import Claim, Mention, SpanNote
from archivist.annotations.grades import credibility_label, reliability_label
from archivist.gui import theme
from archivist.gui.brief_drops import excerpt_addition, put_additions
from archivist.gui.icons import icon
from archivist.gui.text_offsets import OffsetMap

#: Pixels between paragraphs of the article text.
PARAGRAPH_SPACING = 11
# A note's tooltip shows this much of its text.
MAX_TOOLTIP_NOTE = 300

CLAIM_UNDERLINES = {
    # Colour carries the status; the line style repeats it for colour-blind readers.
    "unverified": QTextCharFormat.UnderlineStyle.DotLine,
    "corroborated": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "disputed": QTextCharFormat.UnderlineStyle.WaveUnderline,
    "refuted": QTextCharFormat.UnderlineStyle.DashUnderline,
}


@dataclass(frozen=True)
class Span:
    """A span of the article text in code points, with the quote it holds."""

    start: int
    end: int
    quote: str


def describe_mention(mention: Mention) -> str:
    return f"{mention.type.capitalize()} · {mention.entity}"


def describe_claim(claim: Claim) -> str:
    parts = [f"Claim by {claim.claimant}"]
    if claim.grade:
        meaning = ", ".join(
            x
            for x in (reliability_label(claim.reliability), credibility_label(claim.credibility))
            if x
        )
        parts.append(f"{claim.grade} ({meaning.lower()})" if meaning else claim.grade)
    parts.append(claim.status)
    text = " · ".join(parts)
    if claim.statement:
        text += f"\n“{claim.statement}”"
    if claim.note:
        text += f"\nNote: {claim.note}"
    return text


def describe_note(note: SpanNote) -> str:
    """A note on a span as its tooltip says it: "Note by colleague: Union's own count? #strike"."""
    who = f" by {note.author}" if note.author else ""
    text = note.text if len(note.text) <= MAX_TOOLTIP_NOTE else note.text[:MAX_TOOLTIP_NOTE] + "…"
    tags = " ".join(f"#{tag}" for tag in note.tags)
    return f"Note{who}: " + " ".join(part for part in (text, tags) if part)


class ArticleTextView(QTextEdit):
    """Read-only article text; positions cross the widget boundary through an OffsetMap."""

    tag_entity_requested = Signal()
    record_claim_requested = Signal()
    find_mentions_requested = Signal(int)  # entity id
    delete_mention_requested = Signal(int)
    edit_claim_requested = Signal(int)
    delete_claim_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ArticleText")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFont(theme.reading_font())
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDocumentMargin(18)
        self.setMouseTracking(True)
        self.text = ""
        self.offsets = OffsetMap("")
        self.mentions: list[Mention] = []
        self.claims: list[Claim] = []
        self.notes: list[SpanNote] = []
        self.hits: list[tuple[int, int]] = []
        self.current_hit: tuple[int, int] | None = None
        self.readonly_archive = False
        self.context_actions: list[QAction] = []
        self.article_id: int | None = None  # set by the reader; excerpts dragged out name it
        #: Builds "Add to Brief ▸" for the context menu (set by the window; None: no such menu).
        self.brief_menu: Callable[[QMenu], QMenu | None] | None = None

    # --- content ------------------------------------------------------------------------------

    def set_article_text(self, text: str) -> None:
        self.text = text
        self.offsets = OffsetMap(text)
        self.setPlainText(text)
        # Space between paragraphs and a little leading: formats only, positions unchanged.
        # A paragraph ends in its margin whether the text parts paragraphs by one line
        # break or by a blank line (saved web pages give both): a blank line is drawn a
        # pixel high, so that paragraphs are never spaced twice over.
        paragraph = QTextBlockFormat()
        paragraph.setBottomMargin(PARAGRAPH_SPACING)
        paragraph.setLineHeight(128, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        blank = QTextBlockFormat()
        blank.setBottomMargin(0)
        blank.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        cursor = QTextCursor(self.document())
        block = self.document().begin()
        while block.isValid():
            cursor.setPosition(block.position())
            cursor.mergeBlockFormat(paragraph if block.length() > 1 else blank)
            block = block.next()
        self.mentions, self.claims, self.notes, self.hits = [], [], [], []
        self.current_hit = None
        self._apply_highlights()

    def set_annotations(
        self, mentions: list[Mention], claims: list[Claim], notes: Sequence[SpanNote] = ()
    ) -> None:
        self.mentions = [m for m in mentions if m.anchor != "orphaned"]
        self.claims = [c for c in claims if c.anchor != "orphaned"]
        self.notes = [n for n in notes if n.anchor != "orphaned"]
        self._apply_highlights()

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self.hits = hits
        self.current_hit = None
        self._apply_highlights()

    def scroll_to(self, index: int) -> None:
        """Put the text cursor at `index` (a code point offset) and its line at the top of
        the view."""
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(index))
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top())

    def show_hit(self, hit: tuple[int, int], *, scroll: bool = True) -> None:
        """Mark `hit` as the current one (a stronger colour than the others) and scroll it
        to the middle of the view, the text cursor at its start and nothing selected (a
        selection is what the analyst tags; a hit is only a place)."""
        self.current_hit = hit
        self._apply_highlights()
        if not scroll:
            return
        cursor = self._cursor_for(*hit)
        cursor.setPosition(cursor.selectionStart())
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        rect = self.cursorRect(cursor)
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 2)

    def cursor_index(self) -> int:
        """The text cursor's place in code points (where a find goes on from)."""
        return self.offsets.from_qt(self.textCursor().selectionStart())

    def _cursor_for(self, start: int, end: int) -> QTextCursor:
        qt_start, qt_end = self.offsets.span_to_qt(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _apply_highlights(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        # Notes on spans first, as a highlighter's yellow (Hypothesis's own): what the
        # analyst tagged since is drawn over them.
        for note in self.notes:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme.NOTE_SWATCH.fill))
            selections.append(self._selection(note.start, note.end, fmt))
        for mention in self.mentions:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme.entity_colour(mention.type).fill))
            selections.append(self._selection(mention.start, mention.end, fmt))
        for claim in self.claims:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(
                CLAIM_UNDERLINES.get(claim.status, QTextCharFormat.UnderlineStyle.SingleUnderline)
            )
            fmt.setUnderlineColor(QColor(theme.status_colour(claim.status).strong))
            selections.append(self._selection(claim.start, claim.end, fmt))
        for start, end in self.hits:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme.SEARCH_HIT))
            selections.append(self._selection(start, end, fmt))
        if self.current_hit is not None:  # (last: drawn over the others)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme.CURRENT_HIT))
            selections.append(self._selection(*self.current_hit, fmt))
        self.setExtraSelections(selections)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._cursor_for(start, end)  # type: ignore[misc]
        selection.format = fmt  # type: ignore[misc]
        return selection

    # --- positions ----------------------------------------------------------------------------

    def selected_span(self) -> Span | None:
        """The selection in code points, trimmed of surrounding white space; None if empty."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        return Span(start, end, self.text[start:end])

    def createMimeDataFromSelection(self) -> QMimeData:
        # Dragging the selection onto a brief adds it as an excerpt: carry the article and
        # the span in code points along with the plain text.
        # Qt's own object lists a fixed set of formats and hides added ones: copy into a
        # plain QMimeData instead.
        rich = super().createMimeDataFromSelection()
        mime = QMimeData()
        mime.setText(rich.text())
        mime.setHtml(rich.html())
        span = self.selected_span()
        if span is not None and self.article_id is not None:
            put_additions(mime, [excerpt_addition(self.article_id, span.start, span.end)])
        return mime

    def select_span(self, start: int, end: int) -> None:
        """Select code points [start, end) and scroll them into view."""
        cursor = self._cursor_for(start, end)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def position_at(self, point: QPoint) -> int:
        """The code point index under a viewport point."""
        return self.offsets.from_qt(self.cursorForPosition(point).position())

    def annotations_at(self, index: int) -> tuple[list[Mention], list[Claim]]:
        mentions = [m for m in self.mentions if m.start <= index < m.end]
        claims = [c for c in self.claims if c.start <= index < c.end]
        return mentions, claims

    def tooltip_at(self, point: QPoint) -> str | None:
        cursor = self.cursorForPosition(point)
        # cursorForPosition snaps to the nearest gap; a point past the end of a line is not text.
        if not self.cursorRect(cursor).adjusted(-12, -4, 12, 4).contains(point):
            return None
        index = self.offsets.from_qt(cursor.position())
        before = max(0, index - 1)
        mentions, claims = self.annotations_at(index)
        if not mentions and not claims:
            mentions, claims = self.annotations_at(before)
        notes = [n for n in self.notes if n.start <= index < n.end] or [
            n for n in self.notes if n.start <= before < n.end
        ]
        lines = [describe_mention(m) for m in mentions] + [describe_claim(c) for c in claims]
        lines += [describe_note(n) for n in notes]
        return "\n".join(lines) if lines else None

    # --- events -------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # The text is read-only, yet QTextEdit claims Ctrl+Z for its own (empty) undo stack:
        # let the window's Undo/Redo (annotation history) have those keys.
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(
                QKeySequence.StandardKey.Redo
            ):
                event.ignore()
                return True
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        first = menu.actions()[0] if menu.actions() else None
        index = self.position_at(event.pos())
        mentions, claims = self.annotations_at(index)
        own = list(self.context_actions)
        for action in own:
            menu.insertAction(first, action)  # type: ignore[arg-type]
        for mention in mentions:
            find = QAction(icon("mentions"), f"Find other mentions of {mention.entity}…", menu)
            find.triggered.connect(
                lambda _=False, e=mention.entity_id: self.find_mentions_requested.emit(e)
            )
            menu.insertAction(first, find)  # type: ignore[arg-type]
            remove = QAction(f"Remove this mention of {mention.entity}", menu)
            remove.setEnabled(not self.readonly_archive)
            remove.triggered.connect(
                lambda _=False, m=mention.id: self.delete_mention_requested.emit(m)
            )
            menu.insertAction(first, remove)  # type: ignore[arg-type]
        for claim in claims:
            edit = QAction(f"Edit claim by {claim.claimant}…", menu)
            edit.setEnabled(not self.readonly_archive)
            edit.triggered.connect(lambda _=False, c=claim.id: self.edit_claim_requested.emit(c))
            menu.insertAction(first, edit)  # type: ignore[arg-type]
            delete = QAction(f"Delete claim by {claim.claimant}", menu)
            delete.setEnabled(not self.readonly_archive)
            delete.triggered.connect(
                lambda _=False, c=claim.id: self.delete_claim_requested.emit(c)
            )
            menu.insertAction(first, delete)  # type: ignore[arg-type]
        if first is not None and (own or mentions or claims):
            menu.insertSeparator(first)
        if self.brief_menu is not None:
            submenu = self.brief_menu(menu)
            if submenu is not None:
                menu.insertMenu(first, submenu)  # type: ignore[arg-type]
        self.last_menu = menu  # tests look at it
        menu.exec(event.globalPos())
