"""Anchoring a span in an article's text: offsets plus quote and context, validated."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from archivist.errors import AnchorError

# Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix).
CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Anchor:
    """A span of an article's text: code-point offsets into the NFC text, and the quote with
    its context (the W3C TextPositionSelector and TextQuoteSelector of the same span)."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str

    def columns(self) -> dict[str, Any]:
        """The span as every table of spans stores it (mentions, claims, notes on spans,
        brief excerpts)."""
        return {
            "span_start": self.start,
            "span_end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }

    def position_selector(self) -> dict[str, Any]:
        return {"type": "TextPositionSelector", "start": self.start, "end": self.end}

    def quote_selector(self) -> dict[str, Any]:
        return {
            "type": "TextQuoteSelector",
            "exact": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of text[start:end].

    Raises:
        AnchorError: the span is empty or reaches outside the text.
    """
    if isinstance(start, bool) or isinstance(end, bool):
        raise AnchorError("span offsets must be integers")
    if start < 0 or end > len(text) or start >= end:
        raise AnchorError(
            f"the span {start}–{end} is not inside the text (0–{len(text)}) or is empty; "
            "offsets are character positions with start < end"
        )
    return Anchor(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def find_quote(text: str, quote: str, nth: int = 1) -> Anchor:
    """The anchor of the `nth` occurrence (counting from 1) of `quote` in `text`.

    The quote is compared exactly first; when it is not there, spaces, line breaks,
    typographic quotes, apostrophes and dashes are compared loosely (a quote typed with a
    straight apostrophe finds "day’s"). The anchor always holds the text as it is.

    Raises:
        AnchorError: `nth` is below 1, the quote is blank, or it does not occur `nth` times.
    """
    if nth < 1:
        raise AnchorError("--nth counts occurrences from 1")
    quote = unicodedata.normalize("NFC", quote)
    if not quote.strip():
        raise AnchorError("the quote is empty")
    spans = exact_occurrences(text, quote)
    if not spans:
        spans = [m.span() for m in _lenient_pattern(quote).finditer(text)]
    if not spans:
        raise AnchorError(f"the quote {_short(quote)!r} is not in the article's text")
    if nth > len(spans):
        raise AnchorError(
            f"the quote {_short(quote)!r} occurs {len(spans)} time(s) in the text, not {nth}"
        )
    return anchor_at(text, *spans[nth - 1])


def resolve_span(
    text: str,
    *,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    nth: int | None = None,
) -> Anchor:
    """An anchor from what a caller gives: offsets, a quote (with `nth`), or both.

    With both, the text at the offsets must equal the quote.

    Raises:
        AnchorError: nothing usable was given, or the pieces disagree with the text.
    """
    if start is not None or end is not None:
        if start is None or end is None:
            raise AnchorError("give both a start and an end offset")
        anchor = anchor_at(text, start, end)
        if quote is not None and unicodedata.normalize("NFC", quote) != anchor.quote:
            raise AnchorError(
                f"the text at {start}–{end} is {_short(anchor.quote)!r}, "
                f"not the quote {_short(quote)!r}"
            )
        if nth is not None:
            raise AnchorError("--nth goes with --quote, not with offsets")
        return anchor
    if quote is None:
        raise AnchorError("give the span as a quote (--quote) or as offsets (--start, --end)")
    return find_quote(text, quote, nth or 1)


def check_anchor(text: str, anchor: Anchor) -> None:
    """Raise AnchorError unless the anchor's offsets hold its quote in `text`."""
    if not (0 <= anchor.start < anchor.end <= len(text)):
        raise AnchorError(f"the span {anchor.start}–{anchor.end} is not inside the text")
    if text[anchor.start : anchor.end] != anchor.quote:
        raise AnchorError(
            f"the text at {anchor.start}–{anchor.end} is not the quote {_short(anchor.quote)!r}"
        )


def exact_occurrences(text: str, quote: str, limit: int = 100_000) -> list[tuple[int, int]]:
    """Every occurrence of `quote` in `text`, overlapping ones included (up to `limit`)."""
    spans: list[tuple[int, int]] = []
    if not quote:
        return spans
    position = text.find(quote)
    while position != -1 and len(spans) < limit:
        spans.append((position, position + len(quote)))
        position = text.find(quote, position + 1)
    return spans


_LOOSE = {
    "'": "['’‘ʼ]",
    "’": "['’‘ʼ]",
    "‘": "['’‘ʼ]",
    '"': '["“”„«»]',
    "“": '["“”„«»]',
    "”": '["“”„«»]',
    "-": "[-‐‑‒–—]",
    "–": "[-‐‑‒–—]",
    "—": "[-‐‑‒–—]",
}


def _lenient_pattern(quote: str) -> re.Pattern[str]:
    parts: list[str] = []
    for token in re.split(r"(\s+)", quote.strip()):
        if not token:
            continue
        if token.isspace():
            parts.append(r"\s+")
        else:
            parts.append("".join(_LOOSE.get(c, re.escape(c)) for c in token))
    return re.compile("".join(parts))


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --- Qt positions ---------------------------------------------------------------------------
# Qt counts UTF-16 code units; offsets here are code points. They differ after any character
# outside the Basic Multilingual Plane (emoji, rare CJK), so widgets convert at the boundary.


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 position (as QTextCursor counts) of code-point `index` in `text`."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


def from_utf16(text: str, position: int) -> int:
    """The code-point index of UTF-16 `position` in `text` (inverse of `to_utf16`; a position
    inside a surrogate pair maps to the character's start)."""
    units = 0
    for index, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > position:
            return index
        units += width
    return len(text)
