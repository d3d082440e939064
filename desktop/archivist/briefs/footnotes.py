"""Real Word footnotes (python-docx has no API): the footnotes part, notes and references."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.document import DocumentPart
from lxml.etree import _Element

from archivist.briefs.citations import Segment
from archivist.briefs.hyperlinks import hyperlink
from archivist.briefs.ooxml import ParaFormat, RunFormat, make_ppr, make_rpr, text_runs

PARTNAME = "/word/footnotes.xml"

# The two notes Word draws the separator lines with; every footnotes part starts with them.
_SEPARATORS = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def keep_separators(root: _Element, tag: str) -> None:
    """Remove every note of a footnotes/endnotes root but the separators (w:type set)."""
    for note in root.findall(qn(tag)):
        if note.get(qn("w:type")) in (None, "normal"):
            root.remove(note)


def take_over(document_part: DocumentPart, reltype: str, content_type: str) -> XmlPart | None:
    """The document's part of `reltype` as an XML part we can edit, or None when absent.

    python-docx loads footnotes and endnotes as opaque parts: such a part is parsed and an
    XML part put in its place under the same name (the old one is no longer reachable from
    the package, so it is not written).
    """
    for rid, rel in list(document_part.rels.items()):
        if rel.reltype != reltype or rel.is_external:
            continue
        existing: Part = rel.target_part
        if isinstance(existing, XmlPart):
            return existing
        element = parse_xml(existing.blob)
        document_part.drop_rel(rid)
        part = XmlPart(existing.partname, content_type, element, document_part.package)
        document_part.relate_to(part, reltype)
        return part
    return None


class Footnotes:
    """The document's footnotes part, created or taken over from the template.

    A template's own notes belong to its sample body, which is dropped: only its separators
    are kept. Notes added here are numbered after them.
    """

    def __init__(self, document_part: DocumentPart) -> None:
        self.document_part = document_part
        self.part = self._take_over_or_create(document_part)
        self.root: _Element = self.part.element
        keep_separators(self.root, "w:footnote")
        ids = [int(n.get(qn("w:id"), "0")) for n in self.root.findall(qn("w:footnote"))]
        self._next_id = max([0, *ids]) + 1
        self.count = 0

    @staticmethod
    def _take_over_or_create(document_part: DocumentPart) -> XmlPart:
        part = take_over(document_part, RT.FOOTNOTES, CT.WML_FOOTNOTES)
        if part is None:
            part = XmlPart(
                PackURI(PARTNAME), CT.WML_FOOTNOTES, parse_xml(_SEPARATORS), document_part.package
            )
            document_part.relate_to(part, RT.FOOTNOTES)
        return part

    def add(
        self,
        segments: list[Segment],
        text_format: ParaFormat,
        reference_format: RunFormat,
        link_format: RunFormat,
    ) -> int:
        """Add a footnote made of text segments (a segment with a URL is a hyperlink);
        returns its id for `reference`."""
        note_id = self._next_id
        self._next_id += 1
        note = OxmlElement("w:footnote", attrs={qn("w:id"): str(note_id)})
        p = OxmlElement("w:p")
        # A citation is the brief's own (left-to-right) sentence, whatever script the
        # publisher or title is written in: those runs are marked right-to-left themselves.
        ppr = make_ppr(text_format)
        if ppr is not None:
            p.append(ppr)
        mark = OxmlElement("w:r")
        rpr = make_rpr(reference_format)
        if rpr is not None:
            mark.append(rpr)
        mark.append(OxmlElement("w:footnoteRef"))
        p.append(mark)
        p.extend(text_runs(" "))
        for text, url in segments:
            if url:
                p.append(hyperlink(self.part, url, text, link_format))
            else:
                p.extend(text_runs(text))
        note.append(p)
        self.root.append(note)
        self.count += 1
        return note_id

    @staticmethod
    def reference(note_id: int, reference_format: RunFormat) -> _Element:
        """The run that places footnote `note_id` in the body."""
        run = OxmlElement("w:r")
        rpr = make_rpr(reference_format)
        if rpr is not None:
            run.append(rpr)
        run.append(OxmlElement("w:footnoteReference", attrs={qn("w:id"): str(note_id)}))
        return run
