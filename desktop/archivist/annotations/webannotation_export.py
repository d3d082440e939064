"""Annotations out, as W3C Web Annotation JSON-LD: each span with a TextPositionSelector
and a TextQuoteSelector, its article named by its original's SHA-256 and text fingerprint;
what Archivist adds (entities, claims, grades, links) in its own vocabulary (CONTEXT)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from archivist import __version__
from archivist.annotations import queries
from archivist.annotations.anchoring import Anchor
from archivist.annotations.folding import name_key
from archivist.annotations.records import Claim
from archivist.annotations.span_notes import span_notes_of_article
from archivist.archive.archive import Archive
from archivist.dates import utc_now_iso

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCAB = "urn:archivist:vocab:"
CONTEXT: list[Any] = [
    ANNO_CONTEXT,
    {
        "arc": VOCAB,
        "textFingerprint": "arc:textFingerprint",
        "entryIndex": "arc:entryIndex",
        "articleTitle": "arc:articleTitle",
        "anchorState": "arc:anchorState",
        "Entity": "arc:Entity",
        "Claim": "arc:Claim",
        "name": "arc:name",
        "entityType": "arc:entityType",
        "aliases": {"@id": "arc:alias", "@container": "@set"},
        "description": "arc:description",
        "claimant": "arc:claimant",
        "entity": {"@id": "arc:entity", "@type": "@id"},
        "reliability": "arc:reliability",
        "credibility": "arc:credibility",
        "status": "arc:status",
        "concerns": {"@id": "arc:concerns", "@container": "@set"},
        "links": {"@id": "arc:link", "@container": "@set"},
        "relation": "arc:relation",
        "claim": {"@id": "arc:claim", "@type": "@id"},
        "origin": "arc:origin",
        "originId": "arc:originId",
    },
]


def archive_uuid(archive: Archive) -> str:
    row = archive.db.execute("SELECT value FROM meta WHERE key = 'archive_uuid'").fetchone()
    return str(row[0]) if row else "unknown"


def export_annotations(
    archive: Archive, article_ids: Sequence[int] | None = None
) -> dict[str, Any]:
    """An AnnotationCollection of the annotations of these articles (all annotated articles
    when None): mentions, claims (with grades, status, claimant, concerned entities and
    links), tags, notes on the article and notes on spans (with their tags)."""
    db = archive.db
    if article_ids is None:
        ids = [
            r[0]
            for r in db.execute(
                "SELECT id FROM articles WHERE note IS NOT NULL "
                "OR id IN (SELECT article_id FROM mentions) OR id IN (SELECT article_id FROM claims) "
                "OR id IN (SELECT article_id FROM article_tags) "
                "OR id IN (SELECT article_id FROM span_notes) ORDER BY id"
            ).fetchall()
        ]
    else:
        ids = list(dict.fromkeys(article_ids))
        for article_id in ids:
            queries.article_text(db, article_id)
    base = f"urn:archivist:{archive_uuid(archive)}"
    entity_cache: dict[int, dict[str, Any]] = {}
    items: list[dict[str, Any]] = []
    for article_id in ids:
        row = db.execute(
            "SELECT title, original_sha256, entry_index, text_sha256, note, updated_at "
            "FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        title, original, entry_index, fingerprint, note, updated_at = row
        source = {
            "type": "SpecificResource",
            "source": f"urn:sha256:{original}",
            "entryIndex": entry_index,
            "textFingerprint": fingerprint,
            "articleTitle": title,
        }

        def target(anchor: Anchor, state: str, source: dict[str, Any] = source) -> dict[str, Any]:
            return {
                **source,
                "selector": [anchor.position_selector(), anchor.quote_selector()],
                "anchorState": state,
            }

        for mention in queries.mentions_of_article(db, article_id):
            anchor = Anchor(
                mention.start, mention.end, mention.quote, mention.prefix, mention.suffix
            )
            items.append(
                {
                    "id": f"{base}:mention:{mention.id}",
                    "type": "Annotation",
                    "motivation": "identifying",
                    "created": mention.created_at,
                    "modified": mention.updated_at,
                    "body": {
                        "type": "SpecificResource",
                        "purpose": "identifying",
                        "source": _entity_node(db, base, mention.entity_id, entity_cache),
                    },
                    "target": target(anchor, mention.anchor),
                }
            )
        for claim in queries.list_claims(db, article_id=article_id):
            anchor = Anchor(claim.start, claim.end, claim.quote, claim.prefix, claim.suffix)
            items.append(
                {
                    "id": f"{base}:claim:{claim.id}",
                    "type": "Annotation",
                    "motivation": "assessing",
                    "created": claim.created_at,
                    "modified": claim.updated_at,
                    "body": _claim_bodies(db, base, claim, entity_cache),
                    "target": target(anchor, claim.anchor),
                }
            )
        for marked in span_notes_of_article(archive, article_id):
            anchor = Anchor(marked.start, marked.end, marked.quote, marked.prefix, marked.suffix)
            bodies: list[dict[str, Any]] = []
            if marked.text:
                bodies.append(
                    {"type": "TextualBody", "purpose": "commenting", "value": marked.text}
                )
            bodies.extend(
                {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in marked.tags
            )
            item: dict[str, Any] = {
                "id": f"{base}:note:{marked.id}",
                "type": "Annotation",
                "motivation": "commenting" if marked.text else "highlighting",
                "created": marked.created_at,
                "modified": marked.updated_at,
                "target": target(anchor, marked.anchor),
            }
            if bodies:
                item["body"] = bodies
            if marked.author:
                item["creator"] = {"type": "Person", "nickname": marked.author}
            if marked.origin:
                item["origin"] = marked.origin
                item["originId"] = marked.origin_id
            items.append(item)
        for tag in db.execute(
            "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id "
            "WHERE at.article_id = ? ORDER BY t.name COLLATE NOCASE",
            [article_id],
        ).fetchall():
            items.append(
                {
                    "id": f"{base}:article:{article_id}:tag:{name_key(tag[0])}",
                    "type": "Annotation",
                    "motivation": "tagging",
                    "body": {"type": "TextualBody", "purpose": "tagging", "value": tag[0]},
                    "target": source,
                }
            )
        if note:
            items.append(
                {
                    "id": f"{base}:article:{article_id}:note",
                    "type": "Annotation",
                    "motivation": "commenting",
                    "modified": updated_at,
                    "body": {
                        "type": "TextualBody",
                        "purpose": "commenting",
                        "value": note,
                        "format": "text/plain",
                    },
                    "target": source,
                }
            )
    return {
        "@context": CONTEXT,
        "id": f"{base}:export:{utc_now_iso()}",
        "type": "AnnotationCollection",
        "label": "Archivist annotations",
        "generator": {"type": "Software", "name": "Archivist", "version": __version__},
        "generated": utc_now_iso(),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _entity_node(
    db: Any, base: str, entity_id: int, cache: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    if entity_id not in cache:
        entity = queries.get_entity(db, entity_id)
        node: dict[str, Any] = {
            "id": f"{base}:entity:{entity.id}",
            "type": "Entity",
            "name": entity.name,
            "entityType": entity.type,
            "aliases": entity.aliases,
        }
        if entity.description:
            node["description"] = entity.description
        cache[entity_id] = node
    return cache[entity_id]


def _claim_bodies(
    db: Any, base: str, claim: Claim, cache: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    claimant: dict[str, Any] = {"name": claim.claimant}
    if claim.claimant_entity_id is not None:
        claimant["entity"] = _entity_node(db, base, claim.claimant_entity_id, cache)
    details: dict[str, Any] = {
        # An id makes the claim's details an External Web Resource of the model (a body
        # must be one of the kinds it recognises), named in the archive's own namespace.
        "id": f"{base}:claim:{claim.id}:details",
        "type": "Claim",
        "claimant": claimant,
        "status": claim.status,
        "reliability": claim.reliability,
        "credibility": claim.credibility,
        "concerns": [_entity_node(db, base, e["id"], cache) for e in claim.entities],
        "links": [
            {"relation": link["relation"], "claim": f"{base}:claim:{link['claim_id']}"}
            for link in claim.links
            if link["direction"] == "outgoing"
        ],
    }
    bodies: list[dict[str, Any]] = [details]
    if claim.statement:
        bodies.append({"type": "TextualBody", "purpose": "describing", "value": claim.statement})
    if claim.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": claim.note})
    if claim.grade:
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": claim.grade})
    return bodies


def export_json(archive: Archive, article_ids: Sequence[int] | None = None) -> str:
    """The export as JSON-LD text."""
    return json.dumps(export_annotations(archive, article_ids), ensure_ascii=False, indent=2)
