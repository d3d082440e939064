"""Listing for the article table: SQL ordering, display rows, facets, search ids, snippets."""

from __future__ import annotations

import pytest

from archivist import annotations as ann
from archivist.archive import Archive, listing
from archivist.errors import InvalidValueError, QuerySyntaxError
from archivist.importers.pipeline import import_text


def _add(archive: Archive, text: str, **meta: str | None) -> int:
    report = import_text(archive, text, **meta)  # type: ignore[arg-type]
    return report.imported[0].id


@pytest.fixture
def filled(archive: Archive) -> dict[str, int]:
    ids = {
        "riots": _add(
            archive,
            "Protesters stormed the mayor's office in Almaty. Tokayev blamed terrorists.",
            title="Riots in Almaty",
            source="AFP",
            published="2022-01-06",
            language="en",
            tags=["kazakhstan", "unrest"],
        ),
        "troops": _add(
            archive,
            "Russian troops landed near Almaty, Tokayev said on television.",
            title="bravo troops arrive",
            source="Reuters",
            published="2022-01-07",
            language="en",
            tags=["kazakhstan"],
        ),
        "undated": _add(
            archive,
            "A note without a date about fuel prices.",
            title="Charlie undated note",
            source=None,
            published=None,
            language="en",
        ),
        "old": _add(
            archive,
            "Les prix du carburant ont augmenté.",
            title="Delta carburant",
            source="AFP",
            published="2019-03-01",
            language="fr",
        ),
    }
    tokayev = ann.tag_entity(
        archive, ids["riots"], name="Kassym-Jomart Tokayev", type="person", quote="Tokayev"
    ).entity
    ann.tag_entity(archive, ids["riots"], name="Almaty", type="location", quote="Almaty")
    ann.tag_entity(archive, ids["troops"], entity_id=tokayev.id, quote="Tokayev")
    ann.add_claim(
        archive,
        ids["riots"],
        claimant="Tokayev",
        quote="Tokayev blamed terrorists",
        status="disputed",
    )
    ann.add_claim(
        archive, ids["troops"], claimant="state television", quote="Russian troops landed"
    )
    return ids


def test_sort_by_each_key_in_sql(archive: Archive, filled: dict[str, int]) -> None:
    db = archive.db
    by_title = listing.list_article_ids(db, sort="title", descending=False)
    # Case is ignored: "bravo" < "Charlie" < "Delta" < "Riots".
    assert by_title == [filled["troops"], filled["undated"], filled["old"], filled["riots"]]
    newest = listing.list_article_ids(db, sort="published", descending=True)
    oldest = listing.list_article_ids(db, sort="published", descending=False)
    # The undated article is last in both directions.
    assert newest == [filled["troops"], filled["riots"], filled["old"], filled["undated"]]
    assert oldest == [filled["old"], filled["riots"], filled["troops"], filled["undated"]]
    by_entities = listing.list_article_ids(db, sort="entities", descending=True)
    assert by_entities[:2] == [filled["riots"], filled["troops"]]
    by_claims = listing.list_article_ids(db, sort="claims", descending=True)
    assert set(by_claims[:2]) == {filled["riots"], filled["troops"]}
    by_source = listing.list_article_ids(db, sort="source", descending=False)
    assert by_source[-1] == filled["undated"]
    with pytest.raises(InvalidValueError):
        listing.list_article_ids(db, sort="title; DROP TABLE articles")


def test_within_keeps_only_given_ids_and_relevance_keeps_their_order(
    archive: Archive, filled: dict[str, int]
) -> None:
    given = [filled["old"], 999_999, filled["riots"]]
    assert listing.list_article_ids(archive.db, sort="relevance", within=given) == [
        filled["old"],
        filled["riots"],
    ]
    assert listing.list_article_ids(archive.db, sort="published", within=given) == [
        filled["riots"],
        filled["old"],
    ]
    assert listing.list_article_ids(archive.db, within=[]) == []


def test_article_rows_count_entities_and_claims(archive: Archive, filled: dict[str, int]) -> None:
    rows = listing.article_rows(archive.db, [filled["riots"], filled["undated"], 424242])
    assert set(rows) == {filled["riots"], filled["undated"]}
    riots = rows[filled["riots"]]
    assert riots.title == "Riots in Almaty"
    assert riots.tags == ["kazakhstan", "unrest"]
    assert (riots.entity_count, riots.claim_count) == (2, 1)
    undated = rows[filled["undated"]]
    assert (undated.published, undated.source, undated.entity_count) == (None, None, 0)


