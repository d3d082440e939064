"""Decide a file's format from its content (magic bytes, containers, markup); the name is a hint."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePath

from archivist.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    FileTooLargeError,
    HostileContentError,
    UnsupportedFormatError,
)
from archivist.importers import encoding

FORMATS: tuple[str, ...] = ("html", "text", "markdown", "docx", "pdf", "eml", "feed", "image")

# A compressed page may expand this far; past it we refuse rather than fill memory.
MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024

_HEAD_BYTES = 8192
_GZIP_MAGIC = b"\x1f\x8b"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Office files protected by a password are OLE2 containers holding this stream (UTF-16 name).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

_MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
_HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_MAIL_EXTENSIONS = frozenset({".eml", ".mht", ".mhtml"})
_PLAIN_TEXT_EXTENSIONS = frozenset({".txt", ".text", *_MARKDOWN_EXTENSIONS})

_ARCHIVE_HINT = "unpack it and import the files inside"
_IMAGE_HINT = (
    "Archivist reads PNG, JPEG and TIFF images (by OCR): convert it to one of those, or run "
    "OCR on it and import the text"
)
# Page images read by OCR (importers/image.py).
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

# (signature, offset, message) for binary types we recognise but do not import.
_UNSUPPORTED_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"{\\rtf", 0, "RTF documents are not supported; save it as .docx or .txt and import that"),
    (b"GIF87a", 0, f"GIF images are not supported; {_IMAGE_HINT}"),
    (b"GIF89a", 0, f"GIF images are not supported; {_IMAGE_HINT}"),
    (b"WEBP", 8, f"WebP images are not supported; {_IMAGE_HINT}"),
    (b"ftypheic", 4, f"HEIC images are not supported; {_IMAGE_HINT}"),
    (b"ftypavif", 4, f"AVIF images are not supported; {_IMAGE_HINT}"),
    (b"MZ", 0, "this is a Windows program (executable), not a document"),
    (b"\x7fELF", 0, "this is a Linux program (executable), not a document"),
    (b"\xcf\xfa\xed\xfe", 0, "this is a macOS program (executable), not a document"),
    (b"\xce\xfa\xed\xfe", 0, "this is a macOS program (executable), not a document"),
    (b"\xca\xfe\xba\xbe", 0, "this is a program (macOS or Java executable), not a document"),
    (b"7z\xbc\xaf\x27\x1c", 0, f"7-Zip archives are not supported; {_ARCHIVE_HINT}"),
    (b"Rar!\x1a\x07", 0, f"RAR archives are not supported; {_ARCHIVE_HINT}"),
    (b"\xfd7zXZ\x00", 0, f"XZ-compressed files are not supported; {_ARCHIVE_HINT}"),
    (b"\x28\xb5\x2f\xfd", 0, f"Zstandard-compressed files are not supported; {_ARCHIVE_HINT}"),
    (b"ustar", 257, f"TAR archives are not supported; {_ARCHIVE_HINT}"),
    (b"ID3", 0, "audio files are not supported; Archivist imports text documents"),
    (b"OggS", 0, "audio and video files are not supported; Archivist imports text documents"),
    (b"fLaC", 0, "audio files are not supported; Archivist imports text documents"),
    (b"WAVE", 8, "audio files are not supported; Archivist imports text documents"),
    (b"AVI ", 8, "video files are not supported; Archivist imports text documents"),
    (b"ftyp", 4, "video and audio files are not supported; Archivist imports text documents"),
    (b"\x1aE\xdf\xa3", 0, "video files are not supported; Archivist imports text documents"),
    (b"%!PS", 0, "PostScript files are not supported; convert it to PDF and import that"),
    (b"SQLite format 3\x00", 0, "database files are not supported; Archivist imports documents"),
)

_OLE2_MESSAGES: dict[str, str] = {
    ".doc": "legacy Word .doc files are not supported; save it as .docx in Word or "
    "LibreOffice and import that",
    ".dot": "legacy Word templates (.dot) are not supported; save it as .docx and import that",
    ".xls": "Excel spreadsheets are not supported; save the sheet as PDF or CSV and import that",
    ".ppt": "PowerPoint presentations are not supported; save it as PDF and import that",
    ".msg": "Outlook .msg files are not supported; save the message as .eml and import that",
}
_OLE2_DEFAULT = (
    "legacy Microsoft Office files (Word .doc and similar) are not supported; "
    "save it as .docx or PDF and import that"
)

_ODF_KINDS: dict[str, str] = {
    "text": "OpenDocument text files (.odt)",
    "spreadsheet": "OpenDocument spreadsheets (.ods)",
    "presentation": "OpenDocument presentations (.odp)",
    "graphics": "OpenDocument drawings (.odg)",
}

# The first few kilobytes of a file, as text in which ASCII markup can be recognised.
_LEADING_MISC = re.compile(r"\A(?:\s+|<!--.*?-->|<\?.*?\?>)*", re.S)
_DOCTYPE = re.compile(r"<!DOCTYPE\s+([^\s>\[]+)", re.I)
_XML_DECLARATION_AT_START = re.compile(r"\s*<\?xml\b.*?\?>", re.S)
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_HTML_MARKER = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|script|style|link|table|article|"
    r"section|span|a|br|h[1-6]|iframe|noscript|header|nav|form|img|ul|ol|li|main|center|font)"
    r"[\s/>]",
    re.I,
)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_HEADER_LINE = re.compile(r"^([!-9;-~]+):(?:[ \t]|$)")
_MAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "received",
        "return-path",
        "message-id",
        "mime-version",
        "delivered-to",
        "reply-to",
        "sender",
        "x-mailer",
        "resent-from",
        "content-type",
        "in-reply-to",
        "references",
    }
)
# Control characters text never holds (tab, line ends, form feed and ISO-2022's ESC aside).
_CONTROL_CHARS = re.compile("[\x01-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_FRONT_MATTER = re.compile(r"\A(?:\+\+\+|---)[ \t]*\r?\n")


def sniff_format(data: bytes, filename: str) -> str:
    """Decide how to read a file: "html", "text", "markdown", "docx", "pdf", "eml", "feed" or
    "image" (PNG, JPEG, TIFF: read by OCR).

    The content decides; the file name's extension only settles ambiguous cases (plain text
    vs Markdown, a damaged file that says what it should have been). Gzip-compressed files
    are looked into (see `unwrap_compression`) and reported as the format inside.

    Raises:
        EmptyDocumentError: the file is empty or only whitespace.
        UnsupportedFormatError: a recognised but unsupported type (RTF, .doc, .odt, GIF,
            archives, programs...) or unrecognised binary data; the message names the type.
        CorruptDocumentError: the file is not what its name says (a ".docx" that is no ZIP,
            an Office lock file) or its container is damaged.
        EncryptedDocumentError: a password-protected Office file.
        HostileContentError: XML with entity declarations that is not a feed.
        FileTooLargeError: compressed data that would expand past the safety cap.
    """
    if not data:
        raise EmptyDocumentError("the file is empty (0 bytes)")
    if data.startswith(_GZIP_MAGIC):
        inner, inner_name = unwrap_compression(data, filename)
        return sniff_format(inner, inner_name)
    extension = _extension(filename)
    _reject_lock_file(data, filename)
    binary_format = _sniff_binary(data, extension)
    if binary_format is not None:
        return binary_format
    head = _head_as_text(data)
    if not head.strip():
        _raise_if_blank(data)
    if _looks_binary(head):
        _raise_unknown_binary(extension)
    return _sniff_text(head, extension)


def unwrap_compression(data: bytes, filename: str) -> tuple[bytes, str]:
    """The bytes and name inside a gzip-compressed file ("page.html.gz" -> "page.html").

    Files that are not gzip-compressed are returned unchanged. Decompression stops at
    `MAX_DECOMPRESSED_BYTES`, so a compression bomb cannot exhaust memory.
    """
    if not data.startswith(_GZIP_MAGIC):
        return data, filename
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        inner = decompressor.decompress(data, MAX_DECOMPRESSED_BYTES + 1)
    except zlib.error as exc:
        raise CorruptDocumentError(f"this gzip-compressed file is damaged ({exc})") from None
    if len(inner) > MAX_DECOMPRESSED_BYTES:
        limit = MAX_DECOMPRESSED_BYTES // (1024 * 1024)
        raise FileTooLargeError(f"this compressed file expands to more than {limit} MiB")
    if not decompressor.eof:
        raise CorruptDocumentError("this gzip-compressed file is truncated")
    if inner.startswith(_GZIP_MAGIC):
        raise UnsupportedFormatError("files compressed twice are not supported; unpack it first")
    if inner[257:262] == b"ustar":
        raise UnsupportedFormatError(f"compressed TAR archives are not supported; {_ARCHIVE_HINT}")
    return inner, _inner_name(filename)


def _inner_name(filename: str) -> str:
    path = PurePath(filename or "")
    suffix = path.suffix.lower()
    if suffix in {".gz", ".gzip"}:
        return str(path.with_suffix(""))
    if suffix in {".tgz", ".svgz"}:
        return str(path.with_suffix(".tar" if suffix == ".tgz" else ".svg"))
    return str(path)


def _extension(filename: str) -> str:
    return PurePath(filename or "").suffix.lower()


def _reject_lock_file(data: bytes, filename: str) -> None:
    """Word/Excel create "~$name.docx" while a document is open: a few bytes, no document."""
    name = PurePath(filename or "").name
    if name.startswith("~$") and not data.startswith(_ZIP_MAGICS):
        raise CorruptDocumentError(
            f'"{name}" is a Microsoft Office lock file, which Office creates while a document '
            "is open; it holds no text: import the document itself"
        )


def _sniff_binary(data: bytes, extension: str) -> str | None:
    """The format of a file recognised by its magic bytes, None for text-like content."""
    if _has_pdf_header(data[:1024], extension):
        return "pdf"
    if data.startswith(_ZIP_MAGICS):
        return _sniff_zip(data, extension)
    if data.startswith(_OLE2_MAGIC):
        _raise_ole2(data, extension)
    if data.startswith(_IMAGE_SIGNATURES):
        return "image"
    for signature, offset, message in _UNSUPPORTED_SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            raise UnsupportedFormatError(message)
    return None


def _has_pdf_header(head: bytes, extension: str) -> bool:
    """PDF readers accept the header anywhere in the first kilobyte (after a MacBinary or mail
    wrapper); prose that merely mentions "%PDF-" must not count."""
    position = head.find(b"%PDF-")
    if position <= 0:
        return position == 0
    return extension == ".pdf" or any(byte < 9 for byte in head[:position])


def _sniff_zip(data: bytes, extension: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = _read_small_member(archive, "mimetype") if "mimetype" in names else ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        if extension in {".docx", ".docm", ".dotx"}:
            raise CorruptDocumentError(
                "this Word document is damaged or incomplete (its ZIP container cannot be opened)"
            ) from None
        raise CorruptDocumentError("this ZIP file is damaged or incomplete") from None
    if "word/document.xml" in names or any(
        n.startswith("word/") and n.endswith(".xml") for n in names
    ):
        return "docx"
    if mimetype.startswith("application/vnd.oasis.opendocument."):
        kind = mimetype.rsplit(".", 1)[-1]
        what = _ODF_KINDS.get(kind, "OpenDocument files")
        raise UnsupportedFormatError(
            f"{what} are not supported; save it as .docx in LibreOffice and import that"
        )
    if mimetype == "application/epub+zip":
        raise UnsupportedFormatError("EPUB e-books are not supported; Archivist imports documents")
    if "xl/workbook.xml" in names:
        raise UnsupportedFormatError(
            "Excel workbooks (.xlsx) are not supported; save the sheet as PDF or CSV and "
            "import that"
        )
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormatError(
            "PowerPoint presentations (.pptx) are not supported; save it as PDF and import that"
        )
    if extension in {".docx", ".docm", ".dotx"}:
        raise CorruptDocumentError(
            "this file is named .docx but is not a Word document (it is a ZIP archive without "
            "a Word body)"
        )
    raise UnsupportedFormatError(f"ZIP archives are not supported; {_ARCHIVE_HINT}")


def _read_small_member(archive: zipfile.ZipFile, name: str) -> str:
    """The ODF/EPUB "mimetype" member: a few ASCII bytes, read with a hard cap."""
    with archive.open(name) as member:
        return member.read(200).decode("ascii", errors="replace").strip()


def _raise_ole2(data: bytes, extension: str) -> None:
    if _ENCRYPTED_PACKAGE in data:
        raise EncryptedDocumentError(
            "this Office document is password-protected; remove the password in Word "
            "(File ▸ Info ▸ Protect Document) and import it again"
        )
    raise UnsupportedFormatError(_OLE2_MESSAGES.get(extension, _OLE2_DEFAULT))


def _head_as_text(data: bytes) -> str:
    """The start of the file as text good enough to find ASCII markup and headers.

    UTF-16/32 (with or without BOM) is decoded properly; anything else is read as Latin-1,
    which maps bytes one to one, so ASCII markers are found whatever the real charset.
    """
    head = data[:_HEAD_BYTES]
    text = encoding.decode_unicode_signature(head)
    text = text if text is not None else head.decode("latin-1")
    if len(data) > _HEAD_BYTES and _prolog_runs_on(text):
        text = _after_long_prolog(data)
    return text


def _prolog_runs_on(head: str) -> bool:
    """Whether the head ends inside a leading comment or processing instruction, so that
    the root element is out of view (a feed may open with a licence in a long comment)."""
    body = head.lstrip("\ufeff")
    prolog = _LEADING_MISC.match(body)
    return body[prolog.end() if prolog else 0 :].startswith(("<!--", "<?"))


def _after_long_prolog(data: bytes) -> str:
    """The file's XML declaration, if any, and what follows its leading comments and
    processing instructions: what the sniffer would see had they been short."""
    text = encoding.decode_unicode_signature(data)
    whole = (text if text is not None else data.decode("latin-1")).lstrip("\ufeff")
    prolog = _LEADING_MISC.match(whole)
    end = prolog.end() if prolog else 0
    declaration = _XML_DECLARATION_AT_START.match(whole)
    return (declaration.group() if declaration else "") + whole[end : end + _HEAD_BYTES]


def _raise_if_blank(data: bytes) -> None:
    if not encoding.decode_bytes(data).strip(" \t\r\n\x0b\x0c\x00\ufeff\u3000\xa0"):
        raise EmptyDocumentError("the file holds nothing but blank space")


def _looks_binary(head: str) -> bool:
    """NUL bytes or many control characters: not a text document in any encoding we read."""
    if "\x00" in head:
        return True
    return len(_CONTROL_CHARS.findall(head)) > max(8, len(head) // 20)


def _raise_unknown_binary(extension: str) -> None:
    if extension == ".pdf":
        raise CorruptDocumentError(
            "this file is named .pdf but does not contain a PDF; it may be damaged or incomplete"
        )
    if extension in {".docx", ".docm"}:
        raise CorruptDocumentError(
            "this file is named .docx but is not a Word document; it may be damaged or incomplete"
        )
    raise UnsupportedFormatError(
        "unrecognised binary file: this is not a document type Archivist can read "
        "(web pages, text, Markdown, Word .docx, PDF, e-mail .eml, RSS/Atom feeds)"
    )


def _sniff_text(head: str, extension: str) -> str:
    body = head.lstrip("\ufeff")
    markup = _markup_format(body, extension)
    if markup is not None:
        return _check_expected_container(markup, extension)
    if _looks_like_mail(body, extension):
        return _check_expected_container("eml", extension)
    fmt = "markdown" if _looks_like_markdown(body, extension) else "text"
    return _check_expected_container(fmt, extension)


def _check_expected_container(fmt: str, extension: str) -> str:
    """Text content in a file named as a binary format is a damaged or mislabelled download."""
    if extension == ".pdf":
        what = "a web page" if fmt == "html" else "text"
        raise CorruptDocumentError(
            f"this file is named .pdf but contains {what}, not a PDF (perhaps an error page "
            "saved instead of the document)"
        )
    if extension in {".docx", ".docm"}:
        raise CorruptDocumentError(
            "this file is named .docx but contains plain text or markup, not a Word document"
        )
    return fmt


def _markup_format(body: str, extension: str) -> str | None:
    """ "html" or "feed" for documents that start with markup; None for other text."""
    prolog = _LEADING_MISC.match(body)
    prolog_end = prolog.end() if prolog else 0
    rest = body[prolog_end:]
    if not rest.startswith("<"):
        if extension in _HTML_EXTENSIONS and _HTML_MARKER.search(body):
            return "html"
        return None
    has_xml_declaration = "<?xml" in body[:prolog_end]
    doctype = _DOCTYPE.match(rest)
    root = _root_element(rest)
    if root == "html" or (doctype is not None and doctype.group(1).lower() == "html"):
        return "html"
    if root in _FEED_ROOTS:
        return "feed"
    if not has_xml_declaration and (_HTML_MARKER.search(rest) or extension in _HTML_EXTENSIONS):
        return "html"
    if "<!ENTITY" in rest.upper():
        raise HostileContentError(
            "XML entity declarations are not allowed (possible entity-expansion attack)"
        )
    if root is None or (not has_xml_declaration and extension in _PLAIN_TEXT_EXTENSIONS):
        return None  # text that happens to start with "<"
    _raise_unsupported_xml(root)
    return None


def _root_element(rest: str) -> str | None:
    """The local name of the first element after any DOCTYPE (lower case), if it is in view."""
    doctype = _DOCTYPE.match(rest)
    if doctype:
        end = _doctype_end(rest, doctype.end())
        if end is None:
            return None
        rest = _LEADING_MISC.sub("", rest[end:], count=1)
    match = _FIRST_ELEMENT.match(rest)
    return match.group(1).rsplit(":", 1)[-1].lower() if match else None


def _doctype_end(rest: str, start: int) -> int | None:
    """Where a DOCTYPE declaration ends, internal subset ("[...]") included; None if unseen."""
    bracket = rest.find("[", start)
    close = rest.find(">", start)
    if bracket != -1 and (close == -1 or bracket < close):
        end_subset = rest.find("]", bracket)
        close = rest.find(">", end_subset) if end_subset != -1 else -1
    return close + 1 if close != -1 else None


def _raise_unsupported_xml(root: str) -> None:
    if root == "svg":
        raise UnsupportedFormatError(f"SVG images are not supported; {_IMAGE_HINT}")
    if root in {"document", "package", "worddocument"}:
        raise UnsupportedFormatError(
            "Word or OpenDocument XML files are not supported; save it as .docx and import that"
        )
    raise UnsupportedFormatError(
        f"this XML file is not an RSS or Atom feed (its root element is <{root}>); Archivist "
        "imports XML only as news feeds"
    )


def _looks_like_mail(body: str, extension: str) -> bool:
    """RFC 5322 headers up to the first blank line, including some only mail has."""
    lines = body.splitlines()
    if lines and lines[0].startswith("From "):
        lines = lines[1:]  # mbox separator line
    fields: list[str] = []
    for line in lines[:200]:
        if not line.strip():
            break
        if line[0] in " \t" and fields:
            continue  # folded continuation of the previous header
        match = _HEADER_LINE.match(line)
        if not match:
            return False
        fields.append(match.group(1).lower())
    known = sum(1 for name in set(fields) if name in _MAIL_HEADERS)
    needed = 1 if extension in _MAIL_EXTENSIONS else 2
    return len(fields) >= 2 and known >= needed


def _looks_like_markdown(body: str, extension: str) -> bool:
    if extension in _MARKDOWN_EXTENSIONS:
        return True
    if extension in _PLAIN_TEXT_EXTENSIONS:
        return False
    return bool(_FRONT_MATTER.match(body)) or body.lstrip().startswith("# ")
