"""The .docx export, checked in the file itself: structure reopened with python-docx, every
footnote and comment reference resolved in the XML parts, hyperlinks, headers and footers,
right-to-left and CJK text, templates, hostile text and the all-or-nothing write."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from test_briefs_helpers import (
    ARABIC,
    CHINESE,
    HEBREW,
    MARKING,
    NS,
    Exported,
    W,
    all_text,
    build_demo,
    docx_parts,
    export_demo,
    ids,
    rels,
    xml,
)

from archivist import briefs
from archivist.archive import Archive
from archivist.briefs.view import Block, BriefDocument, ClaimView, SourceView
from archivist.errors import ExportWriteError, InvalidValueError, NotFoundError

FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    return export_demo(tmp_path_factory.mktemp("brief-docx"))


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs]


def check_references(path: Path) -> dict[str, int]:
    """Every footnote and comment reference resolves; returns the counts."""
    parts = docx_parts(path)
    body = xml(parts, "word/document.xml")
    doc_rels = rels(parts, "word/document.xml")
    types = {r.get("Type"): r.get("Target") for r in doc_rels.values()}
    counts = {"footnotes": 0, "comments": 0}
    refs = ids(body, "footnoteReference")
    if refs:
        assert types[FOOTNOTES_TYPE] == "footnotes.xml"
        content_types = etree.fromstring(parts["[Content_Types].xml"])
        overrides = {o.get("PartName"): o.get("ContentType") for o in content_types}
        assert overrides["/word/footnotes.xml"] == FOOTNOTES_CONTENT
        notes = xml(parts, "word/footnotes.xml")
        note_ids = ids(notes, "footnote")
        assert {"-1", "0"} <= set(note_ids)
        separators = {n.get(f"{{{W}}}id"): n.get(f"{{{W}}}type") for n in notes}
        assert (separators["-1"], separators["0"]) == ("separator", "continuationSeparator")
        assert len(refs) == len(set(refs)), "each footnote is referenced once"
        assert set(refs) == {i for i in note_ids if int(i) > 0}, "references and footnotes match"
        for link in notes.iter(f"{{{W}}}hyperlink"):
            rel = rels(parts, "word/footnotes.xml")[link.get(f"{{{NS['r']}}}id")]
            assert rel.get("Type") == HYPERLINK_TYPE and rel.get("TargetMode") == "External"
        counts["footnotes"] = len(refs)
    starts, ends, marks = (
        ids(body, t) for t in ("commentRangeStart", "commentRangeEnd", "commentReference")
    )
    if marks:
        comments = xml(parts, "word/comments.xml")
        comment_ids = ids(comments, "comment")
        assert sorted(starts) == sorted(ends) == sorted(marks) == sorted(comment_ids)
        counts["comments"] = len(marks)
    for link in body.iter(f"{{{W}}}hyperlink"):
        assert doc_rels[link.get(f"{{{NS['r']}}}id")].get("Type") == HYPERLINK_TYPE
    return counts


# --- structure ------------------------------------------------------------------------------


def test_the_export_reopens_with_the_brief_in_order(exported: Exported) -> None:
    paragraphs = _paragraphs(exported.docx)
    assert paragraphs[:2] == [
        ("Title", "Kazakhstan: unrest and the CSTO deployment"),
        ("Subtitle", "Jane Analyst · 7 January 2022"),
    ]
    assert MARKING not in [text for _style, text in paragraphs]  # header and footer only
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Summary"),
        ("Heading 1", "Key judgements"),
        ("Heading 1", "Security situation in Almaty"),
        ("Heading 1", "International reaction"),
        ("Heading 2", "United States"),
        ("Heading 1", "Regional-language reporting"),
        ("Heading 1", "Claims assessed"),
        ("Heading 1", "Sources"),
        ("Heading 1", "Appendix: entities named in the sources"),
    ]
    summary = [text for style, text in paragraphs if style == "Intense Quote"]
    assert len(summary) == 2 and summary[0].startswith("Russian-led CSTO troops")
    quotes = [text for style, text in paragraphs if style == "Quote"]
    assert len(quotes) == 9  # eight claims and one excerpt
    assert (
        quotes[0]
        == "“accused groups of “terrorists” formed, according to him, abroad of being behind the riots”"
    )
    attributions = [text for style, text in paragraphs if style == "Attribution"]
    assert "— Ned Price, US State Department spokesman · B2 · Unverified" in attributions
    assert "— local media · C3 · Unverified" in attributions
    assert "— Kassym-Jomart Tokayev, President of Kazakhstan · B4 · Unverified" in attributions
    assert "— AFP, 6 January 2022" in attributions
    bibliography = [text for style, text in paragraphs if style == "Bibliography"]
    assert len(bibliography) == 4 and bibliography[0].startswith("[1]\tAFP, “Russian troops arrive")
    assert "sha256 " in bibliography[0] and "kazakhstan-unrest-afp.txt" in bibliography[0]


def test_grades_are_bold_and_the_sample_body_is_gone(exported: Exported) -> None:
    document = docx.Document(str(exported.docx))
    attribution = next(p for p in document.paragraphs if p.text.startswith("— Ned Price"))
    assert [r.text for r in attribution.runs if r.bold] == ["B2"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Brief title" not in text and "[HANDLING MARKING]" not in text
    assert "A sub-heading" not in text
    props = document.core_properties
    assert (props.title, props.subject, props.author) == (
        "Kazakhstan: unrest and the CSTO deployment",
        MARKING,
        "Jane Analyst",
    )


def test_the_claims_and_entities_tables(exported: Exported) -> None:
    document = docx.Document(str(exported.docx))
    claims, entities = document.tables
    rows = [[cell.text for cell in row.cells] for row in claims.rows]
    assert rows[0] == ["#", "Claim", "Claimant", "Grade", "Status", "Source"]
    assert len(rows) == 9
    price = next(r for r in rows if r[2].startswith("Ned Price"))
    assert price[2] == "Ned Price, US State Department spokesman"
    assert price[3:] == ["B2", "Unverified", "AFP, 6 January 2022 [1]"]
    police = next(r for r in rows if r[2] == "local media")
    assert "In short: Police retook the main square" in police[1]
    assert [r[4] for r in rows[1:]].count("Corroborated") == 1
    assert claims.style.name == "Archivist Table"
    header = claims._tbl.tr_lst[0]
    assert header.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None
    assert claims._tbl.find(f"{{{W}}}tblPr/{{{W}}}tblLayout").get(f"{{{W}}}type") == "fixed"
    entity_rows = [[cell.text for cell in row.cells] for row in entities.rows]
    assert entity_rows[0] == ["Entity", "Type", "Also known as"]
    assert ["Collective Security Treaty Organization", "Organisation", "CSTO"] in entity_rows
    assert ["Kassym-Jomart Tokayev", "Person", "Tokayev"] in entity_rows
    caption = next(p.text for p in document.paragraphs if p.text.startswith("Grades used"))
    assert "B2: source usually reliable; information probably true" in caption


def test_every_footnote_and_comment_reference_resolves(exported: Exported) -> None:
    counts = check_references(exported.docx)
    assert counts == {"footnotes": 10, "comments": 8}
    assert (exported.report.footnotes, exported.report.comments) == (10, 8)
    assert check_references(exported.inline) == {"footnotes": 10, "comments": 0}


def test_footnotes_cite_each_source_with_a_link_and_the_archive_reference(
    exported: Exported,
) -> None:
    parts = docx_parts(exported.docx)
    body = xml(parts, "word/document.xml")
    notes = {n.get(f"{{{W}}}id"): n for n in xml(parts, "word/footnotes.xml")}
    order = ids(body, "footnoteReference")
    first = all_text(notes[order[0]])
    assert first.startswith(
        " AFP, “Russian troops arrive in Kazakhstan as unrest grips Almaty”, by AFP correspondent, 6 January 2022, "
    )
    assert "https://www.afp.com/en/news/kazakhstan-unrest-russian-troops?utm_source=x&id=1" in first
    assert re.search(
        r"Archive: sha256 [0-9a-f]{12} \(kazakhstan-unrest-afp\.txt\), article 1\.", first
    )
    link = notes[order[0]].find(f".//{{{W}}}hyperlink")
    target = rels(parts, "word/footnotes.xml")[link.get(f"{{{NS['r']}}}id")].get("Target")
    assert (
        target == "https://www.afp.com/en/news/kazakhstan-unrest-russian-troops?utm_source=x&id=1"
    )
    assert link.find(f".//{{{W}}}rStyle").get(f"{{{W}}}val") == "Hyperlink"
    assert "ar.txt" in all_text(notes[order[7]]) and "zh.txt" in all_text(notes[order[9]])
    # The reference runs use the footnote reference style and follow their quote.
    ref = body.find(f".//{{{W}}}footnoteReference/..")
    assert ref.find(f"{{{W}}}rPr/{{{W}}}rStyle").get(f"{{{W}}}val") == "FootnoteReference"


def test_comments_hold_the_notes_and_sit_on_the_quote(exported: Exported) -> None:
    document = docx.Document(str(exported.docx))
    comments = {c.text: c for c in document.comments}
    assert "AFP could not verify this." in comments
    assert "Revisit once the CSTO mandate is published." in comments
    assert all(c.author == "Jane Analyst" and c.initials == "JA" for c in comments.values())
    body = xml(docx_parts(exported.docx), "word/document.xml")
    police_id = str(comments["AFP could not verify this."].comment_id)
    start = body.find(f".//{{{W}}}commentRangeStart[@{{{W}}}id='{police_id}']")
    paragraph = start.getparent()
    assert paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") == "Quote"
    covered, inside = [], False
    for child in paragraph:
        if child.tag == f"{{{W}}}commentRangeStart" and child.get(f"{{{W}}}id") == police_id:
            inside = True
        elif child.tag == f"{{{W}}}commentRangeEnd" and child.get(f"{{{W}}}id") == police_id:
            break
        elif inside and child.tag == f"{{{W}}}r":
            covered.append(all_text(child))
    assert (
        "".join(covered)
        == "“the police had driven protesters from the main square in Almaty and regained control of official buildings”"
    )


def test_inline_and_omitted_notes(tmp_path: Path, exported: Exported) -> None:
    inline = _paragraphs(exported.inline)
    notes = [text for style, text in inline if style == "Analyst Note"]
    assert "Note on the claim: AFP could not verify this." in notes
    assert "Analyst note: Figure repeated by Interfax; same official origin." in notes
    assert len(notes) == 8
    doc = briefs.BriefDocument(title="T", blocks=[Block("text", text="x", note="secret remark")])
    briefs.write_document(doc, tmp_path / "omit.docx", notes="omit")
    parts = docx_parts(tmp_path / "omit.docx")
    assert "secret remark" not in b"".join(parts.values()).decode("utf-8", "replace")
    with pytest.raises(InvalidValueError):
        briefs.write_document(doc, tmp_path / "bad.docx", notes="margin")


def test_the_marking_and_page_numbers_are_in_every_header_and_footer(exported: Exported) -> None:
    parts = docx_parts(exported.docx)
    body = xml(parts, "word/document.xml")
    doc_rels = rels(parts, "word/document.xml")
    sect = body.find(f"{{{W}}}body/{{{W}}}sectPr")
    references = sect.findall(f"{{{W}}}headerReference") + sect.findall(f"{{{W}}}footerReference")
    assert {r.tag.split("}")[1] for r in references} == {"headerReference", "footerReference"}
    for reference in references:
        part = xml(parts, "word/" + doc_rels[reference.get(f"{{{NS['r']}}}id")].get("Target"))
        assert all_text(part).count(MARKING) == 1
        if reference.tag.endswith("footerReference"):
            instructions = " ".join(i.text for i in part.iter(f"{{{W}}}instrText"))
            assert "PAGE" in instructions.split() and "NUMPAGES" in instructions.split()
    assert "[HANDLING MARKING]" not in "".join(p.decode("utf-8", "ignore") for p in parts.values())


def test_right_to_left_and_cjk_runs_are_marked(exported: Exported) -> None:
    body = xml(docx_parts(exported.docx), "word/document.xml")
    for text in (ARABIC, HEBREW):
        paragraph = next(
            p for p in body.iter(f"{{{W}}}p") if text[:20] in all_text(p) and "“" in all_text(p)[:2]
        )
        assert paragraph.find(f"{{{W}}}pPr/{{{W}}}bidi") is not None
        runs = [r for r in paragraph.iter(f"{{{W}}}r") if text[:10] in all_text(r)]
        assert runs and all(r.find(f"{{{W}}}rPr/{{{W}}}rtl") is not None for r in runs)
    chinese = next(p for p in body.iter(f"{{{W}}}p") if CHINESE[:6] in all_text(p))
    assert chinese.find(f"{{{W}}}pPr/{{{W}}}bidi") is None
    run = next(r for r in chinese.iter(f"{{{W}}}r") if CHINESE[:6] in all_text(r))
    assert run.find(f"{{{W}}}rPr/{{{W}}}rFonts").get(f"{{{W}}}hint") == "eastAsia"
    # The brief's own sentences stay left to right even around an Arabic name.
    attribution = next(p for p in body.iter(f"{{{W}}}p") if all_text(p).startswith("— الجزيرة"))
    assert attribution.find(f"{{{W}}}pPr/{{{W}}}bidi") is None
    latin = [r for r in attribution.iter(f"{{{W}}}r") if "Unverified" in all_text(r)]
    assert latin and latin[0].find(f"{{{W}}}rPr/{{{W}}}rtl") is None


# --- templates ------------------------------------------------------------------------------


def _tiny_doc() -> BriefDocument:
    source = SourceView(
        1,
        1,
        "Title",
        publisher="AFP",
        published="2022-01-06",
        url="https://example.org/a b",
        sha256="ab" * 32,
        filename="a.txt",
    )
    claim = ClaimView(
        1, 1, "a quote", "local media", reliability="C", credibility=3, note="n", source=source
    )
    return BriefDocument(
        title="Tiny",
        marking="SECRET",
        author="A",
        date="2022-01-07",
        summary="S",
        blocks=[
            Block("heading", text="H"),
            Block("claim", claim=claim, source=source),
            Block("article", source=source, note="m"),
        ],
        claims=[claim],
        sources=[source],
    )


def test_a_house_template_without_our_styles_falls_back(tmp_path: Path) -> None:
    house = tmp_path / "house.docx"
    plain = (
        docx.Document()
    )  # python-docx's default: no Marking, Attribution, footnote or Hyperlink styles
    plain.add_paragraph("Sample body text of the house template")
    plain.save(str(house))
    report = briefs.write_document(_tiny_doc(), tmp_path / "out.docx", template=house)
    assert any("lacks styles" in w and "marking" in w for w in report.warnings)
    document = docx.Document(str(tmp_path / "out.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Sample body text of the house template" not in texts
    # The marking is in the header and footer only (not a first body line as well).
    assert texts[0] == "Tiny" and "SECRET" not in texts
    assert document.paragraphs[0].style.name == "Title"  # present in python-docx's template
    marking = document.sections[0].header.paragraphs[0]
    assert marking.text == "SECRET"
    assert marking.runs[0].bold and marking.runs[0].font.color.rgb is not None
    assert check_references(tmp_path / "out.docx") == {"footnotes": 2, "comments": 2}
    header = document.sections[0].header
    footer = document.sections[0].footer
    assert "SECRET" in [p.text for p in header.paragraphs]
    assert "SECRET" in [p.text for p in footer.paragraphs]
    assert any(p.text == "Page 1 of 1" for p in footer.paragraphs)
    # The URL's space is encoded for the relationship; the text shows it as given.
    notes = docx_parts(tmp_path / "out.docx")["word/_rels/footnotes.xml.rels"].decode()
    assert 'Target="https://example.org/a%20b"' in notes


def test_an_exported_brief_serves_as_a_template(tmp_path: Path, exported: Exported) -> None:
    # A template with a body, comments, footnotes and hyperlinks of its own: none survive.
    out = tmp_path / "again.docx"
    briefs.write_document(_tiny_doc(), out, template=exported.docx)
    assert check_references(out) == {"footnotes": 2, "comments": 2}
    document = docx.Document(str(out))
    assert len(list(document.comments)) == 2
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kazakhstan" not in text
    header_text = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert header_text.count("SECRET") == 1 and MARKING not in header_text


def test_a_dotx_template_and_a_first_page_header(tmp_path: Path) -> None:
    source = io.BytesIO(briefs.bundled_template_bytes())
    document = docx.Document(source)
    document.sections[0].different_first_page_header_footer = True
    buffer = io.BytesIO()
    document.save(buffer)
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(dotx, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    with pytest.raises(ValueError):
        docx.Document(str(dotx))  # python-docx alone refuses a template
    out = tmp_path / "from-dotx.docx"
    briefs.write_document(_tiny_doc(), out, template=dotx)
    reopened = docx.Document(str(out))
    section = reopened.sections[0]
    assert "SECRET" in [p.text for p in section.first_page_header.paragraphs]
    assert "SECRET" in [p.text for p in section.first_page_footer.paragraphs]
    assert check_references(out)["footnotes"] == 2


def test_bad_templates_are_refused_before_writing(tmp_path: Path) -> None:
    not_word = tmp_path / "notes.docx"
    not_word.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InvalidValueError):
        briefs.write_document(_tiny_doc(), tmp_path / "a.docx", template=not_word)
    with pytest.raises(NotFoundError):
        briefs.write_document(_tiny_doc(), tmp_path / "a.docx", template=tmp_path / "missing.docx")
    with pytest.raises(InvalidValueError):
        briefs.write_document(_tiny_doc(), tmp_path / "a.md", template=tmp_path / "missing.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.docx"]


# --- hostile text and the write -------------------------------------------------------------


def test_hostile_text_is_cleaned_and_long_quotes_wrap(tmp_path: Path) -> None:
    hostile = "Bad\x00\x01\x0b\x0c\x1f\x7f\x85\ud800\udfff\ufffe\uffff\U0010ffff chars"
    huge = ("word " * 20_000) + "x" * 5_000
    source = SourceView(
        1, 1, hostile, publisher=hostile, url="javascript:alert(1)", sha256="0" * 64
    )
    claim = ClaimView(1, 1, huge, hostile, note=hostile, source=source)
    doc = BriefDocument(
        title=hostile,
        marking=hostile,
        author=hostile,
        summary=hostile,
        blocks=[
            Block("heading", text=hostile, note=hostile),
            Block("text", text=hostile),
            Block("claim", claim=claim, source=source),
        ],
        claims=[claim],
        sources=[source],
    )
    out = tmp_path / "hostile.docx"
    briefs.write_document(doc, out)
    document = docx.Document(str(out))
    assert document.paragraphs[1].text == "Bad chars"
    assert document.core_properties.title == "Bad chars"
    cell = document.tables[0].rows[1].cells[1].text
    assert len(cell) <= 303 and cell.endswith("…”")
    assert any(len(p.text) > 100_000 for p in document.paragraphs)
    parts = docx_parts(out)
    assert "javascript:" not in parts.get("word/_rels/footnotes.xml.rels", b"").decode()
    assert "javascript:alert(1)" in "".join(p.decode("utf-8", "ignore") for p in parts.values())
    assert check_references(out) == {"footnotes": 1, "comments": 2}


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "brief.docx"

    def broken_save(self, stream):
        stream.write(b"PK\x03\x04 half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    # (Said as an export error, naming the file: not an OSError traceback.)
    with pytest.raises(ExportWriteError, match=r"cannot write .*brief\.docx: disk full"):
        briefs.write_document(_tiny_doc(), out)
    assert list(tmp_path.iterdir()) == []
    out.write_bytes(b"previous export")
    with pytest.raises(ExportWriteError):
        briefs.write_document(_tiny_doc(), out)
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.docx"]
    monkeypatch.undo()
    report = briefs.write_document(_tiny_doc(), out)
    assert zipfile.is_zipfile(out) and report.bytes == out.stat().st_size
    assert (out.stat().st_mode & 0o777) == 0o644 or out.stat().st_mode & 0o044


@pytest.mark.parametrize(
    "name,error",
    [
        ("brief.txt", InvalidValueError),
        ("missing-folder/brief.docx", InvalidValueError),
        (".", InvalidValueError),
    ],
)
def test_bad_destinations(tmp_path: Path, name: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        briefs.write_document(_tiny_doc(), tmp_path / name)


def test_export_of_an_unknown_brief(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NotFoundError):
        briefs.export_brief(archive, 42, out / "x.docx")
    assert list(out.iterdir()) == []


def test_an_empty_brief_exports(archive: Archive, tmp_path: Path) -> None:
    brief = briefs.create_brief(archive, "Empty")
    report = briefs.export_brief(archive, brief.id, tmp_path / "empty.docx")
    assert (report.claims, report.sources, report.footnotes) == (0, 0, 0)
    assert next(p.text for p in docx.Document(str(tmp_path / "empty.docx")).paragraphs) == "Empty"


def test_the_demo_without_samples_scripts_still_exports(archive: Archive, tmp_path: Path) -> None:
    demo = build_demo(archive, with_scripts=False)
    report = briefs.export_brief(archive, demo.brief.id, tmp_path / "b.docx", notes="omit")
    assert report.claims == 5 and report.comments == 0 and report.footnotes == 7
