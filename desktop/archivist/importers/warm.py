"""Imported by the helper-process server: loads the extractors, what prepares their documents
for the archive, and the language model once, and reads a small web page through the whole
extraction, so every worker forked from it starts ready instead of spending a second
warming up (a one-file import otherwise waits for its worker to import trafilatura)."""

from archivist.offline import forbid_network

# Every helper process is forked from the server that imports this module: all of them
# inherit the offline guard.
forbid_network()

import contextlib  # noqa: E402
from pathlib import Path  # noqa: E402

from archivist.errors import ExtractionError  # noqa: E402
from archivist.importers.language import detect_language  # noqa: E402
from archivist.importers.prepared import prepare_documents  # noqa: E402
from archivist.importers.registry import extract_document  # noqa: E402

_PAGE = (
    b"<!DOCTYPE html><html lang='en'><head><title>Warm-up page</title>"
    b"<meta name='author' content='Archivist'>"
    b"<meta property='article:published_time' content='2024-01-02'></head>"
    b"<body><article><h1>Warm-up page</h1><p>The extraction server reads this short page "
    b"once, so that the libraries it needs are loaded before any worker is forked.</p>"
    b"<p>A second paragraph gives the extractor enough text to accept it as an article."
    b"</p></article></body></html>"
)

detect_language("Warm up the language identification model with a short English sentence.")
with contextlib.suppress(ExtractionError):  # (a warm-up: workers report real files' errors)
    prepare_documents(extract_document(_PAGE, "warm-up.html")[1], Path("warm-up.html"))
