"""Annotations in, from W3C Web Annotation JSON-LD (another archive's export): articles
found by text fingerprint and original SHA-256, spans by position or by quote and context
(else imported as orphaned), entities matched by name or alias; all as one undoable change."""

from __future__ import annotations

from typing import Any

from archivist import bounded_json
from archivist.annotations import queries
from archivist.annotations.anchoring import CONTEXT_CHARS, Anchor, anchor_at
from archivist.annotations.claims import insert_claim
from archivist.annotations.entities import TYPE_NAME, insert_alias, insert_entity
from archivist.annotations.folding import name_key
from archivist.annotations.grades import (
    RELATIONS,
    STATUS_CODES,
    parse_credibility,
    parse_reliability,
)
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.labels import attach_tag
from archivist.annotations.mentions import insert_mention
from archivist.annotations.reanchor import reanchor
from archivist.annotations.records import AnnotationImportReport
from archivist.annotations.span_notes import insert_span_note
from archivist.annotations.values import MAX_NOTE_CHARS, clean_name, clean_note
from archivist.annotations.webannotation_export import archive_uuid
from archivist.archive.archive import Archive
from archivist.dates import utc_now_iso
from archivist.errors import ArchivistError, InvalidValueError

# Another tool's file is read leniently (what is not understood is skipped, as a JSON-LD
# processor would) but never trusted: values of the wrong type are ignored and numbers out
# of range refused with a clear error, so that no file can crash the import.
MAX_OFFSET = 2**31 - 1  # far beyond any article; stored offsets must fit SQLite's integers.
MAX_QUOTE_CHARS = MAX_NOTE_CHARS


def _as_list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one node or a set of them, as a list."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _credibility(value: Any) -> str | int | None:
    if value is None or isinstance(value, (str, int)):
        return value
    raise InvalidValueError("a claim's credibility must be a digit from 1 to 6")


def _offset(selector: dict[str, Any], key: str) -> int | None:
    """A selector's offset (None when absent).

    Raises:
        InvalidValueError: the offset is not a whole number from 0 to MAX_OFFSET.
    """
    value = selector.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
        raise InvalidValueError(
            f"a {selector.get('type', 'selector')}'s {key} of {bounded_json.shortened(repr(value))} "
            f"is not a character offset (a whole number from 0 to {MAX_OFFSET})"
        )
    return value


def _assessment_text(assessment: tuple[Any, ...]) -> str:
    """(reliability, credibility, status) as an analyst writes it: "B2 corroborated"."""
    reliability, credibility, status = assessment
    grade = f"{reliability or ''}{credibility or ''}" or "ungraded"
    return f"{grade} {status}"


def _has_selector(target: Any) -> bool:
    """Whether an annotation's target names a span (a selector), not a whole article."""
    return any(_as_dict(t).get("selector") for t in _as_list(target))


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for element in data for item in _items(element)]
    if not isinstance(data, dict):
        raise InvalidValueError("not Web Annotation JSON: expected an object or a list")
    kinds = {kind for kind in _as_list(data.get("type")) if isinstance(kind, str)}
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        items: list[dict[str, Any]] = []
        page = first if isinstance(first, dict) else None
        while page is not None:
            items.extend(_items(page))
            page = page.get("next") if isinstance(page.get("next"), dict) else None
        return items
    if "AnnotationPage" in kinds:
        return [i for i in _as_list(data.get("items")) if isinstance(i, dict)]
    if "Annotation" in kinds:
        return [data]
    raise InvalidValueError(
        "not Web Annotation JSON: no Annotation, AnnotationPage or AnnotationCollection"
    )


