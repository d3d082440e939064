"""Building WordprocessingML elements (paragraphs, runs, fields, tables) in schema order."""

# Word rejects a document whose elements are out of the order the schema gives ("unreadable
# content"), so every property element is written here, once, in that order.

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element

from archivist.briefs.sanitize import CJK, RTL, clean_text, is_rtl, script_segments


@dataclass(frozen=True)
class RunFormat:
    """Character formatting: a character style and/or direct formatting (the fallback
    when a template lacks the style)."""

    style: str | None = None
    bold: bool = False
    italic: bool = False
    color: str | None = None  # RRGGBB
    size_pt: float | None = None
    underline: bool = False
    superscript: bool = False

    def merged(self, **changes: object) -> RunFormat:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ParaFormat:
    """Paragraph formatting: a paragraph style and/or direct formatting."""

    style: str | None = None
    keep_next: bool = False
    border_left: str | None = None  # RRGGBB of a left rule (quotes)
    border_bottom: str | None = None  # RRGGBB of a bottom rule (headings)
    shading: str | None = None  # RRGGBB fill
    space_before: int | None = None  # twips
    space_after: int | None = None  # twips
    indent_left: int | None = None  # twips
    indent_right: int | None = None
    hanging: int | None = None
    align: str | None = None  # left, center, right, both
    outline_level: int | None = None


def _el(tag: str, **attrs: str) -> _Element:
    return OxmlElement(tag, attrs={qn(f"w:{k}"): v for k, v in attrs.items()})


def _sub(parent: _Element, tag: str, **attrs: str) -> _Element:
    child = _el(tag, **attrs)
    parent.append(child)
    return child


def make_rpr(fmt: RunFormat, *, rtl: bool = False, east_asia: bool = False) -> _Element | None:
    """A w:rPr for `fmt`; right-to-left runs get w:rtl and the complex-script twins of bold,
    italic and size; CJK runs get the East Asian font hint."""
    rpr = _el("w:rPr")
    if fmt.style:
        _sub(rpr, "w:rStyle", val=fmt.style)
    if east_asia:
        _sub(rpr, "w:rFonts", hint="eastAsia")
    if fmt.bold:
        _sub(rpr, "w:b")
        if rtl:
            _sub(rpr, "w:bCs")
    if fmt.italic:
        _sub(rpr, "w:i")
        if rtl:
            _sub(rpr, "w:iCs")
    if fmt.color:
        _sub(rpr, "w:color", val=fmt.color)
    if fmt.size_pt:
        half_points = str(round(fmt.size_pt * 2))
        _sub(rpr, "w:sz", val=half_points)
        _sub(rpr, "w:szCs", val=half_points)
    if fmt.underline:
        _sub(rpr, "w:u", val="single")
    if fmt.superscript:
        _sub(rpr, "w:vertAlign", val="superscript")
    if rtl:
        _sub(rpr, "w:rtl")
    return rpr if len(rpr) else None


def make_ppr(fmt: ParaFormat, *, bidi: bool = False) -> _Element | None:
    """A w:pPr for `fmt`; `bidi` makes the paragraph read right to left."""
    ppr = _el("w:pPr")
    if fmt.style:
        _sub(ppr, "w:pStyle", val=fmt.style)
    if fmt.keep_next:
        _sub(ppr, "w:keepNext")
    if fmt.border_left or fmt.border_bottom:
        borders = _sub(ppr, "w:pBdr")
        if fmt.border_left:
            _sub(borders, "w:left", val="single", sz="18", space="8", color=fmt.border_left)
        if fmt.border_bottom:
            _sub(borders, "w:bottom", val="single", sz="6", space="2", color=fmt.border_bottom)
    if fmt.shading:
        _sub(ppr, "w:shd", val="clear", color="auto", fill=fmt.shading)
    if bidi:
        _sub(ppr, "w:bidi")
    if fmt.space_before is not None or fmt.space_after is not None:
        spacing = _sub(ppr, "w:spacing")
        if fmt.space_before is not None:
            spacing.set(qn("w:before"), str(fmt.space_before))
        if fmt.space_after is not None:
            spacing.set(qn("w:after"), str(fmt.space_after))
    if fmt.indent_left is not None or fmt.indent_right is not None or fmt.hanging is not None:
        ind = _sub(ppr, "w:ind")
        if fmt.indent_left is not None:
            ind.set(qn("w:left"), str(fmt.indent_left))
        if fmt.indent_right is not None:
            ind.set(qn("w:right"), str(fmt.indent_right))
        if fmt.hanging is not None:
            ind.set(qn("w:hanging"), str(fmt.hanging))
    # Left/right swap meaning in a right-to-left paragraph: only centring is kept there.
    if fmt.align and (not bidi or fmt.align in ("center", "both")):
        _sub(ppr, "w:jc", val=fmt.align)
    if fmt.outline_level is not None:
        _sub(ppr, "w:outlineLvl", val=str(fmt.outline_level))
    return ppr if len(ppr) else None


def _fill_run(run: _Element, text: str) -> None:
    """Text into a run: tabs as w:tab, line breaks as w:br."""
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            t = _sub(run, "w:t")
            t.text = "".join(chunk)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            chunk.clear()

    for char in text:
        if char == "\n":
            flush()
            _sub(run, "w:br")
        elif char == "\t":
            flush()
            _sub(run, "w:tab")
        else:
            chunk.append(char)
    flush()


