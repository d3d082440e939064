"""CLI `ach`: matrices of competing hypotheses over the archive's claims (Heuer's method)."""

from __future__ import annotations

import argparse
from typing import Any

from archivist import ach
from archivist.cli.common import command_group, open_for_command, snip
from archivist.cli.output import Output
from archivist.errors import InvalidValueError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    acts = command_group(
        sub,
        common,
        "ach",
        help="analysis of competing hypotheses: a matrix of hypotheses against evidence",
        description="Heuer's analysis of competing hypotheses: for a question, hypotheses "
        "(columns) against evidence (rows: claims and excerpts of the archive, and "
        "assumptions), each cell rated CC / C / N / I / II / NA; hypotheses rank by least "
        "weighted inconsistency. MATRIX, HYP and EVIDENCE are ids (see `ach show`). Every "
        "change can be undone with `archivist undo`.",
    )

    q = acts.add_parser("new", parents=[common], help="start a matrix for a question")
    q.add_argument("question", metavar="QUESTION")
    q.set_defaults(handler=cmd_new)
    q = acts.add_parser("list", parents=[common], help="list the matrices")
    q.set_defaults(handler=cmd_list)
    q = acts.add_parser(
        "show",
        parents=[common],
        help="a matrix with its ratings, scores and sensitivity",
        description="The matrix: hypotheses with their weighted inconsistency and rank, "
        "evidence rows with claimant, grade, status, weight and ratings, non-diagnostic and "
        "critical rows, claims regraded since they were rated, and the legend.",
    )
    q.add_argument("matrix", type=int, metavar="MATRIX")
    q.set_defaults(handler=cmd_show)
    q = acts.add_parser("edit", parents=[common], help="change a matrix's question")
    q.add_argument("matrix", type=int, metavar="MATRIX")
    q.add_argument("--question", required=True, metavar="Q")
    q.set_defaults(handler=cmd_edit)
    q = acts.add_parser("delete", parents=[common], help="delete a matrix (undo restores it)")
    q.add_argument("matrix", type=int, metavar="MATRIX")
    q.set_defaults(handler=cmd_delete)

    _register_hypothesis(acts, common)
    _register_evidence(acts, common)

    q = acts.add_parser(
        "rate",
        parents=[common],
        help="rate evidence against a hypothesis",
        description="Rate evidence row EVIDENCE against hypothesis HYP: CC (very consistent), "
        "C, N (neutral), I (inconsistent), II (very inconsistent), NA (not applicable), or - "
        "to clear the rating. Rating a row takes note of its claim's current grade.",
    )
    q.add_argument("evidence", type=int, metavar="EVIDENCE")
    q.add_argument("hypothesis", type=int, metavar="HYP")
    q.add_argument("rating", metavar="RATING")
    q.set_defaults(handler=cmd_rate)


