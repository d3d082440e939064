"""A key judgment citing an ACH matrix: the Word export's appendix (read back with
python-docx, rendered by LibreOffice), the Markdown, lint and the issued version."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from test_ach import seed_matrix

from archivist import ach, briefs
from archivist.archive import Archive
from archivist.briefs.snapshot import document_from_json, document_to_json

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def _brief_on_matrix(archive: Archive) -> tuple[int, int]:
    matrix, claims = seed_matrix(archive)
    h1, h2, h3 = (h.id for h in matrix.hypotheses)
    gas = ach.add_evidence(archive, matrix.id, claim_id=claims["gas"], relevance="high")
    accusation = ach.add_evidence(archive, matrix.id, claim_id=claims["terrorists"])
    csto = ach.add_evidence(archive, matrix.id, claim_id=claims["csto"])
    assumption = ach.add_evidence(
        archive, matrix.id, assumption="Elite rivals controlled the security services"
    )
    for evidence, marks in (
        (gas, ("CC", "I", "N")),
        (accusation, ("I", "C", "N")),
        (csto, ("C", "C", "C")),
        (assumption, ("N", "N", "C")),
    ):
        for hypothesis, mark in zip((h1, h2, h3), marks, strict=True):
            ach.rate(archive, evidence.id, hypothesis, mark)
    brief = briefs.create_brief(archive, "Almaty violence", author="Jane Analyst").id
    briefs.add_judgment(
        archive,
        brief,
        "The violence was not mainly the work of groups trained abroad.",
        likelihood="likely",
        confidence="moderate",
        matrices=[matrix.id],
    )
    return brief, matrix.id


def test_the_docx_appendix_shows_the_matrix(archive: Archive, tmp_path: Path) -> None:
    brief, _ = _brief_on_matrix(archive)
    out = tmp_path / "brief.docx"
    report = briefs.export_brief(archive, brief, out)
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    basis = next(t for t in texts if t.startswith("Basis: analysis of competing hypotheses"))
    assert "(Appendix A1, “Who is behind the Almaty violence?”)" in basis
    assert "H3, “An intra-elite power struggle using the protests”, is the least" in basis
    heading = "Appendix A1: competing hypotheses — Who is behind the Almaty violence?"
    at = texts.index(heading)
    assert texts.index("Sources") < at
    assert texts[at + 1] == (
        "H1. Spontaneous protest over fuel prices turned riot (weighted inconsistency 0.38, rank 2)"
    )
    assert texts[at + 3].endswith("(weighted inconsistency 0, rank 1 — leads)")
    table = document.tables[-1]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["Evidence", "Grade", "Weight", "H1", "H2", "H3"]
    gas_row = cells[1]
    assert gas_row[0].startswith("E1. “the price of liquefied gas doubled”")
    assert gas_row[1:] == ["B2", "1.22", "CC", "I", "N"]
    assert "non-diagnostic" in cells[3][0]  # the CSTO call fits every hypothesis alike
    assert cells[4][1:3] == ["—", "0.25"]  # the assumption: ungraded
    assert cells[-2] == ["Weighted inconsistency", "", "", "0.38", "1.22", "0"]
    assert cells[-1] == ["Rank", "", "", "2", "3", "1"]
    assert "Arrests of foreigners" in "\n".join(texts)
    assert any(t.startswith("Ratings: CC very consistent") for t in texts)
    # Each claim row is footnoted like any citation: the three claims cite one article.
    assert report.footnotes >= 3 and report.claims == 3


def test_the_markdown_carries_the_matrix(archive: Archive, tmp_path: Path) -> None:
    brief, _ = _brief_on_matrix(archive)
    out = tmp_path / "brief.md"
    briefs.export_brief(archive, brief, out, format="markdown")
    markdown = out.read_text(encoding="utf-8")
    assert "## Appendix A1: competing hypotheses — Who is behind the Almaty violence?" in markdown
    assert "| Evidence | Grade | Weight | H1 | H2 | H3 |" in markdown
    assert "| **Weighted inconsistency** | | | **0.38** | **1.22** | **0** |" in markdown
    assert "- H2: Arrests of foreigners" in markdown
    gas = next(line for line in markdown.splitlines() if line.startswith("| E1."))
    assert "[^" in gas and gas.endswith("| B2 | 1.22 | CC | I | N |")


def test_a_judgment_on_a_matrix_has_evidence_and_survives_issue(
    archive: Archive, tmp_path: Path
) -> None:
    brief, matrix_id = _brief_on_matrix(archive)
    kinds = {w.kind for w in briefs.lint_brief(archive, brief)}
    assert "no_evidence" not in kinds
    doc = briefs.compose_brief(archive, brief)
    again = document_from_json(document_to_json(doc))
    assert again.judgments[0].matrices[0] is again.matrices[0]
    assert again.matrices == doc.matrices
    # A regraded claim shows in the next export, flagged.
    gas = next(e for e in ach.get_matrix(archive, matrix_id).evidence if e.grade == "B2")
    from archivist import annotations as ann

    ann.edit_claim(archive, gas.claim_id, reliability="E", credibility=5)
    row = briefs.compose_brief(archive, brief).matrices[0].rows[0]
    assert row.change == "regraded B2 → E5" and row.grade == "E5"


@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice and pdftotext are needed")
def test_libreoffice_renders_the_matrix(archive: Archive, tmp_path: Path) -> None:
    from test_briefs_render import pdf_pages, squashed, to_pdf

    brief, _ = _brief_on_matrix(archive)
    out = tmp_path / "brief.docx"
    briefs.export_brief(archive, brief, out)
    text = squashed("".join(pdf_pages(to_pdf(out, tmp_path))))
    assert squashed("Appendix A1: competing hypotheses") in text
    assert squashed("Weighted inconsistency") in text
    assert squashed("The conclusion rests on these items:") in text
