"""Anchoring spans: offsets and quotes validated, loose quote matching, name folding across
scripts, approximate search checked against plain dynamic programming."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from archivist.annotations.anchoring import CONTEXT_CHARS, anchor_at, find_quote, resolve_span
from archivist.annotations.folding import find_names, fold_text, name_key
from archivist.annotations.fuzzy import approximate_matches, distance_profile, edit_distance
from archivist.errors import AnchorError, InvalidValueError

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty, which AFP could not verify. AFP reporters saw the previous day’s clashes."
)


def test_anchor_holds_offsets_quote_and_context() -> None:
    start = TEXT.index("police")
    anchor = anchor_at(TEXT, start, start + len("police"))
    assert anchor.quote == "police"
    assert anchor.prefix == TEXT[start - CONTEXT_CHARS : start]
    assert anchor.suffix == TEXT[start + 6 : start + 6 + CONTEXT_CHARS]
    assert anchor.position_selector() == {
        "type": "TextPositionSelector",
        "start": start,
        "end": start + 6,
    }
    assert anchor.quote_selector()["exact"] == "police"


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 5), (7, 3), (0, len(TEXT) + 1)])
def test_spans_outside_the_text_are_refused(start: int, end: int) -> None:
    with pytest.raises(AnchorError):
        anchor_at(TEXT, start, end)
    assert issubclass(AnchorError, InvalidValueError)


def test_nth_occurrence_counts_from_one() -> None:
    first = find_quote(TEXT, "AFP")
    second = find_quote(TEXT, "AFP", nth=2)
    assert first.start == TEXT.index("AFP")
    assert second.start == TEXT.index("AFP", first.end)
    with pytest.raises(AnchorError, match="occurs 2 time"):
        find_quote(TEXT, "AFP", nth=3)
    with pytest.raises(AnchorError, match="from 1"):
        find_quote(TEXT, "AFP", nth=0)
    with pytest.raises(AnchorError, match="not in the article"):
        find_quote(TEXT, "Nur-Sultan")


def test_a_typed_quote_finds_typographic_text_and_stores_the_real_text() -> None:
    anchor = find_quote(TEXT, "the previous day's clashes")
    assert anchor.quote == "the previous day’s clashes"
    assert TEXT[anchor.start : anchor.end] == anchor.quote
    wrapped = find_quote(TEXT, "the main\n  square")
    assert wrapped.quote == "the main square"


def test_offsets_and_quote_must_agree() -> None:
    start = TEXT.index("Almaty")
    assert resolve_span(TEXT, start=start, end=start + 6, quote="Almaty").quote == "Almaty"
    with pytest.raises(AnchorError, match="not the quote"):
        resolve_span(TEXT, start=start, end=start + 6, quote="Astana")
    with pytest.raises(AnchorError):
        resolve_span(TEXT, start=start)
    with pytest.raises(AnchorError):
        resolve_span(TEXT)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200), st.data())
def test_any_valid_span_round_trips(text: str, data: st.DataObject) -> None:
    text = unicodedata.normalize("NFC", text)  # article texts are stored in NFC
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    anchor = anchor_at(text, start, end)
    assert text[anchor.start : anchor.end] == anchor.quote
    assume(anchor.quote.strip() and unicodedata.is_normalized("NFC", anchor.quote))
    again = find_quote(text, anchor.quote, nth=1)
    assert text[again.start : again.end] == again.quote


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab c", min_size=1, max_size=60),
    st.text(alphabet="ab c", min_size=1, max_size=4),
)
def test_every_occurrence_is_reachable_by_nth(text: str, quote: str) -> None:
    assume(quote.strip())
    count = sum(1 for i in range(len(text)) if text.startswith(quote, i))
    for nth in range(1, count + 1):
        anchor = find_quote(text, quote, nth=nth)
        assert text[anchor.start : anchor.end] == anchor.quote == quote


# --- names across scripts -------------------------------------------------------------------


def test_name_keys_ignore_case_accents_and_spacing() -> None:
    assert name_key("Kassym-Jomart  TOKAYÉV") == name_key("kassym-jomart tokayev")
    assert name_key("Токаев") == name_key("ТОКАЕВ")
    assert name_key("day’s") == name_key("day's")


@pytest.mark.parametrize(
    "text,name,found",
    [
        ("President Tokayev and TOKAYEV; Tokayevs no", "Tokayev", ["Tokayev", "TOKAYEV"]),
        (
            "São Paulo, SAO PAULO and Sao\nPaulo",
            "sao paulo",
            ["São Paulo", "SAO PAULO", "Sao\nPaulo"],
        ),
        ("Президент Токаев заявил. ТОКАЕВ! токаевский", "Токаев", ["Токаев", "ТОКАЕВ"]),
        ("Zoe\u0308 and Zoë", "Zoe", ["Zoe\u0308", "Zoë"]),
        ("Straße or Strasse", "strasse", ["Straße", "Strasse"]),
        ("習近平主席は習近平と", "習近平", ["習近平", "習近平"]),
        ("محمد and مُحمّد", "محمد", ["محمد", "مُحمّد"]),
    ],
)
def test_whole_word_matches_in_many_scripts(text: str, name: str, found: list[str]) -> None:
    assert [text[m.start : m.end] for m in find_names(text, [name])] == found


def test_longest_name_wins_where_names_overlap() -> None:
    text = "Kassym-Jomart Tokayev met Tokayev's aides"
    matches = find_names(text, ["Tokayev", "Kassym-Jomart Tokayev"])
    assert [(text[m.start : m.end], m.name) for m in matches] == [
        ("Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev"),
        ("Tokayev", "Tokayev"),
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.text(alphabet="aéEß\u0301 ", min_size=1, max_size=5))
def test_folded_matches_map_back_onto_the_original(text: str, name: str) -> None:
    folded = fold_text(text)
    for match in find_names(folded, [name]):
        assert 0 <= match.start < match.end <= len(text)
        assert name_key(text[match.start : match.end]) == name_key(name)


# --- approximate search ---------------------------------------------------------------------


def _brute_force(pattern: str, text: str) -> list[int]:
    return [
        min(edit_distance(pattern, text[s:j]) for s in range(j + 1))
        for j in range(1, len(text) + 1)
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc", min_size=1, max_size=7), st.text(alphabet="abc", max_size=14))
def test_bit_vector_scores_equal_dynamic_programming(pattern: str, text: str) -> None:
    assert distance_profile(pattern, text, anchored=False) == _brute_force(pattern, text)
    assert distance_profile(pattern, text, anchored=True) == [
        edit_distance(pattern, text[:j]) for j in range(1, len(text) + 1)
    ]
    for match in approximate_matches(pattern, text, 2):
        assert edit_distance(pattern, text[match.start : match.end]) == match.distance <= 2


def test_approximate_match_finds_an_edited_sentence() -> None:
    quote = "the police had driven protesters from the main square"
    edited = TEXT.replace("driven", "chased").replace("main", "central")
    [best, *_] = approximate_matches(quote, edited, len(quote) // 4)
    assert (
        edited[best.start : best.end] == "the police had chased protesters from the central square"
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "é", "😀", "𝐀", "中", " "]), max_size=30), st.data())
def test_utf16_positions_round_trip(text: str, data: st.DataObject) -> None:
    from archivist.annotations.anchoring import from_utf16, to_utf16

    index = data.draw(st.integers(0, len(text)))
    position = to_utf16(text, index)
    assert position == len(text[:index].encode("utf-16-le")) // 2
    assert from_utf16(text, position) == index
