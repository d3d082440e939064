"""Word documents: reading order, tables, text boxes, notes, tracked changes, hostile packages."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import docx
import pytest
from docx.oxml import parse_xml
from samples import needs_samples, sample_bytes

from archivist.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    FileTooLargeError,
    HostileContentError,
)
from archivist.importers import docx as docx_importer
from archivist.importers.registry import extract_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_document() -> docx.document.Document:
    document = docx.Document()
    document.core_properties.title = "Situation report: Almaty"
    document.core_properties.author = "Analyst One"
    document.core_properties.created = datetime(2022, 1, 7, 9, 30, 0)
    document.add_heading("Situation in Almaty", level=1)
    document.add_paragraph("Shots were heard in the city centre on Thursday.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Source"
    table.cell(0, 1).text = "Claim"
    table.cell(1, 0).text = "AFP"
    table.cell(1, 1).text = "Dozens dead"
    document.add_paragraph("Paragraph after the table.")
    return document


def extract_one(data: bytes) -> docx_importer.ExtractedDocument:
    [document] = docx_importer.extract(data, "test.docx")
    return document


def add_body_xml(document: docx.document.Document, xml: str) -> None:
    """Insert raw WordprocessingML before the final section properties."""
    element = parse_xml(xml)
    document.element.body.insert(len(document.element.body) - 1, element)


def test_paragraphs_and_tables_in_document_order() -> None:
    doc = extract_one(save(report_document()))
    assert doc.text == (
        "Situation in Almaty\n\n"
        "Shots were heard in the city centre on Thursday.\n\n"
        "Source\tClaim\nAFP\tDozens dead\n\n"
        "Paragraph after the table."
    )


def test_core_properties() -> None:
    doc = extract_one(save(report_document()))
    assert doc.title == "Situation report: Almaty"
    assert doc.author == "Analyst One"
    assert doc.published == "2022-01-07T09:30:00+00:00"
    assert doc.language == "en"


def test_title_derived_from_text_without_core_title() -> None:
    document = docx.Document()
    document.add_paragraph("Kazakh president orders troops to fire without warning.")
    doc = extract_one(save(document))
    assert doc.title == "Kazakh president orders troops to fire without warning."


def test_text_box_is_read_once_despite_vml_fallback() -> None:
    document = docx.Document()
    document.add_paragraph("Body before the box.")
    add_body_xml(
        document,
        f"""<w:p {NAMESPACES}><w:r><mc:AlternateContent>
          <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>
            <wps:wsp><wps:txbx><w:txbxContent>
              <w:p><w:r><w:t>Text box quote from the mayor.</w:t></w:r></w:p>
            </w:txbxContent></wps:txbx></wps:wsp>
          </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
          <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
              <w:p><w:r><w:t>Text box quote from the mayor.</w:t></w:r></w:p>
          </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
        </mc:AlternateContent></w:r><w:r><w:t>Anchor paragraph.</w:t></w:r></w:p>""",
    )
    doc = extract_one(save(document))
    assert doc.text.count("Text box quote from the mayor.") == 1
    assert doc.text.index("Anchor paragraph.") < doc.text.index("Text box quote")


def test_tracked_insertions_kept_deletions_and_move_sources_dropped() -> None:
    document = docx.Document()
    add_body_xml(
        document,
        f"""<w:p {NAMESPACES}><w:r><w:t xml:space="preserve">The minister </w:t></w:r>
          <w:del w:id="1" w:author="x"><w:r><w:delText>denied </w:delText></w:r></w:del>
          <w:ins w:id="2" w:author="x"><w:r><w:t xml:space="preserve">confirmed </w:t></w:r></w:ins>
          <w:r><w:t>the report.</w:t></w:r></w:p>""",
    )
    add_body_xml(
        document,
        f"""<w:p {NAMESPACES}><w:moveFrom w:id="3" w:author="x"><w:r>
          <w:t>Moved sentence.</w:t></w:r></w:moveFrom></w:p>""",
    )
    add_body_xml(
        document,
        f"""<w:p {NAMESPACES}><w:moveTo w:id="4" w:author="x"><w:r>
          <w:t>Moved sentence.</w:t></w:r></w:moveTo></w:p>""",
    )
    doc = extract_one(save(document))
    assert "The minister confirmed the report." in doc.text
    assert "denied" not in doc.text
    assert doc.text.count("Moved sentence.") == 1


def test_field_codes_are_not_text() -> None:
    document = docx.Document()
    add_body_xml(
        document,
        f"""<w:p {NAMESPACES}><w:r><w:t xml:space="preserve">Page </w:t></w:r>
          <w:r><w:fldChar w:fldCharType="begin"/></w:r>
          <w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>
          <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>
          <w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>""",
    )
    assert extract_one(save(document)).text == "Page 7"


def test_empty_document_is_empty() -> None:
    with pytest.raises(EmptyDocumentError, match="no text"):
        docx_importer.extract(save(docx.Document()), "blank.docx")


def to_strict(data: bytes) -> bytes:
    """Rewrite a Transitional package with Strict OOXML namespaces and relationship types."""
    replacements = (
        (W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
        (
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        ),
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.endswith((".xml", ".rels")):
                for old, new in replacements:
                    content = content.replace(old, new)
            target.writestr(item.filename, content)
    return buffer.getvalue()


def test_strict_ooxml_is_read() -> None:
    strict = to_strict(save(report_document()))
    doc = extract_one(strict)
    assert "Shots were heard in the city centre on Thursday." in doc.text
    assert "AFP\tDozens dead" in doc.text
    assert doc.title == "Situation report: Almaty"
    assert doc.published == "2022-01-07T09:30:00+00:00"


def rezip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "codec", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
@pytest.mark.parametrize("padding", range(0, 36, 7))  # the declaration across a chunk's edge
def test_entity_declarations_in_a_part_are_hostile(
    codec: str, padding: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_importer, "_SCAN_CHUNK", 101)
    data = save(report_document())
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    evil = body.replace(
        "?>",
        "?>"
        + f"<!-- {'x' * padding} -->"
        + '<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
        1,
    )
    if codec != "utf-8":
        evil = evil.replace('encoding="UTF-8"', f'encoding="{codec.upper()[:6]}"', 1)
    with pytest.raises(HostileContentError, match="DTD or XML entities"):
        docx_importer.extract(rezip(data, {"word/document.xml": evil.encode(codec)}), "evil.docx")


def test_zip_bomb_part_is_hostile() -> None:
    data = rezip(save(report_document()), {}, {"word/media/bomb.bin": bytes(5 * 1024 * 1024)})
    with pytest.raises(HostileContentError, match="ZIP bomb"):
        docx_importer.extract(data, "bomb.docx")


def test_total_expansion_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_importer, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(FileTooLargeError, match="expands to more than"):
        docx_importer.extract(save(report_document()), "big.docx")


def test_truncated_docx_is_corrupt() -> None:
    data = save(report_document())
    with pytest.raises(CorruptDocumentError):
        extract_document(data[: len(data) // 2], "cut.docx")


def test_zip_without_word_body_named_docx_is_corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    with pytest.raises(CorruptDocumentError, match="Word document"):
        extract_document(buffer.getvalue(), "broken.docx")


# --- the shared samples ---------------------------------------------------------------------


def _load(relative: str) -> docx_importer.ExtractedDocument:
    fmt, [doc] = extract_document(sample_bytes(relative), relative.rsplit("/", 1)[-1])
    assert fmt == "docx"
    return doc


@needs_samples
def test_sample_footnotes() -> None:
    doc = _load("docx/mammoth_footnotes.docx")
    assert doc.text.startswith("Ouch[1].[2]")
    assert "[1] A tachyon walks into a bar." in doc.text
    assert "[2] Fin." in doc.text
    assert doc.title == "Ouch."
    assert doc.author == "Michael Williamson"


@needs_samples
def test_sample_tracked_deletion_left_out() -> None:
    doc = _load("docx/pandoc_track_changes_deletion.docx")
    assert doc.text == "This is a text with a deletion."


@needs_samples
def test_sample_tracked_move_not_duplicated() -> None:
    doc = _load("docx/pandoc_track_changes_move.docx")
    assert doc.text.count("Here is the text to be moved.") == 1


@needs_samples
def test_sample_comments_are_not_body_text() -> None:
    doc = _load("docx/pandoc_comments.docx")
    assert "I want some text to have a comment on it." in doc.text
    assert "I left a comment." not in doc.text


@needs_samples
def test_sample_merged_cells_appear_once() -> None:
    doc = _load("docx/d2p_merged_cells.docx")
    assert doc.text.count("34-123") == 1
    assert "\t" in doc.text


@needs_samples
def test_sample_chinese_tables() -> None:
    doc = _load("docx/d2p_libreoffice_conversion.docx")
    assert "竞争性谈判" in doc.text
    assert doc.language == "zh"
    assert doc.text.count("\t") > 10


@needs_samples
def test_sample_pages_and_bom_documents() -> None:
    assert (
        "This document contains paragraphs."
        in _load("docx/d2p_created-in-pages-paragraphs-only.docx").text
    )
    assert _load("docx/mammoth_utf8-bom.docx").text == "This XML has a byte order mark."


@needs_samples
def test_sample_empty_document() -> None:
    with pytest.raises(EmptyDocumentError):
        extract_document(sample_bytes("docx/mammoth_empty.docx"), "mammoth_empty.docx")
