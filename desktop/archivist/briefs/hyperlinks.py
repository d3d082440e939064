"""External hyperlinks (python-docx has no API for them): a relationship and a w:hyperlink."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element

from archivist.briefs.ooxml import RunFormat, text_runs


def hyperlink(part: Part, url: str, text: str, fmt: RunFormat) -> _Element:
    """A w:hyperlink to `url` showing `text`, for a paragraph of `part`.

    The relationship lives on the part whose XML holds the link (the document, or the
    footnotes part for a link in a footnote); `url` must already be a safe URI
    (see sanitize.safe_url). The same URL reuses one relationship.
    """
    rid = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink", attrs={qn("r:id"): rid, qn("w:history"): "1"})
    link.extend(text_runs(text, fmt))
    return link
