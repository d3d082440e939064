"""Every query ends quickly: the fuzzy edit distance is capped, and fuzzy and wildcard terms
expand to a bounded number of words within a time budget, in the numpy ranking and in
Whoosh's own matchers alike; what was cut short is said in the results' notes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from whoosh import query as wq

from archivist.archive import Archive, open_archive
from archivist.importers.pipeline import import_text
from archivist.index import limits
from archivist.index.limits import QueryBudget
from archivist.index.query import StemAwareFuzzyTerm, forget_expansions, parse_query

SEED = "Protesters in Almaty. Токаев said 中国政府 ภาษาไทย São Paulo."
#: Distinct words, one per article: `zq*` matches thirty words in thirty articles.
WORDS = [f"zq{n:03d}x" for n in range(30)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    with open_archive(tmp_path_factory.mktemp("limits") / "archive") as opened:
        import_text(opened, SEED, published="2022-01-06")
        import_text(opened, "Then they left the square.", title="Departure")
        for word in WORDS:
            import_text(opened, f"A note about {word} and nothing else.", title=word)
        yield opened


@pytest.fixture(autouse=True)
def fresh_expansions() -> Iterator[None]:
    forget_expansions()
    yield
    forget_expansions()


def _fuzzy_leaves(q: wq.Query) -> list[StemAwareFuzzyTerm]:
    return [leaf for leaf in q.leaves() if isinstance(leaf, wq.FuzzyTerm)]


@pytest.mark.parametrize(
    "text",
    [
        "protesters~5",
        "Kazakhstan~7",
        "ภาษา~7",
        "ภาษาalmaty~7",
        "ภาษา2022Токаевalmaty~7",
        "a~9",
        "the~3",
        "ab-cd~9",
        "tag:kazakhstan~5",
        "+São{…ภาษา2022Токаевalmaty~7",  # (the hung query without its "^Cw·½", not a boost)
    ],
)
def test_every_fuzzy_term_is_capped_at_two_edits(archive: Archive, text: str) -> None:
    budget = QueryBudget()
    parsed = parse_query(text, archive.index.searcher().schema, archive.index.vocabulary, budget)
    leaves = _fuzzy_leaves(parsed)
    # (Thai alone is searched as its character pairs: no fuzzy term at all.)
    assert leaves or text == "ภาษา~7", parsed
    assert all(isinstance(leaf, StemAwareFuzzyTerm) for leaf in leaves)
    assert {leaf.maxdist for leaf in leaves} <= {2}
    assert any("at most 2 edits" in note for note in budget.notes), budget.notes


def test_the_search_says_the_distance_was_lowered(archive: Archive) -> None:
    results = archive.search("protesters~5")
    assert results.total == 1
    assert results.notes == [
        "fuzzy terms allow at most 2 edits: protesters~5 was searched as protesters~2"
    ]
    assert results.to_dict()["notes"] == results.notes
    plain = archive.search("protesters~1")
    assert plain.notes == [] and "notes" not in plain.to_dict()


def test_a_fuzzy_term_of_several_words_matches_each_word(archive: Archive) -> None:
    # Character pairs (Thai) as they are, words fuzzily: the seed article has both.
    assert archive.search("ภาษาalmaty~2").total == 1
    assert archive.search("protestrs-almaty~1").total == 1
    assert archive.search("protestrs-moscow~1").total == 0


def test_a_stop_word_searched_fuzzily_finds_its_neighbours(archive: Archive) -> None:
    # "the" is a stop word, never indexed and not searched alone; "the~1" finds "then".
    assert archive.search("the").total == 0
    assert [hit.title for hit in archive.search("the~1").hits] == ["Departure"]


def test_a_long_word_is_searched_exactly(archive: Archive) -> None:
    word = "almaty" * 12
    results = archive.search(f"{word}~2")
    assert results.total == 0
    assert any("too long for a fuzzy search" in note for note in results.notes)


def test_a_wildcard_expands_to_a_bounded_number_of_words(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert archive.search("zq*").total == len(WORDS)
    forget_expansions()
    monkeypatch.setattr(limits, "MAX_EXPANSIONS", 10)
    results = archive.search("zq*")
    assert results.total == 10
    assert results.notes == ["zq* matches more than 10 words: only 10 of them were searched"]
    # Remembered for the next search, and said again.
    assert archive.search("zq*").notes == results.notes
    # Whoosh's own matchers (a query of exclusions only) expand within the same bound.
    excluded = archive.search("NOT zq*", limit=50)
    assert excluded.total == 2 + len(WORDS) - 10
    assert excluded.notes == results.notes


def test_a_fuzzy_term_expands_to_a_bounded_number_of_words(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every zqNNNx is within two edits, fewer than MAX_FUZZY_EXPANSIONS words.
    assert archive.search("zq001x~2").total == len(WORDS)
    forget_expansions()
    monkeypatch.setattr(limits, "MAX_FUZZY_EXPANSIONS", 5)
    results = archive.search("zq001x~2")
    assert results.total == 5
    assert "zq001x~2 matches more than 5 words: only 5 of them were searched" in results.notes
    # The closest are kept: the word itself (no edit) and those one edit away.
    assert "zq001x" in {hit.title for hit in archive.search("zq001x~2", limit=10).hits}


def test_expansions_stop_when_the_time_is_up(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "EXPANSION_SECONDS", 0.0)
    for text in ("zq*", "zq001x~2"):
        results = archive.search(text)
        assert results.total == 0
        assert any("took too long to look up" in note for note in results.notes), results.notes
    # What the clock cut short is not remembered: with time, every word is found.
    monkeypatch.setattr(limits, "EXPANSION_SECONDS", 5.0)
    assert archive.search("zq*").total == len(WORDS)
    assert archive.search("zq001x~2").total == len(WORDS)


def test_the_first_page_expands_within_less_time_than_the_whole_list(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's first page (a preview, replaced by the whole list) is given less time:
    what it could not expand in it is noted, and the whole list then finds every word."""
    from archivist.archive.browse import first_page, run_query

    monkeypatch.setattr(limits, "PREVIEW_EXPANSION_SECONDS", 0.0)
    monkeypatch.setattr(limits, "EXPANSION_SECONDS", 5.0)
    page = first_page(archive, "zq*", 50)
    assert page.total == 0
    assert any("took too long to look up (over 0 s)" in note for note in page.notes)
    whole = run_query(archive, "zq*", None, True)
    assert whole.total == len(WORDS) and whole.notes == []


