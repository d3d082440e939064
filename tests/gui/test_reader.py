"""The reader: highlights placed right after emoji (UTF-16), tooltips, hits, metadata edits, originals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDesktopServices, QTextCursor

from archivist import annotations as ann
from archivist.archive import open_archive
from archivist.gui import theme
from archivist.gui.session import ArchiveSession
from archivist.gui.widgets.reader import ReaderWidget
from archivist.importers.pipeline import import_text

EMOJI_TEXT = "Residents wrote 🚧🇰🇿 that Old Sorrel Bridge was shut. Officials said it was sound."


@pytest.fixture
def emoji_session(tmp_path: Path, open_session) -> tuple[ArchiveSession, int]:  # type: ignore[no-untyped-def]
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        article_id = (
            import_text(archive, EMOJI_TEXT, title="Bridge", source="Lunmark Post").imported[0].id
        )
        ann.tag_entity(
            archive,
            article_id,
            name="Old Sorrel Bridge",
            type="location",
            quote="Old Sorrel Bridge",
        )
        ann.add_claim(
            archive,
            article_id,
            claimant="Officials",
            quote="it was sound",
            reliability="C",
            credibility=3,
            status="disputed",
        )
    return open_session(root), article_id


def _reader(qtbot, session: ArchiveSession) -> ReaderWidget:  # type: ignore[no-untyped-def]
    reader = ReaderWidget(session)
    qtbot.addWidget(reader)
    reader.resize(700, 600)
    reader.show()
    qtbot.waitExposed(reader)
    return reader


def test_highlights_sit_on_their_quotes_after_an_emoji(qtbot, emoji_session) -> None:  # type: ignore[no-untyped-def]
    session, article_id = emoji_session
    reader = _reader(qtbot, session)
    reader.show_article(article_id)
    selections = reader.text_view.extraSelections()
    texts = [s.cursor.selectedText() for s in selections]
    assert texts == ["Old Sorrel Bridge", "it was sound"]
    mention_format = selections[0].format
    assert mention_format.background().color() == QColor(theme.entity_colour("location").fill)
    claim_format = selections[1].format
    assert claim_format.underlineColor() == QColor(theme.status_colour("disputed").strong)


def test_search_hits_are_highlighted_when_arriving_from_a_search(qtbot, emoji_session) -> None:  # type: ignore[no-untyped-def]
    session, article_id = emoji_session
    reader = _reader(qtbot, session)
    reader.show_article(article_id, query="bridge OR officials")
    hits = [
        s
        for s in reader.text_view.extraSelections()
        if s.format.background().color() == QColor(theme.SEARCH_HIT)
    ]
    assert sorted(s.cursor.selectedText() for s in hits) == ["Bridge", "Officials"]
    reader.show_article(article_id)  # not from a search: no hits
    assert all(
        s.format.background().color() != QColor(theme.SEARCH_HIT)
        for s in reader.text_view.extraSelections()
    )


def test_tooltips_say_what_is_under_the_mouse(qtbot, emoji_session) -> None:  # type: ignore[no-untyped-def]
    session, article_id = emoji_session
    reader = _reader(qtbot, session)
    reader.show_article(article_id)
    view = reader.text_view

    def point_at(fragment: str):  # type: ignore[no-untyped-def]
        start = EMOJI_TEXT.index(fragment) + 2
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_qt(start))
        return view.cursorRect(cursor).center()

    assert view.tooltip_at(point_at("Sorrel")) == "Location · Old Sorrel Bridge"
    claim_tip = view.tooltip_at(point_at("was sound"))
    assert claim_tip is not None
    assert claim_tip.startswith(
        "Claim by Officials · C3 (fairly reliable, possibly true) · disputed"
    )
    assert view.tooltip_at(point_at("Residents")) is None


def test_selection_becomes_code_point_offsets(qtbot, emoji_session) -> None:  # type: ignore[no-untyped-def]
    session, article_id = emoji_session
    reader = _reader(qtbot, session)
    reader.show_article(article_id)
    view = reader.text_view
    start = EMOJI_TEXT.index("that Old")
    cursor = view.textCursor()
    # Select " that Old " with the surrounding spaces, in Qt positions, as a mouse would.
    cursor.setPosition(view.offsets.to_qt(start - 1))
    cursor.setPosition(
        view.offsets.to_qt(start + len("that Old") + 1), QTextCursor.MoveMode.KeepAnchor
    )
    view.setTextCursor(cursor)
    span = view.selected_span()
    assert span is not None
    assert (span.start, span.end, span.quote) == (start, start + len("that Old"), "that Old")
    assert EMOJI_TEXT[span.start : span.end] == span.quote
    view.select_span(span.start, span.end)
    assert view.textCursor().selectedText() == "that Old"


def test_metadata_edited_in_place(qtbot, emoji_session) -> None:  # type: ignore[no-untyped-def]
    session, article_id = emoji_session
    reader = _reader(qtbot, session)
    reader.show_article(article_id)
    reader.start_editing()
    assert reader.editing
    reader.fields["title"].setText("Мост закрыт — Old Sorrel Bridge")  # typed text, set directly
    reader.fields["published"].setText("2024-04-02")
    with qtbot.waitSignal(reader.metadata_saved, timeout=5000):
        reader.save_edits()
    assert not reader.editing
    assert reader.title_label.text() == "Мост закрыт — Old Sorrel Bridge"
    assert "02 Apr 2024" in reader.meta_label.text()
    with open_archive(session.root, access="read") as archive:
        stored = archive.article(article_id)
    assert (stored.title, stored.published) == ("Мост закрыт — Old Sorrel Bridge", "2024-04-02")
    reader.start_editing()
    reader.fields["published"].setText("yesterday-ish")
    reader.save_edits()
    assert reader.editing  # stays open, says why
    assert "date" in reader.edit_error.text()
    assert reader.edit_error.isVisibleTo(reader)


def test_original_opens_from_a_temporary_copy(
    qtbot, emoji_session, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    session, article_id = emoji_session
    reader = _reader(qtbot, session)
    reader.show_article(article_id)
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    reader.open_original()
    assert len(opened) == 1
    copy = Path(opened[0])
    article = session.archive.article(article_id)
    assert copy.read_bytes() == session.archive.originals.read(article.original_sha256)
    assert copy != session.archive.originals.path_for(article.original_sha256)
    assert copy.name == Path(article.original_filename).name
    # The copy holds the analyst's document: it goes when Archivist exits.
    from archivist.gui.widgets import reader as reader_module

    assert copy.parent in reader_module.HANDED_OUT
    reader_module.remove_handed_out_copies()
    assert not copy.parent.exists() and not reader_module.HANDED_OUT


def test_bidi_overrides_are_not_displayed_but_kept(qtbot, tmp_path: Path, open_session) -> None:  # type: ignore[no-untyped-def]
    from archivist.archive import listing
    from archivist.gui.dialogs.import_report import ImportReportDialog
    from archivist.gui.models.article_table_model import COL_SOURCE, COL_TITLE, ArticleTableModel

    root = tmp_path / "archive"
    title = "invoice\u202efdp.exe <b>bold</b>"
    with open_archive(root) as archive:
        report = import_text(
            archive, "Text of the article.", title=title, source="\u2066Post\u2069", name="x.txt"
        )
        article_id = report.imported[0].id
        assert archive.article(article_id).title == title  # stored as it came
        model = ArticleTableModel(lambda ids: listing.article_rows(archive.db, ids))
        model.set_ids([article_id])
        assert model.index(0, COL_TITLE).data() == "invoicefdp.exe <b>bold</b>"
        assert model.index(0, COL_SOURCE).data() == "Post"
    session = open_session(root)
    reader = _reader(qtbot, session)
    reader.show_article(article_id)
    # The title shows as plain text, in the order its characters are stored.
    assert reader.title_label.text() == "invoicefdp.exe <b>bold</b>"
    assert reader.title_label.textFormat() == Qt.TextFormat.PlainText
    assert "\u2066" not in reader.meta_label.text()
    report.imported[0].path = "/in/evil\u202etxt.html"
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    shown = dialog.imported_group.child(0)
    assert shown.text(0) == "eviltxt.html" and "\u202e" not in shown.toolTip(0)


def test_paragraphs_are_spaced_alike_after_one_line_break_or_a_blank_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Saved web pages part paragraphs by a blank line, text files by one line break: the
    reader spaces them alike (a blank line doubled the space of every imported page)."""
    from archivist.gui.widgets.article_text_view import ArticleTextView

    def gap(text: str) -> float:
        view = ArticleTextView()
        qtbot.addWidget(view)
        view.resize(600, 400)
        view.show()
        view.set_article_text(text)
        layout = view.document().documentLayout()
        first, last = view.document().firstBlock(), view.document().lastBlock()
        return layout.blockBoundingRect(last).top() - layout.blockBoundingRect(first).bottom()

    single, blank = (
        gap("First paragraph.\nSecond paragraph."),
        gap("First paragraph.\n\nSecond paragraph."),
    )
    assert single > 0 and abs(blank - single) <= 2
