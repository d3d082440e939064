"""Making any text safe for a Word document or Markdown: illegal characters, scripts, URLs."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

# XML 1.0 cannot hold C0 controls (but tab, LF, CR), lone surrogates, U+FFFE/U+FFFF. Word also
# stumbles on C1 controls, DEL and the other noncharacters, which no analyst means to type.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n")

# Word properties (title, subject...) hold at most 255 characters.
MAX_PROPERTY_CHARS = 255


def clean_text(value: object) -> str:
    """Text as it may go into a document: NFC, LF line ends, no XML-illegal or control
    characters; tabs and line breaks are kept."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\ufeff", "")
    # NFC may fail on lone surrogates in exotic builds: remove them first.
    return unicodedata.normalize("NFC", _UNSAFE.sub("", text))


def clean_line(value: object) -> str:
    """A one-line value (title, name, marking): clean_text with all whitespace runs as one space."""
    return _SPACES.sub(" ", clean_text(value)).strip()


def paragraphs(value: object) -> list[str]:
    """The paragraphs of a free text (separated by blank lines), each cleaned and trimmed."""
    text = clean_text(value).strip()
    if not text:
        return []
    return [part.strip("\n ") for part in _BLANK_LINES.split(text) if part.strip()]


def truncate(value: str, limit: int) -> str:
    """`value` cut to at most `limit` characters at a word boundary, with an ellipsis."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


_SAFE_SCHEMES = ("http", "https", "mailto", "ftp")


def safe_url(value: str | None) -> str | None:
    """A URL fit for a hyperlink relationship, or None.

    Only web and mail addresses become links (no file: or javascript:), and characters that
    are not allowed in a URI are percent-encoded: Word refuses to open a document whose
    hyperlink target is not a valid URI.
    """
    text = clean_line(value or "")
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return quote(text, safe=":/?#[]@!$&'()*+,;=%~")


# --- scripts --------------------------------------------------------------------------------

RTL, CJK, OTHER = "rtl", "cjk", "other"

_RTL_BIDI = {"R", "AL"}
_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi
    (0x2FF0, 0x303F),  # ideographic description, CJK symbols and punctuation
    (0x3040, 0x31FF),  # Hiragana, Katakana, Bopomofo, Hangul compatibility, Kanbun...
    (0x3200, 0x4DBF),  # enclosed CJK, compatibility, extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half- and full-width forms
    (0x20000, 0x3FFFF),  # supplementary ideographic planes
)


def _is_cjk(code: int) -> bool:
    return any(low <= code <= high for low, high in _CJK_RANGES)


def char_script(char: str) -> str | None:
    """RTL, CJK or OTHER for a strong character; None for neutrals (spaces, digits,
    punctuation), which take the script of the text around them."""
    code = ord(char)
    if code < 0x0590:
        return OTHER if char.isalpha() else None
    if _is_cjk(code):
        return CJK
    bidi = unicodedata.bidirectional(char)
    if bidi in _RTL_BIDI:
        return RTL
    if bidi == "L":
        return OTHER
    return None


def script_segments(text: str) -> list[tuple[str, str]]:
    """`text` cut into (script, segment) pieces so that right-to-left and CJK text get runs of
    their own.

    Neutrals (spaces, digits, punctuation) between two pieces of one script belong to it; at
    the border of right-to-left text they go to the other side, so that "الجزيرة, 7 January"
    keeps ", 7 " in the left-to-right run, as the bidi algorithm reads it in a brief written
    left to right; at either end of the text they join their only neighbour.
    """
    if not text:
        return []
    if text.isascii():
        return [(OTHER, text)]
    scripts = [char_script(char) for char in text]
    resolved: list[str] = []
    index, size = 0, len(text)
    while index < size:
        script = scripts[index]
        if script is not None:
            resolved.append(script)
            index += 1
            continue
        end = index
        while end < size and scripts[end] is None:
            end += 1
        before = resolved[-1] if resolved else None
        after = scripts[end] if end < size else None
        if before is None or after is None or before == after:
            fill = before or after or OTHER
        elif RTL in (before, after):
            fill = after if before == RTL else before
        else:
            fill = before
        resolved.extend([fill] * (end - index))
        index = end
    pieces: list[tuple[str, str]] = []
    start = 0
    for position in range(1, size + 1):
        if position == size or resolved[position] != resolved[start]:
            pieces.append((resolved[start], text[start:position]))
            start = position
    return pieces


def is_rtl(text: str) -> bool:
    """True when the first strong character of `text` is right-to-left (Arabic, Hebrew...):
    the paragraph then reads right to left (Unicode bidi rules P2–P3)."""
    for char in text:
        script = char_script(char)
        if script is not None:
            return script == RTL
    return False