def test_the_whole_list_carries_the_notes(archive: Archive) -> None:
    from archivist.archive import listing

    found = listing.search_ids(archive, "protesters~5")
    assert found.total == 1
    assert found.notes == [
        "fuzzy terms allow at most 2 edits: protesters~5 was searched as protesters~2"
    ]


def test_a_budget_is_shared_by_copies_of_the_query(archive: Archive) -> None:
    import copy

    budget = QueryBudget()
    parsed = parse_query("zq*", archive.index.searcher().schema, archive.index.vocabulary, budget)
    for copied in (copy.copy(parsed), copy.deepcopy(parsed)):
        assert all(leaf.budget is budget for leaf in copied.leaves())


def test_the_words_of_a_term_hold_a_bounded_number_of_postings(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_POSTINGS", 4)
    results = archive.search("zq*")
    # Each zqNNNx word is in one article (as a title word and a text word): four of them fit.
    assert results.total == 4
    assert results.notes == [
        "zq* matches too many words to search them all: only the most common were searched"
    ]


def test_reading_the_postings_stops_with_the_budget(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broad expansion's postings are read best first until the time is up (simulated: the
    clock runs out once the word lists are expanded)."""
    looks = {"count": 0}

    def expired(self: QueryBudget) -> bool:
        looks["count"] += 1
        return looks["count"] > 6

    monkeypatch.setattr(QueryBudget, "expired", expired)
    results = archive.search("zq*")
    assert 0 < results.total < len(WORDS)
    assert any("took too long to look up" in note for note in results.notes)
