"""The Markdown export: the same brief as pandoc-flavoured Markdown, escaped, with footnotes."""

from __future__ import annotations

import re

import pytest
from test_briefs_helpers import MARKING, Exported, export_demo

from archivist import briefs
from archivist.briefs.markdown_writer import escape
from archivist.briefs.view import Block, BriefDocument, ClaimView, SourceView


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    return export_demo(tmp_path_factory.mktemp("brief-md"))


def test_the_markdown_brief(exported: Exported) -> None:
    text = exported.markdown.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"**{MARKING}**" and lines[-1] == f"**{MARKING}**"
    assert "# Kazakhstan: unrest and the CSTO deployment" in lines
    assert "*Jane Analyst · 7 January 2022*" in lines
    headings = [line for line in lines if line.startswith("#")]
    assert headings[1:] == [
        "## Summary",
        "## Key judgements",
        "## Security situation in Almaty",
        "## International reaction",
        "### United States",
        "## Regional-language reporting",
        "## Claims assessed",
        "## Sources",
        "## Appendix: entities named in the sources",
    ]
    assert "> — Ned Price, US State Department spokesman · **B2** · Unverified" in lines
    assert "*Note on the claim:* AFP could not verify this." in lines
    refs = re.findall(r"\[\^(\d+)\](?!:)", text)
    defs = re.findall(r"^\[\^(\d+)\]:", text, re.M)
    assert refs == defs == [str(n) for n in range(1, 11)]
    assert (
        "| C5 | “The United States, and frankly the world, is watching for any possible human rights violations” | Ned Price, US State Department spokesman | B2 | Unverified | AFP, 6 January 2022 \\[1\\] |"
        in lines
    )
    assert (
        "[https://www.afp.com/en/news/kazakhstan-unrest-russian-troops?utm\\_source=x&id=1](https://www.afp.com/en/news/kazakhstan-unrest-russian-troops?utm_source=x&id=1)"
        in text
    )


def test_markup_in_text_is_escaped_and_notes_can_be_left_out(tmp_path) -> None:
    source = SourceView(
        1, 1, "A *bold* | title", publisher="[AFP]", url="https://example.org/x_(y)"
    )
    claim = ClaimView(
        1, 1, "# not a heading\n> not a quote | pipe", "<script>", note="secret", source=source
    )
    doc = BriefDocument(
        title="Title with _underscores_ and `code`",
        marking="SECRET",
        blocks=[
            Block("text", text="1. not a list\n- nor this", note="also secret"),
            Block("claim", claim=claim, source=source),
        ],
        claims=[claim],
        sources=[source],
    )
    text, notes = briefs.render_markdown(doc, notes="omit")
    assert notes == 1
    assert "secret" not in text.replace("**SECRET**", "")
    assert "# Title with \\_underscores\\_ and \\`code\\`" in text
    # A numbered line is text; a line starting "- " is a bullet of the analyst's prose.
    assert "1\\. not a list\n\n- nor this\n" in text
    assert "> “\\# not a heading\\\n> \\> not a quote \\| pipe”[^1]" in text
    assert "[https://example.org/x\\_(y)](https://example.org/x_%28y%29)" in text
    assert "| C1 | “# not a heading \\> not a quote \\| pipe” | \\<script\\> |" in text
    assert escape("a|b*c_d[e]") == "a\\|b\\*c\\_d\\[e\\]"


def test_markdown_export_writes_a_file(tmp_path, exported: Exported) -> None:
    doc = BriefDocument(title="Only a title")
    report = briefs.write_document(doc, tmp_path / "b.markdown")
    assert (
        report.format == "markdown"
        and (tmp_path / "b.markdown").read_text(encoding="utf-8") == "# Only a title\n"
    )
    report = briefs.write_document(doc, tmp_path / "b.txt", format="md")
    assert report.format == "markdown"
