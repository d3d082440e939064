"""Entities: create, rename, retype, aliases, merge and delete, each recorded in history.

A name (canonical or alias) is matched case- and accent-insensitively. Within one entity type
a name belongs to one entity, so tagging by name is unambiguous; the same name may name
entities of different types ("Washington" the person and the city).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from archivist.annotations import queries
from archivist.annotations.folding import name_key
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.records import DeleteResult, Entity, EntityType, MergeResult
from archivist.annotations.values import clean_name, clean_note
from archivist.archive.archive import Archive
from archivist.dates import utc_now_iso
from archivist.errors import (
    AmbiguousNameError,
    EntityInUseError,
    InvalidValueError,
    NotFoundError,
)
from archivist.text import normalise_field

TYPE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


# --- types ----------------------------------------------------------------------------------


def list_entity_types(archive: Archive) -> list[EntityType]:
    """The entity types, in display order."""
    return queries.entity_types(archive.db)


def check_type(archive: Archive, type: str) -> str:
    """The type's stored name (case-insensitive match); InvalidValueError when unknown."""
    wanted = (type or "").strip().lower()
    names = [t.name for t in queries.entity_types(archive.db)]
    if wanted not in names:
        raise InvalidValueError(f"unknown entity type {type!r}: use one of {', '.join(names)}")
    return wanted


def add_entity_type(archive: Archive, name: str, label: str | None = None) -> EntityType:
    """Add an entity type (lower-case letters, digits, - and _), placed after the others."""
    name = (name or "").strip().lower()
    if not TYPE_NAME.match(name):
        raise InvalidValueError(
            f"an entity type is a short lower-case word (letters, digits, - or _), not {name!r}"
        )
    if any(t.name == name for t in queries.entity_types(archive.db)):
        raise InvalidValueError(f"the entity type {name!r} exists already")
    label = normalise_field(label) or name.replace("_", " ").capitalize()
    with recording(archive, "entity_type.add", f"add entity type {name}") as changes:
        position = archive.db.execute(
            "SELECT COALESCE(max(position), -1) + 1 FROM entity_types"
        ).fetchone()[0]
        changes.insert("entity_types", {"name": name, "label": label, "position": position})
    return EntityType(name, label, position)


# --- looking entities up --------------------------------------------------------------------


def get_entity(archive: Archive, entity_id: int) -> Entity:
    """The entity with this id (NotFoundError when none)."""
    return queries.get_entity(archive.db, entity_id)


def list_entities(
    archive: Archive, *, type: str | None = None, article_id: int | None = None
) -> list[Entity]:
    """Entities sorted by name, with aliases and mention counts."""
    if type is not None:
        type = check_type(archive, type)
    return queries.list_entities(archive.db, type=type, article_id=article_id)


def find_entities(archive: Archive, name: str, type: str | None = None) -> list[Entity]:
    """Entities whose canonical name or an alias matches `name` (case and accents ignored)."""
    key = name_key(name or "")
    if not key:
        return []
    return queries.entities_by_ids(archive.db, queries.entity_ids_named(archive.db, key, type))


def resolve_entity(archive: Archive, ref: int | str, type: str | None = None) -> Entity:
    """An entity given by id (an int, or a string of digits naming an existing id) or name.

    Raises:
        NotFoundError: nothing matches.
        AmbiguousNameError: the name matches entities of several types; give an id or a type.
    """
    if isinstance(ref, int) and not isinstance(ref, bool):
        return queries.get_entity(archive.db, ref)
    text = str(ref).strip()
    if text.isdigit():
        row = archive.db.execute("SELECT id FROM entities WHERE id = ?", [int(text)]).fetchone()
        if row is not None:
            return queries.get_entity(archive.db, row[0])
    if type is not None:
        type = check_type(archive, type)
    found = find_entities(archive, text, type)
    if not found:
        if text.isdigit():
            raise NotFoundError(f"no entity with id {text}")
        raise NotFoundError(f"no entity named {text!r}" + (f" of type {type}" if type else ""))
    if len(found) > 1:
        options = "; ".join(f"{e.id}: {e.name} ({e.type})" for e in found)
        raise AmbiguousNameError(f"{text!r} names several entities ({options}); give its id")
    return found[0]


