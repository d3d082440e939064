"""Entities and mentions: tagging by name or alias, types as data, rename, aliases, merge,
delete (refused or cascaded), never leaving dangling rows."""

from __future__ import annotations

import pytest

from archivist import annotations as ann
from archivist.archive import Archive
from archivist.errors import (
    AmbiguousNameError,
    AnchorError,
    EntityInUseError,
    InvalidValueError,
    NotFoundError,
)
from archivist.importers.pipeline import import_text

TEXT = (
    "Kazakh President Kassym-Jomart Tokayev said on Friday that order had been restored. "
    "Mr Tokayev also thanked Vladimir Putin. Washington warned Moscow, and Washington's "
    "envoy met Tokayev in Almaty."
)


@pytest.fixture
def article(archive: Archive) -> int:
    return import_text(archive, TEXT, title="Tokayev", source="AFP").imported[0].id


def _count(archive: Archive, table: str) -> int:
    return archive.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_tagging_creates_the_entity_then_aliases_resolve_to_it(
    archive: Archive, article: int
) -> None:
    first = ann.tag_entity(
        archive, article, quote="Kassym-Jomart Tokayev", name="Kassym-Jomart Tokayev", type="person"
    )
    assert first.created and first.created_entity
    mention = first.mention
    assert TEXT[mention.start : mention.end] == mention.quote == "Kassym-Jomart Tokayev"
    assert (mention.entity, mention.type) == ("Kassym-Jomart Tokayev", "person")

    # Another surface form, tagged with the canonical name typed differently: same entity.
    second = ann.tag_entity(
        archive,
        article,
        quote="Mr Tokayev",
        name="kassym-jomart TOKAYÉV",
        type="Person",
        add_alias=True,
    )
    assert not second.created_entity
    assert second.entity.id == first.entity.id
    assert second.added_alias == "Mr Tokayev"
    # Now the alias itself resolves.
    third = ann.tag_entity(
        archive, article, quote="Tokayev", nth=3, name="mr tokayev", type="person"
    )
    assert third.entity.id == first.entity.id
    assert TEXT[third.mention.start : third.mention.end] == "Tokayev"

    [entity] = ann.list_entities(archive)
    assert entity.name == "Kassym-Jomart Tokayev"
    assert entity.aliases == ["Mr Tokayev"]
    assert entity.mention_count == 3 and entity.article_count == 1
    assert entity.to_dict()["mentions"] == 3


def test_tagging_the_same_span_twice_returns_the_existing_mention(
    archive: Archive, article: int
) -> None:
    first = ann.tag_entity(archive, article, quote="Almaty", name="Almaty", type="location")
    again = ann.tag_entity(archive, article, quote="Almaty", name="Almaty", type="location")
    assert not again.created and again.mention.id == first.mention.id
    assert _count(archive, "mentions") == 1


def test_overlapping_and_nested_spans_are_allowed(archive: Archive, article: int) -> None:
    outer = ann.tag_entity(
        archive,
        article,
        quote="Kazakh President Kassym-Jomart Tokayev",
        name="Kazakh presidency",
        type="organisation",
    )
    inner = ann.tag_entity(
        archive, article, quote="Kassym-Jomart Tokayev", name="Kassym-Jomart Tokayev", type="person"
    )
    assert outer.mention.start < inner.mention.start < inner.mention.end == outer.mention.end
    assert len(ann.mentions_of_article(archive, article)) == 2


def test_same_name_in_two_types_and_ambiguity(archive: Archive, article: int) -> None:
    city = ann.tag_entity(archive, article, quote="Washington", name="Washington", type="location")
    person = ann.tag_entity(
        archive, article, quote="Washington", nth=2, name="Washington", type="person"
    )
    assert city.entity.id != person.entity.id
    assert [e.id for e in person.other_types] == [city.entity.id]
    with pytest.raises(AmbiguousNameError, match="give its id"):
        ann.resolve_entity(archive, "washington")
    assert ann.resolve_entity(archive, "washington", type="person").id == person.entity.id
    assert ann.resolve_entity(archive, str(city.entity.id)).id == city.entity.id


