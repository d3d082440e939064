"""The bundled Word template: built by its committed script, shipped as package data, with
every style the exporter looks for."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE

from archivist import briefs
from archivist.briefs.template import StyleSheet, load_template

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "resources" / "templates" / "make_brief_template.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_brief_template", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_the_shipped_template_is_what_the_script_builds() -> None:
    shipped = briefs.bundled_template_bytes()
    assert shipped == (ROOT / "resources" / "templates" / "brief.docx").read_bytes()
    # Reproducible: rebuilding gives the same bytes, so the committed file matches the script.
    assert _script().build() == shipped


def test_the_template_defines_the_styles_a_brief_uses() -> None:
    document = docx.Document(io.BytesIO(briefs.bundled_template_bytes()))
    styles = {(s.name, s.type) for s in document.styles}
    paragraph, character, table = (
        WD_STYLE_TYPE.PARAGRAPH,
        WD_STYLE_TYPE.CHARACTER,
        WD_STYLE_TYPE.TABLE,
    )
    for name in (
        "Normal",
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Quote",
        "Intense Quote",
        "Attribution",
        "Analyst Note",
        "Marking",
        "Caption",
        "Table Text",
        "Bibliography",
        "Header",
        "Footer",
        "footnote text",
        "annotation text",
    ):
        assert (name, paragraph) in styles, name
    for name in ("Hyperlink", "footnote reference", "annotation reference", "Strong"):
        assert (name, character) in styles, name
    assert ("Archivist Table", table) in styles
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [p.style.name for p in section.header.paragraphs] == ["Marking"]
    assert [p.style.name for p in section.footer.paragraphs] == ["Footer", "Marking"]
    footer_xml = section.footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml


def test_every_role_finds_its_style_in_the_bundled_template() -> None:
    sheet = StyleSheet(load_template(None))
    assert sheet.missing == []
    assert sheet.paragraph("marking").para.style == "Marking"
    assert sheet.character("footnote_reference").style == "FootnoteReference"
    assert sheet.table.style == "ArchivistTable"


def test_loading_a_template_empties_its_body_but_keeps_the_section() -> None:
    document = load_template(None)
    body = document.element.body
    assert [child.tag.split("}")[1] for child in body] == ["sectPr"]
    assert document.sections[0].header.paragraphs[0].text == "[HANDLING MARKING]"
