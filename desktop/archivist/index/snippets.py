"""Snippets for search hits: the passages around the first matches, with matches marked.

Whoosh's highlighter analyses a whole article for every hit, which at 20 hits a page was
most of a search's time. Here the text is analysed lazily and the scan stops once the
passages to show are found: most articles match in their first paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache
from typing import Any

SNIPPET_MARK = "**"
SNIPPET_CHARS = 240
_CONTEXT = 70  # characters of context before the first match of a passage
_MAX_PASSAGES = 2
_SEPARATOR = " … "


def leading_snippet(text: str, size: int = SNIPPET_CHARS) -> str:
    """The start of the text, cut at a word boundary (for hits without a match in the body)."""
    flat = " ".join(text[: size * 2].split())
    if len(flat) <= size:
        return flat
    cut = flat[:size]
    return cut[: cut.rfind(" ")] + " …" if " " in cut else cut + "…"


# Where a match can first be, found by a regular expression before the (much slower)
# analysis starts: an English stem keeps the start of its word, all but the last three
# letters at most (Porter replaces endings: "relational" -> "relat", "day" -> "dai"); digits
# are not stemmed. Words with non-ASCII letters fold ("São" -> "sao"), so they count as
# possible matches too.
_KEPT_BY_STEMS = 3


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern[str] | None:
    """A pattern whose first match is at or before the first token that can be one of
    `terms`; None when the terms are not all ASCII letters and digits (bigrams, marks)."""
    prefixes = set()
    for term in terms:
        if not (term.isascii() and term.isalnum()):
            return None
        prefixes.add(term[: max(1, len(term) - _KEPT_BY_STEMS)] if term.isalpha() else term)
    alternatives = "|".join(sorted(map(re.escape, prefixes)))
    return re.compile(rf"(?i)\b(?:{alternatives})|[^\W\x00-\x7f]")


def _scan_start(text: str, terms: Collection[str]) -> int:
    """Where the analysis may start (the start of the whitespace-separated word holding the
    first possible match); -1 when nothing in the text can match."""
    pattern = _candidates(frozenset(terms))
    if pattern is None:
        return 0
    found = pattern.search(text)
    if found is None:
        return -1
    return max(text.rfind(" ", 0, found.start()), text.rfind("\n", 0, found.start())) + 1


def _match_spans(text: str, terms: Collection[str], analyzer: Any) -> list[tuple[int, int]]:
    """Character spans of the tokens whose analysed form is one of `terms`, scanning only
    from where a match can be and as far as the passages to show need."""
    spans: list[tuple[int, int]] = []
    passages = 0
    passage_end = -1
    start = _scan_start(text, terms)
    if start < 0:
        return spans
    for token in analyzer(
        text[start:], chars=True, mode="query", removestops=True, start_char=start
    ):
        if token.text not in terms:
            continue
        start, end = token.startchar, token.endchar
        if start > passage_end:
            if passages == _MAX_PASSAGES:
                break
            passages += 1
            passage_end = start + SNIPPET_CHARS - _CONTEXT
        spans.append((start, end))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[list[int]]:
    """Overlapping spans (CJK bigrams) become one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to word boundaries (spaces), within the text."""
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space != -1 else end
    return start, end


def make_snippet(text: str, terms: Collection[str], analyzer: Any) -> str:
    """Up to two passages of about SNIPPET_CHARS characters around the first matches, matches
    marked **like this**; the start of the text when nothing in it matches."""
    spans = _merge(_match_spans(text, terms, analyzer)) if terms else []
    if not spans:
        return leading_snippet(text)
    passages: list[tuple[int, int, list[list[int]]]] = []
    for span in spans:
        if passages and span[1] <= passages[-1][1]:
            passages[-1][2].append(span)
            continue
        if len(passages) == _MAX_PASSAGES:
            break
        start = max(0, span[0] - _CONTEXT)
        passages.append((start, min(len(text), start + SNIPPET_CHARS), [span]))
    rendered: list[str] = []
    for start, end, marks in passages:
        start, end = _cut(text, start, end)
        out: list[str] = []
        position = start
        for mark_start, mark_end in marks:
            mark_end = min(mark_end, end)
            if mark_start < position:
                continue
            out.append(text[position:mark_start])
            out.append(f"{SNIPPET_MARK}{text[mark_start:mark_end]}{SNIPPET_MARK}")
            position = mark_end
        out.append(text[position:end])
        passage = " ".join("".join(out).split())
        rendered.append(("… " if start > 0 else "") + passage + (" …" if end < len(text) else ""))
    return " ".join(rendered).replace("… …", "…")
