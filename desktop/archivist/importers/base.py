"""What every importer returns: extracted documents with text and metadata."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class ExtractedDocument:
    """One article extracted from a file (a feed file yields one per entry).

    `text` may be raw; the import pipeline normalises text and metadata
    (`archivist.text.normalise_text`) before anything is stored.
    `published` is ISO 8601: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS+HH:MM" (or None).
    `ocr` says how text that was recognised in page images was recognised: {"engine":
    "Tesseract 5.3.0", "languages": "eng+rus", "pages": 3} (None: the file's own text).
    `pages` holds the raw text of each page of a paged document (a PDF, a scan), in order,
    blank pages included, `text` being made of them; None for a document without pages.
    """

    text: str
    title: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    ocr: dict[str, Any] | None = None
    pages: list[str] | None = None
