"""Build the Word template Archivist's briefs are exported on (resources/templates/brief.docx).

Run from the repository root:  python resources/templates/make_brief_template.py

It writes resources/templates/brief.docx and the runtime copy shipped as package data,
desktop/archivist/resources/templates/brief.docx. The output is reproducible (fixed zip
timestamps and document dates), so the committed file changes only when this script does.

The template defines every style the exporter looks for: Title, Subtitle, Heading 1–3,
Quote, Intense Quote (the summary), Attribution, Analyst Note, Marking, Caption, Table Text, Bibliography,
Header, Footer, footnote text/reference, annotation text/reference (comments), the Hyperlink
character style and the "Archivist Table" table style. The header and footer hold paragraphs
in the Marking style, which the exporter fills with the brief's handling marking, and the
footer numbers the pages. The sample body shows each style; it is dropped on export.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = (
    ROOT / "resources" / "templates" / "brief.docx",
    ROOT / "desktop" / "archivist" / "resources" / "templates" / "brief.docx",
)

NAVY = "1F3864"
BLUE = "2E5597"
GREY = "595959"
TEXT = "1A1A1A"
RULE = "BFBFBF"
FIXED_DATE = datetime(2025, 1, 1, 0, 0, 0)

# Arial everywhere: on Windows and macOS it is always there and covers Latin, Greek, Cyrillic,
# Arabic and Hebrew; LibreOffice on Linux substitutes the metric-compatible Liberation Sans.
# East Asian text uses the theme's East Asian font (the w:eastAsia hint on CJK runs).
DOC_DEFAULTS = f"""
<w:docDefaults {nsdecls("w")}>
  <w:rPrDefault><w:rPr>
    <w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsiaTheme="minorEastAsia"/>
    <w:color w:val="{TEXT}"/>
    <w:sz w:val="21"/><w:szCs w:val="21"/>
    <w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="ar-SA"/>
  </w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr>
    <w:spacing w:after="120" w:line="269" w:lineRule="auto"/>
  </w:pPr></w:pPrDefault>
