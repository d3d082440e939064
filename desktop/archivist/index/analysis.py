"""Text analysis for the index: words for spaced scripts, bigrams for CJK/Thai, folding, stems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Analyzer, CompositeAnalyzer, Filter, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from archivist.index import vocabulary
from archivist.index.combining_marks import MARK_RANGES

# Scripts written without spaces between words. No dictionary-free tokeniser can find their
# word boundaries, so (like Lucene's CJK analyser) they are indexed as overlapping character
# bigrams: a query word becomes a phrase of bigrams and matches wherever that run occurs.
_BIGRAM_RANGES = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u2e80-\u2fdf"  # CJK radicals
    "\u3005-\u3007\u3021-\u3029\u3038-\u303b"  # CJK ideographic marks and numerals
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B-G
)


def _combining_mark_class() -> str:
    """Combining marks are not `\\w` in Python's re, yet they belong inside words (Devanagari,
    Arabic vowel signs, Hebrew points...). Those of the BMP, as written out for this Python's
    Unicode version (else worked out)."""
    ranges = MARK_RANGES.get(unicodedata.unidata_version) or combining_mark_ranges()
    return "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges)


def combining_mark_ranges() -> tuple[tuple[int, int], ...]:
    """The ranges (first, last) of the BMP's combining marks, worked out (some 10 ms)."""
    ranges: list[tuple[int, int]] = []
    start = None
    for code in range(0x300, 0x10000):
        is_mark = unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append((start, code - 1))
            start = None
    return tuple(ranges)


_MARKS = _combining_mark_class()
_WORD_CHAR = f"(?:[^\\W_{_BIGRAM_RANGES}]|[{_MARKS}])"
_TOKEN = re.compile(
    f"(?P<bigram>[{_BIGRAM_RANGES}]+)|(?P<word>{_WORD_CHAR}+(?:['’.]{_WORD_CHAR}+)*)"
)


_WORDS_ONLY = re.compile(f"{_WORD_CHAR}+(?:['’.]{_WORD_CHAR}+)*")
_HAS_BIGRAM_SCRIPT = re.compile(f"[{_BIGRAM_RANGES}]")


def has_bigram_script(text: str) -> bool:
    """Whether `text` holds a script indexed as character pairs (CJK, Thai...)."""
    return bool(_HAS_BIGRAM_SCRIPT.search(text))


class MultiScriptTokenizer(Tokenizer):
    """Words for scripts with spaces; overlapping bigrams for CJK, Thai, Lao, Khmer, Myanmar."""

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        spans = self._spans(value) if _HAS_BIGRAM_SCRIPT.search(value) else self._word_spans(value)
        for pos, (begin, end, text) in enumerate(spans, start_pos):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + begin
                token.endchar = start_char + end
            yield token

    @staticmethod
    def _word_spans(value: str) -> Iterator[tuple[int, int, str]]:
        """The common case, text without bigram scripts: one token per word."""
        for match in _WORDS_ONLY.finditer(value):
            text = match.group()
            if "’" in text:  # "don’t" and "don't" are one word
                text = text.replace("’", "'")
            yield match.start(), match.end(), text

    @staticmethod
    def _spans(value: str) -> Iterator[tuple[int, int, str]]:
        for match in _TOKEN.finditer(value):
            begin, end = match.span()
            if match.lastgroup == "word":
                yield begin, end, match.group().replace("’", "'")
            elif end - begin == 1:
                yield begin, end, match.group()
            else:
                for i in range(begin, end - 1):
                    yield i, i + 2, value[i : i + 2]


class FoldStopFilter(Filter):
    """Fold case and accents ("São" -> "sao", see fold_word) and drop stop words, in one pass.

    One filter instead of three chained ones: each generator layer costs about as much as
    the work it does, and this runs for every word of every article indexed.
    Stop words are removed with positions renumbered (as Whoosh's StopFilter does), so the
    phrase "shoot to kill" matches "shoot to kill".
    """

    def __init__(self, stoplist: frozenset[str]) -> None:
        self.stops = stoplist

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        stops = self.stops
        pos = None
        for token in tokens:
            token.text = text = _folded(token.text)
            if text in stops:
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if token.positions:
                pos = token.pos if pos is None else pos + 1
                token.pos = pos
            token.stopped = False
            yield token


def _folded(word: str) -> str:
    """A word as the index folds it: lower case, accents folded beyond ASCII (fold_word)."""
    return word.lower() if word.isascii() else fold_word(word)


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return porter_stem(word)


def _english_stem(word: str) -> str:
    """The Porter stem of a Latin-alphabet word; any other word as it is."""
    return _stem(word) if word.isascii() and word.isalpha() else word


class EnglishStemFilter(Filter):
    """Porter stems for Latin-alphabet words only: the English stemmer means nothing to
    Cyrillic or Arabic and would only garble them.

    While a document is indexed on this thread, each word the stemmer changes is recorded
    for the index vocabulary (see index.vocabulary): fuzzy and wildcard terms need it.
    """

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        record = vocabulary.collector()
        for token in tokens:
            text = token.text
            if not token.stopped:
                stemmed = _english_stem(text)
                if record is not None and stemmed != text and token.mode == "index":
                    record[text] = stemmed
                token.text = stemmed
            yield token


def _stop_words() -> frozenset[str]:
    from whoosh.analysis import STOP_WORDS

    return frozenset(STOP_WORDS)


