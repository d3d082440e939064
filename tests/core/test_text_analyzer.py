"""The text analyzer's one-pass loop gives exactly the tokens of the chain it stands for, and
the text fields' one-pass postings exactly Whoosh's."""

from __future__ import annotations

import itertools
import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from samples import SAMPLES, needs_samples
from whoosh.formats import Positions

from archivist.index import vocabulary
from archivist.index.analysis import (
    EnglishStemFilter,
    FoldStopFilter,
    MultiScriptTokenizer,
    TextAnalyzer,
    _stop_words,
    text_analyzer,
)
from archivist.index.schema import TextPositions, build_schema

CHAIN = MultiScriptTokenizer() | FoldStopFilter(_stop_words()) | EnglishStemFilter()

TEXTS = [
    "",
    "the",
    "The troops of the Republic don’t shoot; they don't.",
    "To be or not to be: São Paulo’s mayor, Zoë, met the U.S. envoy at 10.30 on 5 Jan.",
    "Συντάγματος Κυριακή — Москва́ и Алматы; naïve café façade; snake_case and x2 ____",
    "हिन्दी भाषा मेरा देश  ٱلْعَرَبِيَّة  עִבְרִית",
    "running runs ran runner RUNNING Running's stopped stopping the and of",
    "  leading spaces, trailing stop words of the",
]

KWARGS = [
    dict(zip(("positions", "chars", "keeporiginal", "removestops", "mode"), values, strict=True))
    for values in itertools.product(
        (False, True), (False, True), (False, True), (True, False), ("index", "query", "")
    )
]


def _tokens(analyzer: Any, text: str, **kwargs: Any) -> tuple[list[tuple[Any, ...]], dict]:
    vocabulary.start_collecting()
    try:
        tokens = [
            (
                t.text,
                t.stopped,
                t.boost,
                getattr(t, "pos", None),
                getattr(t, "startchar", None),
                getattr(t, "endchar", None),
                getattr(t, "original", None),
            )
            for t in analyzer(text, **kwargs)
        ]
    finally:
        recorded = vocabulary.stop_collecting()
    return tokens, recorded


def _assert_same(text: str, analyzer: TextAnalyzer, **extra: Any) -> None:
    for kwargs in KWARGS:
        assert _tokens(analyzer, text, **kwargs, **extra) == _tokens(CHAIN, text, **kwargs, **extra)


def test_the_loop_gives_the_chains_tokens_for_every_option() -> None:
    analyzer = text_analyzer()
    assert isinstance(analyzer, TextAnalyzer)
    for text in TEXTS:
        _assert_same(text, analyzer)
        _assert_same(text, analyzer, start_pos=7, start_char=100)
    for text in TEXTS:  # a second time: the words' forms now come from memory
        _assert_same(text, analyzer)


def test_text_with_bigram_scripts_and_no_morph_go_through_the_chain() -> None:
    analyzer = text_analyzer()
    for text in ("中国的新闻 and the news", "ภาษาไทย running"):
        _assert_same(text, analyzer)
    words = [t.text for t in analyzer("Running troops", no_morph=True)]
    assert (
        words
        == [t.text for t in CHAIN("Running troops", no_morph=True)]
        == [
            "running",
            "troops",
        ]
    )


_PIECES = (
    list("aeiouAEIOU tnrsldg’'._-,;:0123456789\n")
    + list("éüñßÆøđабвгдМЖαβγΣ")
    + ["\u0301", "\u0308", "the ", " of ", " running", "don’t "]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_the_loop_matches_the_chain_on_any_text(text: str) -> None:
    _assert_same(text, text_analyzer())


def test_the_remembered_forms_are_not_pickled_with_the_schema() -> None:
    analyzer = text_analyzer()
    list(analyzer("Troops and protesters in Almaty"))
    assert analyzer._forms
    restored = pickle.loads(pickle.dumps(analyzer))
    assert b"_forms" not in pickle.dumps(analyzer)
    assert restored._forms == {} and restored == analyzer
    assert [t.text for t in restored("Troops marched")] == ["troop", "march"]


def test_forms_are_forgotten_past_their_bound(monkeypatch) -> None:
    analyzer = text_analyzer()
    monkeypatch.setattr(TextAnalyzer, "MAX_FORMS", 3)
    tokens = [t.text for t in analyzer("alpha beta gamma delta epsilon zeta")]
    assert len(analyzer._forms) <= 3
    assert tokens == [t.text for t in CHAIN("alpha beta gamma delta epsilon zeta")]


@needs_samples
def test_the_samples_articles_give_the_chains_tokens() -> None:
    analyzer = text_analyzer()
    texts = [p.read_text("utf-8", errors="replace") for p in sorted(SAMPLES.glob("txt/*.txt"))]
    for text in texts[:12]:
        for kwargs in ({"positions": True, "mode": "index"}, {"chars": True, "mode": "query"}):
            assert _tokens(analyzer, text, **kwargs) == _tokens(CHAIN, text, **kwargs)


# --- the postings of a text, without tokens ---------------------------------------------------


def _postings(format_: Any, analyzer: Any, text: str) -> tuple[list[tuple[Any, ...]], dict]:
    vocabulary.start_collecting()
    try:
        values = list(format_.word_values(text, analyzer, mode="index"))
    finally:
        recorded = vocabulary.stop_collecting()
    return values, recorded


def _assert_same_postings(text: str) -> None:
    analyzer = text_analyzer()
    fast = TextPositions(field_boost=2.0)
    assert _postings(fast, analyzer, text) == _postings(Positions(field_boost=2.0), CHAIN, text)


def test_a_texts_postings_are_whooshs() -> None:
    for text in [*TEXTS, "中国的新闻 and the news"]:
        _assert_same_postings(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_a_texts_postings_are_whooshs_on_any_text(text: str) -> None:
    _assert_same_postings(text)


def test_the_schemas_text_fields_take_the_one_pass_postings() -> None:
    schema = build_schema()
    assert type(schema["text"].format) is TextPositions
    assert type(schema["title"].format) is TextPositions
    assert isinstance(schema["text"].analyzer, TextAnalyzer)
