"""CLI commands about annotations: entity, claim, tag, note, undo, redo, history, reextract...

Also `annotations export|import` (W3C Web Annotation). A thin shell over archivist.annotations.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from archivist import annotations as ann
from archivist.annotations.grades import RELATIONS, STATUS_CODES
from archivist.cli.common import (
    group_help,
    open_for_command,
    snip,
    span_args,
    span_options,
)
from archivist.cli.output import Output
from archivist.errors import InvalidValueError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    _register_entity(sub, common)
    _register_claim(sub, common)

    p = sub.add_parser(
        "tag",
        parents=[common],
        help="tag an article with free labels",
        description="Add free-text tags to an article (or remove them with --remove).",
    )
    p.add_argument("id", type=int, help="article id")
    p.add_argument("tags", nargs="+", metavar="TAG", help="tags to add (or remove)")
    p.add_argument("--remove", action="store_true", help="remove these tags instead")
    p.set_defaults(handler=cmd_tag)

    p = sub.add_parser(
        "note",
        parents=[common],
        help="the analyst's note on an article",
        description="Show, set, extend or clear the analyst's note on an article. The previous note stays in the history (undo brings it back).",
    )
    p.add_argument("id", type=int, help="article id")
    group = p.add_mutually_exclusive_group()
    group.add_argument("text", nargs="?", help="the new note (omit to show the current one)")
    group.add_argument("--append", metavar="TEXT", help="add TEXT to the note as a new paragraph")
    group.add_argument("--clear", action="store_true", help="remove the note")
    p.set_defaults(handler=cmd_note)

    p = sub.add_parser(
        "undo",
        parents=[common],
        help="undo the last annotation change",
        description="Revert the most recent annotation change still in effect.",
    )
    p.set_defaults(handler=cmd_undo)
    p = sub.add_parser(
        "redo",
        parents=[common],
        help="redo the last undone change",
        description="Replay the annotation change undone last.",
    )
    p.set_defaults(handler=cmd_redo)

    p = sub.add_parser(
        "history",
        parents=[common],
        help="the audit trail of annotation changes",
        description="List recorded annotation changes, newest first: who, when, what.",
    )
    p.add_argument("--article", type=int, metavar="ID", help="only changes touching this article")
    p.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N entries (default 50)"
    )
    p.add_argument("--changes", action="store_true", help="include every row before and after")
    p.set_defaults(handler=cmd_history)

    p = sub.add_parser(
        "reextract",
        parents=[common],
        help="extract an article's text again from its original",
        description="Re-run text extraction on the stored original with the current importers; mentions and claims are re-anchored (orphaned when they cannot be found again). Recorded: undo restores the old text.",
    )
    p.add_argument("id", type=int, help="article id")
    p.set_defaults(handler=cmd_reextract)

    p = sub.add_parser(
        "annotations",
        parents=[common],
        help="export or import annotations (W3C Web Annotation)",
        description="Exchange annotations with another archive as W3C Web Annotation JSON-LD.",
    )
    p.set_defaults(handler=group_help(p))
    group_sub = p.add_subparsers(dest="annotations_command", metavar="ACTION")
    q = group_sub.add_parser(
        "export",
        parents=[common],
        help="write annotations as JSON-LD",
        description="Write the annotations of the given articles (all annotated articles by default) as a W3C Web Annotation collection.",
    )
    q.add_argument("ids", nargs="*", type=int, metavar="ID", help="article ids (default: all)")
    q.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of standard output"
    )
    q.set_defaults(handler=cmd_annotations_export)
    q = group_sub.add_parser(
        "import",
        parents=[common],
        help="read annotations from JSON-LD",
        description="Import W3C Web Annotation JSON-LD; articles are matched by their original's SHA-256 and text fingerprint. Exit 1 when some annotations found no article.",
    )
    q.add_argument("file", help="the JSON-LD file ('-' for standard input)")
    q.set_defaults(handler=cmd_annotations_import)


def _register_entity(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "entity",
        parents=[common],
        help="people, organisations, places... and their mentions",
        description="Tag and manage entities: tag, list, show, create, edit, rename, alias, merge, delete, suggest, untag, types. ENTITY is an id or a name (or alias).",
    )
    p.set_defaults(handler=group_help(p))
    es = p.add_subparsers(dest="entity_command", metavar="ACTION")

    q = es.add_parser(
        "tag",
        parents=[common],
        help="tag a span as a mention of an entity",
        description="Tag a span of an article as a mention of an entity, found by name or alias within its type (case and accents ignored) or created.",
    )
    q.add_argument("id", type=int, help="article id")
    span_options(q)
    q.add_argument("--name", metavar="NAME", help="the entity's name or one of its aliases")
    q.add_argument(
        "--type",
        metavar="TYPE",
        help="person, organisation, location, event, other (see `entity types`)",
    )
    q.add_argument(
        "--entity-id", type=int, metavar="ID", help="tag this existing entity instead of --name"
    )
    q.add_argument(
        "--add-alias", action="store_true", help="record the tagged text as an alias of the entity"
    )
    q.add_argument("--description", metavar="TEXT", help="description, when the entity is created")
    q.set_defaults(handler=cmd_entity_tag)

    q = es.add_parser(
        "untag",
        parents=[common],
        help="remove a mention",
        description="Remove a mention (the entity stays).",
    )
    q.add_argument("mention", type=int, help="mention id")
    q.set_defaults(handler=cmd_entity_untag)

    q = es.add_parser(
        "list",
        parents=[common],
        help="list entities with aliases and mention counts",
        description="List entities with their aliases and mention counts.",
    )
    q.add_argument("--type", metavar="TYPE", help="only this type")
    q.add_argument("--article", type=int, metavar="ID", help="only entities in this article")
    q.set_defaults(handler=cmd_entity_list)

    q = es.add_parser(
        "show",
        parents=[common],
        help="one entity with its mentions and claims",
        description="Show an entity with its mentions and the claims it makes or concerns.",
    )
    q.add_argument("entity", metavar="ENTITY", help="entity id or name")
    q.set_defaults(handler=cmd_entity_show)

    q = es.add_parser(
        "create",
        parents=[common],
        help="create an entity",
        description="Create an entity without tagging it yet.",
    )
    q.add_argument("name", help="canonical name")
    q.add_argument("--type", required=True, metavar="TYPE", help="entity type")
    q.add_argument(
        "--alias", action="append", default=[], metavar="ALIAS", help="an alias (repeatable)"
    )
    q.add_argument("--description", metavar="TEXT", help="description or note")
    q.set_defaults(handler=cmd_entity_create)

    q = es.add_parser(
        "edit",
        parents=[common],
        help="change an entity's type or description",
        description="Change an entity's type and/or description (an empty description clears it).",
    )
    q.add_argument("entity", metavar="ENTITY", help="entity id or name")
    q.add_argument("--type", metavar="TYPE", help="new type")
    q.add_argument("--description", metavar="TEXT", help="new description")
    q.set_defaults(handler=cmd_entity_edit)

    q = es.add_parser(
        "rename",
        parents=[common],
        help="change an entity's canonical name",
        description="Change an entity's canonical name; the old name is kept as an alias.",
    )
    q.add_argument("entity", metavar="ENTITY", help="entity id or name")
    q.add_argument("new_name", metavar="NEW_NAME", help="the new canonical name")
    q.add_argument(
        "--drop-old-name", action="store_true", help="do not keep the old name as an alias"
    )
    q.set_defaults(handler=cmd_entity_rename)

    q = es.add_parser(
        "alias",
        parents=[common],
        help="add or remove aliases",
        description="Add aliases to an entity (or remove them with --remove).",
    )
    q.add_argument("entity", metavar="ENTITY", help="entity id or name")
    q.add_argument("aliases", nargs="+", metavar="ALIAS")
    q.add_argument("--remove", action="store_true", help="remove these aliases instead")
    q.set_defaults(handler=cmd_entity_alias)

    q = es.add_parser(
        "merge",
        parents=[common],
        help="merge OTHER into KEEP",
        description="Merge entity OTHER into KEEP: mentions and claims follow KEEP, OTHER's names become aliases, OTHER is deleted.",
    )
    q.add_argument("keep", metavar="KEEP", help="the surviving entity (id or name)")
    q.add_argument("other", metavar="OTHER", help="the entity merged into it (id or name)")
    q.set_defaults(handler=cmd_entity_merge)

    q = es.add_parser(
        "delete",
        parents=[common],
        help="delete an entity",
        description="Delete an entity. Refused while it has mentions or claims, unless --cascade: then its mentions go, claims lose it, and claims it made keep its name as free-text claimant.",
    )
    q.add_argument("entity", metavar="ENTITY", help="entity id or name")
    q.add_argument(
        "--cascade", action="store_true", help="also remove its mentions and claim links"
    )
    q.set_defaults(handler=cmd_entity_delete)

    q = es.add_parser(
        "suggest",
        parents=[common],
        help="find untagged mentions of an entity",
        description="Find occurrences of an entity's name and aliases that are not tagged yet (whole words, case and accents ignored), in one article or the whole archive; accept some or all.",
    )
    q.add_argument("entity", metavar="ENTITY", help="entity id or name")
    q.add_argument("--article", type=int, metavar="ID", help="only this article")
    q.add_argument("--limit", type=int, metavar="N", help="at most N suggestions")
    q.add_argument(
        "--accept",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="tag suggestion number N (from 1; repeatable)",
    )
    q.add_argument("--accept-all", action="store_true", help="tag every suggestion")
    q.set_defaults(handler=cmd_entity_suggest)

    q = es.add_parser(
        "types",
        parents=[common],
        help="list (or add) entity types",
        description="List the entity types, or add one with --add.",
    )
    q.add_argument("--add", metavar="NAME", help="add a type")
    q.add_argument("--label", metavar="LABEL", help="its display label")
    q.set_defaults(handler=cmd_entity_types)


def _register_claim(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "claim",
        parents=[common],
        help="who asserted what: record, grade, link claims",
        description="Record and manage claims: add, list, show, edit, delete, link, unlink, grades, claimants, promote-claimant.",
    )
    p.set_defaults(handler=group_help(p))
    cs = p.add_subparsers(dest="claim_command", metavar="ACTION")

    def claim_fields(q: argparse.ArgumentParser) -> None:
        q.add_argument("--statement", metavar="TEXT", help="paraphrase of what is claimed")
        q.add_argument(
            "--reliability",
            metavar="A-F",
            help="source reliability: A completely reliable … F cannot be judged",
        )
        q.add_argument(
            "--credibility",
            metavar="1-6",
            help="information credibility: 1 confirmed … 6 cannot be judged",
        )
        q.add_argument("--note", metavar="TEXT", help="analyst's note")
        q.add_argument(
            "--about",
            action="append",
            default=[],
            metavar="ENTITY",
            help="an entity the claim concerns (repeatable)",
        )

    q = cs.add_parser(
        "add",
        parents=[common],
        help="record a claim",
        description="Record a claim on a span of an article.",
    )
    q.add_argument("id", type=int, help="article id")
    span_options(q)
    q.add_argument(
        "--claimant",
        metavar="NAME",
        help="who asserts it: an entity's name/alias, or free text such as 'local media'",
    )
    q.add_argument("--claimant-id", type=int, metavar="ID", help="the claimant as an entity id")
    claim_fields(q)
    q.add_argument(
        "--status",
        default="unverified",
        metavar="S",
        help=f"one of {', '.join(STATUS_CODES)} (default unverified)",
    )
    q.set_defaults(handler=cmd_claim_add)

    q = cs.add_parser(
        "list",
        parents=[common],
        help="list claims",
        description="List claims, optionally filtered.",
    )
    q.add_argument("--status", metavar="S", help=f"only this status ({', '.join(STATUS_CODES)})")
    q.add_argument("--article", type=int, metavar="ID", help="only claims in this article")
    q.add_argument("--claimant", metavar="NAME", help="only claims by this claimant")
    q.add_argument("--entity", metavar="ENTITY", help="only claims by or about this entity")
    q.set_defaults(handler=cmd_claim_list)

    q = cs.add_parser(
        "show",
        parents=[common],
        help="one claim",
        description="Show a claim with its links and suggested status.",
    )
    q.add_argument("claim", type=int, help="claim id")
    q.set_defaults(handler=cmd_claim_show)

    q = cs.add_parser(
        "edit",
        parents=[common],
        help="change a claim",
        description="Change any part of a claim; an empty value clears statement, grades or note. The old values stay in the history.",
    )
    q.add_argument("claim", type=int, help="claim id")
    span_options(q)
    q.add_argument("--claimant", metavar="NAME", help="new claimant")
    q.add_argument("--claimant-id", type=int, metavar="ID", help="new claimant entity id")
    claim_fields(q)
    q.add_argument(
        "--not-about",
        action="append",
        default=[],
        metavar="ENTITY",
        help="remove an entity it concerns (repeatable)",
    )
    status = q.add_mutually_exclusive_group()
    status.add_argument("--status", metavar="S", help=f"one of {', '.join(STATUS_CODES)}")
    status.add_argument(
        "--apply-suggested", action="store_true", help="take the status its links suggest"
    )
    q.set_defaults(handler=cmd_claim_edit)

    q = cs.add_parser(
        "delete",
        parents=[common],
        help="delete a claim",
        description="Delete a claim and its links (undo brings them back).",
    )
    q.add_argument("claim", type=int, help="claim id")
    q.set_defaults(handler=cmd_claim_delete)

    q = cs.add_parser(
        "link",
        parents=[common],
        help="A corroborates or contradicts B",
        description="Record that claim A corroborates or contradicts claim B; prints the link and the statuses the links suggest (the analyst decides).",
    )
    q.add_argument("a", type=int, metavar="A", help="claim id")
    q.add_argument("b", type=int, metavar="B", help="claim id")
    q.add_argument("--relation", required=True, choices=RELATIONS, help="how A relates to B")
    q.add_argument("--note", metavar="TEXT", help="why")
    q.set_defaults(handler=cmd_claim_link)

    q = cs.add_parser(
        "unlink",
        parents=[common],
        help="remove the link between two claims",
        description="Remove the link between claims A and B.",
    )
    q.add_argument("a", type=int, metavar="A")
    q.add_argument("b", type=int, metavar="B")
    q.set_defaults(handler=cmd_claim_unlink)

    q = cs.add_parser(
        "grades",
        parents=[common],
        help="the grading scales and statuses",
        description="The NATO/Admiralty source-reliability (A–F) and information-credibility (1–6) scales with their meanings, and the claim statuses.",
    )
    q.set_defaults(handler=cmd_claim_grades)

    q = cs.add_parser(
        "claimants",
        parents=[common],
        help="list claimants",
        description="List claimants (entities and free texts) with their numbers of claims.",
    )
    q.set_defaults(handler=cmd_claim_claimants)

    q = cs.add_parser(
        "promote-claimant",
        parents=[common],
        help="turn a free-text claimant into an entity",
        description="Turn a free-text claimant ('local media') into an entity on every claim naming it: an existing entity (--entity) or one found or created by --name/--type.",
    )
    q.add_argument("claimant", metavar="TEXT", help="the free-text claimant")
    q.add_argument("--type", metavar="TYPE", help="type of the entity to find or create")
    q.add_argument("--name", metavar="NAME", help="name of that entity (default: TEXT)")
    q.add_argument("--entity", metavar="ENTITY", help="an existing entity instead")
    q.set_defaults(handler=cmd_claim_promote)


# --- entity ---------------------------------------------------------------------------------


def cmd_entity_tag(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        result = ann.tag_entity(
            archive,
            args.id,
            name=args.name,
            type=args.type,
            entity_id=args.entity_id,
            add_alias=args.add_alias,
            description=args.description,
            **span_args(args),
        )
    for other in result.other_types:
        out.note(f"note: {other.name!r} is also the {other.type} entity {other.id}")
    m = result.mention
    verb = "Tagged" if result.created else "Already tagged"
    out.emit(
        result.to_dict(),
        lambda: (
            f"{verb} mention {m.id}: {m.entity} ({m.type}, entity {m.entity_id}) at {m.start}–{m.end} “{snip(m.quote)}”"
            + (" [new entity]" if result.created_entity else "")
        ),
    )
    return 0


def cmd_entity_untag(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        mention = ann.delete_mention(archive, args.mention)
    out.emit(
        mention.to_dict(),
        lambda: f"Removed mention {mention.id} of {mention.entity} in article {mention.article_id}",
    )
    return 0


def _human_entities(entities: list[ann.Entity]) -> str:
    lines = []
    for e in entities:
        aliases = f"  (aka {', '.join(e.aliases)})" if e.aliases else ""
        lines.append(
            f"[{e.id}] {e.name} — {e.type}, {e.mention_count} mention(s) in {e.article_count} article(s), {e.claim_count} claim(s){aliases}"
        )
    return "\n".join(lines) or "No entities."


def cmd_entity_list(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        entities = ann.list_entities(archive, type=args.type, article_id=args.article)
    out.emit({"entities": [e.to_dict() for e in entities]}, lambda: _human_entities(entities))
    return 0


def cmd_entity_show(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        entity = ann.resolve_entity(archive, args.entity)
        mentions = ann.mentions_of_entity(archive, entity.id)
        claims = ann.list_claims(archive, entity=entity.id)
    data = {
        "entity": entity.to_dict(),
        "mentions": [m.to_dict() for m in mentions],
        "claims": [c.to_dict() for c in claims],
    }

    def human() -> str:
        lines = [_human_entities([entity])]
        if entity.description:
            lines.append(entity.description)
        lines += [
            f"  mention {m.id}: article {m.article_id} at {m.start}–{m.end} “{snip(m.quote)}”"
            + ("" if m.anchor == "ok" else f" [{m.anchor}]")
            for m in mentions
        ]
        lines += [f"  claim {c.id}: {c.claimant}: “{snip(c.quote)}” ({c.status})" for c in claims]
        return "\n".join(lines)

    out.emit(data, human)
    return 0


def cmd_entity_create(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entity = ann.create_entity(
            archive, args.name, args.type, aliases=args.alias, description=args.description
        )
    out.emit(entity.to_dict(), lambda: f"Created entity {entity.id}: {entity.name} ({entity.type})")
    return 0


def cmd_entity_edit(args: argparse.Namespace, out: Output) -> int:
    if args.type is None and args.description is None:
        raise InvalidValueError("nothing to change: give --type and/or --description")
    kwargs: dict[str, Any] = {"type": args.type}
    if args.description is not None:
        kwargs["description"] = args.description
    with open_for_command(args) as archive:
        entity = ann.resolve_entity(archive, args.entity)
        entity = ann.edit_entity(archive, entity.id, **kwargs)
    out.emit(entity.to_dict(), lambda: _human_entities([entity]))
    return 0


def cmd_entity_rename(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entity = ann.resolve_entity(archive, args.entity)
        entity = ann.rename_entity(
            archive, entity.id, args.new_name, keep_alias=not args.drop_old_name
        )
    out.emit(entity.to_dict(), lambda: _human_entities([entity]))
    return 0


def cmd_entity_alias(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entity = ann.resolve_entity(archive, args.entity)
        for alias in args.aliases:
            if args.remove:
                entity = ann.remove_alias(archive, entity.id, alias)
            else:
                entity = ann.add_alias(archive, entity.id, alias)
    out.emit(entity.to_dict(), lambda: _human_entities([entity]))
    return 0


def cmd_entity_merge(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        keep = ann.resolve_entity(archive, args.keep)
        other = ann.resolve_entity(archive, args.other)
        result = ann.merge_entities(archive, keep.id, other.id)
    out.emit(
        result.to_dict(),
        lambda: (
            f"Merged {other.name} ({other.id}) into {keep.name} ({keep.id}): {result.mentions_moved} mention(s) and {result.claims_moved} claim link(s) moved\n"
            + _human_entities([result.entity])
        ),
    )
    return 0


def cmd_entity_delete(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entity = ann.resolve_entity(archive, args.entity)
        result = ann.delete_entity(archive, entity.id, cascade=args.cascade)
    out.emit(
        result.to_dict(),
        lambda: (
            f"Deleted entity {entity.id} ({entity.name}); {result.mentions_deleted} mention(s) removed"
        ),
    )
    return 0


def cmd_entity_suggest(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=bool(args.accept or args.accept_all)) as archive:
        entity = ann.resolve_entity(archive, args.entity)
        suggestions = ann.find_suggestions(
            archive, entity.id, article_id=args.article, limit=args.limit
        )
        chosen = list(suggestions) if args.accept_all else []
        for number in args.accept:
            if not 1 <= number <= len(suggestions):
                raise InvalidValueError(
                    f"--accept {number}: there are {len(suggestions)} suggestion(s), numbered from 1"
                )
            chosen.append(suggestions[number - 1])
        accepted = ann.accept_suggestions(archive, entity.id, chosen) if chosen else []
        entity = ann.get_entity(archive, entity.id)
    data = {
        "entity": entity.to_dict(),
        "suggestions": [dict(s.to_dict(), number=i) for i, s in enumerate(suggestions, start=1)],
        "accepted": [m.to_dict() for m in accepted],
    }

    def human() -> str:
        lines = [f"{len(suggestions)} untagged occurrence(s) of {entity.name}:"]
        lines += [
            f"  {i}. article {s.article_id} at {s.start}–{s.end}: …{s.prefix[-25:]}[{s.quote}]{s.suffix[:25]}…".replace(
                "\n", " "
            )
            for i, s in enumerate(suggestions, start=1)
        ]
        if accepted:
            lines.append(f"Tagged {len(accepted)} mention(s).")
        return "\n".join(lines)

    out.emit(data, human)
    return 0


def cmd_entity_types(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=bool(args.add)) as archive:
        if args.add:
            ann.add_entity_type(archive, args.add, args.label)
        types = ann.list_entity_types(archive)
    out.emit(
        {"types": [t.to_dict() for t in types]},
        lambda: "\n".join(f"{t.name}  ({t.label})" for t in types),
    )
    return 0


# --- claim ----------------------------------------------------------------------------------


def _human_claim(claim: ann.Claim) -> str:
    grade = f" {claim.grade}" if claim.grade else ""
    lines = [
        f"[{claim.id}] {claim.claimant}: “{snip(claim.quote, 90)}” — article {claim.article_id} at {claim.start}–{claim.end}{grade}, {claim.status}"
        + ("" if claim.anchor == "ok" else f" [{claim.anchor}]")
    ]
    if claim.statement:
        lines.append(f"    statement: {claim.statement}")
    if claim.entities:
        lines.append("    about: " + ", ".join(e["name"] for e in claim.entities))
    for link in claim.links:
        lines.append(
            f"    {'→' if link['direction'] == 'outgoing' else '←'} {link['relation']} claim {link['claim_id']}"
        )
    if claim.suggested_status != claim.status and claim.links:
        lines.append(f"    links suggest: {claim.suggested_status}")
    if claim.note:
        lines.append(f"    note: {claim.note}")
    return "\n".join(lines)


def cmd_claim_add(args: argparse.Namespace, out: Output) -> int:
    if not args.claimant and args.claimant_id is None:
        raise InvalidValueError("give the claimant: --claimant NAME or --claimant-id ID")
    with open_for_command(args) as archive:
        claim = ann.add_claim(
            archive,
            args.id,
            claimant=args.claimant,
            claimant_entity_id=args.claimant_id,
            statement=args.statement,
            reliability=args.reliability,
            credibility=args.credibility,
            status=args.status,
            note=args.note,
            about=args.about,
            **span_args(args),
        )
    out.emit(claim.to_dict(), lambda: "Recorded claim\n" + _human_claim(claim))
    return 0


def cmd_claim_list(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        claims = ann.list_claims(
            archive,
            status=args.status,
            article_id=args.article,
            claimant=args.claimant,
            entity=args.entity,
        )
    out.emit(
        {"claims": [c.to_dict() for c in claims]},
        lambda: "\n".join(_human_claim(c) for c in claims) or "No claims.",
    )
    return 0


def cmd_claim_show(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        claim = ann.get_claim(archive, args.claim)
    out.emit(claim.to_dict(), lambda: _human_claim(claim))
    return 0


def cmd_claim_edit(args: argparse.Namespace, out: Output) -> int:
    kwargs: dict[str, Any] = {
        "claimant": args.claimant,
        "claimant_entity_id": args.claimant_id,
        "status": args.status,
        "add_about": args.about,
        "remove_about": args.not_about,
        **span_args(args),
    }
    for name in ("statement", "reliability", "credibility", "note"):
        value = getattr(args, name)
        if value is not None:
            kwargs[name] = value or None
    with open_for_command(args) as archive:
        if args.apply_suggested:
            kwargs["status"] = ann.get_claim(archive, args.claim).suggested_status
        claim = ann.edit_claim(archive, args.claim, **kwargs)
    out.emit(claim.to_dict(), lambda: _human_claim(claim))
    return 0


def cmd_claim_delete(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        claim = ann.delete_claim(archive, args.claim)
    out.emit(claim.to_dict(), lambda: f"Deleted claim {claim.id}")
    return 0


def cmd_claim_link(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        link = ann.link_claims(archive, args.a, args.b, args.relation, note=args.note)
        a, b = ann.get_claim(archive, args.a), ann.get_claim(archive, args.b)
    data = link.to_dict()
    data["suggested_status"] = {str(a.id): a.suggested_status, str(b.id): b.suggested_status}
    data["status"] = {str(a.id): a.status, str(b.id): b.status}
    out.emit(
        data,
        lambda: (
            f"Link {link.id}: claim {a.id} {link.relation} claim {b.id}; links suggest {a.id}: {a.suggested_status}, {b.id}: {b.suggested_status}"
        ),
    )
    if link.warning:
        out.note(f"warning: {link.warning}")
    return 0


def cmd_claim_unlink(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        link = ann.unlink_claims(archive, args.a, args.b)
    out.emit(link.to_dict(), lambda: f"Removed link {link.id} between claims {args.a} and {args.b}")
    return 0


def cmd_claim_grades(args: argparse.Namespace, out: Output) -> int:
    scales = ann.grading_scales()

    def human() -> str:
        lines = []
        for title, key in (
            ("Source reliability", "reliability"),
            ("Information credibility", "credibility"),
            ("Status", "statuses"),
        ):
            lines.append(f"{title}:")
            lines += [f"  {g['code']}  {g['label']} — {g['description']}" for g in scales[key]]
        return "\n".join(lines)

    out.emit(scales, human)
    return 0


def cmd_claim_claimants(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        claimants = ann.list_claimants(archive)
    out.emit(
        {"claimants": claimants},
        lambda: (
            "\n".join(
                f"{c['claimant']}  ({c['claims']} claim(s){', entity ' + str(c['entity_id']) if c['entity_id'] else ''})"
                for c in claimants
            )
            or "No claimants."
        ),
    )
    return 0


def cmd_claim_promote(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entity, claim_ids = ann.promote_claimant(
            archive, args.claimant, type=args.type, entity=args.entity, name=args.name
        )
    out.emit(
        {"entity": entity.to_dict(), "claims": claim_ids},
        lambda: f"{len(claim_ids)} claim(s) now attributed to entity {entity.id} ({entity.name})",
    )
    return 0


# --- articles: tags, note -------------------------------------------------------------------


def cmd_tag(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        tags = (
            ann.untag_article(archive, args.id, args.tags)
            if args.remove
            else ann.tag_article(archive, args.id, args.tags)
        )
    out.emit(
        {"id": args.id, "tags": tags},
        lambda: f"Article {args.id} tags: {', '.join(tags) or '(none)'}",
    )
    return 0


def cmd_note(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(
        args, write=bool(args.clear or args.append is not None or args.text is not None)
    ) as archive:
        if args.clear:
            note = ann.set_note(archive, args.id, None)
        elif args.append is not None:
            note = ann.set_note(archive, args.id, args.append, append=True)
        elif args.text is not None:
            note = ann.set_note(archive, args.id, args.text)
        else:
            note = ann.get_note(archive, args.id)
    out.emit({"id": args.id, "note": note}, lambda: note or "(no note)")
    return 0


# --- history --------------------------------------------------------------------------------


def cmd_undo(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entry = ann.undo(archive)
    out.emit({"undone": entry.to_dict(with_changes=False)}, lambda: f"Undone: {entry.summary}")
    return 0


def cmd_redo(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entry = ann.redo(archive)
    out.emit({"redone": entry.to_dict(with_changes=False)}, lambda: f"Redone: {entry.summary}")
    return 0


def cmd_history(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        entries = ann.list_history(
            archive, article_id=args.article, limit=args.limit, with_changes=args.changes
        )
    out.emit(
        {"history": [e.to_dict(with_changes=args.changes) for e in entries]},
        lambda: (
            "\n".join(
                f"#{e.id} {e.at} {e.user}: {e.summary}"
                + ("" if e.state == "done" else f" [{e.state}]")
                for e in entries
            )
            or "No recorded changes."
        ),
    )
    return 0


def cmd_reextract(args: argparse.Namespace, out: Output) -> int:
    from archivist.importers.reextract import reextract  # (the importers load only here)

    with open_for_command(args) as archive:
        report = reextract(archive, args.id)
    counts = report.counts()
    out.emit(
        report.to_dict(),
        lambda: (
            (
                f"Article {args.id}: text changed; spans "
                + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
            )
            if report.changed
            else f"Article {args.id}: the text is unchanged"
        ),
    )
    return 0


# --- exchange -------------------------------------------------------------------------------


def cmd_annotations_export(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        data = ann.export_annotations(archive, args.ids or None)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.output:
        path = Path(args.output)
        path.write_text(text + "\n", encoding="utf-8")
        out.emit(
            {"path": str(path), "annotations": data["total"]},
            lambda: f"Wrote {data['total']} annotation(s) to {path}",
        )
    else:
        out.stdout.write(text + "\n")
    return 0


def cmd_annotations_import(args: argparse.Namespace, out: Output) -> int:
    from archivist import bounded_json
    from archivist.annotations.webannotation import import_json

    try:
        if args.file == "-":
            stdin = getattr(sys.stdin, "buffer", sys.stdin)
            text = stdin.read(bounded_json.MAX_BYTES + 1)
        else:
            with Path(args.file).open("rb") as file:
                text = file.read(bounded_json.MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidValueError(f"cannot read {args.file}: {exc}") from None
    with open_for_command(args, create=True) as archive:
        report = import_json(archive, text)
    created = ", ".join(f"{v} {k}" for k, v in sorted(report.created.items())) or "nothing new"
    out.emit(
        report.to_dict(),
        lambda: (
            f"Imported {created}; {report.duplicates} already present; {len(report.unmatched)} without a matching article; {report.orphaned} orphaned"
        ),
    )
    return 1 if report.unmatched else 0
