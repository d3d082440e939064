"""PDF files: the text layer in reading order with pdfminer.six, the document's metadata, and
pages scanned as images read by OCR (rendered with pypdfium2)."""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from archivist.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
    ExtractionTimeoutError,
    FileTooLargeError,
    NoTextLayerError,
)
from archivist.importers import ocr
from archivist.importers.base import ExtractedDocument
from archivist.importers.language import detect_language
from archivist.text import derive_title, normalise_field

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from pdfminer.pdfdocument import PDFDocument

# Bounds for one file: pdfminer reads some 5-20 pages a second.
MAX_PAGES = 5000
MAX_SECONDS = 300.0
# Form XObjects nested deeper than this are not drawn (real documents use a handful).
MAX_XOBJECT_DEPTH = 16

_CID = re.compile(r"\(cid:\d+\)")
# Ligatures and Arabic contextual forms: fold to the letters people search for.
_PRESENTATION_FORMS = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]+")
_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR_CHAR = r"[A-Za-z0-9\u00c0-\u024f]"
_LTR_RUN = re.compile(rf"{_LTR_CHAR}(?:[A-Za-z0-9\u00c0-\u024f.,:/%\-]*{_LTR_CHAR})?")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# A line that stops this far short of its box's far edge ends a paragraph (or is a row).
_SHORT_LINE = 0.15
_PDF_DATE = re.compile(
    r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?"
)
_FILE_NAME_TITLE = re.compile(
    r"^[\w\s\-.()\[\]~$&,+]*\.(?:exe|docx?|dotx?|pdf|rtf|txt|indd|qxd|qxp|tmp|xlsx?|pptx?|"
    r"html?|ps|eps|dvi|tex|odt|pages|pub|wpd|ai|cdr|jpe?g|png|tiff?)$",
    re.I,
)
_APP_PREFIX = re.compile(r"^(?:microsoft\s+(?:word|powerpoint|excel)|untitled)\s*-\s*", re.I)
_PLACEHOLDER_TITLES = frozenset(
    {"untitled", "untitled document", "document", "title", "no title", "slide 1", "layout 1"}
)


@dataclass
class _Metadata:
    title: str | None = None
    author: str | None = None
    created: str | None = None


def extract(data: bytes, filename: str) -> list[ExtractedDocument]:
    """The text layer of a PDF as one document, pages in order, blocks in reading order.

    Layout analysis follows columns and handles vertical (CJK) and rotated text as well as
    pdfminer does. An empty user password is tried (many "protected" PDFs only restrict
    printing or copying); a PDF that needs a real password is refused.

    Raises:
        EncryptedDocumentError: a user password is required.
        NoTextLayerError: no text at all (scanned pages): OCR is needed.
        CorruptDocumentError: truncated or damaged beyond reading.
        FileTooLargeError: more than `MAX_PAGES` pages.
        ExtractionTimeoutError: reading took longer than `MAX_SECONDS`.
    """
    document = _open(data)
    metadata = _metadata(document)
    pages = _page_texts(document)
    recognised = _recognise_scanned_pages(data, pages)
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise NoTextLayerError(
            "this PDF holds no text: neither a text layer nor pages scanned as images"
        )
    title = _usable_title(metadata.title) or normalise_field(derive_title(text))
    return [
        ExtractedDocument(
            text=text,
            title=title,
            author=normalise_field(metadata.author),
            published=metadata.created,
            language=detect_language(text),
            ocr=recognised,
            pages=pages,
        )
    ]


def _recognise_scanned_pages(data: bytes, pages: list[str]) -> dict[str, object] | None:
    """Read by OCR the pages without a text layer that hold images (scans), in place in
    `pages`; how they were read, or None when none was. A PDF of scans only, on a machine
    without OCR, is refused saying what to install; in a PDF with text, scanned pages are
    then left out (and logged).

    Raises:
        OcrUnavailableError: every page is scanned and Tesseract is not installed.
        EmptyDocumentError: every page is scanned and no text was recognised.
    """
    blank = [number for number, page in enumerate(pages) if not page.strip()]
    if not blank:
        return None
    scanned = _pages_with_images(data, blank)
    if not scanned:
        return None
    status = ocr.ocr_status()
    every_page = len(scanned) == len(pages)
    if not status.available:
        if every_page:
            raise ocr.OcrUnavailableError(
                f"scanned PDF without a text layer: it needs OCR. {status.problem} "
                f"{ocr.install_hint()}"
            )
        log.warning("%d scanned page(s) left out: %s", len(scanned), status.problem)
        return None
    recognised = ocr.recognise(_rendered(data, scanned), page_count=len(scanned))
    for number, text in zip(scanned, recognised.pages, strict=True):
        pages[number] = text.strip()
    if every_page and not any(pages):
        raise EmptyDocumentError(
            f"no text was recognised on the {len(scanned)} scanned page(s) of this PDF "
            f"({recognised.languages})"
        )
    return {"engine": recognised.engine, "languages": recognised.languages,
            "pages": len(scanned)}  # fmt: skip


