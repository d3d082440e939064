"""E-mail messages (.eml, and MHTML web archives): subject, sender, date and the text body."""

from __future__ import annotations

import email
import re
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.utils import parseaddr, parsedate_to_datetime

from archivist.errors import EmptyDocumentError
from archivist.importers.base import ExtractedDocument
from archivist.importers.encoding import declared_charset_in_markup, decode_bytes
from archivist.importers.html import html_to_text
from archivist.importers.language import detect_language, primary_subtag
from archivist.text import derive_title, normalise_field

# A digest of thousands of messages must not take forever: stop collecting after this many.
_MAX_TEXT_PARTS = 200
# Body parts larger than this are not text anyone wrote by hand (logs, dumps).
_MAX_PART_BYTES = 20 * 1024 * 1024
_BOUNDARY_TOKEN = re.compile(r"\S{6,}")


def extract(data: bytes, filename: str) -> list[ExtractedDocument]:
    """One document per message: the text/plain body if there is one, else the HTML as text.

    Attachments (including huge ones such as winmail.dat) are never decoded. Embedded
    messages of digests and bounces are read when the outer message has no text of its own.

    Raises:
        EmptyDocumentError: the message has no readable text body.
    """
    outer = email.message_from_bytes(data, policy=policy.default)
    message = _unwrap_forwarded_container(outer)
    text = message_text(message)
    if not text.strip():
        raise EmptyDocumentError("this e-mail has no text body (only attachments, or nothing)")
    subject = _header(message, "subject") or _header(outer, "subject")
    name, address = _sender(message) if _header(message, "from") else _sender(outer)
    return [
        ExtractedDocument(
            text=text,
            title=subject or derive_title(text),
            source=_domain(address) or name,
            author=name or address,
            url=_header(message, "snapshot-content-location")
            or _header(message, "content-location"),
            published=_date(message) or _date(outer),
            language=primary_subtag(_header(message, "content-language")) or detect_language(text),
        )
    ]


def message_text(message: Message) -> str:
    """The readable text of a message: preferred body, else all inline text parts."""
    body = _preferred_body(message)
    if body:
        return body
    pieces = list(_all_text_parts(message))
    return "\n\n".join(piece for piece in pieces if piece.strip())


def _unwrap_forwarded_container(message: Message) -> Message:
    """A file whose whole content is one message/rfc822 part: read the message inside."""
    for _ in range(10):
        if message.get_content_type() != "message/rfc822" or not message.is_multipart():
            break
        inner = message.get_payload(0)
        if not isinstance(inner, Message):
            break
        message = inner
    return message


def _preferred_body(message: Message) -> str:
    if not isinstance(message, EmailMessage):
        return ""
    for preference in (("plain",), ("html",)):
        try:
            part = message.get_body(preferencelist=preference)
        except (KeyError, ValueError, TypeError, IndexError):
            part = None
        if part is not None:
            text = _part_text(part)
            if text.strip():
                return text
    return ""


def _all_text_parts(message: Message) -> list[str]:
    """Inline text of every part, embedded messages included (digests, bounces)."""
    if not message.is_multipart() and message.get_content_maintype() == "multipart":
        return _recover_broken_multipart(message)
    found: list[str] = []
    html_parts: list[str] = []
    for part in message.walk():
        if len(found) + len(html_parts) >= _MAX_TEXT_PARTS:
            break
        if part.is_multipart() or _is_attachment(part):
            if part.get_content_type() == "message/rfc822" and not _is_attachment(part):
                subject = _header(part.get_payload(0), "subject") if part.get_payload() else None
                if subject:
                    found.append(subject)
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain":
            found.append(_part_text(part))
        elif content_type == "text/html":
            html_parts.append(_part_text(part))
    return found if any(p.strip() for p in found) else html_parts


def _recover_broken_multipart(message: Message) -> list[str]:
    """A multipart whose boundary never matches (e.g. a boundary folded across lines):
    split the raw body at lines that start like the boundary and parse each piece."""
    raw = message.get_payload()
    if not isinstance(raw, str):
        return []
    boundary = str(message.get_param("boundary") or "")
    token = _BOUNDARY_TOKEN.search(boundary)
    if token is None:
        return [raw]
    delimiter = re.compile(
        r"^--" + re.escape(token.group()) + r".*\n(?:[ \t]+\S.*\n)?", re.MULTILINE
    )
    texts: list[str] = []
    for segment in delimiter.split(raw.replace("\r\n", "\n")):
        part = email.message_from_string(segment, policy=policy.default)
        if _is_attachment(part) or part.get_content_maintype() != "text":
            continue
        if part.get("content-type") is None and segment.lstrip().startswith("This is"):
            continue  # MIME preamble ("This is a multi-part message...")
        texts.append(_part_text(part))
    return texts or [raw]


def _is_attachment(part: Message) -> bool:
    disposition = part.get_content_disposition()
    if disposition == "attachment":
        return True
    return part.get_content_maintype() not in {"text", "multipart", "message"}


def _part_text(part: Message) -> str:
    """Decoded text of one leaf part; HTML is turned into text (scripts never kept)."""
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        payload = None
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        payload = raw.encode("utf-8", errors="replace") if isinstance(raw, str) else b""
    payload = payload[:_MAX_PART_BYTES]
    charset = part.get_content_charset()
    if part.get_content_subtype() == "html":
        markup = decode_bytes(payload, charset or declared_charset_in_markup(payload))
        return html_to_text(markup)
    return decode_bytes(payload, charset)


def _header(message: object, name: str) -> str | None:
    """A header's decoded value (RFC 2047), tolerating headers the parser chokes on."""
    if not isinstance(message, Message):
        return None
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError, LookupError):
        raw = message.get_all(name, failobj=[])
        value = raw[0] if raw else None
    return normalise_field(str(value)) if value is not None else None


def _sender(message: Message) -> tuple[str | None, str | None]:
    """(display name, address) of From (or Sender)."""
    for field in ("from", "sender"):
        try:
            header = message.get(field)
            addresses = getattr(header, "addresses", ()) if header is not None else ()
        except (ValueError, TypeError, IndexError, LookupError):
            header, addresses = None, ()
        if addresses:
            first = addresses[0]
            return normalise_field(first.display_name), normalise_field(first.addr_spec)
        if header is not None:
            name, address = parseaddr(str(header))
            return normalise_field(name), normalise_field(address)
    return None, None


def _domain(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1].strip().strip(">").lower()
    return domain or None


def _date(message: Message) -> str | None:
    try:
        header = message.get("date")
    except (ValueError, TypeError, IndexError, LookupError):
        return None
    if header is None:
        return None
    moment = getattr(header, "datetime", None)
    if not isinstance(moment, datetime):
        try:
            moment = parsedate_to_datetime(str(header))
        except (ValueError, TypeError, IndexError):
            return None
    return moment.isoformat(timespec="seconds")
