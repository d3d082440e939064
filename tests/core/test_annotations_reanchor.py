"""Re-anchoring when an article's text changes: by position, by quote and context, then
approximately; what cannot be found is orphaned and kept, never attached to other text."""

from __future__ import annotations

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from archivist import annotations as ann
from archivist.annotations.anchoring import anchor_at
from archivist.annotations.fuzzy import edit_distance
from archivist.annotations.reanchor import MAX_FUZZY_SHARE, TextMap, reanchor
from archivist.archive import Archive
from archivist.archive.maintenance import index_drift
from archivist.importers.base import ExtractedDocument
from archivist.importers.pipeline import import_text
from archivist.importers.reextract import reextract

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty, which AFP could not verify. Tokayev spoke later. The authorities said "
    "around 2,300 people had been arrested in Almaty alone. Tokayev blamed foreign groups."
)


def _anchor(text: str, quote: str, nth: int = 1):
    return ann.find_quote(text, quote, nth)


# --- the algorithm on plain strings ---------------------------------------------------------


def test_text_inserted_before_shifts_the_span_by_position() -> None:
    old = _anchor(TEXT, "around 2,300 people")
    new_text = "UPDATE: figures revised.\n\n" + TEXT
    result = reanchor(old, new_text, TextMap(TEXT, new_text))
    assert result.method == "position"
    assert new_text[result.anchor.start : result.anchor.end] == "around 2,300 people"
    assert result.anchor.start == old.start + len("UPDATE: figures revised.\n\n")


def test_a_moved_sentence_is_found_by_quote_and_context() -> None:
    sentence = "The authorities said around 2,300 people had been arrested in Almaty alone. "
    new_text = sentence + TEXT.replace(sentence, "")
    old = _anchor(TEXT, "around 2,300 people had been arrested")
    result = reanchor(old, new_text, TextMap(TEXT, new_text))
    assert result.method in ("position", "quote")
    assert new_text[result.anchor.start : result.anchor.end] == old.quote


def test_an_edited_quote_is_found_approximately_and_takes_the_new_text() -> None:
    old = _anchor(TEXT, "the police had driven protesters from the main square")
    new_text = TEXT.replace("driven protesters", "chased protesters")
    result = reanchor(old, new_text, TextMap(TEXT, new_text))
    assert result.method == "fuzzy"
    assert result.anchor.quote == "the police had chased protesters from the main square"
    assert new_text[result.anchor.start : result.anchor.end] == result.anchor.quote


def test_a_deleted_span_is_orphaned_not_moved_to_another_occurrence() -> None:
    # "Tokayev" occurs twice; the first sentence goes: the other "Tokayev" is other text.
    old = _anchor(TEXT, "Tokayev", 1)
    new_text = TEXT.replace("Tokayev spoke later. ", "")
    result = reanchor(old, new_text, TextMap(TEXT, new_text))
    assert result.method == "orphaned" and result.anchor is None


def test_repeated_quote_is_told_apart_by_context() -> None:
    old = _anchor(TEXT, "Tokayev", 2)
    new_text = TEXT.replace("Local media said", "Local media reported")
    result = reanchor(old, new_text, None)  # no diff: another archive's copy
    assert result.anchor.start == new_text.index("Tokayev blamed")


def test_without_a_diff_the_same_offsets_need_their_context() -> None:
    old = _anchor(TEXT, "Almaty", 1)
    assert reanchor(old, TEXT, None).method == "position"
    shifted = "x" * len("Local media said") + TEXT[len("Local media said") :]
    # Same offsets, same word, context partly changed but still most of it there.
    assert reanchor(old, shifted, None).anchor.start == old.start


def _vocabulary(size: int) -> list[str]:
    rng = random.Random(0)
    words: set[str] = set()
    while len(words) < size:
        words.add(
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
        )
    return sorted(words)


WORDS = _vocabulary(400)


def _words(rng: random.Random, count: int) -> list[str]:
    return rng.sample(WORDS, count)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 6))
