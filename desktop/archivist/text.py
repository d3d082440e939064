"""Text normalisation done once at import, so that span offsets stay valid for ever after."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Characters XML 1.0 (and so Word, lxml and Whoosh stored fields) cannot hold:
# C0 controls except tab/newline/CR, lone surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_WHITESPACE_RUN = re.compile(r"\s+")


# Bidirectional embeddings, overrides and isolates: in a file name or title they reorder what
# is shown ("invoice\u202efdp.exe" reads "invoiceexe.pdf"). Kept in storage, where they may
# be the author's, and removed from the one-line metadata the window shows.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(value: str) -> str:
    """A one-line value as displayed: bidirectional embeddings, overrides and isolates
    removed, so that it reads in the order its characters are stored."""
    return _BIDI_CONTROLS.sub("", value)


def strip_xml_illegal(value: str) -> str:
    """Remove characters that XML 1.0 cannot represent."""
    return _XML_ILLEGAL.sub("", value)


def normalise_text(value: str) -> str:
    """The canonical form of an article's text: NFC, XML-safe, LF line ends, tidy blank lines.

    Offsets of annotations are indices into this form, so it must be computed exactly once,
    at import, and never changed afterwards.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    value = value.replace("\ufeff", "")
    value = strip_xml_illegal(unicodedata.normalize("NFC", value))
    value = _TRAILING_SPACE.sub("\n", value)
    value = _MANY_BLANK_LINES.sub("\n\n", value)
    return value.strip()


def normalise_field(value: str | None) -> str | None:
    """A one-line metadata value (title, author...): NFC, XML-safe, single spaces, or None."""
    if value is None:
        return None
    value = strip_xml_illegal(unicodedata.normalize("NFC", value)).replace("\ufeff", "")
    value = _WHITESPACE_RUN.sub(" ", value).strip()
    return value or None


def text_fingerprint(text: str) -> str:
    """SHA-256 of the text with case and whitespace folded: equal for the same article."""
    folded = _WHITESPACE_RUN.sub(" ", text.casefold()).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s")


def derive_title(text: str, max_chars: int = 90) -> str | None:
    """A title for a document without one: its first line or sentence, cut at a word boundary."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            break
    else:
        return None
    first_sentence = _SENTENCE_END.split(line, maxsplit=1)[0].strip()
    if len(first_sentence) <= max_chars:
        return first_sentence
    cut = first_sentence[:max_chars]
    space = cut.rfind(" ")
    if space > max_chars // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
