"""Article records as the core hands them out: plain dataclasses, no database handles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Metadata an analyst may correct after import; the text itself never changes.
EDITABLE_FIELDS = ("title", "source", "author", "url", "published", "language")


@dataclass
class Article:
    """One article in the archive."""

    id: int
    title: str
    source: str | None
    author: str | None
    url: str | None
    published: str | None
    language: str | None
    text: str
    original_sha256: str
    original_filename: str
    format: str
    imported_at: str
    updated_at: str
    rev: int
    note: str | None = None
    #: How its text was recognised, as JSON ({"engine", "languages", "pages"}); None when
    #: the text is the file's own.
    ocr: str | None = None
    #: Where each page of a paged document starts in `text`, as JSON (see page_numbers);
    #: None for a text without pages.
    page_starts: str | None = None
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ArticleEdit:
    """One recorded change to an article's metadata."""

    article_id: int
    field: str
    old_value: str | None
    new_value: str | None
    edited_at: str