def test_facet_counts_all_and_within(archive: Archive, filled: dict[str, int]) -> None:
    facets = {f.name: f for f in listing.facet_counts(archive.db)}
    assert [(v.value, v.count) for v in facets["source"].values] == [("AFP", 2), ("Reuters", 1)]
    assert [(v.value, v.count) for v in facets["year"].values] == [("2022", 2), ("2019", 1)]
    assert facets["language"].values[0].value == "en"
    assert facets["tag"].values[0].value == "kazakhstan" and facets["tag"].values[0].count == 2
    entity = facets["entity"].values[0]
    assert (entity.value, entity.count) == ("Kassym-Jomart Tokayev", 2)
    assert entity.clause == 'entity:"Kassym-Jomart Tokayev"'
    assert {v.value: v.count for v in facets["status"].values} == {"disputed": 1, "unverified": 1}
    within = {f.name: f for f in listing.facet_counts(archive.db, [filled["old"]])}
    assert [(v.value, v.count) for v in within["source"].values] == [("AFP", 1)]
    assert within["entity"].values == []


def test_facet_clauses_select_what_they_count(archive: Archive, filled: dict[str, int]) -> None:
    for facet in listing.facet_counts(archive.db):
        for value in facet.values:
            found = listing.search_ids(archive, value.clause)
            assert found.total == value.count, (facet.name, value.clause)


def test_search_ids_ranks_all_matches_and_rejects_bad_queries(
    archive: Archive, filled: dict[str, int]
) -> None:
    found = listing.search_ids(archive, "almaty")
    assert set(found.ids) == {filled["riots"], filled["troops"]}
    assert found.total == 2
    assert found.ids[0] == filled["riots"]  # in the title too: ranked first
    assert listing.search_ids(archive, "almaty", limit=1).ids == [filled["riots"]]
    with pytest.raises(QuerySyntaxError):
        listing.search_ids(archive, "nosuchfield:x")


def test_snippets_mark_matches_for_given_ids_only(archive: Archive, filled: dict[str, int]) -> None:
    marked = listing.snippets(archive, "tokayev", [filled["troops"], filled["undated"]])
    assert set(marked) == {filled["troops"], filled["undated"]}
    assert "**Tokayev**" in marked[filled["troops"]]
    # No match in its text: the opening words, unmarked.
    assert marked[filled["undated"]].startswith("A note without a date")
    assert "**" not in marked[filled["undated"]]


def test_quote_value() -> None:
    assert listing.quote_value("language", "en") == "language:en"
    assert listing.quote_value("source", "Le Monde") == 'source:"Le Monde"'
    assert listing.quote_value("tag", 'say "hi"') == 'tag:"say hi"'


def test_match_spans_are_code_point_offsets_of_matched_words(archive: Archive) -> None:
    text = "😀 Protesters met in São Paulo; 北京大学 closed. More protesters came."
    article_id = _add(archive, text, title="Spans")
    spans = listing.match_spans(archive, "protester", article_id)
    assert [text[s:e] for s, e in spans] == ["Protesters", "protesters"]
    assert [text[s:e] for s, e in listing.match_spans(archive, "sao", article_id)] == ["São"]
    assert [text[s:e] for s, e in listing.match_spans(archive, "北京", article_id)] == ["北京"]
    assert listing.match_spans(archive, "title:spans", article_id) == []
    assert listing.match_spans(archive, "", article_id) == []


def test_search_ids_stay_right_across_index_generations(archive: Archive) -> None:
    first = _add(archive, "Flooding in Lunmark closed the bridge.", title="One")
    assert listing.search_ids(archive, "lunmark").ids == [first]
    assert listing.search_ids(archive, "lunmark").ids == [first]  # from the filled map
    second = _add(archive, "Lunmark council met on Friday.", title="Two")
    archive.edit_article(first, title="One (corrected)")  # an update: documents renumbered
    assert sorted(listing.search_ids(archive, "lunmark").ids) == sorted([first, second])
    assert listing.search_ids(archive, "friday").ids == [second]
    assert listing.search_ids(archive, "title:corrected").ids == [first]
