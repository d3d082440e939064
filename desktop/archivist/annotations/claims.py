"""Claims: who asserted what in an article, graded, with a status, and linked to each other."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from archivist.annotations import queries
from archivist.annotations.anchoring import Anchor, resolve_span
from archivist.annotations.entities import check_type, insert_entity, resolve_entity
from archivist.annotations.folding import name_key
from archivist.annotations.grades import (
    parse_credibility,
    parse_relation,
    parse_reliability,
    parse_status,
)
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.labels_for_history import (
    claim_label,
    delete_claim_label,
    edit_claim_label,
    link_label,
    unlink_label,
)
from archivist.annotations.records import Claim, ClaimLink, Entity
from archivist.annotations.values import clean_name, clean_note
from archivist.archive import copies
from archivist.archive.archive import Archive
from archivist.dates import utc_now_iso
from archivist.errors import AmbiguousNameError, InvalidValueError, NotFoundError

_UNSET: Any = object()


def resolve_claimant(
    archive: Archive, claimant: str | None = None, claimant_entity_id: int | None = None
) -> tuple[int | None, str | None]:
    """(entity id, free text) of a claimant: an entity by id, an entity whose name or alias
    matches `claimant`, or else the free text itself ("local media")."""
    if claimant_entity_id is not None:
        queries.get_entity(archive.db, claimant_entity_id)
        return claimant_entity_id, None
    text = clean_name(claimant, "the claimant")
    ids = queries.entity_ids_named(archive.db, name_key(text))
    if len(ids) > 1:
        raise AmbiguousNameError(
            f"the claimant {text!r} names several entities ({', '.join(map(str, ids))}); "
            "give the entity's id (--claimant-id)"
        )
    if ids:
        return ids[0], None
    return None, text


def _entity_ids(archive: Archive, refs: Iterable[int | str]) -> list[int]:
    return list(dict.fromkeys(resolve_entity(archive, ref).id for ref in refs))


def add_claim(
    archive: Archive,
    article_id: int,
    *,
    claimant: str | None = None,
    claimant_entity_id: int | None = None,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    nth: int | None = None,
    statement: str | None = None,
    reliability: str | None = None,
    credibility: str | int | None = None,
    status: str = "unverified",
    note: str | None = None,
    about: Sequence[int | str] = (),
) -> Claim:
    """Record a claim on a span of an article.

    Args:
        claimant: who asserts it; an entity when the name or an alias matches one,
            free text otherwise (it can become an entity later: `promote_claimant`).
        claimant_entity_id: the claimant as an entity id instead.
        statement: an optional paraphrase of what is claimed.
        reliability: source reliability, A–F (None: not graded).
        credibility: information credibility, 1–6 (None: not graded).
        status: unverified, corroborated, disputed or refuted.
        about: entities (ids or names) the claim concerns.

    Raises:
        NotFoundError: no such article or entity.
        AnchorError: the span is not in the text.
        InvalidValueError: unknown grade or status, blank claimant.
    """
    db = archive.db
    anchor = resolve_span(
        queries.article_text(db, article_id), start=start, end=end, quote=quote, nth=nth
    )
    entity_id, text = resolve_claimant(archive, claimant, claimant_entity_id)
    values = {
        "statement": clean_note(statement, "the statement"),
        "reliability": parse_reliability(reliability),
        "credibility": parse_credibility(credibility),
        "status": parse_status(status),
        "note": clean_note(note),
    }
    concerned = _entity_ids(archive, about)
    who = text or queries.get_entity(db, entity_id).name  # type: ignore[arg-type]
    with recording(archive, "claim.create", claim_label(who, anchor.quote)) as changes:
        claim_id = insert_claim(changes, article_id, anchor, entity_id, text, values)
        for concerned_id in concerned:
            changes.insert("claim_entities", {"claim_id": claim_id, "entity_id": concerned_id})
    return queries.get_claim(db, claim_id)


def insert_claim(
    changes: ChangeSet,
    article_id: int,
    anchor: Anchor,
    claimant_entity_id: int | None,
    claimant_text: str | None,
    values: dict[str, Any],
    state: str = "ok",
) -> int:
    """Insert a claim row inside an open change (everything already validated)."""
    now = utc_now_iso()
    return changes.insert(
        "claims",
        {
            "article_id": article_id,
            **anchor.columns(),
            "anchor": state,
            "claimant_entity_id": claimant_entity_id,
            "claimant_text": claimant_text,
            **values,
            "created_at": now,
            "updated_at": now,
        },
    )


def edit_claim(
    archive: Archive,
    claim_id: int,
    *,
    claimant: str | None = None,
    claimant_entity_id: int | None = None,
    statement: str | None = _UNSET,
    reliability: str | None = _UNSET,
    credibility: str | int | None = _UNSET,
    status: str | None = None,
    note: str | None = _UNSET,
    add_about: Sequence[int | str] = (),
    remove_about: Sequence[int | str] = (),
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    nth: int | None = None,
) -> Claim:
    """Change any part of a claim; arguments left out stay as they are, None (or blank)
    clears statement, grades and note. The previous values stay in history."""
    db = archive.db
    claim = queries.get_claim(db, claim_id)
    values: dict[str, Any] = {}
    if claimant is not None or claimant_entity_id is not None:
        entity_id, text = resolve_claimant(archive, claimant, claimant_entity_id)
        values.update(claimant_entity_id=entity_id, claimant_text=text)
    if statement is not _UNSET:
        values["statement"] = clean_note(statement, "the statement")
    if reliability is not _UNSET:
        values["reliability"] = parse_reliability(reliability)
    if credibility is not _UNSET:
        values["credibility"] = parse_credibility(credibility)
    if status is not None:
        values["status"] = parse_status(status)
    if note is not _UNSET:
        values["note"] = clean_note(note)
    if start is not None or end is not None or quote is not None:
        anchor = resolve_span(
            queries.article_text(db, claim.article_id), start=start, end=end, quote=quote, nth=nth
        )
        values.update(
            span_start=anchor.start,
            span_end=anchor.end,
            quote=anchor.quote,
            prefix=anchor.prefix,
            suffix=anchor.suffix,
            anchor="ok",
        )
    adding = _entity_ids(archive, add_about)
    removing = _entity_ids(archive, remove_about)
    current = {e["id"] for e in claim.entities}
    for entity_id in removing:
        if entity_id not in current:
            raise InvalidValueError(f"claim {claim_id} is not about entity {entity_id}")
    changed = {k for k, v in values.items() if getattr(claim, k, None) != v}
    status_only = changed == {"status"}
    label = edit_claim_label(claim.claimant, values["status"] if status_only else None)
    with recording(archive, "claim.edit", label) as changes:
        if values and changes.update("claims", {"id": claim_id}, values):
            changes.update("claims", {"id": claim_id}, {"updated_at": utc_now_iso()})
        for entity_id in removing:
            changes.delete("claim_entities", {"claim_id": claim_id, "entity_id": entity_id})
        for entity_id in adding:
            if entity_id not in current:
                changes.insert("claim_entities", {"claim_id": claim_id, "entity_id": entity_id})
    return queries.get_claim(db, claim_id)


def delete_claim(archive: Archive, claim_id: int) -> Claim:
    """Delete a claim with its links and its list of concerned entities (all recorded)."""
    db = archive.db
    claim = queries.get_claim(db, claim_id)
    with recording(
        archive, "claim.delete", delete_claim_label(claim.claimant, claim.quote)
    ) as changes:
        for (link_id,) in db.execute(
            "SELECT id FROM claim_links WHERE claim_id = ? OR other_claim_id = ?",
            [claim_id, claim_id],
        ).fetchall():
            changes.delete("claim_links", {"id": link_id})
        for entity in claim.entities:
            changes.delete("claim_entities", {"claim_id": claim_id, "entity_id": entity["id"]})
        changes.delete("claims", {"id": claim_id})
    return claim


def get_claim(archive: Archive, claim_id: int) -> Claim:
    """The claim with this id (NotFoundError when none)."""
    return queries.get_claim(archive.db, claim_id)


def list_claims(
    archive: Archive,
    *,
    status: str | None = None,
    article_id: int | None = None,
    claimant: str | None = None,
    entity: int | str | None = None,
) -> list[Claim]:
    """Claims, filtered by status, article, claimant (an entity or free text, matched
    case- and accent-insensitively) and/or an entity they are by or about."""
    kwargs: dict[str, Any] = {}
    if status is not None:
        kwargs["status"] = parse_status(status)
    if article_id is not None:
        queries.article_text(archive.db, article_id)
        kwargs["article_id"] = article_id
    if claimant is not None:
        ids = queries.entity_ids_named(archive.db, name_key(claimant))
        if len(ids) == 1:
            kwargs["claimant_entity_id"] = ids[0]
        else:
            kwargs["claimant_key"] = name_key(claimant)
    if entity is not None:
        kwargs["entity_id"] = resolve_entity(archive, entity).id
    return queries.list_claims(archive.db, **kwargs)


def link_claims(
    archive: Archive, claim_id: int, other_claim_id: int, relation: str, *, note: str | None = None
) -> ClaimLink:
    """Record that claim `claim_id` corroborates or contradicts claim `other_claim_id`.

    One link per pair, whichever way round: linking again changes the relation. Links feed
    the suggested status of both claims; the status itself is the analyst's to set.
    """
    relation = parse_relation(relation)
    if claim_id == other_claim_id:
        raise InvalidValueError("a claim cannot be linked to itself")
    db = archive.db
    claim = queries.get_claim(db, claim_id)
    other = queries.get_claim(db, other_claim_id)
    row = db.execute(
        "SELECT id FROM claim_links WHERE (claim_id = ? AND other_claim_id = ?) "
        "OR (claim_id = ? AND other_claim_id = ?)",
        [claim_id, other_claim_id, other_claim_id, claim_id],
    ).fetchone()
    summary = link_label(claim.claimant, relation, other.claimant)
    with recording(archive, "claim.link", summary) as changes:
        if row is None:
            link_id = changes.insert(
                "claim_links",
                {
                    "claim_id": claim_id,
                    "other_claim_id": other_claim_id,
                    "relation": relation,
                    "note": clean_note(note),
                    "created_at": utc_now_iso(),
                },
            )
        else:
            link_id = int(row[0])
            changes.update(
                "claim_links", {"id": link_id}, {"relation": relation, "note": clean_note(note)}
            )
    found = db.execute(
        "SELECT id, claim_id, other_claim_id, relation, note, created_at FROM claim_links WHERE id = ?",
        [link_id],
    ).fetchone()
    return ClaimLink(*found, warning=_same_story_warning(db, claim_id, other_claim_id, relation))


def _same_story_warning(db: Any, claim_id: int, other_id: int, relation: str) -> str | None:
    """Why a corroboration between these claims is none: one story, republished."""
    if relation != "corroborates":
        return None
    first, second = (queries.get_claim(db, c).article_id for c in (claim_id, other_id))
    if first != second and second in copies.copies_of(db, first):
        return (
            f"claims {claim_id} and {other_id} are in syndicated copies of one story "
            f"(articles {first} and {second}): the link is kept, but it is not independent "
            "corroboration"
        )
    return None


def unlink_claims(archive: Archive, claim_id: int, other_claim_id: int) -> ClaimLink:
    """Remove the link between two claims; NotFoundError when they are not linked."""
    db = archive.db
    found = db.execute(
        "SELECT id, claim_id, other_claim_id, relation, note, created_at FROM claim_links "
        "WHERE (claim_id = ? AND other_claim_id = ?) OR (claim_id = ? AND other_claim_id = ?)",
        [claim_id, other_claim_id, other_claim_id, claim_id],
    ).fetchone()
    if found is None:
        raise NotFoundError(f"claims {claim_id} and {other_claim_id} are not linked")
    link = ClaimLink(*found)
    with recording(
        archive,
        "claim.unlink",
        unlink_label(
            queries.get_claim(db, claim_id).claimant,
            queries.get_claim(db, other_claim_id).claimant,
        ),
    ) as changes:
        changes.delete("claim_links", {"id": link.id})
    return link


def apply_suggested_status(archive: Archive, claim_id: int) -> Claim:
    """Set the claim's status to the one its links suggest (the analyst's explicit choice)."""
    claim = queries.get_claim(archive.db, claim_id)
    return edit_claim(archive, claim_id, status=claim.suggested_status)


def list_claimants(archive: Archive) -> list[dict[str, Any]]:
    """Every claimant with its number of claims: entities (with id) and free texts."""
    rows = archive.db.execute(
        "SELECT c.claimant_entity_id, COALESCE(e.name, c.claimant_text), count(*) "
        "FROM claims c LEFT JOIN entities e ON e.id = c.claimant_entity_id "
        "GROUP BY c.claimant_entity_id, CASE WHEN c.claimant_entity_id IS NULL "
        "THEN c.claimant_text END ORDER BY 2 COLLATE NOCASE"
    ).fetchall()
    merged: dict[tuple[Any, str], dict[str, Any]] = {}
    for entity_id, name, count in rows:
        key = (entity_id, name_key(name) if entity_id is None else "")
        entry = merged.setdefault(key, {"entity_id": entity_id, "claimant": name, "claims": 0})
        entry["claims"] += count
    return list(merged.values())


def promote_claimant(
    archive: Archive,
    claimant_text: str,
    *,
    type: str | None = None,
    entity: int | str | None = None,
    name: str | None = None,
) -> tuple[Entity, list[int]]:
    """Turn a free-text claimant into an entity on every claim that names it.

    The entity is `entity` (an id or name) when given, else an entity named `name` (default:
    the claimant text) of `type`, found or created. The free text becomes an alias when it
    differs from the entity's names. Returns the entity and the ids of the claims changed.
    """
    key = name_key(claimant_text or "")
    db = archive.db
    claim_ids = [
        cid
        for cid, text in db.execute(
            "SELECT id, claimant_text FROM claims WHERE claimant_text IS NOT NULL ORDER BY id"
        ).fetchall()
        if name_key(text) == key
    ]
    if not claim_ids:
        raise NotFoundError(f"no claim has the free-text claimant {claimant_text!r}")
    original = db.execute(
        "SELECT claimant_text FROM claims WHERE id = ?", [claim_ids[0]]
    ).fetchone()[0]
    target: Entity | None = None
    if entity is not None:
        target = resolve_entity(archive, entity)
    elif type is None:
        raise InvalidValueError("give the entity type of the claimant (or an existing entity)")
    else:
        type = check_type(archive, type)
        wanted = clean_name(name or original)
        ids = queries.entity_ids_named(db, name_key(wanted), type)
        if ids:
            target = queries.get_entity(db, ids[0])
    from archivist.annotations.entities import insert_alias

    with recording(
        archive, "claimant.promote", f"claimant {original!r} becomes an entity"
    ) as changes:
        if target is None:
            assert type is not None
            entity_id = insert_entity(archive, changes, clean_name(name or original), type)
        else:
            entity_id = target.id
        insert_alias(archive, changes, entity_id, original, strict=False)
        for claim_id in claim_ids:
            changes.update(
                "claims",
                {"id": claim_id},
                {
                    "claimant_entity_id": entity_id,
                    "claimant_text": None,
                    "updated_at": utc_now_iso(),
                },
            )
    return queries.get_entity(db, entity_id), claim_ids
