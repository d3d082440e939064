"""Offsets at the widget boundary: Python code points <-> Qt UTF-16 positions."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from archivist.gui.text_offsets import OffsetMap, utf16_length

TEXT = "a😀b 北京 𠀋x\n🚧 Old Sorrel Bridge 🇰🇿 end"


def test_to_qt_counts_utf16_units() -> None:
    offsets = OffsetMap(TEXT)
    for index in range(len(TEXT) + 1):
        assert offsets.to_qt(index) == len(TEXT[:index].encode("utf-16-le")) // 2
    assert offsets.utf16_length == utf16_length(TEXT)


def test_round_trip_for_every_code_point() -> None:
    offsets = OffsetMap(TEXT)
    for index in range(len(TEXT) + 1):
        assert offsets.from_qt(offsets.to_qt(index)) == index


def test_position_inside_a_surrogate_pair_rounds_down_or_up() -> None:
    offsets = OffsetMap("a😀b")
    assert offsets.from_qt(2) == 1  # between the halves of 😀
    assert offsets.from_qt(2, round_up=True) == 2
    # A selection that cuts the emoji in half takes it whole.
    assert offsets.span_from_qt(2, 3) == (1, 2)


def test_matches_what_qtextdocument_selects() -> None:
    document = QTextDocument()
    document.setPlainText(TEXT)
    offsets = OffsetMap(TEXT)
    start = TEXT.index("Old Sorrel Bridge")
    end = start + len("Old Sorrel Bridge")
    cursor = QTextCursor(document)
    cursor.setPosition(offsets.to_qt(start))
    cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Old Sorrel Bridge"
    # Naive code point offsets would be off by the astral characters before the span.
    naive = QTextCursor(document)
    naive.setPosition(start)
    naive.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    assert naive.selectedText() != "Old Sorrel Bridge"
    assert offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd()) == (start, end)


def test_text_without_astral_characters_is_identity() -> None:
    offsets = OffsetMap("plain Кириллица ünïcödé")
    assert [offsets.to_qt(i) for i in range(5)] == list(range(5))
    assert offsets.from_qt(7) == 7
