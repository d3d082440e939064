"""W3C Web Annotation JSON-LD: export from one archive, import into another that holds the
same document (matched by the original's SHA-256 and the text fingerprint), round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archivist import annotations as ann
from archivist.annotations.webannotation import export_json, import_json
from archivist.archive import Archive, open_archive
from archivist.errors import InvalidValueError
from archivist.importers.pipeline import import_text

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty, which AFP could not verify. The authorities said around 2,300 people "
    "had been arrested in Almaty alone, Kassym-Jomart Tokayev's office added."
)


def _annotate(archive: Archive) -> int:
    article = import_text(archive, TEXT, name="afp.txt").imported[0].id
    tokayev = ann.tag_entity(
        archive, article, quote="Kassym-Jomart Tokayev", name="Kassym-Jomart Tokayev", type="person"
    ).entity
    ann.add_alias(archive, tokayev.id, "Tokayev")
    ann.tag_entity(archive, article, quote="Almaty", nth=2, name="Almaty", type="location")
    ann.add_entity_type(archive, "agency")
    ann.tag_entity(archive, article, quote="AFP", name="Agence France-Presse", type="agency")
    cleared = ann.add_claim(
        archive,
        article,
        quote="the police had driven protesters from the main square in Almaty",
        claimant="local media",
        reliability="F",
        credibility=6,
        note="unverified by AFP",
    )
    arrests = ann.add_claim(
        archive,
        article,
        quote="around 2,300 people\nhad been arrested",
        claimant_entity_id=tokayev.id,
        statement="2,300 arrests in Almaty",
        reliability="B",
        credibility="2",
        status="corroborated",
        about=["Almaty"],
    )
    ann.link_claims(archive, arrests.id, cleared.id, "corroborates")
    ann.tag_article(archive, article, ["kazakhstan", "unrest"])
    ann.set_note(archive, article, "Compare with Reuters.")
    return article


def _comparable(archive: Archive, article: int) -> dict:
    """What an analyst sees, without ids and times."""
    mentions = sorted(
        (m.start, m.end, m.quote, m.entity, m.type)
        for m in ann.mentions_of_article(archive, article)
    )
    claims = ann.list_claims(archive, article_id=article)
    quote_of = {c.id: c.quote for c in claims}
    return {
        "mentions": mentions,
        "claims": sorted(
            (
                c.start,
                c.end,
                c.quote,
                c.claimant,
                c.claimant_entity_id is not None,
                c.statement,
                c.reliability,
                c.credibility,
                c.status,
                c.note,
                tuple(sorted(e["name"] for e in c.entities)),
                tuple(
                    sorted(
                        (quote_of[k["claim_id"]], k["relation"], k["direction"]) for k in c.links
                    )
                ),
            )
            for c in claims
        ),
        "entities": sorted(
            (e.name, e.type, tuple(sorted(e.aliases))) for e in ann.list_entities(archive)
        ),
        "tags": archive.article(article).tags,
        "note": ann.get_note(archive, article),
    }


@pytest.fixture
def source(tmp_path: Path):
    with open_archive(tmp_path / "source") as archive:
        article = _annotate(archive)
        yield archive, article


def test_export_is_web_annotation_json_ld(source) -> None:
    archive, article = source
    data = json.loads(export_json(archive, [article]))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 3 + 2 + 2 + 1
    assert {i["motivation"] for i in items} == {"identifying", "assessing", "tagging", "commenting"}
    original = archive.article(article).original_sha256
    for item in items:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:archivist:")
        assert item["target"]["source"] == f"urn:sha256:{original}"
        assert item["target"]["textFingerprint"]
        selectors = {s["type"]: s for s in item["target"].get("selector", [])}
        if item["motivation"] in ("identifying", "assessing"):
            position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
            assert TEXT[position["start"] : position["end"]] == quote["exact"]
            assert TEXT[: position["start"]].endswith(quote["prefix"])
            assert TEXT[position["end"] :].startswith(quote["suffix"])
    claim = next(
        i
        for i in items
        if i["motivation"] == "assessing" and any(b.get("value") == "B2" for b in i["body"])
    )
    details = next(b for b in claim["body"] if b["type"] == "Claim")
    assert details["claimant"]["entity"]["name"] == "Kassym-Jomart Tokayev"
    assert details["links"][0]["relation"] == "corroborates"
    assert {b.get("purpose") for b in claim["body"]} >= {"describing", "assessing"}


def test_round_trip_into_another_archive(source, tmp_path: Path) -> None:
    archive, article = source
    exported = export_json(archive)
    with open_archive(tmp_path / "other") as other:
        import_text(other, "Another article first, so that ids differ.", name="x.txt")
        copy = import_text(other, TEXT, name="afp.txt").imported[0].id
        assert copy != article
        report = import_json(other, exported)
        assert report.unmatched == [] and report.orphaned == 0
        assert report.created == {
            "entities": 3,
            "mentions": 3,
            "claims": 2,
            "links": 1,
            "tags": 2,
            "notes": 1,
        }
        assert _comparable(other, copy) == _comparable(archive, article)
        assert other.search('claimant:"local media" AND entity:tokayev').total == 1
        # Importing again changes nothing.
        again = import_json(other, exported)
        assert again.created == {} and again.duplicates == 8
        assert _comparable(other, copy) == _comparable(archive, article)
        # The whole import was one change (the second recorded nothing).
        assert ann.undo(other).action == "annotations.import"
        assert ann.mentions_of_article(other, copy) == [] and ann.list_entities(other) == []


def test_import_into_a_differently_extracted_copy_reanchors(source, tmp_path: Path) -> None:
    archive, _ = source
    exported = export_json(archive)
    with open_archive(tmp_path / "other") as other:
        copy = import_text(other, TEXT, name="afp.txt").imported[0].id
        # Another extractor version: a dateline more, one sentence reworded.
        ann.set_article_text(
            other,
            copy,
            "ALMATY, Jan 6 (AFP) –\n\n" + TEXT.replace("driven protesters", "chased protesters"),
        )
        report = import_json(other, exported)
        assert report.unmatched == []
        text = other.article(copy).text
        for mention in ann.mentions_of_article(other, copy):
            assert text[mention.start : mention.end] == mention.quote
        claims = {c.claimant: c for c in ann.list_claims(other, article_id=copy)}
        assert claims["local media"].anchor == "fuzzy" and "chased" in claims["local media"].quote
        assert (
            text[claims["local media"].start : claims["local media"].end]
            == claims["local media"].quote
        )


def test_annotations_of_unknown_articles_are_reported(source, tmp_path: Path) -> None:
    archive, _ = source
    with open_archive(tmp_path / "empty") as other:
        report = import_json(other, export_json(archive))
        assert len(report.unmatched) == 8 and report.created == {}


@pytest.mark.parametrize("payload", ["not json", "[1, 2]", '{"type": "Thing"}'])
def test_bad_input_is_refused(archive: Archive, payload: str) -> None:
    with pytest.raises(InvalidValueError):
        import_json(archive, payload)


# --- hostile and damaged files ---------------------------------------------------------------


def _first_claim(exported: str) -> tuple[dict, dict]:
    data = json.loads(exported)
    claim = next(i for i in data["first"]["items"] if i["motivation"] == "assessing")
    return data, claim


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "deeper than 64 levels"),
        ('{"type": "Annotation", "a": ' + '{"a": ' * 64 + "1" + "}" * 65, "deeper than 64 levels"),
        ('{"type": "Annotation", "x": 1e999}', "1e999 is out of range"),
        ('{"type": "Annotation", "x": NaN}', "NaN is not a number"),
        ('{"type": "Annotation", "x": -Infinity}', "-Infinity is not a number"),
        ('{"type": "Annotation", "x": ' + "9" * 5000 + "}", "thousands of digits"),
        (b'{"type": "Annotation", "x": "\xff"}', "not UTF-8, UTF-16 or UTF-32"),
    ],
)
def test_json_out_of_bounds_is_one_clear_error(archive: Archive, payload, words: str) -> None:
    with pytest.raises(InvalidValueError, match=words):
        import_json(archive, payload)


@pytest.mark.parametrize("offset", ["1e999", "1e30", "-1", "2147483648", '"7"', "true", "[3]"])
def test_a_selector_offset_out_of_range_is_refused_and_nothing_imported(
    source, tmp_path: Path, offset: str
) -> None:
    archive, _ = source
    data, claim = _first_claim(export_json(archive))
    position = next(s for s in claim["target"]["selector"] if s["type"] == "TextPositionSelector")
    text = json.dumps(data).replace(
        json.dumps(position), json.dumps(position).replace(str(position["start"]), offset, 1)
    )
    with open_archive(tmp_path / "other") as other:
        import_text(other, TEXT, name="afp.txt")
        with pytest.raises(InvalidValueError, match=r"out of range|not a character offset"):
            import_json(other, text)
        assert ann.list_entities(other) == [] and ann.list_claims(other) == []


def test_values_of_the_wrong_type_are_ignored_not_fatal(source, tmp_path: Path) -> None:
    archive, _ = source
    data, claim = _first_claim(export_json(archive))
    details = next(b for b in claim["body"] if b["type"] == "Claim")
    details["concerns"] = 7
    details["links"] = "nonsense"
    details["status"] = ["corroborated"]
    claim["target"]["selector"] = [None, 3, *claim["target"]["selector"]]
    for body in claim["body"]:
        if body["type"] == "TextualBody":
            body["value"] = {"not": "text"}
    with open_archive(tmp_path / "other") as other:
        copy = import_text(other, TEXT, name="afp.txt").imported[0].id
        report = import_json(other, json.dumps(data))
        assert report.created["claims"] == 2
        imported = {c.quote: c for c in ann.list_claims(other, article_id=copy)}
        assert all(c.status in ("unverified", "corroborated") for c in imported.values())


def test_an_unknown_entity_type_that_is_not_a_word_is_refused(source, tmp_path: Path) -> None:
    archive, _ = source
    exported = export_json(archive).replace('"entityType": "agency"', '"entityType": "a b\\u001b"')
    with open_archive(tmp_path / "other") as other:
        import_text(other, TEXT, name="afp.txt")
        with pytest.raises(InvalidValueError, match="not a short lower-case word"):
            import_json(other, exported)