class TextAnalyzer(CompositeAnalyzer):
    """MultiScriptTokenizer | FoldStopFilter | EnglishStemFilter, run as one loop over the
    words of text without bigram scripts (nearly every article), with each distinct word's
    folded and stemmed form remembered: the same tokens as the chain (a test compares them),
    in 60% of its time. Anything else (bigram scripts, `no_morph`, a whole value as one
    token) goes through the chain itself.

    (Its name is in the schema pickled in every index written since: keep it.)
    """

    #: Distinct words remembered (a multi-script archive has millions): then forgotten.
    MAX_FORMS = 200_000

    def __init__(self, stoplist: frozenset[str]) -> None:
        super().__init__(MultiScriptTokenizer(), FoldStopFilter(stoplist), EnglishStemFilter())
        self._forms: dict[str, tuple[str, bool, str]] = {}

    # The remembered forms are no part of the schema Whoosh pickles into the index.
    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items() if key != "_forms"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._forms = {}

    def __call__(  # type: ignore[override]
        self, value: str, no_morph: bool = False, **kwargs: Any
    ) -> Iterator[Token]:
        if no_morph or not kwargs.get("tokenize", True) or _HAS_BIGRAM_SCRIPT.search(value):
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return self._words(value, **kwargs)

    def positions(self, value: str) -> dict[str, list[int]] | None:
        """Each word `value` indexes, with its positions (stop words out, positions running
        on), as the chain's tokens in "index" mode give them, the stems recorded for the
        vocabulary; None for text with bigram scripts, which only the chain analyses.
        What an index writer needs of a text, without a token per word."""
        if _HAS_BIGRAM_SCRIPT.search(value):
            return None
        record = vocabulary.collector()
        form_of = self._form
        found: dict[str, list[int]] = {}
        pos = None  # stop words out, positions running on (see FoldStopFilter)
        for raw_pos, word in enumerate(_WORDS_ONLY.findall(value)):
            if "’" in word:  # "don’t" and "don't" are one word
                word = word.replace("’", "'")
            folded, stopped, indexed = form_of(word)
            if stopped:
                continue
            if record is not None and indexed != folded:
                record[folded] = indexed
            pos = raw_pos if pos is None else pos + 1
            at = found.get(indexed)
            if at is None:
                found[indexed] = [pos]
            else:
                at.append(pos)
        return found

    def _form(self, word: str) -> tuple[str, bool, str]:
        """(folded, is a stop word, indexed form) of a word as the tokenizer gives it."""
        forms = self._forms
        form = forms.get(word)
        if form is None:
            folded = _folded(word)
            if folded in self.items[1].stops:
                form = (folded, True, folded)
            else:
                form = (folded, False, _english_stem(folded))
            if len(forms) >= self.MAX_FORMS:
                forms.clear()
            forms[word] = form
        return form

    def _words(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        record = vocabulary.collector() if mode == "index" else None
        form_of = self._form
        kept_pos = None  # stop words out, positions run on (see FoldStopFilter)
        for raw_pos, match in enumerate(_WORDS_ONLY.finditer(value), start_pos):
            word = match.group()
            if "’" in word:  # "don’t" and "don't" are one word
                word = word.replace("’", "'")
            folded, stopped, indexed = form_of(word)
            if stopped:
                if removestops:
                    continue
                if positions:
                    token.pos = raw_pos
            else:
                if record is not None and indexed != folded:
                    record[folded] = indexed
                if positions:
                    kept_pos = raw_pos if kept_pos is None else kept_pos + 1
                    token.pos = kept_pos
            token.text = indexed
            token.stopped = stopped
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


def text_analyzer() -> TextAnalyzer:
    """Analyzer of free text (title, body): folded, stop words out, English stems."""
    return TextAnalyzer(_stop_words())


def name_analyzer() -> Analyzer:
    """Analyzer of names (source, author): folded words, no stems. Stop words go too, else
    "shoot to kill" searched over title, text and source would demand "to" in the source."""
    return MultiScriptTokenizer() | FoldStopFilter(_stop_words())


# Diacritics that distinguish nothing an analyst searches for: Latin, Greek and Cyrillic
# accents (after NFD) and Arabic short-vowel marks. Marks that are letters' vowels in other
# scripts (Devanagari, Thai...) are kept: dropping them would merge different words.
_FOLDED_MARKS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670]")


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Case- and accent-folded form of a word: "São" -> "sao", "Συντάγματος" -> "συνταγματοσ"."""
    folded = unicodedata.normalize("NFD", word.casefold())
    folded = unicodedata.normalize("NFC", _FOLDED_MARKS.sub("", folded))
    return folded if folded.isascii() else folded.translate(accent_map)


class KeywordFoldFilter(Filter):
    """Folds each comma-separated keyword as a whole (see fold_keyword)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            token.text = fold_keyword(token.text)
            if token.text:
                yield token


def keyword_analyzer() -> Analyzer:
    """Analyzer of keyword lists (tags, entity names, statuses): "Central Asia, São Paulo" ->
    "central asia", "sao paulo"; a quoted query value is one keyword."""
    from whoosh.analysis import RegexTokenizer

    return RegexTokenizer(r"[^,]+") | KeywordFoldFilter()


def fold_keyword(value: str) -> str:
    """How a keyword (tag, entity name, status) is stored and queried: folded like words."""
    return " ".join(fold_word(part) for part in value.split())
