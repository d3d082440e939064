"""Snippets for search hits: the passages around the first matches, with matches marked.

Whoosh's highlighter analyses a whole article for every hit, which at 20 hits a page was
most of a search's time. Here only the words that can match are analysed (a regular
expression finds them), and only until the passages to show are found.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
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


# Which words can match, found by a regular expression before the (much slower) analysis:
# an English stem keeps the start of its word, all but the last three letters at most
# (Porter replaces endings: "relational" -> "relat", "day" -> "dai"); digits are not
# stemmed. Words with non-ASCII letters fold ("São" -> "sao"): they are always analysed.
# Tokens never span whitespace, so each candidate's whitespace-separated word is analysed
# alone and the rest of the text is skipped.
_KEPT_BY_STEMS = 3
_SPACE = re.compile(r"\s")


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern[str] | None:
    """A pattern matching at the start of every token that can be one of `terms` (and at
    some that cannot); None when the terms are not all ASCII letters and digits (bigrams
    of scripts written without spaces): the whole text is analysed then."""
    prefixes = set()
    for term in terms:
        if not (term.isascii() and term.isalnum()):
            return None
        prefixes.add(term[: max(1, len(term) - _KEPT_BY_STEMS)] if term.isalpha() else term)
    alternatives = "|".join(sorted(map(re.escape, prefixes)))
    return re.compile(rf"(?i)\b(?:{alternatives})|[^\W\x00-\x7f]")


def _candidate_tokens(text: str, pattern: re.Pattern[str], analyzer: Any) -> Iterator[Any]:
    """The tokens of the whitespace-separated words where `pattern` matches, in order."""
    position = 0
    while (found := pattern.search(text, position)) is not None:
        at = found.start()
        start = max(text.rfind(c, 0, at) for c in " \n\t\r\xa0") + 1  # (earlier is safe)
        space = _SPACE.search(text, found.end())
        end = space.start() if space else len(text)
        yield from analyzer(
            text[start:end], chars=True, mode="query", removestops=True, start_char=start
        )
        position = end


def _match_spans(text: str, terms: Collection[str], analyzer: Any) -> list[tuple[int, int]]:
    """Character spans of the tokens whose analysed form is one of `terms`, analysing only
    the words that can match, and only as far as the passages to show need."""
    spans: list[tuple[int, int]] = []
    passages = 0
    passage_end = -1
    pattern = _candidates(frozenset(terms))
    if pattern is None:
        tokens = analyzer(text, chars=True, mode="query", removestops=True)
    else:
        tokens = _candidate_tokens(text, pattern, analyzer)
    for token in tokens:
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
