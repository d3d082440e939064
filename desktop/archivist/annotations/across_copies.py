"""Annotations across syndicated copies: a mention or a claim recorded in one copy of a
story, applied to the same passage of the other copies (found again by its quote and
context, as an annotation import does), all of them in one undoable change."""

from __future__ import annotations

from dataclasses import dataclass, field

from archivist.annotations import queries
from archivist.annotations.anchoring import Anchor
from archivist.annotations.claims import insert_claim
from archivist.annotations.history import recording
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


def spread_mention(archive: Archive, mention_id: int) -> SpreadReport:
    """Tag the same entity on the same passage in each other copy of the article."""
    db = archive.db
    mention = queries.get_mention(db, mention_id)
    old = Anchor(mention.start, mention.end, mention.quote, mention.prefix, mention.suffix)
    report = SpreadReport()
    targets = copies_to_spread_to(archive, mention.article_id)
    summary = f"tag {mention.entity} in {len(targets)} cop(ies) of the story"
    with recording(archive, "mention.spread", summary) as changes:
        for article_id in targets:
            found = _find(archive, article_id, old)
            if found is None:
                report.not_found.append(article_id)
                continue
            anchor, state = found
            if db.execute(
                "SELECT 1 FROM mentions WHERE article_id = ? AND entity_id = ? "
                "AND span_start = ? AND span_end = ?",
                [article_id, mention.entity_id, anchor.start, anchor.end],
            ).fetchone():
                report.already.append(article_id)
                continue
            report.created.append(
                insert_mention(changes, article_id, mention.entity_id, anchor, state)
            )
    return report


def spread_claim(archive: Archive, claim_id: int) -> SpreadReport:
    """Record the same claim (claimant, statement, grades, status, what it concerns) on the
    same passage in each other copy of the article."""
    db = archive.db
    claim = queries.get_claim(db, claim_id)
    old = Anchor(claim.start, claim.end, claim.quote, claim.prefix, claim.suffix)
    values = {
        "statement": claim.statement,
        "reliability": claim.reliability,
        "credibility": claim.credibility,
        "status": claim.status,
    }
    claimant_text = None if claim.claimant_entity_id is not None else claim.claimant
    report = SpreadReport()
    targets = copies_to_spread_to(archive, claim.article_id)
    summary = f"record the claim by {claim.claimant} in {len(targets)} cop(ies) of the story"
    with recording(archive, "claim.spread", summary) as changes:
        for article_id in targets:
            found = _find(archive, article_id, old)
            if found is None:
                report.not_found.append(article_id)
                continue
            anchor, state = found
            if db.execute(
                "SELECT 1 FROM claims WHERE article_id = ? AND span_start = ? AND span_end = ?",
                [article_id, anchor.start, anchor.end],
            ).fetchone():
                report.already.append(article_id)
                continue
            new_id = insert_claim(
                changes, article_id, anchor, claim.claimant_entity_id, claimant_text, values, state
            )
            for entity in claim.entities:
                changes.insert("claim_entities", {"claim_id": new_id, "entity_id": entity["id"]})
            report.created.append(new_id)
    return report