class _Importer:
    def __init__(
        self, archive: Archive, changes: ChangeSet, report: AnnotationImportReport
    ) -> None:
        self.archive = archive
        self.db = archive.db
        self.changes = changes
        self.report = report
        self.own_base = f"urn:archivist:{archive_uuid(archive)}"
        self.entities: dict[str, int] = {}  # exported entity id -> local id
        self.claims: dict[str, int] = {}  # exported claim id -> local id
        self.links: list[tuple[int, str, str]] = []  # (local claim, relation, exported other)

    def count(self, kind: str) -> None:
        self.report.created[kind] = self.report.created.get(kind, 0) + 1

    # articles
    def article(self, target: Any) -> tuple[int, str, str] | None:
        target = next(iter(_as_list(target)), None)
        if isinstance(target, str):
            target = {"source": target}
        if not isinstance(target, dict):
            return None
        source = target.get("source")
        if isinstance(source, dict):
            source = source.get("id")
        fingerprint = _as_text(target.get("textFingerprint"))
        entry = target.get("entryIndex")
        if isinstance(entry, bool) or not isinstance(entry, int) or not 0 <= entry <= MAX_OFFSET:
            entry = 0
        sha = (
            source[len("urn:sha256:") :]
            if isinstance(source, str) and source.startswith("urn:sha256:")
            else None
        )
        row = None
        if sha and fingerprint:
            row = self.db.execute(
                "SELECT id, text, text_sha256 FROM articles WHERE original_sha256 = ? AND text_sha256 = ? "
                "ORDER BY id LIMIT 1",
                [sha, fingerprint],
            ).fetchone()
        if row is None and fingerprint:
            row = self.db.execute(
                "SELECT id, text, text_sha256 FROM articles WHERE text_sha256 = ? ORDER BY id LIMIT 1",
                [fingerprint],
            ).fetchone()
        if row is None and sha:
            row = self.db.execute(
                "SELECT id, text, text_sha256 FROM articles WHERE original_sha256 = ? "
                "ORDER BY (entry_index = ?) DESC, id LIMIT 1",
                [sha, entry],
            ).fetchone()
        return (int(row[0]), str(row[1]), str(row[2])) if row else None

    def anchor(self, target: Any, text: str) -> tuple[Anchor, str] | None:
        target = _as_dict(next(iter(_as_list(target)), None))
        selectors = [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]
        position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
        quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        start = _offset(position, "start") if position else None
        end = _offset(position, "end") if position else None
        exact = _as_text(quote.get("exact")) if quote else None
        if not exact:
            if start is None or end is None:
                return None
            try:
                return anchor_at(text, start, end), "ok"
            except ArchivistError:
                return None
        if len(exact) > MAX_QUOTE_CHARS:
            raise InvalidValueError(f"a quoted span is longer than {MAX_QUOTE_CHARS} characters")
        start = start or 0
        end = end if end is not None else start + len(exact)
        old = Anchor(
            start,
            min(max(end, start + 1), MAX_OFFSET),
            exact,
            (_as_text(quote.get("prefix")) or "")[-CONTEXT_CHARS:],
            (_as_text(quote.get("suffix")) or "")[:CONTEXT_CHARS],
        )
        if position is not None and text[start:end] == old.quote:
            return anchor_at(text, start, end), "ok"
        found = reanchor(old, text, None, trust_position=position is not None)
        if found.anchor is None:
            self.report.orphaned += 1
            return old, "orphaned"
        self.report.reanchored += 1
        return found.anchor, "fuzzy" if found.method == "fuzzy" else "ok"

    # entities
    def entity(self, node: Any) -> int | None:
        if not isinstance(node, dict):
            return None
        exported_id = _as_text(node.get("id")) or ""
        if exported_id and exported_id in self.entities:
            return self.entities[exported_id]
        name = clean_name(_as_text(node.get("name")), "an entity name")
        type = (_as_text(node.get("entityType")) or "other").strip().lower() or "other"
        if self.db.execute("SELECT 1 FROM entity_types WHERE name = ?", [type]).fetchone() is None:
            if not TYPE_NAME.match(type):
                raise InvalidValueError(
                    f"the entity type of {name!r} is not a short lower-case word "
                    "(letters, digits, - or _)"
                )
            position = self.db.execute(
                "SELECT COALESCE(max(position), -1) + 1 FROM entity_types"
            ).fetchone()[0]
            self.changes.insert(
                "entity_types",
                {"name": type, "label": type.replace("_", " ").capitalize(), "position": position},
            )
        aliases = [a for a in _as_list(node.get("aliases")) if isinstance(a, str)]
        local: int | None = None
        for candidate in [name, *aliases]:
            ids = queries.entity_ids_named(self.db, name_key(candidate), type)
            if ids:
                local = ids[0]
                break
        if local is None and exported_id.startswith(f"{self.own_base}:entity:"):
            # One of this archive's own entities, come back (renamed here since): by its id.
            number = exported_id.rsplit(":", 1)[-1]
            if (
                number.isdigit()
                and self.db.execute("SELECT 1 FROM entities WHERE id = ?", [int(number)]).fetchone()
            ):
                local = int(number)
        if local is None:
            elsewhere = sorted(
                {
                    found
                    for candidate in [name, *aliases]
                    for found in queries.entity_ids_named(self.db, name_key(candidate))
                }
            )
            local = insert_entity(
                self.archive,
                self.changes,
                name,
                type,
                description=clean_note(_as_text(node.get("description"))),
            )
            self.count("entities")
            for other in elsewhere:  # (the same name under another type: the analyst decides)
                known = queries.get_entity(self.db, other)
                self.report.proposed_merges.append(
                    {
                        "entity_id": local,
                        "name": name,
                        "type": type,
                        "with_entity_id": other,
                        "with_name": known.name,
                        "with_type": known.type,
                    }
                )
        for alias in [name, *aliases]:
            insert_alias(self.archive, self.changes, local, alias, strict=False)
        if exported_id:
            self.entities[exported_id] = local
        return local

    # annotations
    def add(self, item: dict[str, Any]) -> None:
        motivation = _as_text(next(iter(_as_list(item.get("motivation"))), None))
        found = self.article(item.get("target"))
        if found is None:
            self.report.unmatched.append({"id": _as_text(item.get("id")), "motivation": motivation})
            return
        article_id, text, _fingerprint = found
        bodies = _as_list(item.get("body"))
        if motivation == "identifying":
            self.mention(item, article_id, text, bodies)
        elif motivation == "assessing":
            self.claim(item, article_id, text, bodies)
        elif motivation == "tagging":
            self.tags(article_id, bodies)
        elif motivation in ("commenting", "highlighting") and _has_selector(item.get("target")):
            self.span_note(item, article_id, text, bodies)
        elif motivation == "commenting":
            self.note(article_id, bodies)
        else:
            self.report.skipped.append(
                {
                    "id": _as_text(item.get("id")),
                    "reason": f"motivation {motivation!r} is not imported",
                }
            )

    def mention(self, item: dict[str, Any], article_id: int, text: str, bodies: list[Any]) -> None:
        node = next(
            (
                b.get("source")
                for b in bodies
                if isinstance(b, dict) and isinstance(b.get("source"), dict)
            ),
            None,
        )
        entity_id = self.entity(node)
        anchored = self.anchor(item.get("target"), text)
        if entity_id is None or anchored is None:
            self.report.skipped.append(
                {"id": _as_text(item.get("id")), "reason": "no entity or no span"}
            )
            return
        anchor, state = anchored
        exists = self.db.execute(
            "SELECT 1 FROM mentions WHERE article_id = ? AND entity_id = ? AND span_start = ? AND span_end = ?",
            [article_id, entity_id, anchor.start, anchor.end],
        ).fetchone()
        if exists:
            self.report.duplicates += 1
            return
        insert_mention(self.changes, article_id, entity_id, anchor, state)
        self.count("mentions")

    def claim(self, item: dict[str, Any], article_id: int, text: str, bodies: list[Any]) -> None:
        details = next((b for b in bodies if isinstance(b, dict) and b.get("type") == "Claim"), {})
        texts = {
            _as_text(b.get("purpose")): _as_text(b.get("value"))
            for b in bodies
            if isinstance(b, dict) and b.get("type") == "TextualBody"
        }
        anchored = self.anchor(item.get("target"), text)
        claimant = _as_dict(details.get("claimant"))
        if anchored is None or not _as_text(claimant.get("name")):
            self.report.skipped.append(
                {"id": _as_text(item.get("id")), "reason": "no claimant or no span"}
            )
            return
        anchor, state = anchored
        entity_id = self.entity(claimant.get("entity")) if claimant.get("entity") else None
        claimant_text = (
            None if entity_id is not None else clean_name(claimant["name"], "the claimant")
        )
        status = _as_text(details.get("status"))
        values = {
            "statement": clean_note(texts.get("describing")),
            "reliability": parse_reliability(_as_text(details.get("reliability"))),
            "credibility": parse_credibility(_credibility(details.get("credibility"))),
            "status": status if status in STATUS_CODES else "unverified",
            "note": clean_note(texts.get("commenting")),
        }
        existing = self.db.execute(
            "SELECT id, claimant_entity_id, claimant_text, reliability, credibility, status "
            "FROM claims WHERE article_id = ? AND span_start = ? AND span_end = ?",
            [article_id, anchor.start, anchor.end],
        ).fetchall()
        assessment = (values["reliability"], values["credibility"], values["status"])
        differently: list[tuple[int, tuple[Any, ...]]] = []  # same claim, assessed otherwise
        for claim_id, other_entity, other_text, *other in existing:
            same = (entity_id is not None and other_entity == entity_id) or (
                claimant_text is not None
                and other_text is not None
                and name_key(other_text) == name_key(claimant_text)
            )
            if same and tuple(other) == assessment:
                self.report.duplicates += 1
                if _as_text(item.get("id")):
                    self.claims[item["id"]] = claim_id
                return
            if same:
                differently.append((claim_id, tuple(other)))
        if differently:
            # Never overwrite the analyst's own assessment: both stay, the incoming one
            # marked in its note, and the report lists them.
            here = _assessment_text(differently[0][1])
            there = _assessment_text(assessment)
            marker = f"Conflict: assessed {there} in the imported file, {here} here."
            values["note"] = f"{marker}\n\n{values['note']}" if values["note"] else marker
        claim_id = insert_claim(
            self.changes, article_id, anchor, entity_id, claimant_text, values, state
        )
        self.count("claims")
        if differently:
            self.report.conflicts.append(
                {
                    "article_id": article_id,
                    "quote": anchor.quote[:200],
                    "claimant": claimant_text or claimant.get("name"),
                    "here": {"claim_id": differently[0][0], "assessment": here},
                    "imported": {"claim_id": claim_id, "assessment": there},
                }
            )
        for node in _as_list(details.get("concerns")):
            concerned = self.entity(node)
            if (
                concerned is not None
                and self.db.execute(
                    "SELECT 1 FROM claim_entities WHERE claim_id = ? AND entity_id = ?",
                    [claim_id, concerned],
                ).fetchone()
                is None
            ):
                self.changes.insert(
                    "claim_entities", {"claim_id": claim_id, "entity_id": concerned}
                )
        if _as_text(item.get("id")):
            self.claims[item["id"]] = claim_id
        for link in _as_list(details.get("links")):
            link = _as_dict(link)
            other = _as_text(link.get("claim"))
            if _as_text(link.get("relation")) in RELATIONS and other:
                self.links.append((claim_id, link["relation"], other))

    def span_note(
        self, item: dict[str, Any], article_id: int, text: str, bodies: list[Any]
    ) -> None:
        """A note on a span, with its tags (the bodies of purpose commenting and tagging)."""
        anchored = self.anchor(item.get("target"), text)
        if anchored is None:
            self.report.skipped.append({"id": _as_text(item.get("id")), "reason": "no span"})
            return
        anchor, state = anchored
        texts = [_as_dict(b) for b in bodies if _as_dict(b).get("type") == "TextualBody"]
        note = "\n\n".join(
            value
            for b in texts
            if b.get("purpose") != "tagging" and (value := clean_note(_as_text(b.get("value"))))
        )
        tags = [
            value
            for b in texts
            if b.get("purpose") == "tagging" and (value := clean_note(_as_text(b.get("value"))))
        ]
        # Where it came from names it: its origin's id (Hypothesis's), else the exported id.
        origin = clean_note(_as_text(item.get("origin"))) or "annotation"
        origin_id = _as_text(item.get("originId")) or _as_text(item.get("id"))
        duplicate = self.db.execute(
            "SELECT 1 FROM span_notes WHERE (origin = ? AND origin_id = ?) OR (article_id = ? "
            "AND span_start = ? AND span_end = ? AND text = ?)",
            [origin, origin_id, article_id, anchor.start, anchor.end, note],
        ).fetchone()
        if duplicate:
            self.report.duplicates += 1
            return
        creator = _as_dict(next(iter(_as_list(item.get("creator"))), None))
        insert_span_note(
            self.changes,
            article_id,
            anchor,
            state,
            text=note,
            tags=tags,
            origin=origin,
            origin_id=origin_id,
            author=clean_note(_as_text(creator.get("nickname") or creator.get("name"))),
            created_at=_as_text(item.get("created")),
        )
        self.count("span notes")

    def tags(self, article_id: int, bodies: list[Any]) -> None:
        for body in bodies:
            name = clean_note(_as_text(_as_dict(body).get("value")))
            if not name:
                continue
            if attach_tag(self.changes, article_id, name):
                self.count("tags")
            else:
                self.report.duplicates += 1

    def note(self, article_id: int, bodies: list[Any]) -> None:
        incoming = "\n\n".join(
            value for b in bodies if (value := clean_note(_as_text(_as_dict(b).get("value"))))
        )
        if not incoming:
            return
        current = self.db.execute(
            "SELECT note FROM articles WHERE id = ?", [article_id]
        ).fetchone()[0]
        if current and incoming in current:
            self.report.duplicates += 1
            return
        # Never overwrite the analyst's own note: an imported note is appended to it.
        merged = f"{current}\n\n{incoming}" if current else incoming
        self.changes.update("articles", {"id": article_id}, {"note": merged})
        self.count("notes")

    def finish_links(self) -> None:
        for claim_id, relation, other in self.links:
            other_id = self.claims.get(other)
            if other_id is None and other.startswith(f"{self.own_base}:claim:"):
                local = other.rsplit(":", 1)[-1]
                if (
                    local.isdigit()
                    and self.db.execute(
                        "SELECT 1 FROM claims WHERE id = ?", [int(local)]
                    ).fetchone()
                ):
                    other_id = int(local)
            if other_id is None or other_id == claim_id:
                continue
            if self.db.execute(
                "SELECT 1 FROM claim_links WHERE (claim_id = ? AND other_claim_id = ?) "
                "OR (claim_id = ? AND other_claim_id = ?)",
                [claim_id, other_id, other_id, claim_id],
            ).fetchone():
                continue
            self.changes.insert(
                "claim_links",
                {
                    "claim_id": claim_id,
                    "other_claim_id": other_id,
                    "relation": relation,
                    "created_at": utc_now_iso(),
                },
            )
            self.count("links")