</w:docDefaults>
"""


def _para(
    style_id: str,
    name: str,
    ppr: str = "",
    rpr: str = "",
    *,
    based_on: str | None = "Normal",
    next_id: str | None = "Normal",
    priority: int = 10,
    quick: bool = True,
    extra: str = "",
) -> str:
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f'<w:next w:val="{next_id}"/>' if next_id else "")
        + f'<w:uiPriority w:val="{priority}"/>'
        + ("<w:qFormat/>" if quick else "")
        + extra
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


def _char(style_id: str, name: str, rpr: str, *, priority: int = 99, extra: str = "") -> str:
    return (
        f'<w:style {nsdecls("w")} w:type="character" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/>'
        f'<w:uiPriority w:val="{priority}"/>{extra}<w:rPr>{rpr}</w:rPr></w:style>'
    )


HIDDEN = "<w:semiHidden/><w:unhideWhenUsed/>"
TABS = '<w:tabs><w:tab w:val="center" w:pos="4535"/><w:tab w:val="right" w:pos="9070"/></w:tabs>'


def _border(side: str, colour: str, size: int = 4, space: int = 0) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="{space}" w:color="{colour}"/>'


STYLES = [
    # Defaults every document needs.
    f'<w:style {nsdecls("w")} w:type="paragraph" w:default="1" w:styleId="Normal">'
    '<w:name w:val="Normal"/><w:qFormat/></w:style>',
    f'<w:style {nsdecls("w")} w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    f'<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>{HIDDEN}</w:style>',
    f'<w:style {nsdecls("w")} w:type="table" w:default="1" w:styleId="TableNormal">'
    f'<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>{HIDDEN}'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="numbering" w:default="1" w:styleId="NoList">'
    f'<w:name w:val="No List"/><w:uiPriority w:val="99"/>{HIDDEN}</w:style>',
    # The title block.
    _para(
        "Title",
        "Title",
        '<w:spacing w:before="120" w:after="60" w:line="240" w:lineRule="auto"/><w:contextualSpacing/>',
        f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:kern w:val="28"/><w:sz w:val="52"/><w:szCs w:val="52"/>',
        priority=10,
    ),
    _para(
        "Subtitle",
        "Subtitle",
        f'<w:pBdr>{_border("bottom", NAVY, 8, 8)}</w:pBdr><w:spacing w:after="360"/>',
        f'<w:color w:val="{GREY}"/><w:sz w:val="24"/><w:szCs w:val="24"/>',
        priority=11,
    ),
    _para(
        "Marking",
        "Marking",
        '<w:keepNext/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
        '<w:b/><w:bCs/><w:color w:val="C00000"/><w:sz w:val="20"/><w:szCs w:val="20"/>',
        priority=12,
    ),
    # Headings.
    _para(
        "Heading1",
        "heading 1",
        f"<w:keepNext/><w:keepLines/><w:pBdr>{_border('bottom', RULE, 6, 2)}</w:pBdr>"
        '<w:spacing w:before="360" w:after="120" w:line="240" w:lineRule="auto"/><w:outlineLvl w:val="0"/>',
        f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="30"/><w:szCs w:val="30"/>',
        priority=9,
    ),
    _para(
        "Heading2",
        "heading 2",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80" w:line="240" w:lineRule="auto"/>'
        '<w:outlineLvl w:val="1"/>',
        f'<w:b/><w:bCs/><w:color w:val="{BLUE}"/><w:sz w:val="25"/><w:szCs w:val="25"/>',
        priority=9,
        extra=HIDDEN,
    ),
    _para(
        "Heading3",
        "heading 3",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="2"/>',
        f'<w:b/><w:bCs/><w:color w:val="{GREY}"/><w:sz w:val="22"/><w:szCs w:val="22"/>',
        priority=9,
        extra=HIDDEN,
    ),
    # Quotes: a claim or excerpt, and the summary (bottom line up front).
    _para(
        "Quote",
        "Quote",
        f'<w:pBdr>{_border("left", "8EA9C1", 18, 10)}</w:pBdr><w:spacing w:before="160" w:after="40"/>'
        '<w:ind w:left="567" w:right="567"/>',
        '<w:i/><w:iCs/><w:color w:val="262626"/>',
        priority=29,
    ),
    _para(
        "IntenseQuote",
        "Intense Quote",
        f"<w:pBdr>{_border('top', NAVY, 6, 6)}{_border('bottom', NAVY, 6, 6)}</w:pBdr>"
        '<w:shd w:val="clear" w:color="auto" w:fill="EAF0F7"/><w:spacing w:before="120" w:after="120"/>'
        '<w:ind w:left="113" w:right="113"/>',
        f'<w:color w:val="{NAVY}"/><w:sz w:val="22"/><w:szCs w:val="22"/>',
        priority=30,
    ),
    _para(
        "Attribution",
        "Attribution",
        '<w:spacing w:after="240"/><w:ind w:left="794"/>',
        f'<w:color w:val="{GREY}"/><w:sz w:val="19"/><w:szCs w:val="19"/>',
        priority=31,
    ),
    _para(
        "AnalystNote",
        "Analyst Note",
        '<w:shd w:val="clear" w:color="auto" w:fill="FFF4D6"/><w:spacing w:after="160"/>'
        '<w:ind w:left="567"/>',
        '<w:color w:val="5C4400"/><w:sz w:val="19"/><w:szCs w:val="19"/>',
        priority=32,
    ),
    # Tables, captions, the list of sources.
    _para(
        "Caption",
        "caption",
        '<w:spacing w:before="120" w:after="80"/>',
        f'<w:i/><w:iCs/><w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        priority=35,
        extra=HIDDEN,
    ),
    _para(
        "TableText",
        "Table Text",
        '<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="18"/><w:szCs w:val="18"/>',
        priority=36,
    ),
    _para(
        "Bibliography",
        "Bibliography",
        '<w:spacing w:after="100"/><w:ind w:left="567" w:hanging="567"/>',
        '<w:sz w:val="19"/><w:szCs w:val="19"/>',
        priority=37,
        extra=HIDDEN,
    ),
    # Headers, footers, footnotes, comments.
    _para(
        "Header",
        "header",
        f'{TABS}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
        f'<w:color w:val="{GREY}"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
        priority=99,
        quick=False,
        extra=HIDDEN,
        next_id=None,
    ),
    _para(
        "Footer",
        "footer",
        f'{TABS}<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
        f'<w:color w:val="{GREY}"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
        priority=99,
        quick=False,
        extra=HIDDEN,
        next_id=None,
    ),
    _para(
        "FootnoteText",
        "footnote text",
        '<w:spacing w:after="40" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="17"/><w:szCs w:val="17"/>',
        priority=99,
        quick=False,
        extra=HIDDEN,
        next_id=None,
    ),
    _char(
        "FootnoteReference",
        "footnote reference",
        '<w:vertAlign w:val="superscript"/>',
        extra=HIDDEN,
    ),
    _para(
        "CommentText",
        "annotation text",
        '<w:spacing w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="20"/><w:szCs w:val="20"/>',
        priority=99,
        quick=False,
        extra=HIDDEN,
        next_id=None,
    ),
    _char(
        "CommentReference",
        "annotation reference",
        '<w:sz w:val="16"/><w:szCs w:val="16"/>',
        extra=HIDDEN,
    ),
    _char("Hyperlink", "Hyperlink", '<w:color w:val="0B5CAD"/><w:u w:val="single"/>', extra=HIDDEN),
    _char("Strong", "Strong", "<w:b/><w:bCs/>", priority=22),
    # The claims and entities tables: a navy header row repeated on every page, thin rules,
    # light banding.
    f'<w:style {nsdecls("w")} w:type="table" w:styleId="ArchivistTable">'
    '<w:name w:val="Archivist Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
    '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders>'
    + "".join(
        _border(side, RULE) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
    '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
    f'<w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="band1Horz"><w:tblPr/>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F2F5F9"/></w:tcPr></w:tblStylePr>'
    "</w:style>",
]


def _field(instruction: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


MARKING_PARAGRAPH = (
    f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Marking"/></w:pPr>'
    "<w:r><w:t>[HANDLING MARKING]</w:t></w:r></w:p>"
)
PAGE_PARAGRAPH = (
    f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Footer"/><w:spacing w:after="40"/></w:pPr>'
    '<w:r><w:t xml:space="preserve">Page </w:t></w:r>'
    + _field("PAGE", "1")
    + '<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
    + _field("NUMPAGES", "1")
    + "</w:p>"
)


def build() -> bytes:
    """The template's bytes."""
    document = docx.Document()
    styles = document.styles.element
    for child in list(styles):
        styles.remove(child)
    styles.append(parse_xml(DOC_DEFAULTS))
    for xml in STYLES:
        styles.append(parse_xml(xml))

    # Word 2010's copy of the styles and the preview picture would show the old look.
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rid]

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    section.header_distance = section.footer_distance = Mm(12.5)
    header = section.header._element
    for child in list(header):
        header.remove(child)
    header.append(parse_xml(MARKING_PARAGRAPH))
    footer = section.footer._element
    for child in list(footer):
        footer.remove(child)
    footer.append(parse_xml(PAGE_PARAGRAPH))
    footer.append(parse_xml(MARKING_PARAGRAPH))

    _sample_body(document)

    props = document.core_properties
    props.title = "Archivist brief"
    props.subject = ""
    props.author = "Archivist"
    props.last_modified_by = "Archivist"
    props.comments = (
        "The template Archivist exports briefs on. Its sample text is dropped on export."
    )
    props.keywords = ""
    props.category = "Template"
    props.revision = 1
    props.created = props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE

    raw = io.BytesIO()
    document.save(raw)
    return _reproducible(raw.getvalue())