def _register_hypothesis(acts: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    hs = command_group(acts, common, "hypothesis", help="add, edit, move or remove hypotheses")
    q = hs.add_parser("add", parents=[common], help="add a hypothesis (a column) at the end")
    q.add_argument("matrix", type=int, metavar="MATRIX")
    q.add_argument("text", metavar="TEXT", help="the hypothesis, one sentence")
    q.add_argument("--indicators", metavar="T", help="what to watch for (one per line)")
    q.set_defaults(handler=cmd_hypothesis_add)
    q = hs.add_parser("edit", parents=[common], help="change a hypothesis or its indicators")
    q.add_argument("hypothesis", type=int, metavar="HYP")
    q.add_argument("--text", metavar="TEXT")
    q.add_argument("--indicators", metavar="T", help="what to watch for (one per line)")
    q.add_argument("--no-indicators", action="store_true", help="clear the indicators")
    q.set_defaults(handler=cmd_hypothesis_edit)
    q = hs.add_parser("move", parents=[common], help="move a hypothesis to another column")
    q.add_argument("hypothesis", type=int, metavar="HYP")
    q.add_argument("position", type=int, metavar="POSITION", help="1 = the first column")
    q.set_defaults(handler=cmd_hypothesis_move)
    q = hs.add_parser("remove", parents=[common], help="remove a hypothesis and its ratings")
    q.add_argument("hypothesis", type=int, metavar="HYP")
    q.set_defaults(handler=cmd_hypothesis_remove)


def _register_evidence(acts: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    es = command_group(acts, common, "evidence", help="add, edit or remove evidence rows")
    q = es.add_parser(
        "add",
        parents=[common],
        help="add a claim, an excerpt or an assumption as evidence",
        description="Add a row: --claim ID (its claimant, grade and status are read live), "
        "--article ID with --quote (or --start/--end) for an excerpt, or --assumption TEXT.",
    )
    q.add_argument("matrix", type=int, metavar="MATRIX")
    what = q.add_mutually_exclusive_group(required=True)
    what.add_argument("--claim", type=int, metavar="ID", help="a claim of the archive")
    what.add_argument("--article", type=int, metavar="ID", help="an article, for an excerpt")
    what.add_argument("--assumption", metavar="TEXT", help="an analyst's assumption")
    q.add_argument("--quote", metavar="TEXT", help="with --article: the excerpt's exact text")
    q.add_argument("--nth", type=int, metavar="N", help="with --quote: its N-th occurrence")
    q.add_argument("--start", type=int, metavar="S", help="with --article: start offset")
    q.add_argument("--end", type=int, metavar="E", help="with --article: end offset")
    q.add_argument("--relevance", choices=ach.RELEVANCES, default="medium")
    q.set_defaults(handler=cmd_evidence_add)
    q = es.add_parser("edit", parents=[common], help="set a row's relevance, or mark it reviewed")
    q.add_argument("evidence", type=int, metavar="EVIDENCE")
    q.add_argument("--relevance", choices=ach.RELEVANCES)
    q.add_argument(
        "--reviewed",
        action="store_true",
        help="take note of its claim's new grade or status (clears the flag)",
    )
    q.set_defaults(handler=cmd_evidence_edit)
    q = es.add_parser("remove", parents=[common], help="remove an evidence row")
    q.add_argument("evidence", type=int, metavar="EVIDENCE")
    q.set_defaults(handler=cmd_evidence_remove)


# --- handlers -------------------------------------------------------------------------------


def _emit_matrix(out: Output, matrix: ach.Matrix, lead: str = "") -> int:
    out.emit(matrix.to_dict(), lambda: (lead + "\n" if lead else "") + matrix_text(matrix))
    return 0


def matrix_text(matrix: ach.Matrix) -> str:
    """The matrix as the terminal shows it."""
    scores = matrix.scores()
    lines = [f"[{matrix.id}] {matrix.question}", ""]
    rank = {h: i for i, h in enumerate(scores.ranking, start=1)}
    for h in matrix.hypotheses:
        lead = "  ← leads" if h.id == scores.leader else ""
        lines.append(
            f"  {h.label} (hyp {h.id}) {snip(h.text, 60)} — inconsistency "
            f"{scores.inconsistency[h.id]:g}, rank {rank[h.id]}{lead}"
        )
        if h.indicators:
            lines += [f"       watch: {line}" for line in h.indicators.splitlines()]
    if not matrix.hypotheses:
        lines.append("  no hypotheses yet: `ach hypothesis add`")
    lines.append("")
    for e in matrix.evidence:
        ratings = " ".join(f"{e.ratings.get(h.id, '·'):>2}" for h in matrix.hypotheses)
        who = f"{e.claimant}, " if e.claimant else ""
        grade = (
            f"{who}{e.grade or 'ungraded'}, {e.status or e.kind}" if e.kind == "claim" else e.kind
        )
        marks = []
        if e.id in scores.non_diagnostic:
            marks.append("non-diagnostic")
        if e.id in scores.critical:
            marks.append("critical (" + ", ".join(scores.critical[e.id]) + ")")
        if e.change:
            marks.append(f"changed: {e.change}")
        lines.append(
            f"  {ratings}  [{e.id}] {snip(e.description, 50)} ({grade}; weight {e.weight:.2f})"
            + (f"  ! {'; '.join(marks)}" if marks else "")
        )
    if not matrix.evidence:
        lines.append("  no evidence yet: `ach evidence add`")
    lines += ["", ach.LEGEND]
    return "\n".join(lines)


def cmd_new(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, create=True) as archive:
        matrix = ach.create_matrix(archive, args.question)
    return _emit_matrix(out, matrix, f"Created ACH matrix {matrix.id}")


def cmd_list(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        matrices = ach.list_matrices(archive)
    out.emit(
        {"matrices": [m.to_dict() for m in matrices]},
        lambda: (
            "\n".join(
                f"[{m.id}] {m.question}  ({m.hypotheses} hypotheses, {m.evidence} evidence)"
                for m in matrices
            )
            or "No ACH matrices yet: `archivist ach new QUESTION`"
        ),
    )
    return 0


def cmd_show(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        matrix = ach.get_matrix(archive, args.matrix)
    return _emit_matrix(out, matrix)


def cmd_edit(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        matrix = ach.rename_matrix(archive, args.matrix, args.question)
    return _emit_matrix(out, matrix)


def cmd_delete(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        ach.delete_matrix(archive, args.matrix)
    out.emit(
        {"deleted": args.matrix},
        lambda: f"Deleted ACH matrix {args.matrix} (undo: `archivist undo`)",
    )
    return 0


def cmd_hypothesis_add(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        hypothesis = ach.add_hypothesis(archive, args.matrix, args.text, args.indicators)
    out.emit(hypothesis.to_dict(), lambda: f"Added {hypothesis.label} (hyp {hypothesis.id})")
    return 0


def cmd_hypothesis_edit(args: argparse.Namespace, out: Output) -> int:
    changes: dict[str, Any] = {"text": args.text}
    if args.no_indicators:
        changes["indicators"] = None
    elif args.indicators is not None:
        changes["indicators"] = args.indicators
    with open_for_command(args) as archive:
        hypothesis = ach.edit_hypothesis(archive, args.hypothesis, **changes)
    out.emit(hypothesis.to_dict(), lambda: f"Changed {hypothesis.label} (hyp {hypothesis.id})")
    return 0


def cmd_hypothesis_move(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        matrix = ach.move_hypothesis(archive, args.hypothesis, args.position)
    return _emit_matrix(out, matrix)


def cmd_hypothesis_remove(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        matrix = ach.remove_hypothesis(archive, args.hypothesis)
    return _emit_matrix(out, matrix)


def cmd_evidence_add(args: argparse.Namespace, out: Output) -> int:
    from archivist.annotations.anchoring import find_quote

    with open_for_command(args) as archive:
        if args.article is not None:
            if args.quote:
                anchor = find_quote(archive.article(args.article).text, args.quote, args.nth or 1)
                span = (args.article, anchor.start, anchor.end)
            elif args.start is not None and args.end is not None:
                span = (args.article, args.start, args.end)
            else:
                raise InvalidValueError("an excerpt needs --quote, or --start and --end")
            evidence = ach.add_evidence(
                archive, args.matrix, excerpt=span, relevance=args.relevance
            )
        else:
            evidence = ach.add_evidence(
                archive,
                args.matrix,
                claim_id=args.claim,
                assumption=args.assumption,
                relevance=args.relevance,
            )
    out.emit(
        evidence.to_dict(),
        lambda: (
            f"Added evidence {evidence.id}: {snip(evidence.description)} "
            f"(weight {evidence.weight:.2f})"
        ),
    )
    return 0


def cmd_evidence_edit(args: argparse.Namespace, out: Output) -> int:
    if args.relevance is None and not args.reviewed:
        raise InvalidValueError("give --relevance or --reviewed")
    with open_for_command(args) as archive:
        if args.relevance is not None:
            evidence = ach.set_relevance(archive, args.evidence, args.relevance)
        if args.reviewed:
            evidence = ach.acknowledge(archive, args.evidence)
    out.emit(
        evidence.to_dict(),
        lambda: (
            f"Evidence {evidence.id}: {evidence.relevance} relevance, weight "
            f"{evidence.weight:.2f}" + (f"; changed: {evidence.change}" if evidence.change else "")
        ),
    )
    return 0


def cmd_evidence_remove(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        matrix = ach.remove_evidence(archive, args.evidence)
    return _emit_matrix(out, matrix)


def cmd_rate(args: argparse.Namespace, out: Output) -> int:
    rating = None if args.rating == "-" else args.rating
    with open_for_command(args) as archive:
        evidence = ach.rate(archive, args.evidence, args.hypothesis, rating)
        matrix = ach.get_matrix(archive, evidence.matrix_id)
    return _emit_matrix(out, matrix)
