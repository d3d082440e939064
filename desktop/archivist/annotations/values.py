"""Cleaning what analysts type: names, notes and free text, before anything is stored."""

from __future__ import annotations

import unicodedata

from archivist.errors import InvalidValueError
from archivist.text import normalise_field, strip_xml_illegal

MAX_NAME_CHARS = 300
MAX_NOTE_CHARS = 100_000


def clean_name(name: str | None, what: str = "an entity name") -> str:
    """A one-line name as stored: NFC, single spaces.

    Raises:
        InvalidValueError: the name is blank or longer than MAX_NAME_CHARS.
    """
    cleaned = normalise_field(name)
    if not cleaned:
        raise InvalidValueError(f"{what} cannot be empty")
    if len(cleaned) > MAX_NAME_CHARS:
        raise InvalidValueError(f"{what} is longer than {MAX_NAME_CHARS} characters")
    return cleaned


def clean_note(value: str | None, what: str = "a note") -> str | None:
    """Free text as stored (notes, statements, descriptions): NFC, XML-safe, LF line ends,
    outer blank space removed; None when blank. Line breaks inside are kept.

    Raises:
        InvalidValueError: the text is longer than MAX_NOTE_CHARS.
    """
    if value is None:
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = strip_xml_illegal(unicodedata.normalize("NFC", value)).strip()
    if len(value) > MAX_NOTE_CHARS:
        raise InvalidValueError(f"{what} is longer than {MAX_NOTE_CHARS} characters")
    return value or None
