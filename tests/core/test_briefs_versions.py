"""Issued versions of a brief and staleness: each export issues a version recording what its
evidence was; `check` tells what changed since; an earlier version writes again as issued."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from cli_run import run

from archivist import annotations as ann
from archivist import briefs
from archivist.annotations.reanchor import set_article_text
from archivist.archive import Archive, open_archive
from archivist.briefs.snapshot import document_from_json, document_to_json
from archivist.importers.pipeline import import_text

TEXT = (
    "Russian troops arrived in Almaty on Thursday.\n\n"
    "The president blamed terrorists trained abroad.\n\n"
    "Fuel prices doubled overnight, officials said."
)
OTHER = "Officials confirmed 2,300 arrests in Almaty alone."


@pytest.fixture
def issued(archive: Archive, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A brief with a judgment on two claims, a quoted claim, an excerpt and analyst text
    citing them, issued once as .docx."""
    first = import_text(archive, TEXT, title="Troops arrive", source="AFP").imported[0].id
    second = import_text(archive, OTHER, title="Arrests", source="Reuters").imported[0].id
    troops = ann.add_claim(
        archive, first, quote="Russian troops arrived in Almaty", claimant="AFP",
        reliability="B", credibility=2,
    ).id  # fmt: skip
    blamed = ann.add_claim(
        archive, first, quote="blamed terrorists trained abroad", claimant="Tokayev",
        reliability="C", credibility=3, status="disputed",
    ).id  # fmt: skip
    arrests = ann.add_claim(
        archive, second, quote="2,300 arrests", claimant="Officials",
        reliability="B", credibility=2,
    ).id  # fmt: skip
    brief = briefs.create_brief(archive, "Almaty unrest", marking="OFFICIAL", date="2026-12-01")
    excerpt = briefs.add_excerpt(archive, brief.id, first, quote="Fuel prices doubled overnight")
    briefs.add_claim_item(archive, brief.id, blamed)
    briefs.add_text(archive, brief.id, f"Arrests were wide [@claim:{arrests}].")
    briefs.add_judgment(
        archive, brief.id, "Foreign forces will remain in the country.",
        likelihood="likely", confidence="moderate", claims=[troops, arrests],
    )  # fmt: skip
    report = briefs.export_brief(archive, brief.id, tmp_path / "v1.docx")
    ids = {"troops": troops, "blamed": blamed, "arrests": arrests, "excerpt": excerpt.id}
    return archive, brief.id, first, ids, report


def _kinds(archive: Archive, brief: int) -> list[tuple[str, str, int]]:
    report = briefs.check_brief(archive, brief)
    return [(c.kind, c.cited, c.ident) for c in report.changes]


def _text(path: Path) -> bytes:
    """The text content of a .docx: its body and footnotes as written."""
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml") + docx.read("word/footnotes.xml")


def test_exporting_issues_numbered_versions_only_when_something_changed(issued, tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive, brief, _first, ids, report = issued
    assert (report.version, report.issued) == (1, True)
    again = briefs.export_brief(archive, brief, tmp_path / "again.md")
    assert (again.version, again.issued) == (1, False)  # same document, same evidence
    ann.edit_claim(archive, ids["troops"], reliability="A")
    third = briefs.export_brief(archive, brief, tmp_path / "v2.docx")
    assert (third.version, third.issued) == (2, True)
    draft = briefs.export_brief(archive, brief, tmp_path / "draft.docx", issue=False)
    assert (draft.version, draft.issued) == (None, False)
    versions = briefs.list_versions(archive, brief)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].path == str(tmp_path / "v1.docx") and versions[0].format == "docx"
    assert versions[0].claims == 3 and versions[0].excerpts == 1 and versions[0].sources == 2


def test_nothing_changed_after_issue(issued) -> None:  # type: ignore[no-untyped-def]
    archive, brief, *_ = issued
    report = briefs.check_brief(archive, brief)
    assert report.issued_version == 1 and report.changes == []


def test_a_brief_never_issued_has_nothing_to_compare(archive: Archive) -> None:
    brief = briefs.create_brief(archive, "Draft").id
    report = briefs.check_brief(archive, brief)
    assert report.issued_version is None and report.changes == []
    assert briefs.list_versions(archive, brief) == []


def test_regraded_refuted_and_reattributed_claims(issued) -> None:  # type: ignore[no-untyped-def]
    archive, brief, _first, ids, _ = issued
    ann.edit_claim(archive, ids["troops"], reliability="D", credibility=4)
    ann.edit_claim(archive, ids["blamed"], status="refuted")
    ann.edit_claim(archive, ids["arrests"], claimant="Interior Ministry")
    report = briefs.check_brief(archive, brief)
    by_kind = {c.kind: c for c in report.changes}
    assert set(by_kind) == {"grade", "status", "claimant"}
    assert (by_kind["grade"].was, by_kind["grade"].now) == ("B2", "D4")
    assert (by_kind["status"].was, by_kind["status"].now) == ("disputed", "refuted")
    assert by_kind["claimant"].to_dict()["claim"] == ids["arrests"]
    assert by_kind["grade"].article_id is not None and by_kind["grade"].start is not None


