"""Reading annotations: rows of entities, mentions and claims turned into records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from archivist.annotations.grades import suggest_status
from archivist.annotations.records import Claim, ClaimLink, Entity, EntityType, Mention
from archivist.archive import articles, copies
from archivist.errors import NotFoundError

_BATCH = 500


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    unique = list(dict.fromkeys(ids))
    return [unique[i : i + _BATCH] for i in range(0, len(unique), _BATCH)]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


# --- articles -------------------------------------------------------------------------------


# (Annotations read an article's text to anchor spans in it; it lives with the articles.)
article_text = articles.article_text


# --- entities -------------------------------------------------------------------------------


def entity_types(db: Database) -> list[EntityType]:
    rows = db.execute("SELECT name, label, position FROM entity_types ORDER BY position, name")
    return [EntityType(*row) for row in rows.fetchall()]


_ENTITY_SELECT = (
    "SELECT e.id, e.name, e.type, e.description, e.created_at, e.updated_at, "
    "(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id), "
    "(SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id), "
    "(SELECT count(*) FROM claims c WHERE c.claimant_entity_id = e.id) + "
    "(SELECT count(*) FROM claim_entities ce WHERE ce.entity_id = e.id) "
    "FROM entities e"
)


def _entities_from_rows(db: Database, rows: list[tuple[Any, ...]]) -> list[Entity]:
    entities = [
        Entity(
            id=r[0],
            name=r[1],
            type=r[2],
            description=r[3],
            created_at=r[4],
            updated_at=r[5],
            mention_count=r[6],
            article_count=r[7],
            claim_count=r[8],
        )
        for r in rows
    ]
    by_id = {e.id: e for e in entities}
    for chunk in _chunks(list(by_id)):
        for entity_id, alias in db.execute(
            f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({_marks(chunk)}) "
            "ORDER BY alias COLLATE NOCASE, id",
            chunk,
        ).fetchall():
            by_id[entity_id].aliases.append(alias)
    return entities


def get_entity(db: Database, entity_id: int) -> Entity:
    """The entity with this id; NotFoundError when there is none."""
    rows = db.execute(f"{_ENTITY_SELECT} WHERE e.id = ?", [entity_id]).fetchall()
    if not rows:
        raise NotFoundError(f"no entity with id {entity_id}")
    return _entities_from_rows(db, rows)[0]


def entities_by_ids(db: Database, ids: Sequence[int]) -> list[Entity]:
    found: list[Entity] = []
    for chunk in _chunks(ids):
        rows = db.execute(f"{_ENTITY_SELECT} WHERE e.id IN ({_marks(chunk)})", chunk).fetchall()
        found.extend(_entities_from_rows(db, rows))
    return sorted(found, key=lambda e: (e.name.casefold(), e.id))


def list_entities(
    db: Database, *, type: str | None = None, article_id: int | None = None
) -> list[Entity]:
    """Entities by name, optionally of one type or mentioned in (or claimed about in) one
    article, with aliases and counts."""
    clauses: list[str] = []
    params: list[Any] = []
    if type is not None:
        clauses.append("e.type = ?")
        params.append(type)
    if article_id is not None:
        clauses.append(
            "e.id IN (SELECT entity_id FROM mentions WHERE article_id = ? "
            "UNION SELECT ce.entity_id FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id "
            "WHERE c.article_id = ? "
            "UNION SELECT claimant_entity_id FROM claims WHERE article_id = ?)"
        )
        params.extend([article_id] * 3)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        f"{_ENTITY_SELECT}{where} ORDER BY e.name COLLATE NOCASE, e.id", params
    ).fetchall()
    return _entities_from_rows(db, rows)


def entity_ids_named(db: Database, key: str, type: str | None = None) -> list[int]:
    """Ids of the entities whose canonical name or an alias has this name key."""
    type_clause = " AND e.type = ?" if type is not None else ""
    params: list[Any] = [key] + ([type] if type else []) + [key] + ([type] if type else [])
    rows = db.execute(
        f"SELECT e.id FROM entities e WHERE e.name_key = ?{type_clause} "
        "UNION SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
        f"WHERE a.alias_key = ?{type_clause} ORDER BY 1",
        params,
    ).fetchall()
    return [r[0] for r in rows]


def entity_article_ids(db: Database, entity_id: int) -> set[int]:
    """Articles whose index entry names this entity (mentions, claims about it, claimant)."""
    rows = db.execute(
        "SELECT article_id FROM mentions WHERE entity_id = ? "
        "UNION SELECT c.article_id FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id "
        "WHERE ce.entity_id = ? "
        "UNION SELECT article_id FROM claims WHERE claimant_entity_id = ?",
        [entity_id, entity_id, entity_id],
    ).fetchall()
    return {r[0] for r in rows}


# --- mentions -------------------------------------------------------------------------------

_MENTION_SELECT = (
    "SELECT m.id, m.article_id, m.entity_id, e.name, e.type, m.span_start, m.span_end, m.quote, "
    "m.prefix, m.suffix, m.anchor, m.created_at, m.updated_at "
    "FROM mentions m JOIN entities e ON e.id = m.entity_id"
)


def get_mention(db: Database, mention_id: int) -> Mention:
    row = db.execute(f"{_MENTION_SELECT} WHERE m.id = ?", [mention_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no mention with id {mention_id}")
    return Mention(*row)


def mentions_of_article(db: Database, article_id: int) -> list[Mention]:
    """Every mention in the article (orphaned ones too), in text order."""
    rows = db.execute(
        f"{_MENTION_SELECT} WHERE m.article_id = ? ORDER BY m.span_start, m.span_end, m.id",
        [article_id],
    ).fetchall()
    return [Mention(*row) for row in rows]


def mentions_of_entity(db: Database, entity_id: int) -> list[Mention]:
    rows = db.execute(
        f"{_MENTION_SELECT} WHERE m.entity_id = ? ORDER BY m.article_id, m.span_start, m.id",
        [entity_id],
    ).fetchall()
    return [Mention(*row) for row in rows]


# --- claims ---------------------------------------------------------------------------------

_CLAIM_SELECT = (
    "SELECT c.id, c.article_id, c.span_start, c.span_end, c.quote, c.prefix, c.suffix, c.anchor, "
    "COALESCE(e.name, c.claimant_text), c.claimant_entity_id, c.statement, c.reliability, "
    "c.credibility, c.status, c.note, c.created_at, c.updated_at "
    "FROM claims c LEFT JOIN entities e ON e.id = c.claimant_entity_id"
)


def _claims_from_rows(db: Database, rows: list[tuple[Any, ...]]) -> list[Claim]:
    claims = [Claim(*row) for row in rows]
    by_id = {c.id: c for c in claims}
    for chunk in _chunks(list(by_id)):
        marks = _marks(chunk)
        for claim_id, entity_id, name, etype in db.execute(
            "SELECT ce.claim_id, e.id, e.name, e.type FROM claim_entities ce "
            f"JOIN entities e ON e.id = ce.entity_id WHERE ce.claim_id IN ({marks}) "
            "ORDER BY e.name COLLATE NOCASE",
            chunk,
        ).fetchall():
            by_id[claim_id].entities.append({"id": entity_id, "name": name, "type": etype})
        for link in db.execute(
            "SELECT id, claim_id, other_claim_id, relation, note, created_at FROM claim_links "
            f"WHERE claim_id IN ({marks}) OR other_claim_id IN ({marks}) ORDER BY id",
            chunk + chunk,
        ).fetchall():
            record = ClaimLink(*link)
            for own, other, direction in (
                (record.claim_id, record.other_claim_id, "outgoing"),
                (record.other_claim_id, record.claim_id, "incoming"),
            ):
                if own in by_id:
                    by_id[own].links.append(
                        {
                            "id": record.id,
                            "claim_id": other,
                            "relation": record.relation,
                            "direction": direction,
                            "note": record.note,
                        }
                    )
    _count_origins(db, claims)
    for claim in claims:
        relations = [link["relation"] for link in claim.links]
        if claim.single_origin:  # copies of its own story corroborate nothing
            relations = [r for r in relations if r != "corroborates"]
        claim.suggested_status = suggest_status(relations)
    return claims


def _count_origins(db: Database, claims: list[Claim]) -> None:
    """Each claim's independent corroborating origins: the stories (a syndicated story
    counts once) of the claims that corroborate it, its own story left out."""
    linked = {
        link["claim_id"] for c in claims for link in c.links if link["relation"] == "corroborates"
    }
    if not linked:
        return
    article_of = {c.id: c.article_id for c in claims}
    missing = sorted(linked - set(article_of))
    for chunk in _chunks(missing):
        for claim_id, article_id in db.execute(
            f"SELECT id, article_id FROM claims WHERE id IN ({_marks(chunk)})", chunk
        ):
            article_of[int(claim_id)] = int(article_id)
    story = copies.stories_of(db, set(article_of.values()))
    for claim in claims:
        supporting = [
            link["claim_id"]
            for link in claim.links
            if link["relation"] == "corroborates" and link["claim_id"] in article_of
        ]
        if not supporting:
            continue
        own = story.get(claim.article_id, -claim.article_id)
        origins: set[tuple[str, int]] = set()
        for other in supporting:
            article = article_of[other]
            if article == claim.article_id:
                # Another claimant quoted in the same report: a source of its own.
                origins.add(("claim", other))
            elif story.get(article, -article) != own:
                origins.add(("story", story.get(article, -article)))
            # (else: the same quote in a copy of the same story, which corroborates nothing)
        claim.corroborating_origins = len(origins)
        claim.single_origin = not origins


def get_claim(db: Database, claim_id: int) -> Claim:
    rows = db.execute(f"{_CLAIM_SELECT} WHERE c.id = ?", [claim_id]).fetchall()
    if not rows:
        raise NotFoundError(f"no claim with id {claim_id}")
    return _claims_from_rows(db, rows)[0]


def list_claims(
    db: Database,
    *,
    status: str | None = None,
    article_id: int | None = None,
    claimant_entity_id: int | None = None,
    claimant_key: str | None = None,
    entity_id: int | None = None,
) -> list[Claim]:
    """Claims in article and text order, filtered by any of the given criteria."""
    clauses: list[str] = []
    params: list[Any] = []
    if status is not None:
        clauses.append("c.status = ?")
        params.append(status)
    if article_id is not None:
        clauses.append("c.article_id = ?")
        params.append(article_id)
    if claimant_entity_id is not None:
        clauses.append("c.claimant_entity_id = ?")
        params.append(claimant_entity_id)
    if entity_id is not None:
        clauses.append(
            "(c.claimant_entity_id = ? OR c.id IN "
            "(SELECT claim_id FROM claim_entities WHERE entity_id = ?))"
        )
        params.extend([entity_id, entity_id])
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        f"{_CLAIM_SELECT}{where} ORDER BY c.article_id, c.span_start, c.id", params
    ).fetchall()
    claims = _claims_from_rows(db, rows)
    if claimant_key is not None:
        from archivist.annotations.folding import name_key

        claims = [c for c in claims if name_key(c.claimant) == claimant_key]
    return claims
