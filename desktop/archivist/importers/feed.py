"""RSS and Atom feed files: one document per entry, decoded and checked for XML attacks first."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from archivist.errors import CorruptDocumentError, EmptyDocumentError, HostileContentError
from archivist.importers.base import ExtractedDocument
from archivist.importers.encoding import declared_charset_in_markup, decode_bytes
from archivist.importers.html import html_to_text
from archivist.importers.language import detect_language, primary_subtag
from archivist.text import derive_title, normalise_field

_ROOT_START = re.compile(r"<[A-Za-z_]")
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.I)
_XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>", re.I)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_LEADING_COMMENTS = re.compile(r"\A\s*(?:<!--.*?-->\s*)+", re.S)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
_EXPAT_POSITION = re.compile(r"^<unknown>:(\d+):\d+:\s*")
_MARKUP_HINT = re.compile(r"<[A-Za-z/!]|&[#A-Za-z0-9]+;")


def extract(data: bytes, filename: str) -> list[ExtractedDocument]:
    """One document per feed entry: title, link, date, author, text (HTML made plain).

    The bytes are decoded with Archivist's detector first (feeds in legacy encodings often
    declare nothing), entity declarations are refused before any XML parser runs, and
    nothing is ever fetched. Damaged feeds give the entries that can be recovered.

    Raises:
        HostileContentError: the document declares XML entities (billion laughs, quadratic
            blowup, external entities).
        CorruptDocumentError: no entry could be recovered from a damaged feed.
        EmptyDocumentError: a well-formed feed without entries.
    """
    text = decode_bytes(data, declared_charset_in_markup(data))
    reject_entity_declarations(text)
    parsed = _parse(text)
    feed_info = parsed.get("feed", {})
    source = _plain(feed_info.get("title"), feed_info.get("title_detail"))
    language = primary_subtag(feed_info.get("language"))
    documents = [
        doc
        for entry in parsed.get("entries", [])
        if (doc := _entry_document(entry, source, language)) is not None
    ]
    if documents:
        return documents
    if parsed.get("bozo"):
        reason = parsed.get("bozo_exception")
        raise CorruptDocumentError(
            f"this feed is damaged and no entries could be recovered ({_short(reason)})"
        )
    raise EmptyDocumentError("this feed has no entries")


def reject_entity_declarations(text: str) -> None:
    """Refuse a document whose prolog declares entities; none is ever expanded or fetched."""
    # Comments go first: "<a" inside one must not pass for the root element.
    uncommented = _COMMENT.sub("", text)
    root = _ROOT_START.search(uncommented)
    prolog = uncommented[: root.start()] if root else uncommented
    if _ENTITY_DECLARATION.search(prolog):
        raise HostileContentError(
            "XML entity declarations are not allowed (possible entity-expansion attack)"
        )


def _parse(text: str) -> Any:
    import feedparser

    # feedparser gets UTF-8 bytes in a stream: a str might be taken for a URL or a path.
    body = _LEADING_COMMENTS.sub("", text, count=1)
    body = _XML_DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', body, count=1)
    return feedparser.parse(
        io.BytesIO(body.encode("utf-8")),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        resolve_relative_uris=False,
        sanitize_html=True,
    )


def _entry_document(
    entry: Any, source: str | None, language: str | None
) -> ExtractedDocument | None:
    title = _plain(entry.get("title"), entry.get("title_detail"))
    text = _entry_text(entry) or title
    if not text:
        return None
    return ExtractedDocument(
        text=text,
        title=title or derive_title(text),
        source=source,
        author=_author(entry),
        url=normalise_field(entry.get("link")),
        published=_published(entry),
        # Feeds often declare one language for everything (or the wrong one): the entry's
        # own text is the better witness when it is long enough to tell.
        language=detect_language(text) or language,
    )


def _entry_text(entry: Any) -> str:
    """The entry's content (the fullest one) or else its summary, as plain text."""
    candidates: list[tuple[str, Any]] = [
        (str(item.get("value") or ""), item) for item in entry.get("content", []) or []
    ]
    summary = entry.get("summary")
    if summary:
        candidates.append((str(summary), entry.get("summary_detail")))
    best = ""
    for value, detail in candidates:
        text = _plain(value, detail) or ""
        if len(text) > len(best):
            best = text
    return best


def _plain(value: Any, detail: Any = None) -> str | None:
    """Text of a feed field, turning HTML into text when the field is (or looks like) HTML."""
    if not value:
        return None
    value = str(value)
    kind = str(detail.get("type", "")) if isinstance(detail, dict) else ""
    if kind in _HTML_TYPES or _MARKUP_HINT.search(value):
        value = html_to_text(value)
    return value.strip() or None


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail")
    if isinstance(detail, dict) and detail.get("name"):
        return normalise_field(detail["name"])
    return normalise_field(entry.get("author"))


def _published(entry: Any) -> str | None:
    """The entry's date as written (keeping its UTC offset), else feedparser's UTC reading."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            moment = _parse_date(str(raw))
            if moment is not None:
                return moment.isoformat(timespec="seconds")
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC).isoformat(timespec="seconds")
    return None


def _parse_date(raw: str) -> datetime | None:
    try:
        return parsedate_to_datetime(raw)  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))  # Atom: RFC 3339
    except ValueError:
        return None


def _short(reason: object) -> str:
    text = str(reason or "unknown error").strip()
    # expat says "<unknown>:7:0: unclosed token"; the analyst needs "line 7: unclosed token".
    text = _EXPAT_POSITION.sub(r"line \1: ", text)
    return text if len(text) <= 160 else text[:157] + "…"