def _conflicts(archive: Archive, name: str, type: str, own_id: int | None = None) -> list[int]:
    ids = queries.entity_ids_named(archive.db, name_key(name), type)
    return [i for i in ids if i != own_id]


def _refuse_taken(archive: Archive, name: str, type: str, own_id: int | None = None) -> None:
    taken = _conflicts(archive, name, type, own_id)
    if taken:
        other = queries.get_entity(archive.db, taken[0])
        raise InvalidValueError(
            f"{name!r} already names the {type} entity {other.id} ({other.name}); "
            "tag with that entity or merge the two"
        )


# --- creating and editing -------------------------------------------------------------------


def create_entity(
    archive: Archive,
    name: str,
    type: str,
    *,
    aliases: Iterable[str] = (),
    description: str | None = None,
) -> Entity:
    """Create an entity.

    Raises:
        InvalidValueError: unknown type, blank name, or the name/alias is taken in that type.
    """
    name = clean_name(name)
    type = check_type(archive, type)
    with recording(archive, "entity.create", f"create {type} {name}") as changes:
        entity_id = insert_entity(archive, changes, name, type, description=description)
        for alias in aliases:
            insert_alias(archive, changes, entity_id, alias)
    return get_entity(archive, entity_id)


def insert_entity(
    archive: Archive,
    changes: ChangeSet,
    name: str,
    type: str,
    *,
    description: str | None = None,
) -> int:
    """Insert an entity inside an open change (name and type already checked)."""
    _refuse_taken(archive, name, type)
    now = utc_now_iso()
    return changes.insert(
        "entities",
        {
            "name": name,
            "name_key": name_key(name),
            "type": type,
            "description": clean_note(description),
            "created_at": now,
            "updated_at": now,
        },
    )


def insert_alias(
    archive: Archive, changes: ChangeSet, entity_id: int, alias: str, *, strict: bool = True
) -> str | None:
    """Add an alias inside an open change; returns it, or None when the entity already has it.

    With `strict`, an alias naming another entity of the same type is refused.
    """
    alias = clean_name(alias, "an alias")
    entity = queries.get_entity(archive.db, entity_id)
    key = name_key(alias)
    if key in {name_key(n) for n in entity.names}:
        return None
    if strict:
        _refuse_taken(archive, alias, entity.type, entity_id)
    changes.insert(
        "entity_aliases",
        {"entity_id": entity_id, "alias": alias, "alias_key": key, "created_at": utc_now_iso()},
    )
    changes.update("entities", {"id": entity_id}, {"updated_at": utc_now_iso()})
    changes.affect(queries.entity_article_ids(archive.db, entity_id))
    return alias


def rename_entity(
    archive: Archive, entity_id: int, new_name: str, *, keep_alias: bool = True
) -> Entity:
    """Give an entity a new canonical name; the old one stays as an alias unless
    `keep_alias` is false. If the new name was an alias, the two swap."""
    new_name = clean_name(new_name)
    entity = queries.get_entity(archive.db, entity_id)
    if new_name == entity.name:
        return entity
    _refuse_taken(archive, new_name, entity.type, entity_id)
    new_key = name_key(new_name)
    with recording(archive, "entity.rename", f"rename {entity.name} to {new_name}") as changes:
        row = archive.db.execute(
            "SELECT id FROM entity_aliases WHERE entity_id = ? AND alias_key = ?",
            [entity_id, new_key],
        ).fetchone()
        if row is not None:
            changes.delete("entity_aliases", {"id": row[0]})
        changes.update(
            "entities",
            {"id": entity_id},
            {"name": new_name, "name_key": new_key, "updated_at": utc_now_iso()},
        )
        if keep_alias and name_key(entity.name) != new_key:
            insert_alias(archive, changes, entity_id, entity.name, strict=False)
        changes.affect(queries.entity_article_ids(archive.db, entity_id))
    return get_entity(archive, entity_id)


_UNSET = object()


