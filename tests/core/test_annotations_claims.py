"""Claims: anchoring, claimants (entity or free text), NATO/Admiralty grades, statuses, links
and the status they suggest, editing without losing anything, article tags and notes."""

from __future__ import annotations

import pytest

from archivist import annotations as ann
from archivist.annotations.grades import CREDIBILITY, RELIABILITY, grading_scales
from archivist.archive import Archive
from archivist.errors import AnchorError, InvalidValueError, NotFoundError
from archivist.importers.pipeline import import_text

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty, which AFP could not verify. The authorities announced that around "
    "2,300 people had been arrested in Almaty alone. US spokesman Ned Price said the world "
    "was watching. Protesters said the square was still occupied."
)


@pytest.fixture
def article(archive: Archive) -> int:
    return import_text(archive, TEXT, title="Almaty").imported[0].id


def _claims(archive: Archive) -> int:
    return archive.db.execute("SELECT count(*) FROM claims").fetchone()[0]


def test_grades_carry_their_standard_meanings() -> None:
    assert [g.code for g in RELIABILITY] == list("ABCDEF")
    assert RELIABILITY[0].label == "Completely reliable"
    assert RELIABILITY[-1].label == "Reliability cannot be judged"
    assert [g.code for g in CREDIBILITY] == list("123456")
    assert CREDIBILITY[0].label == "Confirmed by other sources"
    assert CREDIBILITY[-1].label == "Truth cannot be judged"
    scales = grading_scales()
    assert [s["code"] for s in scales["statuses"]] == [
        "unverified",
        "corroborated",
        "disputed",
        "refuted",
    ]
    assert all(g["description"] for g in scales["reliability"] + scales["credibility"])


def test_a_claim_with_free_text_claimant_grades_and_note(archive: Archive, article: int) -> None:
    claim = ann.add_claim(
        archive,
        article,
        quote="the police had driven protesters from the main square in Almaty",
        claimant="local media",
        statement="Police cleared the main square",
        reliability="c",
        credibility="3",
        note="AFP could not verify",
    )
    assert TEXT[claim.start : claim.end] == claim.quote
    assert claim.claimant == "local media" and claim.claimant_entity_id is None
    assert (claim.reliability, claim.credibility, claim.grade) == ("C", 3, "C3")
    assert claim.status == "unverified" and claim.suggested_status == "unverified"
    assert claim.note == "AFP could not verify"
    assert claim.created_at and claim.updated_at
    assert ann.get_claim(archive, claim.id).to_dict() == claim.to_dict()


def test_claimant_and_concerned_entities_resolve_by_name_or_alias(
    archive: Archive, article: int
) -> None:
    price = ann.create_entity(
        archive, "Ned Price", "person", aliases=["US State Department spokesman"]
    )
    almaty = ann.create_entity(archive, "Almaty", "location")
    claim = ann.add_claim(
        archive,
        article,
        quote="the world\nwas watching",
        claimant="us state department SPOKESMAN",
        about=["almaty", price.id],
    )
    assert claim.claimant == "Ned Price" and claim.claimant_entity_id == price.id
    assert sorted(e["id"] for e in claim.entities) == sorted([price.id, almaty.id])
    assert [c.id for c in ann.list_claims(archive, claimant="Ned Price")] == [claim.id]
    assert [c.id for c in ann.list_claims(archive, entity="Almaty")] == [claim.id]


@pytest.mark.parametrize(
    "kwargs,error",
    [
        ({"quote": "not in the text", "claimant": "x"}, AnchorError),
        ({"start": 10, "end": 9999, "claimant": "x"}, AnchorError),
        ({"quote": "Almaty", "claimant": "x", "reliability": "G"}, InvalidValueError),
        ({"quote": "Almaty", "claimant": "x", "credibility": "7"}, InvalidValueError),
        ({"quote": "Almaty", "claimant": "x", "credibility": "three"}, InvalidValueError),
        ({"quote": "Almaty", "claimant": "x", "status": "rumour"}, InvalidValueError),
        ({"quote": "Almaty", "claimant": "   "}, InvalidValueError),
        ({"quote": "Almaty", "claimant": "x", "about": ["Nobody"]}, NotFoundError),
        ({"quote": "Almaty", "claimant_entity_id": 77}, NotFoundError),
    ],
)
def test_bad_claims_change_nothing(
    archive: Archive, article: int, kwargs: dict, error: type
) -> None:
    with pytest.raises(error):
        ann.add_claim(archive, article, **kwargs)
    assert _claims(archive) == 0


