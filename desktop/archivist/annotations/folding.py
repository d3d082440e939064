"""Case- and accent-insensitive name matching: name keys, folded text with an offset map."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

# Typographic variants an analyst does not distinguish when typing a name.
_VARIANTS = {
    "\u2019": "'",  # right single quotation mark
    "\u2018": "'",
    "\u02bc": "'",  # modifier letter apostrophe
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
}

# Scripts written without spaces between words (and Hangul, whose particles attach to the
# noun): a name in them has no word boundary to respect. Kept in step with the bigram
# ranges of index.analysis.
_NO_SPACE_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3005-\u3007"
    "\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]"
)


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """One character folded for matching: casefolded, accents removed (may be '' or longer)."""
    if char in _VARIANTS:
        return _VARIANTS[char]
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(value: str) -> str:
    """A string folded for matching (case and accents ignored, typographic variants unified)."""
    return "".join(fold_char(c) for c in value)


def name_key(name: str) -> str:
    """The key under which a name (canonical or alias) is matched: folded, single spaces."""
    return " ".join(fold(name).split())


@cache
def _fast_path() -> tuple[dict[int, str], re.Pattern[str]]:
    """A str.translate table folding accents one character to one character, and a regex of
    the characters (after casefolding) whose fold is empty or longer (combining marks,
    ligatures): a text holding one takes the slow path, which keeps an offset map."""
    table: dict[int, str] = {}
    slow: list[int] = []
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = fold_char(char)
        if len(char.casefold()) != 1 or len(fold_char(char.casefold())) != 1:
            if len(fold_char(char.casefold())) != 1:
                slow.append(code)
            continue
        if folded != char:
            table[code] = folded
    return table, re.compile(_char_class(slow))


def _char_class(codes: list[int]) -> str:
    ranges: list[str] = []
    start = previous = None
    for code in [*codes, -2]:
        if previous is not None and code == previous + 1:
            previous = code
            continue
        if start is not None and previous is not None:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else "")
            )
        start = previous = code
    return "[" + "".join(ranges) + "]" if ranges else "(?!)"


@dataclass
class FoldedText:
    """A text folded for matching, with the way back to offsets in the original."""

    original: str
    folded: str
    # folded index -> original index; None when the two align one to one.
    _map: list[int] | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the folded span [start, end) came from."""
        if self._map is None:
            return start, end
        begin = self._map[start]
        finish = self._map[end - 1] + 1
        # A trailing combining mark folds to nothing but belongs to the last letter.
        while finish < len(self.original) and unicodedata.combining(self.original[finish]):
            finish += 1
        return begin, finish


def fold_text(text: str) -> FoldedText:
    """Fold a whole text for matching, fast when folding keeps every character in place."""
    cased = text.casefold()
    table, slow = _fast_path()
    if len(cased) == len(text) and not slow.search(cased):
        return FoldedText(text, cased.translate(table), None)
    parts: list[str] = []
    mapping: list[int] = []
    for index, char in enumerate(text):
        piece = fold_char(char)
        parts.append(piece)
        mapping.extend([index] * len(piece))
    return FoldedText(text, "".join(parts), mapping)


def _needs_boundary(char: str) -> bool:
    return bool(re.match(r"\w", char)) and not _NO_SPACE_SCRIPTS.match(char)


def name_pattern(name: str) -> re.Pattern[str] | None:
    """A regex finding `name` as a whole word in folded text (any run of spaces between its
    words); None for a blank name."""
    words = fold(name).split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    lead = r"(?<!\w)" if _needs_boundary(words[0][0]) else ""
    tail = r"(?!\w)" if _needs_boundary(words[-1][-1]) else ""
    return re.compile(lead + body + tail)


@dataclass(frozen=True)
class NameMatch:
    """One occurrence of a name in a text (offsets into the original text)."""

    start: int
    end: int
    name: str


def find_names(text: str | FoldedText, names: Iterable[str]) -> list[NameMatch]:
    """Whole-word, case- and accent-insensitive occurrences of any of `names`.

    Where occurrences overlap, the longest wins ("Kassym-Jomart Tokayev" over "Tokayev"),
    then the earliest.
    """
    folded = text if isinstance(text, FoldedText) else fold_text(text)
    found: list[NameMatch] = []
    for name in dict.fromkeys(names):
        pattern = name_pattern(name)
        if pattern is None:
            continue
        for folded_start, folded_end in _overlapping(pattern, folded.folded):
            start, end = folded.original_span(folded_start, folded_end)
            found.append(NameMatch(start, end, name))
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    chosen: list[NameMatch] = []
    for match in found:
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: (m.start, m.end))


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    position = 0
    while True:
        match = pattern.search(text, position)
        if match is None:
            return
        if match.end() > match.start():
            yield match.start(), match.end()
        position = match.start() + 1