def edit_entity(
    archive: Archive,
    entity_id: int,
    *,
    type: str | None = None,
    description: str | object | None = _UNSET,
) -> Entity:
    """Change an entity's type and/or description (None or blank clears it)."""
    entity = queries.get_entity(archive.db, entity_id)
    values: dict[str, object] = {}
    if type is not None:
        new_type = check_type(archive, type)
        if new_type != entity.type:
            for name in entity.names:
                _refuse_taken(archive, name, new_type, entity_id)
            values["type"] = new_type
    if description is not _UNSET:
        values["description"] = clean_note(description)  # type: ignore[arg-type]
    if not values:
        return entity
    values["updated_at"] = utc_now_iso()
    what = ", ".join(k for k in values if k != "updated_at")
    with recording(archive, "entity.edit", f"edit {what} of {entity.name}") as changes:
        if changes.update("entities", {"id": entity_id}, values) and "type" in values:
            changes.affect(queries.entity_article_ids(archive.db, entity_id))
    return get_entity(archive, entity_id)


def add_alias(archive: Archive, entity_id: int, alias: str) -> Entity:
    """Add an alias (no-op when the entity already has that name)."""
    entity = queries.get_entity(archive.db, entity_id)
    with recording(archive, "entity.alias.add", f"alias {alias!r} for {entity.name}") as changes:
        insert_alias(archive, changes, entity_id, alias)
    return get_entity(archive, entity_id)


def remove_alias(archive: Archive, entity_id: int, alias: str) -> Entity:
    """Remove an alias; NotFoundError when the entity has no such alias."""
    entity = queries.get_entity(archive.db, entity_id)
    row = archive.db.execute(
        "SELECT id, alias FROM entity_aliases WHERE entity_id = ? AND alias_key = ?",
        [entity_id, name_key(alias or "")],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"{entity.name} has no alias {alias!r}")
    with recording(
        archive, "entity.alias.remove", f"remove alias {row[1]!r} of {entity.name}"
    ) as changes:
        changes.delete("entity_aliases", {"id": row[0]})
        changes.update("entities", {"id": entity_id}, {"updated_at": utc_now_iso()})
        changes.affect(queries.entity_article_ids(archive.db, entity_id))
    return get_entity(archive, entity_id)


# --- merging and deleting -------------------------------------------------------------------


def merge_entities(archive: Archive, keep_id: int, other_id: int) -> MergeResult:
    """Merge `other` into `keep`: its mentions, claims and aliases move to `keep`, its name
    becomes an alias of `keep`, its description is appended, and `other` is deleted.

    A mention of `other` on exactly the span of a mention of `keep` is dropped (it would be
    a duplicate). The survivor keeps its own type.
    """
    if keep_id == other_id:
        raise InvalidValueError("cannot merge an entity with itself")
    keep = queries.get_entity(archive.db, keep_id)
    other = queries.get_entity(archive.db, other_id)
    db = archive.db
    moved = dropped = claims_moved = 0
    added: list[str] = []
    with recording(archive, "entity.merge", f"merge {other.name} into {keep.name}") as changes:
        changes.affect(queries.entity_article_ids(db, other_id))
        changes.affect(queries.entity_article_ids(db, keep_id))
        existing = {
            (a, s, e)
            for a, s, e in db.execute(
                "SELECT article_id, span_start, span_end FROM mentions WHERE entity_id = ?",
                [keep_id],
            ).fetchall()
        }
        for mention_id, article_id, start, end in db.execute(
            "SELECT id, article_id, span_start, span_end FROM mentions WHERE entity_id = ? ORDER BY id",
            [other_id],
        ).fetchall():
            if (article_id, start, end) in existing:
                changes.delete("mentions", {"id": mention_id})
                dropped += 1
            else:
                changes.update(
                    "mentions",
                    {"id": mention_id},
                    {"entity_id": keep_id, "updated_at": utc_now_iso()},
                )
                existing.add((article_id, start, end))
                moved += 1
        for (claim_id,) in db.execute(
            "SELECT id FROM claims WHERE claimant_entity_id = ? ORDER BY id", [other_id]
        ).fetchall():
            changes.update(
                "claims",
                {"id": claim_id},
                {"claimant_entity_id": keep_id, "updated_at": utc_now_iso()},
            )
            claims_moved += 1
        for (claim_id,) in db.execute(
            "SELECT claim_id FROM claim_entities WHERE entity_id = ? ORDER BY claim_id", [other_id]
        ).fetchall():
            changes.delete("claim_entities", {"claim_id": claim_id, "entity_id": other_id})
            if (
                db.execute(
                    "SELECT 1 FROM claim_entities WHERE claim_id = ? AND entity_id = ?",
                    [claim_id, keep_id],
                ).fetchone()
                is None
            ):
                changes.insert("claim_entities", {"claim_id": claim_id, "entity_id": keep_id})
            claims_moved += 1
        for (alias_id,) in db.execute(
            "SELECT id FROM entity_aliases WHERE entity_id = ? ORDER BY id", [other_id]
        ).fetchall():
            changes.delete("entity_aliases", {"id": alias_id})
        # Merging never loses a name: names clashing with a third entity are kept anyway
        # (resolving them then asks for an id).
        for name in other.names:
            if insert_alias(archive, changes, keep_id, name, strict=False):
                added.append(name)
        description = _merged_description(keep.description, other.description)
        changes.update(
            "entities", {"id": keep_id}, {"description": description, "updated_at": utc_now_iso()}
        )
        changes.delete("entities", {"id": other_id})
    return MergeResult(
        entity=get_entity(archive, keep_id),
        merged_id=other_id,
        mentions_moved=moved,
        mentions_dropped=dropped,
        claims_moved=claims_moved,
        aliases_added=added,
    )


