"""Saved web pages: the article body and its metadata with trafilatura, plain text from any HTML."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from html import unescape
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from archivist.errors import EmptyDocumentError, FileTooLargeError
from archivist.importers.base import ExtractedDocument
from archivist.importers.encoding import declared_charset_in_markup, decode_bytes
from archivist.importers.language import detect_language, primary_subtag
from archivist.text import derive_title, normalise_field

log = logging.getLogger(__name__)

# lxml refuses str input that carries its own encoding declaration; we have decoded already.
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>", re.I)

#: Markup a page may hold once what never becomes text is removed. Parsing costs about half a
#: second and 15 MB of memory per MiB: a 95 MiB page took 1 min 45 s to exhaust the worker's
#: memory. Real article pages are well under 5 MiB; "save page, complete" copies swell with
#: scripts, styles and embedded images, which go first.
MAX_MARKUP_BYTES = 32 * 1024 * 1024
_NEVER_TEXT_MARKUP = re.compile(
    rb"<(script|style|svg|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S
)
_EMBEDDED_DATA = re.compile(rb"data:[\w/+.-]{1,100};base64,[A-Za-z0-9+/=\s]+")

# Never text: code, styling, embedded objects, and form controls.
_NEVER_TEXT_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "select",
    "button",
    "textarea",
    "input",
    "head",
)
# Page furniture around an article, dropped when we must find the body ourselves.
_BOILERPLATE_TAGS = ("nav", "header", "footer", "aside", "form", "menu", "dialog")

# Elements that start a paragraph (HTML, plus the names trafilatura's body tree uses).
_PARAGRAPH_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "table",
        "blockquote",
        "pre",
        "figure",
        "address",
        "hr",
        "fieldset",
        "details",
        "center",
        "body",
        "head",
        "list",
        "quote",
        "code",
        "graphic",
    }
)
# Elements that start a new line but not a new paragraph.
_LINE_TAGS = frozenset(
    {"li", "dt", "dd", "tr", "br", "item", "row", "lb", "figcaption", "summary", "caption"}
)
_CELL_TAGS = frozenset({"td", "th", "cell"})

# Break markers used while walking the tree, resolved once the whitespace is collapsed.
_PARAGRAPH = "\u2029"
_LINE = "\u2028"
_CELL = "\x1f"
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_NON_TEXT_BLOCK = re.compile(
    r"<(script|style|noscript|template|svg|head)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)",
    re.S | re.I,
)
_TAG = re.compile(r"<[^>]*>")
_PARAGRAPH_RUN = re.compile(f"[ {_LINE}{_CELL}]*{_PARAGRAPH}[ {_PARAGRAPH}{_LINE}{_CELL}]*")
_LINE_RUN = re.compile(f"[ {_CELL}]*{_LINE}[ {_LINE}{_CELL}]*")
_CELL_RUN = re.compile(f" *{_CELL}[ {_CELL}]*")


def extract(data: bytes, filename: str) -> list[ExtractedDocument]:
    """Extract the article of a saved web page.

    The bytes are decoded here (declared charset as a hint, detection when it lies) and
    trafilatura gets a str, so mislabelled pages do not turn into mojibake. Nothing is
    fetched. When trafilatura finds no article body, the visible text without navigation
    is used instead.

    Raises:
        EmptyDocumentError: the page has no readable text (a redirect stub, an empty page).
    """
    markup = decode_html(_within_bounds(data))
    return [extract_from_markup(markup)]


def _within_bounds(data: bytes) -> bytes:
    """The page, slimmed of scripts, styles, comments and embedded data when it is larger
    than MAX_MARKUP_BYTES.

    Raises:
        FileTooLargeError: it is still larger (refused at once, not after minutes).
    """
    if len(data) <= MAX_MARKUP_BYTES:
        return data
    slim = _EMBEDDED_DATA.sub(b"data:,", _NEVER_TEXT_MARKUP.sub(b"", data))
    if len(slim) > MAX_MARKUP_BYTES:
        mib = 1024 * 1024
        raise FileTooLargeError(
            f"this web page holds {len(slim) / mib:.0f} MiB of markup besides its scripts, "
            f"styles and embedded images; Archivist reads pages of up to "
            f"{MAX_MARKUP_BYTES // mib} MiB (save the article alone, or as PDF)"
        )
    return slim


def decode_html(data: bytes) -> str:
    """The page as text, with any XML declaration removed (it would mislead lxml)."""
    text = decode_bytes(data, declared_charset_in_markup(data))
    return _XML_DECLARATION.sub("", text, count=1)


def extract_from_markup(markup: str) -> ExtractedDocument:
    """The article of an HTML page given as text (see `extract`)."""
    tree = _parse_page(markup)
    page_language = _declared_language(tree) if tree is not None else None
    result = _run_trafilatura(tree) if tree is not None else None
    text = body_to_text(result.body) if result is not None and result.body is not None else ""
    if not text.strip():
        return _fallback_document(markup, page_language)
    lead = _visible_lead(tree, normalise_field(result.description), text)
    if lead:
        text = f"{lead}\n\n{text}"
    title = normalise_field(result.title) or derive_title(text)
    return ExtractedDocument(
        text=text,
        title=title,
        source=normalise_field(result.sitename) or normalise_field(result.hostname),
        author=normalise_field(result.author),
        url=normalise_field(result.url),
        published=normalise_field(result.date),
        language=page_language or detect_language(text),
    )


def html_to_text(markup: str, *, drop_boilerplate: bool = False) -> str:
    """Visible text of HTML (a page, a mail body, a feed entry) with paragraph breaks kept.

    Scripts, styles and other non-text elements never contribute. With `drop_boilerplate`,
    navigation, headers, footers, asides and forms are dropped too.
    """
    root = _parse_fragment(markup)
    if root is None:
        return ""
    return element_to_text(root, drop_boilerplate=drop_boilerplate)


def element_to_text(root: Any, *, drop_boilerplate: bool = False) -> str:
    """Text of an lxml (X)HTML element tree; see `html_to_text`. The tree is modified."""
    dropped = _NEVER_TEXT_TAGS + (_BOILERPLATE_TAGS if drop_boilerplate else ())
    if not isinstance(root.tag, str) or _local_name(root.tag) in dropped:
        return ""  # the whole fragment is a script, a comment...
    _drop_elements(root, dropped)
    return _render(_walk(root))


def body_to_text(body: Any) -> str:
    """Text of trafilatura's body tree: blocks as paragraphs, list items and rows as lines."""
    return _render(_walk(body))


