"""An extracted document made ready for the archive: its normalised column values and the
MinHash signature of its text. This work depends on the file alone, so the extraction
worker does it (on both cores) rather than the archive's thread, which then only writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from archivist import page_numbers
from archivist.archive import copies
from archivist.dates import normalise_published
from archivist.errors import InvalidValueError
from archivist.importers.base import ExtractedDocument
from archivist.text import derive_title, normalise_field, normalise_text, text_fingerprint


@dataclass
class PreparedDocument:
    values: dict[str, Any]  # the article's columns: title ... text, text_sha256
    signature: np.ndarray | None  # copies.signature of the text; None: too short to group


def prepare_documents(docs: list[ExtractedDocument], path: Path) -> list[PreparedDocument | None]:
    """Each document of a file ready for the archive (None for one without text)."""
    prepared: list[PreparedDocument | None] = []
    for doc in docs:
        values = prepare_document(doc, path)
        prepared.append(
            None if values is None else PreparedDocument(values, copies.signature(values["text"]))
        )
    return prepared


def prepare_document(doc: ExtractedDocument, path: Path) -> dict[str, Any] | None:
    """Normalised column values for one extracted document; None when it has no text."""
    text = normalise_text(doc.text or "")
    if not text:
        return None
    title = normalise_field(doc.title) or derive_title(text) or path.stem
    try:
        published = normalise_published(doc.published)
    except InvalidValueError:
        published = None  # a date the document got wrong is dropped, not fatal
    language = normalise_field(doc.language)
    return {
        "title": title,
        "source": normalise_field(doc.source),
        "author": normalise_field(doc.author),
        "url": normalise_field(doc.url),
        "published": published,
        "language": language.lower() if language else None,
        "text": text,
        "text_sha256": text_fingerprint(text),
        "ocr": json.dumps(doc.ocr, sort_keys=True) if doc.ocr else None,
        "page_starts": page_numbers.encode(page_numbers.page_starts(text, doc.pages))
        if doc.pages
        else None,
    }