def _merged_description(keep: str | None, other: str | None) -> str | None:
    if not other or other == keep:
        return keep
    if not keep:
        return other
    return f"{keep}\n\n{other}"


def delete_entity(archive: Archive, entity_id: int, *, cascade: bool = False) -> DeleteResult:
    """Delete an entity.

    Without `cascade`, an entity with mentions or claims is refused (EntityInUseError). With
    it, its mentions are deleted, it is removed from the entities claims concern, and claims
    it is the claimant of keep its name as free-text claimant (claims are never deleted
    with an entity). Everything is recorded, so undo brings it all back.
    """
    entity = queries.get_entity(archive.db, entity_id)
    db = archive.db
    mentions = [
        r[0] for r in db.execute("SELECT id FROM mentions WHERE entity_id = ?", [entity_id])
    ]
    concerned = [
        r[0]
        for r in db.execute("SELECT claim_id FROM claim_entities WHERE entity_id = ?", [entity_id])
    ]
    claimant_of = [
        r[0] for r in db.execute("SELECT id FROM claims WHERE claimant_entity_id = ?", [entity_id])
    ]
    if (mentions or concerned or claimant_of) and not cascade:
        raise EntityInUseError(
            f"{entity.name} has {len(mentions)} mention(s), is the claimant of "
            f"{len(claimant_of)} claim(s) and concerned by {len(concerned)}; "
            "delete with cascade (--cascade) to remove them too, or merge it into another entity"
        )
    with recording(archive, "entity.delete", f"delete {entity.type} {entity.name}") as changes:
        changes.affect(queries.entity_article_ids(db, entity_id))
        for mention_id in mentions:
            changes.delete("mentions", {"id": mention_id})
        for claim_id in concerned:
            changes.delete("claim_entities", {"claim_id": claim_id, "entity_id": entity_id})
        for claim_id in claimant_of:
            changes.update(
                "claims",
                {"id": claim_id},
                {
                    "claimant_entity_id": None,
                    "claimant_text": entity.name,
                    "updated_at": utc_now_iso(),
                },
            )
        for (alias_id,) in db.execute(
            "SELECT id FROM entity_aliases WHERE entity_id = ?", [entity_id]
        ).fetchall():
            changes.delete("entity_aliases", {"id": alias_id})
        changes.delete("entities", {"id": entity_id})
    return DeleteResult(entity, len(mentions), len(concerned), len(claimant_of))
