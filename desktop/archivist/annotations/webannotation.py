"""Exchange of annotations as W3C Web Annotation JSON-LD, between archives.

An article is identified by its original's SHA-256 (`urn:sha256:…`, plus the entry index
for feeds) and the fingerprint of its text, so another archive holding the same document
finds it even with other ids. Each span carries a TextPositionSelector and a
TextQuoteSelector; when the other archive's text differs (another extractor version), the
quote and its context find the span again, or it is imported as orphaned.
"""

from archivist.annotations.webannotation_export import (
    ANNO_CONTEXT,
    CONTEXT,
    VOCAB,
    archive_uuid,
    export_annotations,
    export_json,
)
from archivist.annotations.webannotation_import import (
    MAX_OFFSET,
    MAX_QUOTE_CHARS,
    import_annotations,
    import_json,
)

__all__ = [
    "ANNO_CONTEXT",
    "CONTEXT",
    "MAX_OFFSET",
    "MAX_QUOTE_CHARS",
    "VOCAB",
    "archive_uuid",
    "export_annotations",
    "export_json",
    "import_annotations",
    "import_json",
]
