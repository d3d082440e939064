"""Headers and footers of an export: the handling marking on every page, and page numbers."""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from lxml.etree import _Element

from archivist.briefs.ooxml import field_runs, paragraph, text_runs
from archivist.briefs.sanitize import clean_line
from archivist.briefs.template import StyleSheet


def stamp_pages(document: Document, marking: str | None, styles: StyleSheet) -> None:
    """Put `marking` in every header and footer in use, and page numbers in every footer.

    A template's header or footer paragraphs in the "Marking" style receive the marking;
    where there is none, a marking paragraph is added (top of the header, bottom of the
    footer). A footer without a PAGE field gets a "Page N of M" line. Everything else in
    the template's headers and footers stays as designed.
    """
    marking = clean_line(marking or "") or None
    role = styles.paragraph("marking")
    marking_style = role.para.style if role.found else None
    for story, is_footer in _stories(document):
        placeholders = [
            p for p in story.iter(qn("w:p")) if marking_style and _style_of(p) == marking_style
        ]
        for p in placeholders:
            for child in list(p):
                if child.tag != qn("w:pPr"):
                    p.remove(child)
            if marking:
                p.extend(text_runs(marking, role.run))
        if is_footer and not _has_page_field(story):
            footer = styles.paragraph("footer")
            line = paragraph(footer.para)
            line.extend(text_runs("Page ", footer.run))
            line.extend(field_runs("PAGE", "1", footer.run))
            line.extend(text_runs(" of ", footer.run))
            line.extend(field_runs("NUMPAGES", "1", footer.run))
            _insert(story, line, at_end=True)
        if marking and not placeholders:
            _insert(
                story, paragraph(role.para, text=marking, run_format=role.run), at_end=is_footer
            )


def _stories(document: Document) -> list[tuple[_Element, bool]]:
    """The header and footer elements every page uses (created when the template has none)."""
    found: list[tuple[_Element, bool]] = []
    odd_even = document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        pairs = [(section.header, section.footer)]
        if section.different_first_page_header_footer:
            pairs.append((section.first_page_header, section.first_page_footer))
        if odd_even:
            pairs.append((section.even_page_header, section.even_page_footer))
        for header, footer in pairs:
            # Reading the element creates a header/footer part when the template has none.
            found.append((header._element, False))
            found.append((footer._element, True))
    unique: dict[int, tuple[_Element, bool]] = {}
    for element, is_footer in found:
        unique.setdefault(id(element), (element, is_footer))
    return list(unique.values())


def _style_of(p: _Element) -> str | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _has_page_field(story: _Element) -> bool:
    for instr in story.iter(qn("w:instrText")):
        if "PAGE" in (instr.text or "").upper().split():
            return True
    return any(
        "PAGE" in (simple.get(qn("w:instr")) or "").upper().split()
        for simple in story.iter(qn("w:fldSimple"))
    )


def _insert(story: _Element, p: _Element, *, at_end: bool) -> None:
    if at_end:
        # A story may end with w:sectPr-less content only; paragraphs go after the last block.
        story.append(p)
    else:
        story.insert(0, p)