def _parse_page(markup: str) -> Any:
    from trafilatura.utils import load_html

    try:
        return load_html(markup)
    except Exception as exc:  # whatever defeats trafilatura's loader, our fallback may still read
        log.info("trafilatura could not parse the page (%r); the plain reader tries", exc)
        return None


def _run_trafilatura(tree: Any) -> Any:
    """trafilatura on an already parsed page (it works on a copy), or None if it finds nothing."""
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params

    try:
        return bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            # The page's own markup only (meta tags, structured data, time elements, the
            # URL): htmldate's extensive search hands the text to dateparser, which compiles
            # patterns for every locale it tries — about 0.2 s the first time in a process,
            # and on the samples it only ever guessed worse (a year's 1 January; a date a
            # year off where the markup said the day before).
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception as exc:
        # Deeply nested or malformed pages can defeat its heuristics (RecursionError and
        # worse); the plain-text fallback then reads the page instead.
        log.info("trafilatura failed on the page (%r); the plain reader tries", exc)
        return None


def _visible_lead(tree: Any, description: str | None, text: str) -> str | None:
    """The page's standfirst when trafilatura dropped it.

    News pages often show their summary (the meta description) as a lead paragraph above the
    body, and trafilatura tends to discard it with the header. It is put back only when an
    element of the visible page holds exactly that text.
    """
    if not description or len(description) < 40 or description[:40] in text:
        return None
    body = tree.find("body")
    if body is None:
        return None
    start = description[:20]
    for element in body.iter():
        if not isinstance(element.tag, str) or start not in (element.text or ""):
            continue
        if _local_name(element.tag) in _NEVER_TEXT_TAGS:
            continue
        if " ".join(element.text_content().split()) == description:
            return description
    return None


