"""Reads the views need in one go, composed from core functions (run on read threads)."""

from __future__ import annotations

from archivist import annotations as ann
from archivist.annotations import Claim, Mention
from archivist.archive import Archive, listing


def entity_mentions_with_titles(
    archive: Archive, entity_id: int
) -> tuple[list[Mention], dict[int, str]]:
    mentions = ann.mentions_of_entity(archive, entity_id)
    return mentions, listing.article_titles(archive.db, [m.article_id for m in mentions])


def claims_with_titles(
    archive: Archive, status: str | None = None
) -> tuple[list[Claim], dict[int, str]]:
    claims = ann.list_claims(archive, status=status)
    return claims, listing.article_titles(archive.db, [c.article_id for c in claims])
