"""Word templates (bundled or the analyst's own), emptied of samples, and the styles found in them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from archivist.briefs.footnotes import keep_separators, take_over
from archivist.briefs.ooxml import ParaFormat, RunFormat, TableFormat
from archivist.errors import InvalidValueError, NotFoundError

BUNDLED_TEMPLATE = ("resources", "templates", "brief.docx")

_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Templates and macro-enabled files open once their main part is declared a document; the
# macros themselves are dropped (a .docx cannot carry them).
_OTHER_MAINS = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
)
_DROPPED_RELATIONSHIPS = (
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    "http://schemas.microsoft.com/office/2006/relationships/keyMapCustomizations",
    # Extra comment data Word keeps beside comments.xml, keyed by the template's own comments.
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
)
_DEFAULT_SECTION = (
    f'<w:sectPr {nsdecls("w")}><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" w:header="709" '
    'w:footer="709" w:gutter="0"/></w:sectPr>'
)
# A body width for templates whose section gives none: A4 with 2.5 cm margins, in twips.
_DEFAULT_TEXT_WIDTH = 9071


def bundled_template_bytes() -> bytes:
    """The bytes of the template shipped with Archivist (package data)."""
    return resources.files("archivist").joinpath(*BUNDLED_TEMPLATE).read_bytes()


def load_template(path: str | Path | None = None) -> Document:
    """Open a template as a new document: the bundled one when `path` is None.

    Accepts .docx, .dotx, .docm and .dotm (macros are dropped). The template's body is
    emptied (its final section settings, headers and footers are kept), and so are its
    comments, footnotes and endnotes, which belonged to that body.

    Raises:
        NotFoundError: `path` does not exist.
        InvalidValueError: `path` is not a Word document or template.
    """
    if path is None:
        data = bundled_template_bytes()
        name = "the bundled template"
    else:
        path = Path(path)
        if not path.is_file():
            raise NotFoundError(f"no template at {path}")
        data = path.read_bytes()
        name = str(path)
    try:
        document = docx.Document(io.BytesIO(_as_document(data)))
    except InvalidValueError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a file that is not Word's
        raise InvalidValueError(f"{name} is not a Word document or template ({exc})") from exc
    _empty(document)
    return document


def _as_document(data: bytes) -> bytes:
    """The package with its main part declared a document (for .dotx, .docm, .dotm)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8")
            if not any(main in types for main in _OTHER_MAINS):
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in archive.infolist():
                    content = archive.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        for main in _OTHER_MAINS:
                            types = types.replace(main, _DOCUMENT_MAIN)
                        content = types.encode("utf-8")
                    copy.writestr(info, content)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise InvalidValueError(f"not a Word document or template ({exc})") from exc


def _empty(document: Document) -> None:
    """Drop the sample body but keep the final w:sectPr; drop what belonged to the body."""
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not final:
            body.remove(child)
    if final is None:
        # Without section settings there is nowhere to put the marking: A4, 2.5 cm margins.
        body.append(parse_xml(_DEFAULT_SECTION))
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in _DROPPED_RELATIONSHIPS:
            part.drop_rel(rid)
        elif rel.reltype == RT.COMMENTS and not rel.is_external:
            root = rel.target_part.element
            for comment in root.findall(qn("w:comment")):
                root.remove(comment)
    endnotes = take_over(part, RT.ENDNOTES, CT.WML_ENDNOTES)
    if endnotes is not None:
        keep_separators(endnotes.element, "w:endnote")


def text_width(document: Document) -> int:
    """The width between the margins of the last section, in twips."""
    try:
        section = document.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
        twips = int(width / 635)
    except (IndexError, TypeError):
        return _DEFAULT_TEXT_WIDTH
    return twips if twips > 1440 else _DEFAULT_TEXT_WIDTH


# --- styles ---------------------------------------------------------------------------------

NAVY = "1F3864"
GREY = "595959"

