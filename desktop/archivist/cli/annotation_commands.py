"""CLI commands about annotations in general: tag, note, undo, redo, history, reextract, and
`annotations export|import` (W3C Web Annotation); `entity` and `claim` have modules of their
own. A thin shell over archivist.annotations.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from archivist import annotations as ann
from archivist.cli.common import (
    command_group,
    open_for_command,
)
from archivist.cli.output import Output, one_line
from archivist.errors import InvalidValueError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:

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
    p.add_argument(
        "--ocr-languages",
        metavar="LANGS",
        help="read its scanned pages again in these Tesseract languages (e.g. eng+rus)",
    )
    p.set_defaults(handler=cmd_reextract)

    group_sub = command_group(
        sub,
        common,
        "annotations",
        help="export or import annotations (W3C Web Annotation)",
        description="Exchange annotations with another archive as W3C Web Annotation JSON-LD.",
    )
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
        help="read annotations (JSON-LD, or Hypothesis's)",
        description="Import W3C Web Annotation JSON-LD (another archive's export: articles matched by their original's SHA-256 and text fingerprint) or Hypothesis annotations (its API's search result, or a list of its rows: each attached as a note with its tags to the archived article at its address, by its quote and context). Exit 1 when some annotations found no article or no text.",
    )
    q.add_argument("file", help="the JSON file ('-' for standard input)")
    q.set_defaults(handler=cmd_annotations_import)


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
        report = reextract(archive, args.id, ocr_languages=args.ocr_languages)
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
    from archivist.annotations.exchange import import_annotation_file

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
        report = import_annotation_file(archive, text)
    created = report.created_text()

    def human() -> str:
        lines = [
            f"Imported {created}; {report.duplicates} already present; "
            f"{len(report.unmatched)} without a matching article; {report.orphaned} orphaned"
        ]
        for row in report.unmatched + report.unanchored + report.skipped:
            where = row.get("uri") or row.get("id") or "an annotation"
            lines.append(f"  {one_line(where)}: {row.get('reason', 'no matching article')}")
        return "\n".join(lines)

    out.emit(report.to_dict(), human)
    return 1 if report.unmatched or report.unanchored else 0