# Marks that end a right-to-left (or left-to-right) stretch for the bidi algorithm: without
# one, "الجزيرة, 7 January" shows the 7 on the Arabic side (digits after Arabic letters read
# as Arabic numbers), in LibreOffice as in Word.
_LRM, _RLM = "\u200e", "\u200f"


def text_runs(
    text: str, fmt: RunFormat = RunFormat(), *, rtl_paragraph: bool = False
) -> list[_Element]:
    """Runs for `text` (cleaned of characters Word cannot hold), one per script segment so
    that Arabic or Hebrew runs carry w:rtl and CJK runs the East Asian font hint.

    Where text of the other direction follows a right-to-left segment in a left-to-right
    paragraph (or the reverse in a right-to-left one), a direction mark keeps the two apart.
    """
    runs = []
    segments = script_segments(clean_text(text))
    for index, (script, segment) in enumerate(segments):
        if index:
            previous = segments[index - 1][0]
            if not rtl_paragraph and previous == RTL and script != RTL:
                segment = _LRM + segment
            elif rtl_paragraph and previous != RTL and script == RTL:
                segment = _RLM + segment
        run = _el("w:r")
        rpr = make_rpr(fmt, rtl=script == RTL, east_asia=script == CJK)
        if rpr is not None:
            run.append(rpr)
        _fill_run(run, segment)
        runs.append(run)
    return runs


def paragraph(
    fmt: ParaFormat = ParaFormat(),
    *,
    text: str | None = None,
    run_format: RunFormat = RunFormat(),
    bidi: bool | None = None,
) -> _Element:
    """A w:p with `fmt`, holding `text` (if given) as runs; right to left when the text's
    first strong character is, unless `bidi` says otherwise."""
    p = _el("w:p")
    if bidi is None:
        bidi = bool(text) and is_rtl(clean_text(text))
    ppr = make_ppr(fmt, bidi=bidi)
    if ppr is not None:
        p.append(ppr)
    if text:
        p.extend(text_runs(text, run_format, rtl_paragraph=bidi))
    return p


def set_bidi(p: _Element, fmt: ParaFormat, bidi: bool) -> None:
    """Rewrite the paragraph properties of `p` (e.g. once its text is known)."""
    old = p.find(qn("w:pPr"))
    if old is not None:
        p.remove(old)
    ppr = make_ppr(fmt, bidi=bidi)
    if ppr is not None:
        p.insert(0, ppr)


def field_runs(instruction: str, placeholder: str, fmt: RunFormat = RunFormat()) -> list[_Element]:
    """A complex field (PAGE, NUMPAGES...) as runs; `placeholder` shows until Word updates it."""
    runs = []
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = _el("w:r")
        rpr = make_rpr(fmt)
        if rpr is not None:
            run.append(rpr)
        if kind == "instr":
            instr = _sub(run, "w:instrText")
            instr.text = f" {instruction} "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif kind == "text":
            _fill_run(run, placeholder)
        else:
            _sub(run, "w:fldChar", fldCharType=kind)
        runs.append(run)
    return runs


@dataclass(frozen=True)
class TableFormat:
    """A table style id (None: none in the template) and what to do without it."""

    style: str | None = None
    header_fill: str = "1F3864"
    header_color: str = "FFFFFF"
    border_color: str = "BFBFBF"


def table(
    widths: Sequence[int],
    rows: Iterable[Sequence[Sequence[_Element]]],
    fmt: TableFormat,
    *,
    header: bool = True,
) -> _Element:
    """A w:tbl of fixed column `widths` (twips) whose cells hold the given paragraphs.

    The layout is fixed so that a long unbroken quote wraps inside its column instead of
    widening the table past the margin. The first row repeats on every page; no row is split
    across pages, so cells should hold short text.
    """
    tbl = _el("w:tbl")
    tblpr = _sub(tbl, "w:tblPr")
    if fmt.style:
        _sub(tblpr, "w:tblStyle", val=fmt.style)
    _sub(tblpr, "w:tblW", w=str(sum(widths)), type="dxa")
    if not fmt.style:
        borders = _sub(tblpr, "w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _sub(borders, f"w:{side}", val="single", sz="4", space="0", color=fmt.border_color)
    _sub(tblpr, "w:tblLayout", type="fixed")
    _sub(
        tblpr,
        "w:tblLook",
        val="04A0",
        firstRow="1" if header else "0",
        lastRow="0",
        firstColumn="0",
        lastColumn="0",
        noHBand="0",
        noVBand="1",
    )
    grid = _sub(tbl, "w:tblGrid")
    for width in widths:
        _sub(grid, "w:gridCol", w=str(width))
    for index, cells in enumerate(rows):
        tr = _sub(tbl, "w:tr")
        is_header = header and index == 0
        trpr = _sub(tr, "w:trPr")
        # Rows are short (long quotes are cut): keep each on one page.
        _sub(trpr, "w:cantSplit")
        if is_header:
            _sub(trpr, "w:tblHeader")
        for width, content in zip(widths, cells, strict=True):
            tc = _sub(tr, "w:tc")
            tcpr = _sub(tc, "w:tcPr")
            _sub(tcpr, "w:tcW", w=str(width), type="dxa")
            if is_header and not fmt.style:
                _sub(tcpr, "w:shd", val="clear", color="auto", fill=fmt.header_fill)
            paragraphs = list(content) or [_el("w:p")]
            tc.extend(paragraphs)
    return tbl