@pytest.mark.parametrize(
    "kwargs,error",
    [
        ({"quote": "Nursultan Nazarbayev", "name": "N", "type": "person"}, AnchorError),
        ({"start": 5, "end": 5000, "name": "N", "type": "person"}, AnchorError),
        ({"quote": "Almaty", "name": "Almaty", "type": "city"}, InvalidValueError),
        ({"quote": "Almaty", "name": "  ", "type": "location"}, InvalidValueError),
        ({"quote": "Almaty", "entity_id": 999}, NotFoundError),
    ],
)
def test_bad_tagging_changes_nothing(
    archive: Archive, article: int, kwargs: dict, error: type
) -> None:
    with pytest.raises(error):
        ann.tag_entity(archive, article, **kwargs)
    assert _count(archive, "entities") == 0 and _count(archive, "mentions") == 0
    assert _count(archive, "annotation_history") == 0


def test_unknown_article_is_not_found(archive: Archive) -> None:
    with pytest.raises(NotFoundError):
        ann.tag_entity(archive, 42, quote="x", name="X", type="person")


def test_entity_types_are_data_and_can_grow(archive: Archive, article: int) -> None:
    names = [t.name for t in ann.list_entity_types(archive)]
    assert names == ["person", "organisation", "location", "event", "other"]
    ann.add_entity_type(archive, "vessel", "Vessel")
    assert ann.list_entity_types(archive)[-1].name == "vessel"
    result = ann.tag_entity(archive, article, quote="Almaty", name="MV Almaty", type="vessel")
    assert result.entity.type == "vessel"
    with pytest.raises(InvalidValueError):
        ann.add_entity_type(archive, "Not A Type!")


def test_rename_keeps_the_old_name_as_alias_and_swaps_with_an_alias(
    archive: Archive, article: int
) -> None:
    entity = ann.create_entity(archive, "Tokayev", "person", aliases=["K-J Tokayev"])
    renamed = ann.rename_entity(archive, entity.id, "Kassym-Jomart Tokayev")
    assert renamed.name == "Kassym-Jomart Tokayev"
    assert sorted(renamed.aliases) == ["K-J Tokayev", "Tokayev"]
    swapped = ann.rename_entity(archive, entity.id, "K-J Tokayev")
    assert swapped.name == "K-J Tokayev"
    assert sorted(swapped.aliases) == ["Kassym-Jomart Tokayev", "Tokayev"]
    other = ann.create_entity(archive, "Putin", "person")
    with pytest.raises(InvalidValueError, match="already names"):
        ann.rename_entity(archive, other.id, "tokayev")


def test_change_type_description_and_aliases(archive: Archive) -> None:
    entity = ann.create_entity(archive, "CSTO", "other", description="Treaty organisation")
    edited = ann.edit_entity(
        archive,
        entity.id,
        type="organisation",
        description="Collective Security Treaty Organization",
    )
    assert edited.type == "organisation" and edited.description.startswith("Collective")
    with_alias = ann.add_alias(archive, entity.id, "ODKB")
    assert with_alias.aliases == ["ODKB"]
    assert ann.add_alias(archive, entity.id, "odkb").aliases == ["ODKB"]  # same key: no-op
    assert ann.remove_alias(archive, entity.id, "Odkb").aliases == []
    with pytest.raises(NotFoundError):
        ann.remove_alias(archive, entity.id, "ODKB")
    assert ann.edit_entity(archive, entity.id, description=None).description is None


def test_merge_moves_mentions_claims_and_names(archive: Archive, article: int) -> None:
    keep = ann.tag_entity(
        archive, article, quote="Kassym-Jomart Tokayev", name="Kassym-Jomart Tokayev", type="person"
    ).entity
    other = ann.tag_entity(
        archive, article, quote="Mr Tokayev", name="Tokayev", type="person"
    ).entity
    ann.add_alias(archive, other.id, "President Tokayev")
    ann.edit_entity(archive, other.id, description="Kazakh president since 2019")
    # A duplicate mention of the same span under both entities.
    ann.tag_entity(archive, article, quote="Kassym-Jomart Tokayev", entity_id=other.id)
    by_other = ann.add_claim(
        archive, article, quote="order had been restored", claimant_entity_id=other.id
    )
    about_other = ann.add_claim(
        archive, article, quote="thanked Vladimir Putin", claimant="AFP", about=[other.id]
    )

    result = ann.merge_entities(archive, keep.id, other.id)
    assert result.mentions_moved == 1 and result.mentions_dropped == 1
    survivor = result.entity
    assert survivor.id == keep.id
    assert sorted(survivor.aliases) == ["President Tokayev", "Tokayev"]
    assert survivor.description == "Kazakh president since 2019"
    assert survivor.mention_count == 2
    assert ann.get_claim(archive, by_other.id).claimant_entity_id == keep.id
    assert [e["id"] for e in ann.get_claim(archive, about_other.id).entities] == [keep.id]
    with pytest.raises(NotFoundError):
        ann.get_entity(archive, other.id)
    assert archive.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert (
        archive.db.execute(
            "SELECT count(*) FROM entity_aliases WHERE entity_id = ?", [other.id]
        ).fetchone()[0]
        == 0
    )
    # The merged name now tags the survivor.
    assert (
        ann.tag_entity(
            archive, article, quote="Tokayev", nth=3, name="Tokayev", type="person"
        ).entity.id
        == keep.id
    )
    with pytest.raises(InvalidValueError):
        ann.merge_entities(archive, keep.id, keep.id)


