"""Archive bundles between analysts (exchange/, `archivist bundle export|import`): everything
or a search or a brief, into another archive, twice (nothing changes the second time), with a
conflicting assessment (both kept, marked, reported), and damaged, truncated or changed
bundles refused whole."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from test_annotations_webannotation import TEXT, _annotate, _comparable

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive, open_archive
from archivist.cli.main import main
from archivist.exchange import BundleError, export_bundle, import_bundle, read_bundle
from archivist.importers.pipeline import import_text

OTHER_TEXT = "Weather in Lunmark: rain all week, the river high under the Old Sorrel Bridge."


def _counts(archive: Archive) -> dict[str, int]:
    tables = ("articles", "entities", "mentions", "claims", "claim_links", "span_notes",
              "article_tags", "briefs", "brief_items")  # fmt: skip
    return {t: archive.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.fixture
def source(tmp_path: Path):
    """An archive with an annotated article, another article, and a brief on the first:
    a heading, a claim, an excerpt, text citing both, a key judgment weighing them."""
    with open_archive(tmp_path / "source") as archive:
        article = _annotate(archive)
        import_text(archive, OTHER_TEXT, title="Rain", name="weather.txt")
        claim = next(
            c for c in ann.list_claims(archive, article_id=article) if c.claimant_entity_id
        )
        brief = briefs.create_brief(archive, "Almaty arrests", marking="OFFICIAL")
        briefs.add_heading(archive, brief.id, "What happened")
        briefs.add_claim_item(archive, brief.id, claim.id)
        excerpt = briefs.add_excerpt(archive, brief.id, article, quote="driven protesters")
        briefs.add_text(
            archive,
            brief.id,
            f"Arrests are reported [@claim:{claim.id}] and the square cleared "
            f"[@excerpt:{excerpt.id}].",
        )
        briefs.add_judgment(
            archive,
            brief.id,
            "Arrests will continue this week.",
            likelihood="likely",
            confidence="moderate",
            claims=[claim.id],
            excerpts=[excerpt.id],
        )
        yield archive, article, brief.id


def _brief_shape(archive: Archive, brief_id: int) -> list[tuple]:
    """A brief's items as the analyst reads them, without ids (citations resolved to quotes)."""
    brief = briefs.get_brief(archive, brief_id)
    quotes = {i.id: i.quote for i in brief.items if i.kind == "excerpt"}
    shape = []
    for item in brief.items:
        text = item.text
        if text and item.kind == "text":
            for claim in ann.list_claims(archive):
                text = text.replace(f"[@claim:{claim.id}]", f"[claim “{claim.quote}”]")
            for item_id, quote in quotes.items():
                text = text.replace(f"[@excerpt:{item_id}]", f"[excerpt “{quote}”]")
        claim = ann.get_claim(archive, item.claim_id).quote if item.claim_id else None
        evidence = None
        if item.kind == "judgment":
            evidence = (
                [ann.get_claim(archive, c).quote for c in item.evidence["claims"]],
                [quotes[e] for e in item.evidence["excerpts"]],
            )
        shape.append((item.kind, text, item.quote, claim, evidence))
    return shape


def test_everything_moves_to_an_empty_archive_and_twice_changes_nothing(
    source, tmp_path: Path
) -> None:
    archive, article, brief_id = source
    bundle = tmp_path / "all.archivist.zip"
    written = export_bundle(archive, bundle)
    assert (written.articles, written.briefs) == (2, 1)
    with open_archive(tmp_path / "receiver") as receiver:
        report = import_bundle(receiver, bundle)
        assert (report.articles_added, report.articles_present) == (2, 0)
        assert report.annotations["created"]["claims"] == 2 and not report.conflicts
        assert report.briefs_added == ["Almaty arrests"] and not report.warnings
        copy = receiver.db.execute("SELECT id FROM articles WHERE title != 'Rain'").fetchone()[0]
        assert _comparable(receiver, copy) == _comparable(archive, article)
        (received,) = briefs.list_briefs(receiver)
        assert _brief_shape(receiver, received.id) == _brief_shape(archive, brief_id)
        assert received.marking == "OFFICIAL"
        assert receiver.originals.read(receiver.article(copy).original_sha256) == (
            archive.originals.read(archive.article(article).original_sha256)
        )
        assert receiver.search("Lunmark").total == 1  # (indexed)
        before = _counts(receiver)
        again = import_bundle(receiver, bundle)
        assert not again.changed and _counts(receiver) == before
        assert again.articles_present == 2 and again.briefs_present == 1


