"""Annotations across syndicated copies: a mention or a claim recorded in one copy of a
story, applied to the same passage of the other copies (found again by its quote and
context, as an annotation import does), all of them in one undoable change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from archivist.annotations import queries
from archivist.annotations.anchoring import Anchor
from archivist.annotations.claims import insert_claim
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.mentions import insert_mention
from archivist.annotations.reanchor import reanchor
from archivist.archive import copies
from archivist.archive.archive import Archive


@dataclass
class SpreadReport:
    """What applying an annotation to the other copies did."""

    created: list[int] = field(default_factory=list)  # new mention or claim ids
    already: list[int] = field(default_factory=list)  # copies that had it (article ids)
    not_found: list[int] = field(default_factory=list)  # copies without the passage


def copies_to_spread_to(archive: Archive, article_id: int) -> list[int]:
    """The other copies of the article's story (none when it has no copies)."""
    return copies.copies_of(archive.db, article_id)


def _find(archive: Archive, article_id: int, old: Anchor) -> tuple[Anchor, str] | None:
    found = reanchor(old, archive.article(article_id).text, None, trust_position=False)
    if found.anchor is None:
        return None
    return found.anchor, "fuzzy" if found.method == "fuzzy" else "ok"


def _spread(
    archive: Archive,
    source_article: int,
    old: Anchor,
    action: str,
    summary: Callable[[int], str],
    exists: Callable[[int, Anchor], bool],
    insert: Callable[[ChangeSet, int, Anchor, str], int],
) -> SpreadReport:
    """Find `old` again in each other copy of `source_article` and `insert` it there, unless
    it `exists` there already; one recorded change for all the copies."""
    report = SpreadReport()
    targets = copies_to_spread_to(archive, source_article)
    with recording(archive, action, summary(len(targets))) as changes:
        for article_id in targets:
            found = _find(archive, article_id, old)
            if found is None:
                report.not_found.append(article_id)
                continue
            anchor, state = found
            if exists(article_id, anchor):
                report.already.append(article_id)
                continue
            report.created.append(insert(changes, article_id, anchor, state))
    return report


def spread_mention(archive: Archive, mention_id: int) -> SpreadReport:
    """Tag the same entity on the same passage in each other copy of the article."""
    db = archive.db
    mention = queries.get_mention(db, mention_id)

    def exists(article_id: int, anchor: Anchor) -> bool:
        return (
            db.execute(
                "SELECT 1 FROM mentions WHERE article_id = ? AND entity_id = ? "
                "AND span_start = ? AND span_end = ?",
                [article_id, mention.entity_id, anchor.start, anchor.end],
            ).fetchone()
            is not None
        )

    def insert(changes: ChangeSet, article_id: int, anchor: Anchor, state: str) -> int:
        return insert_mention(changes, article_id, mention.entity_id, anchor, state)

    return _spread(
        archive,
        mention.article_id,
        Anchor(mention.start, mention.end, mention.quote, mention.prefix, mention.suffix),
        "mention.spread",
        lambda count: f"tag {mention.entity} in {count} cop(ies) of the story",
        exists,
        insert,
    )


def spread_claim(archive: Archive, claim_id: int) -> SpreadReport:
    """Record the same claim (claimant, statement, grades, status, what it concerns) on the
    same passage in each other copy of the article."""
    db = archive.db
    claim = queries.get_claim(db, claim_id)
    values = {
        "statement": claim.statement,
        "reliability": claim.reliability,
        "credibility": claim.credibility,
        "status": claim.status,
    }
    claimant_text = None if claim.claimant_entity_id is not None else claim.claimant

    def exists(article_id: int, anchor: Anchor) -> bool:
        return (
            db.execute(
                "SELECT 1 FROM claims WHERE article_id = ? AND span_start = ? AND span_end = ?",
                [article_id, anchor.start, anchor.end],
            ).fetchone()
            is not None
        )

    def insert(changes: ChangeSet, article_id: int, anchor: Anchor, state: str) -> int:
        new_id = insert_claim(
            changes, article_id, anchor, claim.claimant_entity_id, claimant_text, values, state
        )
        for entity in claim.entities:
            changes.insert("claim_entities", {"claim_id": new_id, "entity_id": entity["id"]})
        return new_id

    return _spread(
        archive,
        claim.article_id,
        Anchor(claim.start, claim.end, claim.quote, claim.prefix, claim.suffix),
        "claim.spread",
        lambda count: f"record the claim by {claim.claimant} in {count} cop(ies) of the story",
        exists,
        insert,
    )