def _pages_with_images(data: bytes, numbers: list[int]) -> list[int]:
    """Which of these pages (0-based) draw an image: scans, not blank pages."""
    import pypdfium2
    from pypdfium2 import raw

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return []
    try:
        return [
            number
            for number in numbers
            if number < len(document)
            and any(o.type == raw.FPDF_PAGEOBJ_IMAGE for o in document[number].get_objects())
        ]
    finally:
        document.close()


def _rendered(data: bytes, numbers: list[int]) -> Iterator[Any]:
    """These pages rendered as images for OCR (one at a time: a page at 300 dpi is some
    25 MB)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        for number in numbers:
            page = document[number]
            yield page.render(scale=ocr.RENDER_DPI / 72, grayscale=True).to_pil()
            page.close()
    finally:
        document.close()


def _open(data: bytes) -> PDFDocument:
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    parser = PDFParser(io.BytesIO(data))
    try:
        return PDFDocument(parser, password="")
    except PDFPasswordIncorrect:
        raise EncryptedDocumentError(
            "this PDF is password-protected; open it with the password, save an unprotected "
            "copy and import that"
        ) from None
    except PDFEncryptionError as exc:
        raise EncryptedDocumentError(
            f"this PDF is encrypted in a way Archivist cannot open ({exc})"
        ) from None
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise CorruptDocumentError(f"could not read this PDF: {_reason(exc)}") from None


def _page_texts(document: PDFDocument) -> list[str]:
    """Each page's text ("" for a page without a text layer). A damaged page counts as
    empty; only when nothing at all could be read is the damage reported (rather than "no
    text layer")."""
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    # Fonts are cached by object number, so the cache must not outlive the document.
    resources = PDFResourceManager(caching=True)
    started = time.monotonic()
    pages: list[str] = []
    failure: str | None = None
    try:
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            _check_budget(number, started)
            try:
                pages.append(_page_text(page, resources))
            except Exception as exc:  # one damaged page must not cost the others
                pages.append("")
                failure = failure or _reason(exc)
    except ExtractionError:
        raise
    except Exception as exc:  # a page tree damaged after some readable pages
        failure = failure or _reason(exc)
    if failure and not any(page.strip() for page in pages):
        raise CorruptDocumentError(f"could not read the pages of this PDF: {failure}")
    return pages


def _check_budget(page_number: int, started: float) -> None:
    if page_number > MAX_PAGES:
        raise FileTooLargeError(f"this PDF has more than {MAX_PAGES} pages")
    if time.monotonic() - started > MAX_SECONDS:
        raise ExtractionTimeoutError(
            f"reading this PDF took longer than {MAX_SECONDS:.0f} seconds; it was stopped at "
            f"page {page_number}"
        )


def _page_text(page: Any, resources: Any) -> str:
    """One page's text in reading order."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams

    # A fresh device per page: an exception mid-page leaves a device's figure stack broken.
    device = PDFPageAggregator(resources, laparams=LAParams(detect_vertical=True, all_texts=True))
    interpreter = _guarded_interpreter_class()(resources, device)
    interpreter.process_page(page)
    return _layout_text(device.get_result())


_INTERPRETER_CLASS: Any = None


def _guarded_interpreter_class() -> Any:
    """pdfminer's interpreter with a depth limit on nested Form XObjects.

    pdfminer skips XObjects that call themselves, but a long chain of distinct ones would
    still recurse until Python's stack runs out.
    """
    global _INTERPRETER_CLASS
    if _INTERPRETER_CLASS is not None:
        return _INTERPRETER_CLASS
    from pdfminer.pdfinterp import PDFPageInterpreter

    class GuardedInterpreter(PDFPageInterpreter):
        depth = 0

        def subinterp(self) -> PDFPageInterpreter:
            child = super().subinterp()
            child.depth = self.depth + 1  # type: ignore[attr-defined]
            return child

        def do_Do(self, xobjid_arg: Any) -> None:
            if self.depth < MAX_XOBJECT_DEPTH:
                super().do_Do(xobjid_arg)

    _INTERPRETER_CLASS = GuardedInterpreter
    return _INTERPRETER_CLASS


def _layout_text(layout: Any) -> str:
    blocks = [_box_text(box) for box in _text_boxes(layout)]
    return "\n\n".join(block for block in blocks if block)


def _text_boxes(container: Any) -> list[Any]:
    """Text boxes in pdfminer's reading order, including those inside figures."""
    from pdfminer.layout import LTFigure, LTTextBox

    found: list[Any] = []
    stack = [iter(container)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, LTTextBox):
            found.append(item)
        elif isinstance(item, LTFigure):
            stack.append(iter(item))
    return found


def _box_text(box: Any) -> str:
    """A box's lines joined into paragraphs: a line that fills the box continues the next."""
    from pdfminer.layout import LTTextBoxVertical, LTTextLine

    vertical = isinstance(box, LTTextBoxVertical)
    lines = [line for line in box if isinstance(line, LTTextLine)]
    out: list[str] = []
    previous_full = False
    for line in lines:
        text = _line_text(line)
        if not text:
            continue
        if out and previous_full:
            out[-1] = _join(out[-1], text)
        else:
            out.append(text)
        previous_full = _fills_box(line, box, vertical)
    return "\n".join(out)


def _line_text(line: Any) -> str:
    text = _CID.sub("", line.get_text()).strip()
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if _is_visual_rtl(line, text):
        text = _visual_to_logical(text)
    return text


def _is_visual_rtl(line: Any, text: str) -> bool:
    """Right-to-left text whose glyphs were drawn left to right (pdfminer keeps that order)."""
    rtl = len(_RTL_CHAR.findall(text))
    if rtl == 0 or rtl < sum(1 for char in text if char.isalpha()) / 2:
        return False
    from pdfminer.layout import LTChar

    xs = [item.x0 for item in line if isinstance(item, LTChar)]
    rising = sum(1 for a, b in pairwise(xs) if b > a)
    return rising > (len(xs) - 1) / 2


def _visual_to_logical(text: str) -> str:
    """Reverse a visually ordered RTL line, keeping embedded numbers and Latin words LTR."""
    reversed_text = text[::-1].translate(_MIRRORED)
    return _LTR_RUN.sub(lambda m: m.group()[::-1], reversed_text)


def _fills_box(line: Any, box: Any, vertical: bool) -> bool:
    if vertical:
        extent = box.height or 1.0
        return (line.y0 - box.y0) < _SHORT_LINE * extent
    extent = box.width or 1.0
    return (box.x1 - line.x1) < _SHORT_LINE * extent


def _join(previous: str, following: str) -> str:
    """Join wrapped lines: no space after a hyphen or between CJK characters."""
    if previous.endswith("-") and not previous.endswith(" -"):
        return previous + following
    if _is_cjk(previous[-1]) or _is_cjk(following[0]):
        return previous + following
    return previous + " " + following


def _is_cjk(char: str) -> bool:
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "IDEOGRAPHIC"))


