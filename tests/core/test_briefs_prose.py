"""The analyst's prose: **bold**, *italic*, "- " bullets and inline citations of claims and
excerpts, parsed, checked when saved, and exported as runs and footnotes where they stand."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive
from archivist.briefs.prose import Citation, Span, citation_token, citations, parse
from archivist.errors import InvalidValueError, NotFoundError
from archivist.importers.pipeline import import_text

TEXT = "Troops arrived in Almaty.\nThe president blamed terrorists trained abroad."


def test_parse_paragraphs_bullets_emphasis_and_citations() -> None:
    paras = parse(
        "The **count** is *disputed* [@claim:3].\nSecond line.\n\n- one [@excerpt:7]\n- **two**"
    )
    assert [p.bullet for p in paras] == [False, True, True]
    assert paras[0].pieces == [
        Span("The "),
        Span("count", bold=True),
        Span(" is "),
        Span("disputed", italic=True),
        Citation("claim", 3),
        Span(".\nSecond line."),
    ]
    assert paras[1].pieces == [Span("one"), Citation("excerpt", 7)]
    assert paras[2].pieces == [Span("two", bold=True)]
    assert parse("**bold *and italic* too**")[0].pieces == [
        Span("bold ", bold=True),
        Span("and italic", bold=True, italic=True),
        Span(" too", bold=True),
    ]
    # Not markup: stars with spaces, an unclosed one, a bracket without @.
    assert parse("2 * 3 * 4 and *open [claim:3]")[0].pieces == [
        Span("2 * 3 * 4 and *open [claim:3]")
    ]
    assert citations("[@claim:3] x [@claim:3] [@excerpt:2]") == [
        Citation("claim", 3),
        Citation("excerpt", 2),
    ]
    assert citation_token("excerpt", 5) == "[@excerpt:5]"
    with pytest.raises(InvalidValueError):
        citation_token("article", 5)


@pytest.fixture
def cited(archive: Archive) -> tuple[Archive, int, int, int]:
    article = (
        import_text(archive, TEXT, title="Troops", source="AFP", published="2022-01-06")
        .imported[0]
        .id
    )
    claim = ann.add_claim(
        archive, article, quote="terrorists trained abroad", claimant="the president"
    ).id
    brief = briefs.create_brief(archive, "B").id
    excerpt = briefs.add_excerpt(archive, brief, article, quote="Troops arrived").id
    return archive, brief, claim, excerpt


def test_citations_are_checked_when_the_text_is_saved(cited) -> None:  # type: ignore[no-untyped-def]
    archive, brief, claim, excerpt = cited
    item = briefs.add_text(archive, brief, f"As said [@claim:{claim}] and [@excerpt:{excerpt}].")
    with pytest.raises(NotFoundError):
        briefs.add_text(archive, brief, "Gone [@claim:999].")
    with pytest.raises(InvalidValueError, match="is not an excerpt"):
        briefs.edit_item(archive, brief, item.id, text=f"Not evidence [@excerpt:{item.id}].")
    with pytest.raises(NotFoundError):
        briefs.edit_item(archive, brief, item.id, text="[@excerpt:999]")


def test_the_export_puts_each_citation_where_it_stands(cited, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive, brief, claim, excerpt = cited
    briefs.add_text(
        archive,
        brief,
        f"The **president** blamed *foreigners* [@claim:{claim}]; troops came [@excerpt:{excerpt}]."
        "\n\n- first point\n- second point",
    )
    out = tmp_path / "b.docx"
    report = briefs.export_brief(archive, brief, out)
    document = docx.Document(str(out))
    para = next(p for p in document.paragraphs if p.text.startswith("The president"))
    assert [r.text for r in para.runs if r.bold] == ["president"]
    assert [r.text for r in para.runs if r.italic] == ["foreigners"]
    # The footnote references sit right after "foreigners" and after "came".
    xml = para._p.xml
    assert xml.index("foreigners") < xml.index("w:footnoteReference") < xml.index("troops came")
    assert xml.count("w:footnoteReference") == 2
    bullets = [p.text for p in document.paragraphs if p.text.startswith("•")]
    assert bullets == ["•\tfirst point", "•\tsecond point"]
    assert report.footnotes == 3  # the excerpt item itself, and the two citations
    markdown = tmp_path / "b.md"
    briefs.export_brief(archive, brief, markdown, format="markdown")
    text = markdown.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("The **president**"))
    assert re.fullmatch(
        r"The \*\*president\*\* blamed \*foreigners\*\[\^2\]; troops came\[\^3\]\.", line
    ), line
    assert "- first point\n- second point\n" in text


def test_a_citation_whose_claim_is_gone_is_left_out_with_a_warning(cited, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive, brief, claim, _excerpt = cited
    briefs.add_text(archive, brief, f"Blamed [@claim:{claim}].")
    ann.delete_claim(archive, claim)
    report = briefs.export_brief(archive, brief, tmp_path / "b.docx")
    assert any(f"cites claim {claim}" in w for w in report.warnings)
    texts = [p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs]
    assert "Blamed." in texts