def test_links_suggest_a_status_but_the_analyst_decides(archive: Archive, article: int) -> None:
    arrests = ann.add_claim(
        archive, article, quote="around 2,300 people had been arrested", claimant="the authorities"
    )
    cleared = ann.add_claim(
        archive,
        article,
        quote="the police had driven protesters from the main square",
        claimant="local media",
    )
    occupied = ann.add_claim(
        archive, article, quote="the square was still occupied", claimant="Protesters"
    )

    link = ann.link_claims(archive, arrests.id, cleared.id, "corroborates")
    assert (link.claim_id, link.other_claim_id, link.relation) == (
        arrests.id,
        cleared.id,
        "corroborates",
    )
    assert ann.get_claim(archive, cleared.id).suggested_status == "corroborated"
    assert ann.get_claim(archive, cleared.id).status == "unverified"  # only suggested

    ann.link_claims(archive, occupied.id, cleared.id, "contradicts")
    cleared_now = ann.get_claim(archive, cleared.id)
    assert cleared_now.suggested_status == "disputed"
    assert {(k["claim_id"], k["relation"], k["direction"]) for k in cleared_now.links} == {
        (arrests.id, "corroborates", "incoming"),
        (occupied.id, "contradicts", "incoming"),
    }
    assert ann.apply_suggested_status(archive, cleared.id).status == "disputed"

    # One link per pair: linking the other way round changes the relation.
    again = ann.link_claims(archive, cleared.id, arrests.id, "contradicts")
    assert again.id == link.id and again.relation == "contradicts"
    with pytest.raises(InvalidValueError):
        ann.link_claims(archive, arrests.id, arrests.id, "corroborates")
    with pytest.raises(InvalidValueError):
        ann.link_claims(archive, arrests.id, cleared.id, "supports")
    with pytest.raises(NotFoundError):
        ann.link_claims(archive, arrests.id, 999, "corroborates")
    ann.unlink_claims(archive, arrests.id, cleared.id)
    with pytest.raises(NotFoundError):
        ann.unlink_claims(archive, arrests.id, cleared.id)


def test_edit_changes_only_what_is_given_and_history_keeps_the_rest(
    archive: Archive, article: int
) -> None:
    claim = ann.add_claim(
        archive,
        article,
        quote="around 2,300 people",
        claimant="the authorities",
        statement="2,300 arrests",
        reliability="B",
        credibility=2,
        note="first thoughts",
    )
    edited = ann.edit_claim(
        archive, claim.id, note="second thoughts", status="corroborated", credibility=None
    )
    assert (edited.note, edited.status, edited.credibility) == (
        "second thoughts",
        "corroborated",
        None,
    )
    assert (edited.statement, edited.reliability) == ("2,300 arrests", "B")
    moved = ann.edit_claim(
        archive, claim.id, quote="around 2,300 people had been arrested in Almaty alone"
    )
    assert TEXT[moved.start : moved.end] == moved.quote
    entries = ann.list_history(archive, with_changes=True)
    note_change = next(
        c
        for e in entries
        for c in e.changes
        if c["table"] == "claims" and c["before"] and "note" in c["before"]
    )
    assert note_change["before"]["note"] == "first thoughts"
    assert note_change["after"]["note"] == "second thoughts"
    with pytest.raises(InvalidValueError):
        ann.edit_claim(archive, claim.id, status="maybe")


def test_delete_claim_takes_its_links_and_undo_restores_them(
    archive: Archive, article: int
) -> None:
    a = ann.add_claim(archive, article, quote="around 2,300 people", claimant="the authorities")
    b = ann.add_claim(
        archive,
        article,
        quote="still occupied",
        claimant="Protesters",
        about=[ann.create_entity(archive, "Almaty", "location").id],
    )
    ann.link_claims(archive, a.id, b.id, "contradicts")
    ann.delete_claim(archive, b.id)
    assert ann.get_claim(archive, a.id).links == []
    ann.undo(archive)
    restored = ann.get_claim(archive, b.id)
    assert restored.links[0]["claim_id"] == a.id and restored.entities[0]["name"] == "Almaty"


def test_a_free_text_claimant_becomes_an_entity(archive: Archive, article: int) -> None:
    one = ann.add_claim(archive, article, quote="the police had driven", claimant="local media")
    two = ann.add_claim(archive, article, quote="still occupied", claimant="Local Media")
    other = ann.add_claim(archive, article, quote="around 2,300", claimant="the authorities")
    entity, ids = ann.promote_claimant(
        archive, "local media", type="organisation", name="Kazakh local media"
    )
    assert sorted(ids) == [one.id, two.id]
    assert entity.name == "Kazakh local media" and "local media" in entity.aliases
    assert ann.get_claim(archive, one.id).claimant_entity_id == entity.id
    assert ann.get_claim(archive, other.id).claimant_entity_id is None
    names = {c["claimant"]: c["claims"] for c in ann.list_claimants(archive)}
    assert names == {"Kazakh local media": 2, "the authorities": 1}
    with pytest.raises(NotFoundError):
        ann.promote_claimant(archive, "local media", type="organisation")


def test_article_tags_and_note(archive: Archive, article: int) -> None:
    assert ann.tag_article(archive, article, ["Kazakhstan", "unrest", "kazakhstan"]) == [
        "Kazakhstan",
        "unrest",
    ]
    assert ann.untag_article(archive, article, ["UNREST"]) == ["Kazakhstan"]
    with pytest.raises(NotFoundError):
        ann.untag_article(archive, article, ["nothing"])
    with pytest.raises(InvalidValueError):
        ann.tag_article(archive, article, ["  "])
    assert (
        ann.set_note(archive, article, "Check the casualty figures.")
        == "Check the casualty figures."
    )
    assert ann.set_note(archive, article, "Compare with Reuters.", append=True) == (
        "Check the casualty figures.\n\nCompare with Reuters."
    )
    assert ann.set_note(archive, article, None) is None
    ann.undo(archive)
    assert ann.get_note(archive, article) == "Check the casualty figures.\n\nCompare with Reuters."
    assert archive.article(article).tags == ["Kazakhstan"]
