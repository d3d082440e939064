"""The demo article (AFP, Kazakhstan unrest) annotated end to end: its attributed claims,
entities with aliases, suggestions, search, a changed extraction, and exchange."""

from __future__ import annotations

import pytest
from samples import sample_path

from archivist import annotations as ann
from archivist.archive import Archive
from archivist.importers.base import ExtractedDocument
from archivist.importers.pipeline import import_paths
from archivist.importers.reextract import reextract

DEMO = "txt/kazakhstan-unrest-afp.txt"


@pytest.fixture
def demo(archive: Archive) -> int:
    report = import_paths(archive, [sample_path(DEMO)], tags=["kazakhstan"])
    assert not report.failed
    return report.imported[0].id


def test_the_demo_article_annotated(archive: Archive, demo: int) -> None:
    text = archive.article(demo).text
    tokayev = ann.tag_entity(
        archive, demo, quote="Kassym-Jomart Tokayev", name="Kassym-Jomart Tokayev", type="person"
    )
    mr = ann.tag_entity(
        archive,
        demo,
        quote="Mr Tokayev",
        name="Kassym-Jomart Tokayev",
        type="person",
        add_alias=True,
    )
    assert mr.entity.id == tokayev.entity.id and mr.added_alias == "Mr Tokayev"
    price = ann.tag_entity(archive, demo, quote="Ned Price", name="Ned Price", type="person").entity
    csto = ann.tag_entity(
        archive,
        demo,
        quote="Collective Security Treaty Organization",
        name="Collective Security Treaty Organization",
        type="organisation",
    ).entity
    ann.add_alias(archive, csto.id, "CSTO")
    [suggestion] = ann.find_suggestions(archive, csto.id, article_id=demo)
    assert suggestion.quote == "CSTO"
    ann.accept_suggestions(archive, csto.id, [suggestion])
    almaty = ann.create_entity(archive, "Almaty", "location")
    found = ann.find_suggestions(archive, almaty.id)
    assert len(found) == text.count("Almaty") >= 4
    ann.accept_suggestions(archive, almaty.id, found)

    # The article's attributed claims.
    unverified = ann.add_claim(
        archive,
        demo,
        quote="the police had driven protesters from the main square in Almaty and regained control of official buildings",
        claimant="Local media",
        reliability="F",
        credibility=6,
        note="which AFP could not verify",
        about=[almaty.id],
    )
    toll = ann.add_claim(
        archive,
        demo,
        quote="Eighteen members of the security forces were killed and 748 injured",
        claimant="the authorities",
        statement="18 security force members killed, 748 injured",
        reliability="C",
        credibility=3,
        note="news agencies reported, citing the authorities",
    )
    arrests = ann.add_claim(
        archive,
        demo,
        quote="around 2,300 people had been arrested in Almaty alone",
        claimant="the authorities",
        reliability="C",
        credibility=3,
        about=[almaty.id],
    )
    watching = ann.add_claim(
        archive,
        demo,
        quote="is watching for any possible human rights violations",
        claimant_entity_id=price.id,
        reliability="B",
        credibility=2,
        about=["CSTO"],
    )
    ann.link_claims(archive, arrests.id, toll.id, "corroborates")
    for claim in (unverified, toll, arrests, watching):
        assert text[claim.start : claim.end] == claim.quote

    shown = ann.list_claims(archive, article_id=demo)
    assert [c.grade for c in shown] == ["F6", "B2", "C3", "C3"]
    assert ann.get_claim(archive, toll.id).suggested_status == "corroborated"

    entities = {e.name: e for e in ann.list_entities(archive, article_id=demo)}
    assert entities["Kassym-Jomart Tokayev"].mention_count == 2
    assert entities["Collective Security Treaty Organization"].aliases == ["CSTO"]
    assert entities["Almaty"].mention_count == len(found)

    def hits(query: str) -> int:
        return archive.search(query).total

    assert hits('entity:"Mr Tokayev" AND tag:kazakhstan') == 1
    assert hits('claimant:"ned price"') == 1
    assert hits('claimant:"the authorities" AND status:unverified') == 1
    assert hits("entity:csto AND entity:almaty") == 1


def test_the_demo_article_survives_a_new_extraction(
    archive: Archive, demo: int, monkeypatch
) -> None:
    claim = ann.add_claim(archive, demo, quote="which AFP could not verify", claimant="AFP")
    gone = ann.add_claim(archive, demo, quote="” Creepy “", claimant="AFP")
    mention = ann.tag_entity(
        archive, demo, quote="Ned Price", name="Ned Price", type="person"
    ).mention

    from archivist.importers import registry

    original = registry.extract_document

    def newer_extractor(data: bytes, filename: str):
        fmt, docs = original(data, filename)
        # A better extractor: a dateline, the stray heading gone, the typo "s’ taking" fixed.
        body = (
            docs[0]
            .text.replace("” Creepy “\n", "")
            .replace("protesters s’ taking", "protesters taking")
        )
        return fmt, [ExtractedDocument(text="ALMATY (AFP) —\n\n" + body, title=docs[0].title)]

    monkeypatch.setattr(registry, "extract_document", newer_extractor)
    report = reextract(archive, demo)
    assert report.changed
    text = archive.article(demo).text
    assert text.startswith("ALMATY (AFP)")
    kept = ann.get_claim(archive, claim.id)
    assert kept.anchor == "ok" and text[kept.start : kept.end] == "which AFP could not verify"
    assert ann.get_claim(archive, gone.id).anchor == "orphaned"
    moved = ann.get_mention(archive, mention.id)
    assert text[moved.start : moved.end] == "Ned Price"
    ann.undo(archive)
    assert ann.get_claim(archive, gone.id).anchor == "ok"
    assert "Creepy" in archive.article(demo).text
