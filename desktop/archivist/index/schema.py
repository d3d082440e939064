"""The index schema, its version, and how an article row becomes an index document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.fields import DATETIME, ID, NUMERIC, TEXT, Schema
from whoosh.formats import Positions

from archivist.dates import published_datetime
from archivist.index.analysis import (
    TextAnalyzer,
    fold_keyword,
    keyword_analyzer,
    name_analyzer,
    text_analyzer,
)

# Bump whenever the schema or the analysis changes: an index with another version is rebuilt.
INDEX_VERSION = 1

# Fields a query can name, with the aliases analysts type.
FIELD_ALIASES: dict[str, list[str]] = {
    "tags": ["tag"],
    "language": ["lang"],
    "source": ["publisher"],
    "entities": ["entity"],
    "claimants": ["claimant"],
    "statuses": ["status"],
}
DEFAULT_FIELDS = ("title", "text", "source", "author")
FIELD_BOOSTS = {"title": 2.0}


class TextPositions(Positions):
    """Whoosh's Positions format (the same postings, byte for byte), whose postings of an
    indexed text come from TextAnalyzer.positions: a dict of positions per word, rather
    than a token per word passed through two more generators.

    (Its name is in the schema pickled in every index written since: keep it.)
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple]:
        found = None
        if (
            kwargs.get("mode") == "index"
            and isinstance(analyzer, TextAnalyzer)
            and isinstance(value, str)
            and not kwargs.get("start_pos")
        ):
            found = analyzer.positions(value)
        if found is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for word, positions in found.items():
            yield word, len(positions), len(positions) * boost, encode(positions)


def _text_field(analyzer: TextAnalyzer, *, stored: bool) -> TEXT:
    field = TEXT(analyzer=analyzer, stored=stored, phrase=True, multitoken_query="phrase")
    field.format = TextPositions(field_boost=field.format.field_boost)
    return field


def build_schema() -> Schema:
    text = text_analyzer()
    names = name_analyzer()
    keywords = keyword_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # Never range-queried: one coarse tier is enough (fewer postings per document).
        rev=NUMERIC(int, bits=64, stored=True, sortable=True, shift_step=32),
        title=_text_field(text, stored=True),
        text=_text_field(text, stored=False),
        source=TEXT(analyzer=names, stored=True, multitoken_query="phrase"),
        author=TEXT(analyzer=names, stored=True, multitoken_query="phrase"),
        url=ID(stored=True),
        language=ID(stored=True),
        published=DATETIME(stored=True, sortable=True),
        tags=TEXT(analyzer=keywords, phrase=False),
        # Filled by annotations: canonical names and aliases, free-text claimants, statuses.
        entities=TEXT(analyzer=keywords, phrase=False),
        claimants=TEXT(analyzer=keywords, phrase=False),
        statuses=TEXT(analyzer=keywords, phrase=False),
    )


def _keywords(values: list[str] | None) -> str:
    # Commas separate keywords, so a comma inside a value would split it.
    return ",".join(fold_keyword(v).replace(",", " ") for v in values or [] if v)


def document_for(record: dict[str, Any]) -> dict[str, Any]:
    """The index document for one article row (see archive.articles.iter_index_rows)."""
    doc: dict[str, Any] = {
        "id": str(record["id"]),
        "rev": int(record["rev"]),
        "title": record["title"] or "",
        "text": record["text"] or "",
        "tags": _keywords(record.get("tags")),
        "entities": _keywords(record.get("entities")),
        "claimants": _keywords(record.get("claimants")),
        "statuses": _keywords(record.get("statuses")),
    }
    for name in ("source", "author", "url"):
        if record.get(name):
            doc[name] = record[name]
    if record.get("language"):
        doc["language"] = record["language"].lower()
    published = published_datetime(record.get("published"))
    if published is not None:
        doc["published"] = published
    return doc