def test_edits_away_from_a_span_never_lose_or_move_it(seed: int, edits: int) -> None:
    rng = random.Random(seed)
    words = _words(rng, 120)
    text = " ".join(words)
    first = rng.randrange(10, 100)
    last = first + rng.randrange(1, 8)
    start = len(" ".join(words[:first])) + 1
    end = len(" ".join(words[:last]))
    old = anchor_at(text, start, end)
    new_words = list(words)
    shift = 0
    for _ in range(edits):
        # Only whole words well away from the span and its context change.
        zone = rng.choice(["before", "after"])
        if zone == "before" and first > 8:
            at = rng.randrange(0, first - 7)
            inserted = [f"new{rng.randrange(10**6)}"]
            if rng.random() < 0.5:
                removed = new_words.pop(at)
                shift -= len(removed) + 1
                first -= 1
                last -= 1
            else:
                new_words[at:at] = inserted
                shift += len(inserted[0]) + 1
                first += 1
                last += 1
        elif zone == "after" and len(new_words) - last > 8:
            at = rng.randrange(last + 7, len(new_words))
            new_words[at:at] = [f"new{rng.randrange(10**6)}"]
    new_text = " ".join(new_words)
    result = reanchor(old, new_text, TextMap(text, new_text))
    assert result.method == "position"
    assert (result.anchor.start, result.anchor.end) == (start + shift, end + shift)
    assert result.anchor.quote == old.quote


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 2**32),
    st.lists(
        st.tuples(
            st.integers(0, 10**6), st.integers(0, 12), st.text(alphabet="abcdefg ", max_size=12)
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_reanchoring_never_produces_a_span_that_differs_from_its_quote(
    seed: int, edits: list
) -> None:
    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS[:30]) for _ in range(60))  # repetitive on purpose
    start = rng.randrange(0, len(text) - 1)
    end = rng.randrange(start + 1, min(len(text), start + 40) + 1)
    old = anchor_at(text, start, end)
    new_text = text
    for position, length, insert in edits:
        at = position % (len(new_text) + 1)
        new_text = new_text[:at] + insert + new_text[at + length :]
    assume(new_text)
    for text_map in (TextMap(text, new_text), None):
        result = reanchor(old, new_text, text_map)
        if result.anchor is None:
            assert result.method == "orphaned"
            continue
        found = result.anchor
        assert new_text[found.start : found.end] == found.quote
        if result.method == "fuzzy":
            assert edit_distance(old.quote, found.quote) <= max(
                1, int(len(old.quote) * MAX_FUZZY_SHARE)
            )
        else:
            assert found.quote == old.quote


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32))
def test_a_span_whose_text_is_gone_is_orphaned(seed: int) -> None:
    rng = random.Random(seed)
    words = _words(rng, 80)
    text = " ".join(words)
    first = rng.randrange(5, 70)
    last = first + rng.randrange(1, 6)
    start = len(" ".join(words[:first])) + 1
    end = len(" ".join(words[:last]))
    old = anchor_at(text, start, end)
    # The span and its context are replaced by words the text never had.
    lo, hi = max(0, first - 6), min(len(words), last + 6)
    fresh = [f"q{rng.randrange(10**9)}" for _ in range(hi - lo)]
    new_text = " ".join(words[:lo] + fresh + words[hi:])
    assert reanchor(old, new_text, TextMap(text, new_text)).method == "orphaned"
    assert reanchor(old, new_text, None).method == "orphaned"


# --- on an article ----------------------------------------------------------------------------


@pytest.fixture
def article(archive: Archive) -> int:
    return import_text(archive, TEXT, title="Almaty").imported[0].id


def test_new_text_reanchors_orphans_and_undo_restores(archive: Archive, article: int) -> None:
    kept = ann.tag_entity(archive, article, quote="AFP", name="AFP", type="organisation").mention
    doomed = ann.tag_entity(
        archive, article, quote="Tokayev", name="Tokayev", type="person"
    ).mention
    edited = ann.add_claim(
        archive,
        article,
        quote="the police had driven protesters from the main square",
        claimant="local media",
    )
    new_text = "Correction appended.\n\n" + TEXT.replace("Tokayev spoke later. ", "").replace(
        "driven", "chased"
    )
    report = ann.set_article_text(archive, article, new_text)
    assert report.changed
    methods = {(s.kind, s.id): s.method for s in report.spans}
    assert methods == {
        ("mention", kept.id): "position",
        ("mention", doomed.id): "orphaned",
        ("claim", edited.id): "fuzzy",
    }

    text = archive.article(article).text
    moved = ann.get_mention(archive, kept.id)
    assert text[moved.start : moved.end] == moved.quote == "AFP" and moved.anchor == "ok"
    orphan = ann.get_mention(archive, doomed.id)
    assert orphan.anchor == "orphaned" and orphan.quote == "Tokayev"  # kept, last known quote
    claim = ann.get_claim(archive, edited.id)
    assert claim.anchor == "fuzzy" and text[claim.start : claim.end] == claim.quote
    assert "chased" in claim.quote
    assert index_drift(archive).empty

    # Suggestions and duplicate checks ignore the orphan; it can be re-anchored by hand.
    fixed = ann.retag_mention(archive, doomed.id, quote="Tokayev")
    assert fixed.anchor == "ok" and text[fixed.start : fixed.end] == "Tokayev"

    ann.undo(archive)  # the manual fix
    ann.undo(archive)  # the new text
    assert archive.article(article).text == TEXT
    assert ann.get_mention(archive, doomed.id).anchor == "ok"
    assert (
        ann.get_claim(archive, edited.id).quote
        == "the police had driven protesters from the main square"
    )


def test_an_orphan_comes_back_when_its_text_returns(archive: Archive, article: int) -> None:
    mention = ann.tag_entity(
        archive, article, quote="Tokayev", name="Tokayev", type="person"
    ).mention
    ann.set_article_text(archive, article, TEXT.replace("Tokayev spoke later. ", ""))
    assert ann.get_mention(archive, mention.id).anchor == "orphaned"
    ann.set_article_text(archive, article, TEXT)
    back = ann.get_mention(archive, mention.id)
    assert back.anchor == "ok" and (back.start, back.end) == (mention.start, mention.end)


def test_reextract_uses_the_stored_original_and_is_recorded(
    archive: Archive, article: int, monkeypatch
) -> None:
    claim = ann.add_claim(
        archive, article, quote="around 2,300 people had been arrested", claimant="The authorities"
    )
    assert reextract(archive, article).changed is False  # same importer, same text

    from archivist.importers import registry

    def improved(data: bytes, filename: str):
        text = data.decode("utf-8")
        return "text", [ExtractedDocument(text="Almaty, 7 Jan (AFP) –\r\n" + text + "\x00")]

    monkeypatch.setattr(registry, "extract_document", improved)
    report = reextract(archive, article)
    assert report.changed and report.counts() == {"position": 1}
    text = archive.article(article).text
    assert (
        text.startswith("Almaty, 7 Jan (AFP) –\n") and "\x00" not in text
    )  # normalised as at import
    moved = ann.get_claim(archive, claim.id)
    assert text[moved.start : moved.end] == moved.quote
    assert ann.list_history(archive)[0].action == "article.reextract"
    assert archive.search('"7 Jan"').total == 1