def import_annotations(
    archive: Archive, data: Any, *, claim_ids: dict[str, int] | None = None
) -> AnnotationImportReport:
    """Import Web Annotations (a collection, a page, a list or one annotation) as one change.

    Articles are matched by text fingerprint and original SHA-256; annotations of articles
    this archive does not hold are reported as unmatched. Entities are matched by name or
    alias within their type, or created. What is already there is counted as duplicate, so
    importing the same file twice changes nothing. A claim found here on the same span by
    the same claimant but assessed otherwise is kept beside the analyst's, marked, and listed
    under `conflicts`. `claim_ids`, when given, receives each exported claim id's local id.

    Raises:
        InvalidValueError: the data is not Web Annotation JSON.
    """
    items = _items(data)
    report = AnnotationImportReport()
    with recording(archive, "annotations.import", f"import {len(items)} annotation(s)") as changes:
        importer = _Importer(archive, changes, report)
        for item in items:
            importer.add(item)
        importer.finish_links()
    if claim_ids is not None:
        claim_ids.update(importer.claims)
    return report


def import_json(archive: Archive, text: str | bytes) -> AnnotationImportReport:
    """Import Web Annotation JSON-LD text.

    Raises:
        InvalidValueError: it is not JSON, or JSON out of bounds (see bounded_json), or
            not Web Annotations, or holds a value out of range; nothing is imported then.
    """
    return import_annotations(archive, bounded_json.loads(text, "the annotation file"))
