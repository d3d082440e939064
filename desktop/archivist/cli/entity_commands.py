"""CLI commands about entities: tag and untag mentions, list, show, create, edit, rename,
alias, merge, delete, suggest untagged mentions, entity types."""

from __future__ import annotations

import argparse
from typing import Any

from archivist import annotations as ann
from archivist.cli.common import (
    command_group,
    open_for_command,
    snip,
    span_args,
    span_options,
)
from archivist.cli.output import Output
from archivist.errors import InvalidValueError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    es = command_group(
        sub,
        common,
        "entity",
        help="people, organisations, places... and their mentions",
        description="Tag and manage entities: tag, list, show, create, edit, rename, alias, merge, delete, suggest, untag, types. ENTITY is an id or a name (or alias).",
    )

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