def _metadata(document: PDFDocument) -> _Metadata:
    from pdfminer.pdftypes import resolve1

    info: dict[str, Any] = {}
    try:
        for entry in document.info:
            resolved = resolve1(entry)
            if isinstance(resolved, dict):
                info.update(resolved)
    except Exception as exc:  # damaged metadata must not cost us the text
        log.info("the PDF's Info dictionary is damaged (%r); its text is kept", exc)
        return _Metadata()
    return _Metadata(
        title=_info_string(info.get("Title")),
        author=_info_string(info.get("Author")),
        created=parse_pdf_date(_info_string(info.get("CreationDate"))),
    )


def _info_string(value: Any) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    try:
        value = resolve1(value)
    except Exception as exc:  # a dangling reference in the Info dictionary
        log.info("a PDF Info entry could not be resolved (%r); it is left out", exc)
        return None
    if isinstance(value, bytes):
        if value.startswith(b"\xef\xbb\xbf"):  # PDF 2.0 allows UTF-8 with a BOM
            text = value[3:].decode("utf-8", errors="replace")
        elif value.startswith(b"\xff\xfe"):  # seen in the wild, though not in the spec
            text = value[2:].decode("utf-16-le", errors="replace")
        else:
            text = decode_text(value)
    elif isinstance(value, str):
        text = value
    else:
        return None
    return normalise_field(text.replace("\x00", ""))


def _usable_title(title: str | None) -> str | None:
    """The metadata title unless it is a file name, an app's placeholder or junk."""
    if not title or len(title) < 3:
        return None
    lowered = title.lower()
    if lowered in _PLACEHOLDER_TITLES or _APP_PREFIX.match(title):
        return None
    if _FILE_NAME_TITLE.match(title) or re.fullmatch(r"[\W\d_]+", title):
        return None
    if "_" in title and re.fullmatch(r"[\w.\-]+", title):  # "905_Precinct_NoOU": a file name
        return None
    if re.match(r"^(?:[A-Za-z]:\\|/|\\\\)", title):  # a path
        return None
    return title


def parse_pdf_date(value: str | None) -> str | None:
    """ "D:20140101120000+01'00'" -> "2014-01-01T12:00:00+01:00"; date only if no time."""
    if not value:
        return None
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, utc, sign, tz_hour, tz_minute = match.groups()
    month, day = month or "01", day or "01"
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    if hour is None:
        return f"{year}-{month}-{day}"
    stamp = f"{year}-{month}-{day}T{hour}:{minute or '00'}:{second or '00'}"
    if utc:
        return stamp + "+00:00"
    if sign:
        return f"{stamp}{sign}{tz_hour}:{tz_minute or '00'}"
    return stamp


def _reason(exc: BaseException) -> str:
    reason = str(exc).strip() or type(exc).__name__
    return reason if len(reason) <= 160 else reason[:157] + "…"
