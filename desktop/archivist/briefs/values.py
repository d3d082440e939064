"""Checking what analysts give for a brief: title, marking, author, date, levels, positions."""

from __future__ import annotations

import unicodedata

from archivist.annotations.values import clean_note
from archivist.dates import normalise_published
from archivist.errors import InvalidValueError
from archivist.text import normalise_field, strip_xml_illegal

MAX_TITLE_CHARS = 300
MAX_MARKING_CHARS = 120
MAX_AUTHOR_CHARS = 200
HEADING_LEVELS = (1, 2)


def _line(value: str | None, what: str, limit: int) -> str | None:
    cleaned = normalise_field(value)
    if cleaned is not None and len(cleaned) > limit:
        raise InvalidValueError(f"{what} is longer than {limit} characters")
    return cleaned


def clean_title(value: str | None) -> str:
    """A brief's or heading's title: one line, not blank, at most MAX_TITLE_CHARS.

    Raises:
        InvalidValueError: blank or too long.
    """
    cleaned = _line(value, "the title", MAX_TITLE_CHARS)
    if not cleaned:
        raise InvalidValueError("the title cannot be empty")
    return cleaned


def clean_marking(value: str | None) -> str | None:
    """A handling marking ("OFFICIAL-SENSITIVE"), kept as typed; None when blank."""
    return _line(value, "the marking", MAX_MARKING_CHARS)


def clean_author(value: str | None) -> str | None:
    """The author's name; None when blank."""
    return _line(value, "the author", MAX_AUTHOR_CHARS)


def clean_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY, or a full timestamp); None when blank."""
    return normalise_published(value)


def clean_text(value: str | None, what: str) -> str | None:
    """Free text (summary, analyst text, notes): NFC, XML-safe, line breaks kept."""
    return clean_note(value, what)


def clean_required_text(value: str | None, what: str) -> str:
    """Free text that may not be blank (an analyst-text item)."""
    cleaned = clean_note(value, what)
    if not cleaned:
        raise InvalidValueError(f"{what} cannot be empty")
    return cleaned


def clean_level(value: int | str | None) -> int:
    """A heading level: 1 (opens a section) or 2 (a sub-heading); 1 when None."""
    if value is None:
        return 1
    try:
        level = int(str(value).strip())
    except ValueError:
        level = 0
    if isinstance(value, bool) or level not in HEADING_LEVELS:
        raise InvalidValueError(f"a heading level is 1 or 2, not {value!r}")
    return level


def check_position(value: int | None, highest: int) -> int | None:
    """A 1-based position from 1 to `highest`, or None.

    Raises:
        InvalidValueError: outside that range.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= highest:
        raise InvalidValueError(f"position {value!r} is outside 1–{highest}")
    return value


def nfc(value: str) -> str:
    """NFC and XML-safe (for quotes compared with article text)."""
    return strip_xml_illegal(unicodedata.normalize("NFC", value))
