"""Re-extracting an article's text from its stored original with today's importers; its
spans are then re-anchored like any other change of text (annotations.set_article_text)."""

from __future__ import annotations

import os
from pathlib import Path

from archivist.annotations import TextChangeReport, set_article_text
from archivist.archive.archive import Archive
from archivist.errors import ExtractionError, NotFoundError
from archivist.importers import ocr, registry
from archivist.importers.prepared import prepare_document


def reextract(
    archive: Archive, article_id: int, *, ocr_languages: str | None = None
) -> TextChangeReport:
    """Extract the article's text again from its stored original (with the current
    importers) and apply it with `set_article_text`. Metadata is left as it is. Scanned
    pages are read by OCR in `ocr_languages` ("eng+rus"; None: as at import, see
    importers.ocr), so that a scan read in the wrong language can be read again.

    Runs the extractor in this process: call from a worker thread for big documents.

    Raises:
        NotFoundError: no such article, or its original is missing.
        ExtractionError: the original cannot be read any more.
    """
    db = archive.db
    row = db.execute(
        "SELECT original_sha256, original_filename, entry_index FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    sha256, filename, entry_index = row
    if not archive.originals.contains(sha256):
        raise NotFoundError(f"the original of article {article_id} ({filename}) is missing")
    # (One file: its scanned pages are read on every core.)
    with ocr.preferring(ocr_languages), ocr.pages_at_once(os.cpu_count() or 1):
        _format, documents = registry.extract_document(archive.originals.read(sha256), filename)
    if entry_index >= len(documents):
        raise ExtractionError(
            f"the original {filename} now yields {len(documents)} article(s); "
            f"entry {entry_index + 1} of it is gone"
        )
    prepared = prepare_document(documents[entry_index], Path(filename))
    if prepared is None:
        raise ExtractionError(f"no text could be extracted from {filename} any more")
    return set_article_text(
        archive,
        article_id,
        prepared["text"],
        action="article.reextract",
        summary=f"re-extract article {article_id} from {filename}",
        provenance={"ocr": prepared["ocr"], "page_starts": prepared["page_starts"]},
    )
