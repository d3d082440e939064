"""Mentions: an entity tagged on a span of an article's text."""

from __future__ import annotations

from archivist.annotations import queries
from archivist.annotations.anchoring import Anchor, resolve_span
from archivist.annotations.entities import (
    check_type,
    insert_alias,
    insert_entity,
)
from archivist.annotations.folding import name_key
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.labels_for_history import move_tag_label, tag_label, untag_label
from archivist.annotations.records import Entity, Mention, TagResult
from archivist.annotations.values import clean_name
from archivist.archive.archive import Archive
from archivist.dates import utc_now_iso
from archivist.errors import AmbiguousNameError, InvalidValueError


def tag_entity(
    archive: Archive,
    article_id: int,
    *,
    name: str | None = None,
    type: str | None = None,
    entity_id: int | None = None,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    nth: int | None = None,
    add_alias: bool = False,
    description: str | None = None,
) -> TagResult:
    """Tag a span of an article as a mention of an entity.

    The entity is given by `entity_id`, or by `name` and `type`: a name matching the
    canonical name or an alias of an entity of that type (case and accents ignored) tags
    that entity; otherwise a new entity is created. With `add_alias`, the tagged text
    itself ("Mr Tokayev") becomes an alias of the entity when it is not one of its names.
    The span is given by offsets or by a quote (`nth` occurrence, from 1). Tagging the same
    entity on the same span again returns the existing mention (`created` false).

    Raises:
        NotFoundError: no such article or entity id.
        AnchorError: the span is not in the text.
        InvalidValueError: unknown type, blank name, missing entity.
    """
    db = archive.db
    anchor = resolve_span(
        queries.article_text(db, article_id), start=start, end=end, quote=quote, nth=nth
    )
    other_types: list[Entity] = []
    if entity_id is None:
        if not name:
            raise InvalidValueError("give the entity: its name and type, or its id")
        name = clean_name(name)
        if type is None:
            raise InvalidValueError(
                "give the entity's type (person, organisation, location, event, other)"
            )
        type = check_type(archive, type)
        matches = queries.entity_ids_named(db, name_key(name), type)
        if len(matches) > 1:
            raise AmbiguousNameError(
                f"{name!r} names several {type} entities ({', '.join(map(str, matches))}); "
                "tag by entity id"
            )
        entity_id = matches[0] if matches else None
        other_types = [
            e
            for e in queries.entities_by_ids(db, queries.entity_ids_named(db, name_key(name)))
            if e.type != type
        ]
    else:
        entity = queries.get_entity(db, entity_id)
        if type is not None and check_type(archive, type) != entity.type:
            raise InvalidValueError(
                f"entity {entity_id} ({entity.name}) is a {entity.type}, not a {type}"
            )
    created_entity = False
    added_alias: str | None = None
    entity_name = name if entity_id is None else queries.get_entity(db, entity_id).name
    summary = tag_label(anchor.quote, entity_name or "")
    with recording(archive, "mention.create", summary) as changes:
        if entity_id is None:
            assert name is not None and type is not None
            entity_id = insert_entity(archive, changes, name, type, description=description)
            created_entity = True
        existing = db.execute(
            "SELECT id FROM mentions WHERE article_id = ? AND entity_id = ? AND span_start = ? "
            "AND span_end = ? AND anchor != 'orphaned'",
            [article_id, entity_id, anchor.start, anchor.end],
        ).fetchone()
        if add_alias:
            added_alias = insert_alias(archive, changes, entity_id, anchor.quote, strict=False)
        if existing is not None:
            mention_id = int(existing[0])
        else:
            mention_id = insert_mention(changes, article_id, entity_id, anchor)
    return TagResult(
        mention=queries.get_mention(db, mention_id),
        entity=queries.get_entity(db, entity_id),
        created=existing is None,
        created_entity=created_entity,
        added_alias=added_alias,
        other_types=other_types,
    )


def insert_mention(
    changes: ChangeSet, article_id: int, entity_id: int, anchor: Anchor, state: str = "ok"
) -> int:
    """Insert a mention row inside an open change (the anchor already validated)."""
    now = utc_now_iso()
    return changes.insert(
        "mentions",
        {
            "article_id": article_id,
            "entity_id": entity_id,
            **anchor.columns(),
            "anchor": state,
            "created_at": now,
            "updated_at": now,
        },
    )


def get_mention(archive: Archive, mention_id: int) -> Mention:
    """The mention with this id (NotFoundError when none)."""
    return queries.get_mention(archive.db, mention_id)


def mentions_of_article(archive: Archive, article_id: int) -> list[Mention]:
    """The article's mentions in text order, orphaned ones included (see `Mention.anchor`)."""
    queries.article_text(archive.db, article_id)
    return queries.mentions_of_article(archive.db, article_id)


def mentions_of_entity(archive: Archive, entity_id: int) -> list[Mention]:
    queries.get_entity(archive.db, entity_id)
    return queries.mentions_of_entity(archive.db, entity_id)


def retag_mention(
    archive: Archive,
    mention_id: int,
    *,
    entity_id: int | None = None,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    nth: int | None = None,
) -> Mention:
    """Point a mention at another entity and/or move it to another span of its article.

    Moving an orphaned mention onto a span re-anchors it by hand.
    """
    mention = queries.get_mention(archive.db, mention_id)
    values: dict[str, object] = {}
    if entity_id is not None and entity_id != mention.entity_id:
        queries.get_entity(archive.db, entity_id)
        values["entity_id"] = entity_id
    if start is not None or end is not None or quote is not None:
        text = queries.article_text(archive.db, mention.article_id)
        anchor = resolve_span(text, start=start, end=end, quote=quote, nth=nth)
        values.update(
            span_start=anchor.start,
            span_end=anchor.end,
            quote=anchor.quote,
            prefix=anchor.prefix,
            suffix=anchor.suffix,
            anchor="ok",
        )
    if not values:
        return mention
    values["updated_at"] = utc_now_iso()
    with recording(archive, "mention.edit", move_tag_label(mention.entity)) as changes:
        changes.update("mentions", {"id": mention_id}, values)
    return queries.get_mention(archive.db, mention_id)


def delete_mention(archive: Archive, mention_id: int) -> Mention:
    """Remove a mention (the entity stays); returns what was removed."""
    mention = queries.get_mention(archive.db, mention_id)
    with recording(
        archive, "mention.delete", untag_label(mention.quote, mention.entity)
    ) as changes:
        changes.delete("mentions", {"id": mention_id})
    return mention