def test_delete_is_refused_while_in_use_and_cascades_on_request(
    archive: Archive, article: int
) -> None:
    putin = ann.tag_entity(
        archive, article, quote="Vladimir Putin", name="Vladimir Putin", type="person"
    ).entity
    claim = ann.add_claim(
        archive,
        article,
        quote="order had been restored",
        claimant="Vladimir Putin",
        about=[putin.id],
    )
    assert claim.claimant_entity_id == putin.id
    with pytest.raises(EntityInUseError, match="cascade"):
        ann.delete_entity(archive, putin.id)
    assert ann.get_entity(archive, putin.id).mention_count == 1

    result = ann.delete_entity(archive, putin.id, cascade=True)
    assert (result.mentions_deleted, result.claims_unlinked, result.claimants_to_text) == (1, 1, 1)
    kept = ann.get_claim(archive, claim.id)  # the claim survives, attributed by name
    assert (
        kept.claimant == "Vladimir Putin"
        and kept.claimant_entity_id is None
        and kept.entities == []
    )
    assert _count(archive, "mentions") == 0
    assert archive.db.execute("PRAGMA foreign_key_check").fetchall() == []

    unused = ann.create_entity(archive, "Almaty", "location")
    assert ann.delete_entity(archive, unused.id).mentions_deleted == 0


def test_the_database_refuses_dangling_rows(archive: Archive, article: int) -> None:
    import sqlite3

    entity = ann.tag_entity(archive, article, quote="Almaty", name="Almaty", type="location").entity
    with pytest.raises(sqlite3.IntegrityError):
        archive.db.execute("DELETE FROM entities WHERE id = ?", [entity.id])
    with pytest.raises(sqlite3.IntegrityError):
        archive.db.execute(
            "INSERT INTO mentions (article_id, entity_id, span_start, span_end, quote, created_at, updated_at) "
            "VALUES (?, 999, 0, 1, 'K', '', '')",
            [article],
        )


def test_retag_and_untag_a_mention(archive: Archive, article: int) -> None:
    mention = ann.tag_entity(
        archive, article, quote="Moscow", name="Moscow", type="location"
    ).mention
    kremlin = ann.create_entity(archive, "Kremlin", "organisation")
    moved = ann.retag_mention(archive, mention.id, entity_id=kremlin.id)
    assert moved.entity == "Kremlin" and moved.quote == "Moscow"
    shifted = ann.retag_mention(archive, mention.id, quote="Almaty")
    assert TEXT[shifted.start : shifted.end] == "Almaty"
    assert ann.delete_mention(archive, mention.id).id == mention.id
    with pytest.raises(NotFoundError):
        ann.get_mention(archive, mention.id)


def test_a_read_only_archive_is_read_but_not_changed(
    archive_dir, archive: Archive, article: int
) -> None:
    from archivist.archive import open_archive
    from archivist.errors import ArchiveLockedError

    ann.tag_entity(archive, article, quote="Almaty", name="Almaty", type="location")
    with open_archive(archive_dir, access="read") as reader:
        assert [e.name for e in ann.list_entities(reader)] == ["Almaty"]
        assert len(ann.find_suggestions(reader, ann.resolve_entity(reader, "Almaty").id)) == 0
        with pytest.raises(ArchiveLockedError, match="read-only"):
            ann.tag_entity(reader, article, quote="Moscow", name="Moscow", type="location")
        with pytest.raises(ArchiveLockedError):
            ann.undo(reader)
    assert _count(archive, "mentions") == 1