def _sample_body(document: docx.document.Document) -> None:
    """A short brief showing every style (dropped on export)."""
    document.add_paragraph("[HANDLING MARKING]", "Marking")
    document.add_paragraph("Brief title", "Title")
    document.add_paragraph("Author · 1 January 2025", "Subtitle")
    document.add_paragraph("Summary", "Heading 1")
    document.add_paragraph(
        "The bottom line up front: one or two sentences an executive reads first.", "Intense Quote"
    )
    document.add_paragraph("A section", "Heading 1")
    document.add_paragraph(
        "The analyst's own text, in the Normal style. Claims and excerpts follow as quotes, "
        "each with its attribution, grade and status, and a footnote citing the source."
    )
    document.add_paragraph("A sub-heading", "Heading 2")
    document.add_paragraph("“A claim quoted from a source.”", "Quote")
    attribution = document.add_paragraph("— Claimant, their role · ", "Attribution")
    attribution.add_run("B2").style = "Strong"
    attribution.add_run(" · Unverified")
    document.add_paragraph("Table 1. Claims cited in this brief.", "Caption")
    sample = document.add_table(rows=3, cols=3)
    sample.style = "Archivist Table"
    for row, values in enumerate(
        (
            ("Claim", "Grade", "Status"),
            ("“A claim”", "B2", "Unverified"),
            ("“Another claim”", "C3", "Corroborated"),
        )
    ):
        for col, value in enumerate(values):
            cell = sample.cell(row, col)
            cell.paragraphs[0].text = value
            cell.paragraphs[0].style = "Table Text"
    document.add_paragraph("Sources", "Heading 1")
    document.add_paragraph(
        "[1]\tPublisher, “Title”, 1 January 2025, https://example.org/. Archive: sha256 0123456789ab.",
        "Bibliography",
    )


def _reproducible(data: bytes) -> bytes:
    """The same package with fixed zip timestamps, so a rebuild gives identical bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def main() -> int:
    data = build()
    for path in OUTPUTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