def _fallback_document(markup: str, page_language: str | None) -> ExtractedDocument:
    root = _parse_fragment(markup)
    metadata = _metadata_only(root)
    text = element_to_text(root, drop_boilerplate=True) if root is not None else ""
    if not text.strip():
        # libxml2 silently drops content nested deeper than its limit (256 levels).
        text = _strip_tags(markup)
    if not text.strip():
        raise EmptyDocumentError(
            "no article text found in this web page (it may be a redirect or an empty page)"
        )
    title = None
    if metadata is not None:
        title = normalise_field(metadata.title)
    return ExtractedDocument(
        text=text,
        title=title or derive_title(text),
        source=normalise_field(getattr(metadata, "sitename", None)),
        author=normalise_field(getattr(metadata, "author", None)),
        url=normalise_field(getattr(metadata, "url", None)),
        published=normalise_field(getattr(metadata, "date", None)),
        language=page_language or detect_language(text),
    )


def _strip_tags(markup: str) -> str:
    """Last resort for markup lxml cannot hold: remove non-text blocks and tags by pattern."""
    text = _NON_TEXT_BLOCK.sub(" ", markup)
    text = _TAG.sub(" ", text)
    return _SPACES.sub(" ", unescape(text)).strip()


def _metadata_only(root: Any) -> Any:
    """Title, date, author... of a page whose body trafilatura could not find."""
    if root is None:
        return None
    from copy import deepcopy

    from trafilatura.metadata import extract_metadata

    try:
        return extract_metadata(deepcopy(root))
    except Exception as exc:  # metadata is a bonus here: the text matters more
        log.info("no metadata could be read from the page (%r); the text is kept", exc)
        return None


def _parse_fragment(markup: str) -> Any:
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return None
    try:
        return lxml_html.fromstring(markup)
    except (etree.ParserError, ValueError, etree.LxmlError):
        return None


def _declared_language(tree: Any) -> str | None:
    """<html lang>, xml:lang, or a Content-Language / og:locale meta tag."""
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in tree.iterfind(".//meta"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in {"content-language", "og:locale", "language", "dc.language"}:
                lang = meta.get("content")
                break
    return primary_subtag(lang)


def _drop_elements(root: Any, tags: Iterable[str]) -> None:
    wanted = set(tags)
    doomed = [
        el for el in root.iter() if not isinstance(el.tag, str) or _local_name(el.tag) in wanted
    ]
    for el in doomed:
        if el is root:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        _remove_keeping_tail(el, parent)


def _remove_keeping_tail(el: Any, parent: Any) -> None:
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _walk(root: Any) -> list[str]:
    """Text pieces and break markers in document order (iterative: deep trees are fine)."""
    pieces: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            # Comments and processing instructions: only their tail is text.
            if event == "end" and el.tail:
                pieces.append(el.tail)
            continue
        marker = _marker(_local_name(el.tag))
        if event == "start":
            if marker:
                pieces.append(marker)
            if el.text:
                pieces.append(el.text)
        else:
            if marker:
                pieces.append(marker)
            if el.tail and el is not root:
                pieces.append(el.tail)
    return pieces


def _marker(tag: str) -> str:
    if tag in _PARAGRAPH_TAGS:
        return _PARAGRAPH
    if tag in _LINE_TAGS:
        return _LINE
    if tag in _CELL_TAGS:
        return _CELL
    return ""


def _render(pieces: list[str]) -> str:
    text = _SPACES.sub(" ", "".join(pieces))
    text = _PARAGRAPH_RUN.sub("\n\n", text)
    text = _LINE_RUN.sub("\n", text)
    text = _CELL_RUN.sub("\t", text)
    lines = (line.strip(" \t") for line in text.split("\n"))
    return "\n".join(lines).strip()