def test_reextracted_text_orphans_and_moves_evidence(issued) -> None:  # type: ignore[no-untyped-def]
    archive, brief, first, ids, _ = issued
    # The article comes back different: the troops sentence reworded (orphaned), the rest
    # moved by a new first paragraph.
    set_article_text(
        archive,
        first,
        "Updated: a correction.\n\nForeign soldiers landed in Almaty on Thursday.\n\n"
        "The president blamed terrorists trained abroad.\n\n"
        "Fuel prices doubled overnight, officials said.",
    )
    kinds = _kinds(archive, brief)
    assert ("text", "claim", ids["troops"]) in kinds
    assert ("orphaned", "claim", ids["troops"]) in kinds
    assert ("text", "claim", ids["blamed"]) in kinds
    assert ("orphaned", "claim", ids["blamed"]) not in kinds
    assert ("text", "excerpt", ids["excerpt"]) in kinds
    assert not any(c == "claim" and i == ids["arrests"] for _, c, i in kinds)  # other article


def test_an_orphaned_excerpt(issued) -> None:  # type: ignore[no-untyped-def]
    archive, brief, first, ids, _ = issued
    set_article_text(archive, first, "Russian troops arrived in Almaty on Thursday.")
    kinds = _kinds(archive, brief)
    assert ("orphaned", "excerpt", ids["excerpt"]) in kinds


def test_deleted_evidence_is_reported_and_the_version_keeps_it(issued, tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive, brief, _first, ids, report = issued
    assert briefs.briefs_citing(archive, claim_ids={ids["arrests"]}) == [
        (brief, "Almaty unrest", 1)
    ]
    assert briefs.briefs_citing(archive, claim_ids={9999}) == []
    ann.delete_claim(archive, ids["arrests"])
    report_now = briefs.check_brief(archive, brief)
    deleted = [c for c in report_now.changes if c.kind == "deleted"]
    assert [(c.cited, c.ident) for c in deleted] == [("claim", ids["arrests"])]
    assert deleted[0].was == "“2,300 arrests”" and deleted[0].now is None
    # The issued version still writes the claim it cited, as it was.
    again = briefs.export_version(archive, brief, 1, tmp_path / "v1-again.docx")
    assert _text(tmp_path / "v1-again.docx") == _text(Path(report.path))
    assert again.version == 1 and again.claims == 3


def test_an_earlier_version_is_written_again_exactly_as_issued(issued, tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive, brief, first, ids, report = issued
    ann.edit_claim(archive, ids["troops"], reliability="E", credibility=5, note="doubtful now")
    set_article_text(archive, first, TEXT.replace("Thursday", "Friday"))
    briefs.edit_brief(archive, brief, title="Almaty unrest (revised)")
    briefs.export_brief(archive, brief, tmp_path / "v2.docx")
    assert [v.version for v in briefs.list_versions(archive, brief)] == [1, 2]
    briefs.export_version(archive, brief, 1, tmp_path / "v1-again.docx")
    assert _text(tmp_path / "v1-again.docx") == _text(Path(report.path))
    assert _text(tmp_path / "v2.docx") != _text(Path(report.path))
    markdown = briefs.export_version(archive, brief, 1, tmp_path / "v1.md")
    text = Path(markdown.path).read_text("utf-8")
    assert "Almaty unrest (revised)" not in text and "Almaty unrest" in text


def test_the_document_survives_json(issued) -> None:  # type: ignore[no-untyped-def]
    archive, brief, *_ = issued
    doc = briefs.compose_brief(archive, brief)
    assert doc.judgments and doc.claims and any(b.refs for b in doc.blocks)
    assert document_from_json(document_to_json(doc)) == doc


def test_the_command_line(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "archive"
    with open_archive(home) as archive:
        article = import_text(archive, TEXT, title="Troops").imported[0].id
        claim = ann.add_claim(
            archive, article, quote="Russian troops arrived", claimant="AFP", reliability="B",
            credibility=2,
        ).id  # fmt: skip
        brief = briefs.create_brief(archive, "B").id
        briefs.add_claim_item(archive, brief, claim)
    where = ["--archive", str(home)]
    code, data, _ = run(capsys, *where, "brief", "check", str(brief), "--json")
    assert code == 0 and data["issued_version"] is None
    code, data, _ = run(
        capsys, *where, "brief", "export", str(brief), str(tmp_path / "b.docx"), "--json"
    )
    assert code == 0 and data["version"] == 1 and data["issued"] is True
    code, data, _ = run(
        capsys, *where, "brief", "export", str(brief), str(tmp_path / "d.md"), "--draft", "--json"
    )
    assert code == 0 and data["version"] is None
    code, data, _ = run(capsys, *where, "brief", "check", str(brief), "--json")
    assert code == 0 and data == {
        "brief": brief, "issued_version": 1, "issued_at": data["issued_at"], "changes": []
    }  # fmt: skip
    with open_archive(home) as archive:
        ann.edit_claim(archive, claim, status="refuted")
    code, data, _ = run(capsys, *where, "brief", "check", str(brief), "--json")
    assert code == 1
    assert [(c["kind"], c["claim"], c["was"], c["now"]) for c in data["changes"]] == [
        ("status", claim, "unverified", "refuted")
    ]
    code, text, _ = run(capsys, *where, "brief", "check", str(brief))
    assert code == 1 and "Since version 1" in text and "now refuted" in text
    code, data, _ = run(capsys, *where, "brief", "versions", str(brief), "--json")
    assert code == 0 and [v["version"] for v in data["versions"]] == [1]
    out = tmp_path / "again.docx"
    code, data, _ = run(
        capsys, *where, "brief", "export", str(brief), str(out), "--version", "1", "--json"
    )
    assert code == 0 and data["version"] == 1 and _text(out) == _text(tmp_path / "b.docx")
    code, _, err = run(capsys, *where, "brief", "export", str(brief), str(out), "--version", "7")
    assert code == 1 and "no version 7" in err
