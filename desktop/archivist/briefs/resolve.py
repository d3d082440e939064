"""Filling a brief's items with what they refer to: claim and article summaries, and where
an excerpt's quote is now."""

from __future__ import annotations

from typing import Any

from archivist import annotations as ann
from archivist.annotations.anchoring import exact_occurrences
from archivist.archive.archive import Archive
from archivist.briefs.records import BriefItem
from archivist.errors import NotFoundError


def resolve_items(archive: Archive, items: list[BriefItem]) -> None:
    """Fill the read-only fields: claim and article summaries, excerpt anchors, missing."""
    articles: dict[int, Any] = {}

    def article(article_id: int) -> Any:
        if article_id not in articles:
            try:
                articles[article_id] = archive.article(article_id)
            except NotFoundError:
                articles[article_id] = None
        return articles[article_id]

    for item in items:
        if item.kind == "claim" and item.claim_id is not None:
            try:
                claim = ann.get_claim(archive, item.claim_id)
            except NotFoundError:
                item.missing = True
                continue
            item.claim = {
                "id": claim.id,
                "article_id": claim.article_id,
                "claimant": claim.claimant,
                "quote": claim.quote,
                "statement": claim.statement,
                "grade": claim.grade,
                "status": claim.status,
                "anchor": claim.anchor,
            }
        elif item.kind in ("excerpt", "article") and item.article_id is not None:
            found = article(item.article_id)
            if found is None:
                item.missing = True
                continue
            item.article = {
                "id": found.id,
                "title": found.title,
                "source": found.source,
                "published": found.published,
                "url": found.url,
            }
            if item.kind == "excerpt":
                _check_excerpt(item, found.text)


def _check_excerpt(item: BriefItem, text: str) -> None:
    """Is the excerpt still where it was? When the article's text changed (re-extraction),
    find the quote again, nearest to where it was; the stored quote is never changed."""
    assert item.start is not None and item.end is not None and item.quote is not None
    if text[item.start : item.end] == item.quote:
        item.anchor = "ok"
        return
    spans = exact_occurrences(text, item.quote)
    if not spans:
        item.anchor = "orphaned"
        return
    start, end = min(spans, key=lambda span: abs(span[0] - (item.start or 0)))
    item.start, item.end, item.anchor = start, end, "moved"