def test_a_conflicting_assessment_keeps_both_and_is_reported(source, tmp_path: Path) -> None:
    archive, _article, _brief = source
    bundle = tmp_path / "b.archivist.zip"
    export_bundle(archive, bundle)
    with open_archive(tmp_path / "receiver") as receiver:
        mine = import_text(receiver, TEXT, name="afp.txt").imported[0].id
        own = ann.add_claim(
            receiver,
            mine,
            quote="the police had driven protesters from the main square in Almaty",
            claimant="local media",
            reliability="C",
            credibility=3,
            note="my reading",
        )
        report = import_bundle(receiver, bundle)
        (conflict,) = report.conflicts
        assert conflict["here"] == {"claim_id": own.id, "assessment": "C3 unverified"}
        assert conflict["imported"]["assessment"] == "F6 unverified"
        assert ann.get_claim(receiver, own.id).reliability == "C"  # never overwritten
        assert ann.get_claim(receiver, own.id).note == "my reading"
        theirs = ann.get_claim(receiver, conflict["imported"]["claim_id"])
        assert theirs.reliability == "F"
        assert theirs.note.startswith("Conflict: assessed F6 unverified in the imported file")
        before = _counts(receiver)
        assert not import_bundle(receiver, bundle).conflicts  # (the second time: both there)
        assert _counts(receiver) == before


def test_scopes_a_search_and_a_brief(source, tmp_path: Path) -> None:
    archive, _article, brief_id = source
    rain = tmp_path / "rain.archivist.zip"
    report = export_bundle(archive, rain, query="Lunmark")
    assert (report.articles, report.briefs, report.annotations) == (1, 0, 0)
    cited = tmp_path / "brief.archivist.zip"
    report = export_bundle(archive, cited, brief_id=brief_id)
    assert (report.articles, report.briefs) == (1, 1)
    with read_bundle(cited) as bundle:
        assert [a["title"] for a in bundle.articles] != ["Rain"]
        assert bundle.manifest["scope"] == {"brief": brief_id}


def test_an_entity_of_the_same_name_and_another_type_is_proposed_for_merging(
    source, tmp_path: Path
) -> None:
    archive, _article, _brief = source
    bundle = tmp_path / "b.archivist.zip"
    export_bundle(archive, bundle)
    with open_archive(tmp_path / "receiver") as receiver:
        here = ann.create_entity(receiver, "Almaty", "organisation")
        report = import_bundle(receiver, bundle)
        (merge,) = report.annotations["proposed_merges"]
        assert merge["name"] == "Almaty" and merge["type"] == "location"
        assert merge["with_entity_id"] == here.id and merge["with_type"] == "organisation"


def _rewritten(bundle: Path, out: Path, change) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info, data)
    return out


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncated", "not a readable zip"),
        ("flipped", "is damaged"),
        ("changed", "does not match its checksum"),
        ("extra", "a file its manifest does not list"),
        ("missing", "is incomplete"),
        ("not a bundle", "has no manifest.json"),
    ],
)
def test_a_damaged_bundle_is_refused_and_nothing_is_imported(
    source, tmp_path: Path, damage: str, message: str
) -> None:
    archive, _article, _brief = source
    bundle = tmp_path / "b.archivist.zip"
    export_bundle(archive, bundle)
    bad = tmp_path / "bad.archivist.zip"
    data = bundle.read_bytes()
    if damage == "truncated":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        with zipfile.ZipFile(bundle) as zf:
            info = zf.getinfo("annotations.jsonld")
        at = info.header_offset + 30 + len(info.filename) + 40  # inside its compressed bytes
        bad.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])
    elif damage == "changed":
        _rewritten(
            bundle,
            bad,
            lambda name, d: d.replace(b"Almaty", b"Astana") if name == "articles.json" else d,
        )
    elif damage == "extra":
        _rewritten(bundle, bad, lambda name, d: d)
        with zipfile.ZipFile(bad, "a") as zf:
            zf.writestr("payload.sh", b"rm -rf ~")
    elif damage == "missing":
        _rewritten(bundle, bad, lambda name, d: None if name.startswith("originals/") else d)
    else:
        _rewritten(bundle, bad, lambda name, d: None if name == "manifest.json" else d)
    with open_archive(tmp_path / "receiver") as receiver:
        before = _counts(receiver)
        with pytest.raises(BundleError, match=message):
            import_bundle(receiver, bad)
        assert _counts(receiver) == before


def test_cli_export_and_import(source, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive, _article, _brief = source
    root = str(archive.root)
    archive.close()
    bundle = tmp_path / "cli.archivist.zip"
    assert main(["--archive", root, "bundle", "export", "-o", str(bundle), "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written["articles"] == 2 and written["path"] == str(bundle)
    receiver = str(tmp_path / "receiver")
    assert main(["--archive", receiver, "bundle", "import", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "Articles: 2 added, 0 already here" in out and "Briefs: 1 added" in out
    assert main(["--archive", receiver, "bundle", "import", str(bundle), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["articles_added"] == 0 and again["briefs_present"] == 1
    (tmp_path / "junk.zip").write_bytes(b"PK\x03\x04 not really")
    assert main(["--archive", receiver, "bundle", "import", str(tmp_path / "junk.zip")]) == 2
    assert "not an archive bundle" in capsys.readouterr().err
