"""Suggestions: an entity's untagged occurrences (name and aliases, whole words, case and
accents ignored, any script) in one article or the whole archive, accepted one or all."""

from __future__ import annotations

import pytest

from archivist import annotations as ann
from archivist.annotations.suggestions import candidate_article_ids
from archivist.archive import Archive
from archivist.errors import AnchorError
from archivist.importers.pipeline import import_text

ARTICLES = {
    "en": "Kassym-Jomart Tokayev spoke. Later TOKAYEV and Mr Tokayev's aides met; Tokayevism is not a name.",
    "fr": "Le président Tokaïev a parlé à São Paulo; à SAO PAULO, personne.",
    "ru": "Президент Токаев заявил. ТОКАЕВ подписал указ; токаевский режим.",
    "none": "Nothing to see in Almaty today.",
}


@pytest.fixture
def ids(archive: Archive) -> dict[str, int]:
    return {
        key: import_text(archive, text, name=f"{key}.txt").imported[0].id
        for key, text in ARTICLES.items()
    }


@pytest.fixture
def tokayev(archive: Archive, ids: dict[str, int]) -> ann.Entity:
    result = ann.tag_entity(
        archive,
        ids["en"],
        quote="Kassym-Jomart Tokayev",
        name="Kassym-Jomart Tokayev",
        type="person",
    )
    ann.add_alias(archive, result.entity.id, "Tokayev")
    ann.add_alias(archive, result.entity.id, "Tokaiev")  # the French spelling, without accent
    ann.add_alias(archive, result.entity.id, "Токаев")
    return ann.get_entity(archive, result.entity.id)


def _quotes(suggestions: list[ann.Suggestion]) -> list[tuple[int, str]]:
    return [(s.article_id, s.quote) for s in suggestions]


def test_suggestions_across_the_archive_and_scripts(
    archive: Archive, ids: dict[str, int], tokayev: ann.Entity
) -> None:
    found = ann.find_suggestions(archive, tokayev.id)
    assert _quotes(found) == [
        (ids["en"], "TOKAYEV"),
        (ids["en"], "Tokayev"),
        (ids["fr"], "Tokaïev"),
        (ids["ru"], "Токаев"),
        (ids["ru"], "ТОКАЕВ"),
    ]
    for suggestion in found:
        text = archive.article(suggestion.article_id).text
        assert text[suggestion.start : suggestion.end] == suggestion.quote
        assert suggestion.prefix == text[max(0, suggestion.start - 32) : suggestion.start]
    # The already tagged "Kassym-Jomart Tokayev" (and the "Tokayev" inside it) is not offered.
    assert all(s.start != 0 for s in found if s.article_id == ids["en"])


def test_suggestions_in_one_article(
    archive: Archive, ids: dict[str, int], tokayev: ann.Entity
) -> None:
    assert _quotes(ann.find_suggestions(archive, tokayev.id, article_id=ids["ru"])) == [
        (ids["ru"], "Токаев"),
        (ids["ru"], "ТОКАЕВ"),
    ]
    assert ann.find_suggestions(archive, tokayev.id, article_id=ids["none"]) == []
    assert len(ann.find_suggestions(archive, tokayev.id, limit=2)) == 2


def test_accented_names_find_unaccented_text_and_back(
    archive: Archive, ids: dict[str, int]
) -> None:
    city = ann.create_entity(archive, "Sao Paulo", "location")
    assert _quotes(ann.find_suggestions(archive, city.id)) == [
        (ids["fr"], "São Paulo"),
        (ids["fr"], "SAO PAULO"),
    ]


def test_the_index_narrows_the_candidates(
    archive: Archive, ids: dict[str, int], tokayev: ann.Entity
) -> None:
    assert candidate_article_ids(archive, tokayev.names) == sorted(
        [ids["en"], ids["fr"], ids["ru"]]
    )
    # A name made only of stop words cannot use the index: every article is read.
    assert candidate_article_ids(archive, ["To Be"]) is None
    phrase = ann.create_entity(archive, "To Be", "other", aliases=["To"])
    assert _quotes(ann.find_suggestions(archive, phrase.id)) == [(ids["none"], "to")]


def test_accept_one_then_all_as_single_changes(
    archive: Archive, ids: dict[str, int], tokayev: ann.Entity
) -> None:
    found = ann.find_suggestions(archive, tokayev.id)
    [first] = ann.accept_suggestions(archive, tokayev.id, found[:1])
    assert (first.article_id, first.quote, first.entity_id) == (ids["en"], "TOKAYEV", tokayev.id)
    remaining = ann.find_suggestions(archive, tokayev.id)
    assert len(remaining) == len(found) - 1
    accepted = ann.accept_suggestions(archive, tokayev.id, remaining)
    assert len(accepted) == len(remaining)
    assert ann.find_suggestions(archive, tokayev.id) == []
    assert ann.get_entity(archive, tokayev.id).mention_count == 1 + len(found)
    assert archive.search("entity:tokayev").total == 3
    ann.undo(archive)  # accepting all was one change
    assert len(ann.find_suggestions(archive, tokayev.id)) == len(remaining)
    # Accepting twice does not duplicate.
    assert ann.accept_suggestions(archive, tokayev.id, found[:1]) == []


def test_a_stale_suggestion_is_refused(
    archive: Archive, ids: dict[str, int], tokayev: ann.Entity
) -> None:
    found = ann.find_suggestions(archive, tokayev.id, article_id=ids["ru"])
    ann.set_article_text(archive, ids["ru"], "Сегодня: " + ARTICLES["ru"])
    with pytest.raises(AnchorError, match="changed"):
        ann.accept_suggestions(archive, tokayev.id, found)
    fresh = ann.find_suggestions(archive, tokayev.id, article_id=ids["ru"])
    assert len(ann.accept_suggestions(archive, tokayev.id, fresh)) == 2
