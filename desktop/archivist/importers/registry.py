"""The one entry point for reading a file: sniff its format, run that importer, wrap failures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from archivist.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    ExtractionError,
    FileTooLargeError,
)
from archivist.importers import docx, eml, feed, html, image, pdf, text
from archivist.importers.base import ExtractedDocument
from archivist.importers.sniff import sniff_format, unwrap_compression
from archivist.progress import Cancelled

Extractor = Callable[[bytes, str], list[ExtractedDocument]]

# Larger files are refused before any parser sees them.
MAX_FILE_BYTES = 256 * 1024 * 1024

_EXTRACTORS: dict[str, Extractor] = {
    "html": html.extract,
    "text": text.extract,
    "markdown": text.extract_markdown,
    "docx": docx.extract,
    "pdf": pdf.extract,
    "eml": eml.extract,
    "feed": feed.extract,
    "image": image.extract,
}

# What a folder scan picks up. Content still decides the format of each file.
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(
    {
        ".html",
        ".htm",
        ".xhtml",
        ".shtml",
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".docx",
        ".docm",
        ".pdf",
        ".eml",
        ".mht",
        ".mhtml",
        ".rss",
        ".atom",
        ".xml",
        ".png",
        ".jpg",
        ".jpeg",
        ".tif",
        ".tiff",
    }
)
_COMPRESSED_SUFFIXES = frozenset({".gz"})

_FORMAT_NAMES: dict[str, str] = {
    "html": "web page",
    "text": "text file",
    "markdown": "Markdown file",
    "docx": "Word document",
    "pdf": "PDF",
    "eml": "e-mail",
    "feed": "feed",
    "image": "image",
}

_FORMAT_HELP: tuple[tuple[str, str], ...] = (
    (
        "Web pages",
        ".html .htm .xhtml (also gzip-compressed .html.gz): article text, title, "
        "byline, publisher, date, address, language",
    ),
    ("Plain text", ".txt in any common encoding (detected)"),
    ("Markdown", ".md, with its front matter (title, date, author)"),
    ("Word documents", ".docx: text, tables, text boxes and footnotes"),
    ("PDF", ".pdf: the text layer, and scanned pages read by OCR (Tesseract, if installed)"),
    ("E-mail", ".eml, and web archives saved as .mht/.mhtml"),
    ("News feeds", ".rss .atom .xml: RSS or Atom, one article per entry"),
    ("Scans and photographs", ".png .jpg .tif (every page of a TIFF): read by OCR"),
)


def extract_document(data: bytes, filename: str) -> tuple[str, list[ExtractedDocument]]:
    """Read one file into articles.

    Args:
        data: the file's bytes, unchanged.
        filename: its name (used only as a hint, and in messages).

    Returns:
        (format, documents): the format as `sniff_format` names it, and one document per
        article (several for a feed), none of them with blank text.

    Raises:
        ExtractionError: only subclasses of it, whatever goes wrong inside a library; the
            message is meant to be shown to the analyst as is.
    """
    if len(data) > MAX_FILE_BYTES:
        raise FileTooLargeError(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; Archivist does not "
            "import files this large"
        )
    fmt = "file"
    try:
        data, inner_name = unwrap_compression(data, filename)
        fmt = sniff_format(data, inner_name)
        documents = _EXTRACTORS[fmt](data, inner_name)
    except (ExtractionError, Cancelled):
        raise
    except RecursionError:
        raise CorruptDocumentError(
            f"could not read this {_name(fmt)}: its structure is nested too deeply"
        ) from None
    except MemoryError:
        raise CorruptDocumentError(
            f"could not read this {_name(fmt)}: it needs more memory than is available"
        ) from None
    except Exception as exc:  # a library failure becomes this file's error, not a crash
        raise CorruptDocumentError(f"could not read this {_name(fmt)}: {_reason(exc)}") from exc
    documents = [doc for doc in documents if doc.text and doc.text.strip()]
    if not documents:
        raise EmptyDocumentError(f"no text found in this {_name(fmt)}")
    return fmt, documents


def is_supported_filename(name: str) -> bool:
    """Should a folder scan pick up this file? (By name; office lock files are skipped.)"""
    path = PurePath(name)
    if path.name.startswith(("~$", "._")):
        return False
    suffix = path.suffix.lower()
    if suffix in _COMPRESSED_SUFFIXES:
        suffix = PurePath(path.stem).suffix.lower()
        return suffix in {".html", ".htm", ".xhtml"}
    return suffix in SUPPORTED_EXTENSIONS


def describe_formats() -> str:
    """Help text listing the formats Archivist imports, one per line."""
    return "\n".join(f"{name}: {details}" for name, details in _FORMAT_HELP)


def _name(fmt: str) -> str:
    return _FORMAT_NAMES.get(fmt, "file")


def _reason(exc: BaseException) -> str:
    reason = str(exc).strip() or type(exc).__name__
    reason = " ".join(reason.split())
    return reason if len(reason) <= 160 else reason[:157] + "…"
