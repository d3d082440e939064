"""Key judgments in the exports: first in the body, worded as the brief's yardstick
prescribes (ICD 203: likelihood and confidence in separate sentences), with their footnoted
evidence and the yardstick's legend; read back with python-docx, rendered by LibreOffice,
and the same content in Markdown."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive
from archivist.importers.pipeline import import_text

TEXT = (
    "Russian troops arrived in Almaty on Thursday. The president said the protests were "
    "organised by terrorists trained abroad. Around 2,300 people were arrested."
)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def _brief(archive: Archive, yardstick: str) -> int:
    article = (
        import_text(archive, TEXT, title="Troops arrive", source="AFP", published="2022-01-06")
        .imported[0]
        .id
    )
    claim = ann.add_claim(
        archive,
        article,
        quote="organised by terrorists trained abroad",
        claimant="the president",
        reliability="C",
        credibility="3",
    ).id
    brief = briefs.create_brief(
        archive, "Almaty", marking="OFFICIAL-SENSITIVE", author="Jane Analyst", yardstick=yardstick
    ).id
    briefs.add_heading(archive, brief, "Situation")
    excerpt = briefs.add_excerpt(archive, brief, article, quote="Around 2,300 people").id
    term = "likely" if yardstick == "icd203" else "realistic possibility"
    briefs.add_judgment(
        archive,
        brief,
        "Organised groups drove the violence in Almaty.",
        likelihood=term,
        confidence="moderate",
        basis="the government's account, not yet corroborated",
        claims=[claim],
        excerpts=[excerpt],
        note="Revisit after the inquiry.",
    )
    return brief


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.mark.parametrize("yardstick", ["icd203", "phia"])
def test_judgments_lead_the_docx(archive: Archive, tmp_path: Path, yardstick: str) -> None:
    brief = _brief(archive, yardstick)
    out = tmp_path / "brief.docx"
    report = briefs.export_brief(archive, brief, out)
    texts = _texts(out)
    assert texts.index("Key judgments") < texts.index("Situation")
    statement = texts.index("KJ1. Organised groups drove the violence in Almaty.")
    assessment = texts[statement + 1]
    if yardstick == "icd203":
        assert assessment == (
            "We judge this likely (55–80 %). We have moderate confidence in this judgment: "
            "the government's account, not yet corroborated."
        )
        # ICD 203: no sentence holds both the likelihood and the confidence.
        for sentence in re.split(r"(?<=\.) ", assessment):
            assert not ("likely" in sentence and "confidence" in sentence)
    else:
        assert assessment == (
            "We judge this realistic possibility (40–50 %), with moderate confidence: "
            "the government's account, not yet corroborated."
        )
    # The evidence follows, each quote with its footnote.
    assert texts[statement + 2].startswith("“organised by terrorists trained abroad”")
    assert "“Around 2,300 people”" in texts[statement + 4]
    assert report.footnotes >= 3
    document = docx.Document(str(out))
    legend = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in legend.rows]
    assert rows[0] == ["Term", "Probability"] and len(rows) == 8
    expected = briefs.YARDSTICKS[yardstick].terms
    assert [r[1] for r in rows[1:]] == [t.range_text for t in expected]
    assert all(r[0].startswith(t.name) for r, t in zip(rows[1:], expected, strict=True))


def test_the_markdown_carries_the_same_judgments(archive: Archive, tmp_path: Path) -> None:
    brief = _brief(archive, "icd203")
    out = tmp_path / "brief.md"
    briefs.export_brief(archive, brief, out, format="markdown")
    markdown = out.read_text(encoding="utf-8")
    assert markdown.index("## Key judgments") < markdown.index("## Situation")
    assert "**KJ1. Organised groups drove the violence in Almaty.**" in markdown
    assert "We judge this likely (55–80 %). We have moderate confidence" in markdown
    assert "| almost no chance / remote | 1–5 % |" in markdown
    assert "*Analyst note:* Revisit after the inquiry." in markdown


@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice and pdftotext are needed")
@pytest.mark.parametrize("yardstick", ["icd203", "phia"])
def test_libreoffice_renders_the_judgments(
    archive: Archive, tmp_path: Path, yardstick: str
) -> None:
    from test_briefs_render import pdf_pages, squashed, to_pdf

    brief = _brief(archive, yardstick)
    out = tmp_path / "brief.docx"
    briefs.export_brief(archive, brief, out)
    pages = pdf_pages(to_pdf(out, tmp_path))
    text = squashed("".join(pages))
    assert squashed("Key judgments") in text
    assert squashed("KJ1. Organised groups drove the violence in Almaty.") in text
    term = "likely (55–80 %)" if yardstick == "icd203" else "realistic possibility (40–50 %)"
    assert squashed(f"We judge this {term}") in text
    # The legend: every term's range.
    assert all(squashed(t.range_text) in text for t in briefs.YARDSTICKS[yardstick].terms)
    # The marking is in each page's header and footer, not printed a third time on page 1.
    assert pages[0].count("OFFICIAL-SENSITIVE") == 2


def test_later_citations_of_a_source_are_short_with_the_paragraph(
    archive: Archive, tmp_path: Path
) -> None:
    from archivist.briefs.citations import paragraph_of

    text = "First paragraph.\n\nSecond paragraph, with the claim.\nThird one."
    assert [paragraph_of(text, text.index(word)) for word in ("First", "claim", "Third")] == [
        1,
        2,
        3,
    ]
    brief = _brief(archive, "icd203")
    out = tmp_path / "brief.md"
    briefs.export_brief(archive, brief, out, format="markdown")
    notes = re.findall(r"^\[\^(\d+)\]: (.*)$", out.read_text(encoding="utf-8"), re.M)
    # The claim (in the judgment) cites the article in full; the excerpt after it, in the
    # same article's third sentence (one paragraph here), briefly.
    assert "Archive: sha256" in notes[0][1]
    assert notes[1][1] == "AFP, 6 Jan 2022, ¶ 1."
