"""CLI `brief judgment` commands (add and edit a brief's key judgments) and `brief lint`."""

from __future__ import annotations

import argparse
from typing import Any

from archivist import briefs
from archivist.cli.common import command_group, open_for_command, snip
from archivist.cli.output import Output
from archivist.errors import InvalidValueError


def register(bs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add `brief judgment add|edit` to the `brief` command's actions `bs`."""
    js = command_group(
        bs,
        common,
        "judgment",
        help="add or edit a key judgment",
        description="Key judgments lead a brief: a statement with a likelihood term of the brief's yardstick (see `brief new --yardstick`), an analytic confidence (low, moderate, high) with its basis, and the claims and excerpts it rests on.",
    )

    q = bs.add_parser(
        "lint",
        parents=[common],
        help="advice on the judgments and prose",
        description='Advice on brief BRIEF: hedges and estimative words outside its yardstick, judgments with no evidence, resting on a single source or only on claims graded E/F or 5/6, refuted or disputed claims cited as support, likelihood and confidence in one sentence under ICD 203. JSON: {"warnings": [{"item", "kind", "message"}]}. Exit 0: lint is advice.',
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.set_defaults(handler=cmd_lint)

    q = js.add_parser(
        "add",
        parents=[common],
        help="add a key judgment",
        description="Add a key judgment to brief BRIEF (at the end, or at --at POSITION). A likelihood outside the brief's yardstick is refused with the list of its terms.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.add_argument("--text", required=True, metavar="T", help="the judgment itself")
    _judgment_fields(q, required=True)
    q.add_argument(
        "--at", type=int, metavar="POS", help="insert at this position (from 1; default: the end)"
    )
    q.set_defaults(handler=cmd_judgment_add)

    q = js.add_parser(
        "edit",
        parents=[common],
        help="change a key judgment",
        description="Change key judgment ITEM: what is given changes, the rest stays. --claim and --excerpt replace that kind of evidence; --no-claims / --no-excerpts remove it. The old values stay in the brief's history (undo: `brief undo`).",
    )
    q.add_argument("item", type=int, metavar="ITEM", help="the judgment's item id")
    q.add_argument("--brief", type=int, metavar="BRIEF", help="its brief (found when left out)")
    q.add_argument("--text", metavar="T", help="the judgment itself")
    _judgment_fields(q, required=False)
    q.add_argument("--no-claims", action="store_true", help="remove every supporting claim")
    q.add_argument("--no-excerpts", action="store_true", help="remove every supporting excerpt")
    q.add_argument("--no-matrices", action="store_true", help="remove every ACH matrix basis")
    q.set_defaults(handler=cmd_judgment_edit)


def _judgment_fields(q: argparse.ArgumentParser, *, required: bool) -> None:
    q.add_argument(
        "--likelihood",
        required=required,
        metavar="TERM",
        help="a term of the brief's yardstick, e.g. 'likely', 'roughly even chance' (ICD 203) "
        "or 'realistic possibility' (PHIA)",
    )
    q.add_argument(
        "--confidence",
        required=required,
        choices=briefs.CONFIDENCE_LEVELS,
        help="analytic confidence in the judgment",
    )
    q.add_argument("--basis", metavar="T", help="what the confidence rests on")
    q.add_argument(
        "--claim",
        type=int,
        action="append",
        metavar="ID",
        help="a supporting claim (repeat for several)",
    )
    q.add_argument(
        "--excerpt",
        type=int,
        action="append",
        metavar="ITEM",
        help="a supporting excerpt: an excerpt item of the same brief (repeat for several)",
    )
    q.add_argument(
        "--matrix",
        type=int,
        action="append",
        metavar="ID",
        help="an ACH matrix the judgment rests on (see `ach list`; shown in an appendix)",
    )
    q.add_argument("--note", metavar="TEXT", help="the analyst's note (a Word comment)")


def _line(item: briefs.BriefItem) -> str:
    evidence = item.evidence or {}
    support = [f"claim {c}" for c in evidence.get("claims", [])]
    support += [f"excerpt {e}" for e in evidence.get("excerpts", [])]
    support += [f"ACH matrix {m}" for m in evidence.get("matrices", [])]
    return (
        f"[item {item.id}] key judgment: {snip(item.text, 80)}\n"
        f"    {item.likelihood}; {item.confidence} confidence"
        + (f" ({snip(item.basis, 60)})" if item.basis else "")
        + (f"\n    resting on {', '.join(support)}" if support else "\n    (no evidence yet)")
    )


def cmd_judgment_add(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        item = briefs.add_judgment(
            archive,
            args.brief,
            args.text,
            likelihood=args.likelihood,
            confidence=args.confidence,
            basis=args.basis,
            claims=args.claim or (),
            excerpts=args.excerpt or (),
            matrices=args.matrix or (),
            note=args.note,
            position=args.at,
        )
    out.emit(item.to_dict(), lambda: "Added " + _line(item))
    return 0


def cmd_judgment_edit(args: argparse.Namespace, out: Output) -> int:
    if args.no_claims and args.claim:
        raise InvalidValueError("give --claim or --no-claims, not both")
    if args.no_excerpts and args.excerpt:
        raise InvalidValueError("give --excerpt or --no-excerpts, not both")
    changes: dict[str, Any] = {
        name: getattr(args, name)
        for name in ("text", "likelihood", "confidence", "basis", "note")
        if getattr(args, name) is not None
    }
    if args.claim or args.no_claims:
        changes["claims"] = args.claim or []
    if args.excerpt or args.no_excerpts:
        changes["excerpts"] = args.excerpt or []
    if args.no_matrices and args.matrix:
        raise InvalidValueError("give --matrix or --no-matrices, not both")
    if args.matrix or args.no_matrices:
        changes["matrices"] = args.matrix or []
    if not changes:
        raise InvalidValueError(
            "nothing to change: give --text, --likelihood, --confidence, --basis, --claim, "
            "--excerpt, --matrix or --note"
        )
    with open_for_command(args) as archive:
        brief_id = (
            args.brief if args.brief is not None else briefs.brief_of_item(archive, args.item)
        )
        item = briefs.edit_judgment(archive, brief_id, args.item, **changes)
    out.emit(item.to_dict(), lambda: _line(item))
    return 0


def cmd_lint(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        warnings = briefs.lint_brief(archive, args.brief)
    out.emit(
        {"warnings": [w.to_dict() for w in warnings]},
        lambda: "\n".join(f"{w.kind}: {w.message}" for w in warnings) or "No warnings.",
    )
    return 0