# Paragraph roles: the style names tried in order, and the direct formatting used when the
# template has none of them.
_PARAGRAPH_ROLES: dict[str, tuple[tuple[str, ...], ParaFormat, RunFormat]] = {
    "title": (
        ("Title",),
        ParaFormat(space_after=120),
        RunFormat(bold=True, size_pt=24, color=NAVY),
    ),
    "subtitle": (("Subtitle",), ParaFormat(space_after=240), RunFormat(size_pt=12, color=GREY)),
    "heading1": (
        ("Heading 1",),
        ParaFormat(keep_next=True, space_before=360, space_after=120, outline_level=0),
        RunFormat(bold=True, size_pt=15, color=NAVY),
    ),
    "heading2": (
        ("Heading 2",),
        ParaFormat(keep_next=True, space_before=240, space_after=80, outline_level=1),
        RunFormat(bold=True, size_pt=12.5, color=NAVY),
    ),
    "quote": (
        ("Quote",),
        # Kept with its attribution on the next line.
        ParaFormat(
            keep_next=True, indent_left=567, indent_right=567, border_left="8EA9C1", space_after=60
        ),
        RunFormat(italic=True),
    ),
    "summary": (
        ("Summary", "Intense Quote"),
        ParaFormat(shading="EAF0F7", indent_left=113, indent_right=113, space_after=120),
        RunFormat(),
    ),
    "attribution": (
        ("Attribution",),
        ParaFormat(indent_left=567, space_after=240),
        RunFormat(size_pt=9.5, color=GREY),
    ),
    "marking": (("Marking",), ParaFormat(align="center"), RunFormat(bold=True, color="C00000")),
    "note": (
        ("Analyst Note",),
        ParaFormat(indent_left=567, shading="FFF4D6", space_after=160),
        RunFormat(size_pt=9.5, color="5C4400"),
    ),
    "caption": (
        ("Caption",),
        ParaFormat(space_before=120, space_after=60),
        RunFormat(italic=True, size_pt=9, color=GREY),
    ),
    "table_text": (("Table Text",), ParaFormat(space_after=0), RunFormat(size_pt=9)),
    "bibliography": (
        ("Bibliography",),
        ParaFormat(indent_left=567, hanging=567, space_after=80),
        RunFormat(),
    ),
    "footnote_text": (
        ("footnote text", "Footnote Text"),
        ParaFormat(space_after=0),
        RunFormat(size_pt=9),
    ),
    "header": (("Header",), ParaFormat(align="center"), RunFormat(size_pt=8.5)),
    "footer": (("Footer",), ParaFormat(align="center"), RunFormat(size_pt=8.5)),
}
_CHARACTER_ROLES: dict[str, tuple[tuple[str, ...], RunFormat]] = {
    "hyperlink": (("Hyperlink",), RunFormat(color="0563C1", underline=True)),
    "footnote_reference": (
        ("footnote reference", "Footnote Reference"),
        RunFormat(superscript=True),
    ),
}
_TABLE_NAMES = ("Archivist Table", "Grid Table 4 Accent 1", "Table Grid")


@dataclass(frozen=True)
class ParagraphRole:
    """How to write a paragraph of one role: its format, and the format of its runs."""

    para: ParaFormat
    run: RunFormat
    found: bool


class StyleSheet:
    """The styles a brief uses, looked up once in the document's template by name or id.

    A missing style never raises (python-docx does, with KeyError): its role falls back to
    direct formatting that looks close enough.
    """

    def __init__(self, document: Document) -> None:
        index: dict[tuple[int, str], str] = {}
        for style in document.styles:
            kind = style.type
            style_id = style.style_id
            if not style_id:
                continue
            for key in (style.name or "", style_id):
                index.setdefault((kind, key.casefold().replace(" ", "")), style_id)
        self._index = index
        self.missing: list[str] = []
        self._paragraphs = {
            role: self._paragraph(role, *spec) for role, spec in _PARAGRAPH_ROLES.items()
        }
        # Body text is the default paragraph style, whatever the template calls it.
        self._paragraphs["body"] = ParagraphRole(ParaFormat(), RunFormat(), True)
        self._characters = {
            role: self._character(role, *spec) for role, spec in _CHARACTER_ROLES.items()
        }
        table_id = self._find(WD_STYLE_TYPE.TABLE, _TABLE_NAMES)
        if table_id is None:
            self.missing.append("table")
        self.table = TableFormat(style=table_id)

    def _find(self, kind: WD_STYLE_TYPE, names: tuple[str, ...]) -> str | None:
        for name in names:
            found = self._index.get((kind, name.casefold().replace(" ", "")))
            if found:
                return found
        return None

    def _paragraph(
        self, role: str, names: tuple[str, ...], para: ParaFormat, run: RunFormat
    ) -> ParagraphRole:
        style_id = self._find(WD_STYLE_TYPE.PARAGRAPH, names)
        if style_id is None:
            self.missing.append(role)
            return ParagraphRole(para, run, False)
        # The style carries the look; headings and quotes keep "keep with next" in case it
        # does not.
        keep = ParaFormat(style=style_id, keep_next=para.keep_next)
        return ParagraphRole(keep, RunFormat(), True)

    def _character(self, role: str, names: tuple[str, ...], run: RunFormat) -> RunFormat:
        style_id = self._find(WD_STYLE_TYPE.CHARACTER, names)
        if style_id is None:
            self.missing.append(role)
            return run
        return RunFormat(style=style_id)

    def paragraph(self, role: str) -> ParagraphRole:
        """The format of a paragraph role (title, heading1, quote, marking...)."""
        return self._paragraphs[role]

    def character(self, role: str) -> RunFormat:
        """The format of a character role (hyperlink, footnote_reference)."""
        return self._characters[role]
