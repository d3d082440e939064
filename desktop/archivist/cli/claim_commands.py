"""CLI commands about claims: add, list, show, edit, delete, link and unlink (corroborates,
contradicts...), grades, claimants, promote a claimant to an entity."""

from __future__ import annotations

import argparse
from typing import Any

from archivist import annotations as ann
from archivist.annotations.grades import RELATIONS, STATUS_CODES
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
    cs = command_group(
        sub,
        common,
        "claim",
        help="who asserted what: record, grade, link claims",
        description="Record and manage claims: add, list, show, edit, delete, link, unlink, grades, claimants, promote-claimant.",
    )

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
