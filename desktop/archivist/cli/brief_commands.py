"""CLI `brief` commands: new, list, show, add, edit, move, sort, remove, duplicate, delete, undo, redo, history, export, versions, check (and `brief judgment`)."""

from __future__ import annotations

import argparse
from typing import Any

from archivist import briefs
from archivist.cli import judgment_commands
from archivist.cli.common import (
    command_group,
    open_for_command,
    snip,
    span_args,
    span_options,
)
from archivist.cli.output import Output
from archivist.errors import ArchiveLockedError, InvalidValueError

_KINDS = "--claim, --excerpt, --article, --heading or --text"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    bs = command_group(
        sub,
        common,
        "brief",
        help="compose briefs and export them to Word or Markdown",
        description="Compose briefs (title, handling marking, author, date, summary, and ordered sections of headings, analyst text, claims, excerpts and article references) and export them: new, list, show, add, edit, move, remove, duplicate, delete, undo, redo, history, export (which issues a numbered version), versions, check (what changed in the evidence since). BRIEF is a brief id; ITEM an item id (see `brief show`).",
    )

    q = bs.add_parser(
        "new",
        parents=[common],
        help="create a brief",
        description="Create an empty brief. Its date defaults to today.",
    )
    q.add_argument("title", help="the brief's title")
    _brief_fields(q)
    q.set_defaults(handler=cmd_new)

    q = bs.add_parser(
        "list",
        parents=[common],
        help="list briefs",
        description="List briefs, most recently changed first.",
    )
    q.set_defaults(handler=cmd_list)

    q = bs.add_parser(
        "show",
        parents=[common],
        help="one brief with its items",
        description="Show a brief: its title block, summary and items in order, grouped in sections.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.set_defaults(handler=cmd_show)

    q = bs.add_parser(
        "add",
        parents=[common],
        help="add a heading, text, claim, excerpt or article",
        description="Add an item to a brief, at the end or at --at POSITION. An excerpt is a span of an article given by --quote (with --nth) or by --start/--end, like annotations.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    kind = q.add_mutually_exclusive_group(required=True)
    kind.add_argument("--claim", type=int, metavar="C", help="a claim id")
    kind.add_argument(
        "--excerpt", type=int, metavar="A", help="an excerpt of article A (give the span)"
    )
    kind.add_argument("--article", type=int, metavar="A", help="a reference to article A")
    kind.add_argument("--heading", metavar="T", help="a heading (level 1 opens a section)")
    kind.add_argument(
        "--text", metavar="T", help="the analyst's own text (blank lines separate paragraphs)"
    )
    q.add_argument(
        "--level",
        type=int,
        metavar="N",
        help="with --heading: 1 (section, default) or 2 (sub-heading)",
    )
    span_options(q, "with --excerpt: ")
    q.add_argument("--note", metavar="TEXT", help="the analyst's note on the item (a Word comment)")
    q.add_argument(
        "--at", type=int, metavar="POS", help="insert at this position (from 1; default: the end)"
    )
    q.set_defaults(handler=cmd_add)

    q = bs.add_parser(
        "edit",
        parents=[common],
        help="change the title block, summary or an item",
        description="Change a brief's title, marking, author, date or summary (an empty value clears all but the title), or, with --item, an item's text, level, note or excerpt span. The old values stay in the history.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.add_argument("--title", metavar="T", help="new title")
    _brief_fields(q)
    q.add_argument("--item", type=int, metavar="ITEM", help="edit this item instead of the brief")
    q.add_argument("--text", metavar="T", help="with --item: new text of a heading or analyst text")
    q.add_argument("--level", type=int, metavar="N", help="with --item: new heading level (1 or 2)")
    q.add_argument("--note", metavar="TEXT", help="with --item: new note (empty clears it)")
    span_options(q, "with --item: ")
    q.set_defaults(handler=cmd_edit)

    q = bs.add_parser(
        "move",
        parents=[common],
        help="move an item",
        description="Move an item of a brief: to a position, before or after another item, or up or down one place.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.add_argument("item", type=int, metavar="ITEM", help="item id")
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", type=int, metavar="POS", help="to this position (from 1)")
    where.add_argument("--before", type=int, metavar="ITEM", help="just before this item")
    where.add_argument("--after", type=int, metavar="ITEM", help="just after this item")
    where.add_argument("--up", action="store_true", help="up one place")
    where.add_argument("--down", action="store_true", help="down one place")
    q.set_defaults(handler=cmd_move)

    q = bs.add_parser(
        "sort",
        parents=[common],
        help="order the evidence by article",
        description="Put each run of claims, excerpts and article references (between headings, text and judgments, which stay in place) in the order of their articles (by date) and of the quotes within them. One change: `brief undo` puts the old order back.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.set_defaults(handler=cmd_sort)

    q = bs.add_parser(
        "remove",
        parents=[common],
        help="remove an item",
        description="Remove an item from a brief (the claim or article it cites stays in the archive).",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.add_argument("item", type=int, metavar="ITEM", help="item id")
    q.set_defaults(handler=cmd_remove)

    q = bs.add_parser(
        "duplicate",
        parents=[common],
        help="copy a brief",
        description="Copy a brief with all its items (a new brief, titled 'Copy of …' unless --title).",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.add_argument("--title", metavar="T", help="the copy's title")
    q.set_defaults(handler=cmd_duplicate)

    q = bs.add_parser(
        "delete",
        parents=[common],
        help="delete a brief",
        description="Delete a brief and its items; its history is kept.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.set_defaults(handler=cmd_delete)

    for name, verb, text in (
        (
            "undo",
            cmd_undo,
            "Revert the last change to brief BRIEF (or, without BRIEF, to any brief), putting "
            "back exactly what was there. Refused when the rows were changed since.",
        ),
        (
            "redo",
            cmd_redo,
            "Replay the change to brief BRIEF (or to any brief) undone last. A new change to "
            "the brief ends what can be redone.",
        ),
    ):
        q = bs.add_parser(
            name,
            parents=[common],
            help=f"{name} the last change to a brief",
            description=text,
        )
        q.add_argument("brief", type=int, nargs="?", metavar="BRIEF", help="brief id")
        q.set_defaults(handler=verb)

    q = bs.add_parser(
        "history",
        parents=[common],
        help="the changes made to a brief",
        description="List the recorded changes to a brief, newest first: who, when, what.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N entries (default 50)"
    )
    q.add_argument("--changes", action="store_true", help="include every row before and after")
    q.set_defaults(handler=cmd_history)

    q = bs.add_parser(
        "export",
        parents=[common],
        help="write the brief as .docx or Markdown",
        description="Export a brief to Word (.docx, on the bundled template or --template, a .docx/.dotx of your own) or Markdown (OUT.md or --markdown). The file is written whole or not at all.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.add_argument("out", metavar="OUT", help="the file to write (.docx or .md)")
    q.add_argument(
        "--template",
        metavar="T.docx",
        help="a Word document or template whose styles, page setup, headers and footers to use",
    )
    q.add_argument("--markdown", action="store_true", help="write Markdown whatever OUT is called")
    q.add_argument(
        "--notes",
        choices=briefs.NOTE_MODES,
        default="comments",
        help="analysts' notes as Word comments (default), as paragraphs (inline), or left out (omit: a brief for release)",
    )
    q.add_argument(
        "--draft",
        action="store_true",
        help="write a draft: issue no version (works while the desktop app has the archive open)",
    )
    q.add_argument(
        "--version",
        type=int,
        metavar="N",
        help="write issued version N again, exactly as it was issued",
    )
    q.set_defaults(handler=cmd_export)

    q = bs.add_parser(
        "versions",
        parents=[common],
        help="list the brief's issued versions",
        description="List the versions a brief was issued as (each export that changed something issues one): number, date, who, file. `brief export BRIEF OUT --version N` writes one again.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.set_defaults(handler=cmd_versions)

    q = bs.add_parser(
        "check",
        parents=[common],
        help="what changed in the evidence since the brief was last issued",
        description="Compare the claims and excerpts of the brief's last issued version with the archive now: regraded, refuted or disputed, claimant changed, article re-extracted, quote no longer found, deleted. Exit status 0 when nothing changed (or the brief was never issued), 1 when something did.",
    )
    q.add_argument("brief", type=int, metavar="BRIEF", help="brief id")
    q.set_defaults(handler=cmd_check)

    judgment_commands.register(bs, common)


def _brief_fields(q: argparse.ArgumentParser) -> None:
    q.add_argument(
        "--marking",
        metavar="M",
        help="handling marking, e.g. OFFICIAL-SENSITIVE (printed on every page)",
    )
    q.add_argument("--author", metavar="A", help="the author")
    q.add_argument("--date", metavar="DATE", help="the brief's date (YYYY-MM-DD)")
    q.add_argument("--summary", metavar="TEXT", help="the summary: the bottom line up front")
    q.add_argument(
        "--yardstick",
        choices=sorted(briefs.YARDSTICKS),
        help="the probability yardstick of its key judgments: icd203 (ICD 203, the default) "
        "or phia (UK PHIA); a change turns each judgment's term into the new yardstick's",
    )


def _has_span(args: argparse.Namespace) -> bool:
    return any(value is not None for value in span_args(args).values())


def _describe(item: briefs.BriefItem) -> str:
    """One line for an item."""
    if item.kind == "heading":
        line = f"{'#' * (item.level or 1)} {item.text}"
    elif item.kind == "text":
        line = f"text: {snip(item.text)}"
    elif item.kind == "claim":
        if item.missing or item.claim is None:
            line = f"claim {item.claim_id} [missing]"
        else:
            grade = f" {item.claim['grade']}" if item.claim.get("grade") else ""
            line = f"claim {item.claim_id}: {item.claim['claimant']}: “{snip(item.claim['quote'], 60)}”{grade} {item.claim['status']}"
    elif item.kind == "excerpt":
        where = f"article {item.article_id} at {item.start}–{item.end}"
        anchor = "" if item.anchor in (None, "ok") else f" [{item.anchor}]"
        line = f"excerpt of {where}: “{snip(item.quote, 60)}”{anchor}" + (
            " [missing]" if item.missing else ""
        )
    elif item.kind == "judgment":
        line = (
            f"key judgment: {snip(item.text, 70)} [{item.likelihood}; {item.confidence} confidence]"
        )
    else:
        title = item.article["title"] if item.article else "[missing]"
        line = f"article {item.article_id}: {snip(title, 60)}"
    if item.note:
        line += f"  (note: {snip(item.note, 40)})"
    return f"{item.position:>3}. [item {item.id}] {line}"


def _human_brief(brief: briefs.Brief, *, items: bool = True) -> str:
    head = [f"[{brief.id}] {brief.title}"]
    meta = [part for part in (brief.marking, brief.author, brief.date) if part]
    meta.append(f"yardstick {briefs.YARDSTICKS[brief.yardstick].name}")
    if meta:
        head.append("    " + " · ".join(meta))
    if not items:
        head[0] += f"  ({brief.item_count} item(s))"
        return "\n".join(head)
    if brief.summary:
        head.append(f"    Summary: {snip(brief.summary, 100)}")
    head.extend(_describe(item) for item in brief.items)
    if not brief.items:
        head.append("    (no items yet: `archivist brief add`)")
    return "\n".join(head)


# --- commands -------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        brief = briefs.create_brief(
            archive,
            args.title,
            marking=args.marking,
            author=args.author,
            date=args.date,
            summary=args.summary,
            yardstick=args.yardstick,
        )
    out.emit(brief.to_dict(), lambda: f"Created brief {brief.id}: {brief.title}")
    return 0


def cmd_list(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        found = briefs.list_briefs(archive)
    out.emit(
        {"briefs": [b.to_dict(with_items=False) for b in found]},
        lambda: "\n".join(_human_brief(b, items=False) for b in found) or "No briefs.",
    )
    return 0


def cmd_show(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        brief = briefs.get_brief(archive, args.brief)
    data = brief.to_dict()
    data["sections"] = [section.to_dict() for section in brief.sections]
    out.emit(data, lambda: _human_brief(brief))
    return 0


def cmd_add(args: argparse.Namespace, out: Output) -> int:
    if _has_span(args) and args.excerpt is None:
        raise InvalidValueError("--quote, --nth, --start and --end go with --excerpt")
    if args.level is not None and args.heading is None:
        raise InvalidValueError("--level goes with --heading")
    common = {"note": args.note, "position": args.at}
    with open_for_command(args) as archive:
        if args.claim is not None:
            item = briefs.add_claim_item(archive, args.brief, args.claim, **common)
        elif args.excerpt is not None:
            if not _has_span(args):
                raise InvalidValueError(
                    "give the excerpt's span: --quote TEXT, or --start S --end E"
                )
            item = briefs.add_excerpt(
                archive, args.brief, args.excerpt, **span_args(args), **common
            )
        elif args.article is not None:
            item = briefs.add_article_item(archive, args.brief, args.article, **common)
        elif args.heading is not None:
            item = briefs.add_heading(
                archive, args.brief, args.heading, level=args.level or 1, **common
            )
        else:
            item = briefs.add_text(archive, args.brief, args.text, **common)
    out.emit(item.to_dict(), lambda: "Added " + _describe(item).strip())
    return 0


def cmd_edit(args: argparse.Namespace, out: Output) -> int:
    brief_fields = {
        name: getattr(args, name)
        for name in ("title", "marking", "author", "date", "summary")
        if getattr(args, name) is not None
    }
    item_fields: dict[str, Any] = {}
    if args.text is not None:
        item_fields["text"] = args.text
    if args.level is not None:
        item_fields["level"] = args.level
    if args.note is not None:
        item_fields["note"] = args.note
    if args.item is None:
        if item_fields or _has_span(args):
            raise InvalidValueError("--text, --level, --note and the span options go with --item")
        if not brief_fields and args.yardstick is None:
            raise InvalidValueError(
                "nothing to change: give --title, --marking, --author, --date, --summary or "
                "--yardstick (or --item)"
            )
        with open_for_command(args) as archive:
            if brief_fields:
                brief = briefs.edit_brief(archive, args.brief, **brief_fields)
            if args.yardstick is not None:
                brief = briefs.set_yardstick(archive, args.brief, args.yardstick)
        out.emit(brief.to_dict(), lambda: _human_brief(brief))
        return 0
    if brief_fields or args.yardstick is not None:
        raise InvalidValueError("with --item, change the item only (--text, --level, --note, span)")
    if not item_fields and not _has_span(args):
        raise InvalidValueError("nothing to change: give --text, --level, --note or a span")
    with open_for_command(args) as archive:
        item = briefs.edit_item(archive, args.brief, args.item, **item_fields, **span_args(args))
    out.emit(item.to_dict(), lambda: _describe(item))
    return 0


def cmd_move(args: argparse.Namespace, out: Output) -> int:
    by = -1 if args.up else 1 if args.down else None
    with open_for_command(args) as archive:
        item = briefs.move_item(
            archive, args.brief, args.item, to=args.to, before=args.before, after=args.after, by=by
        )
        brief = briefs.get_brief(archive, args.brief)
    data = item.to_dict()
    data["order"] = [i.id for i in brief.items]
    out.emit(data, lambda: _human_brief(brief))
    return 0


def cmd_sort(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        brief = briefs.sort_by_article(archive, args.brief)
    data = brief.to_dict()
    data["order"] = [i.id for i in brief.items]
    out.emit(data, lambda: _human_brief(brief))
    return 0


def cmd_remove(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        item = briefs.remove_item(archive, args.brief, args.item)
    out.emit(
        item.to_dict(), lambda: f"Removed item {item.id} ({item.kind}) from brief {item.brief_id}"
    )
    return 0


def cmd_duplicate(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        brief = briefs.duplicate_brief(archive, args.brief, title=args.title)
    out.emit(
        brief.to_dict(),
        lambda: f"Created brief {brief.id}: {brief.title} ({brief.item_count} item(s))",
    )
    return 0


def cmd_delete(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        brief = briefs.delete_brief(archive, args.brief)
    out.emit(brief.to_dict(), lambda: f"Deleted brief {brief.id}: {brief.title}")
    return 0


def cmd_undo(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entry = briefs.undo_brief_change(archive, args.brief)
    out.emit(
        {"undone": entry.to_dict(with_changes=False)},
        lambda: f"Undone in brief {entry.brief_id}: {entry.summary}",
    )
    return 0


def cmd_redo(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        entry = briefs.redo_brief_change(archive, args.brief)
    out.emit(
        {"redone": entry.to_dict(with_changes=False)},
        lambda: f"Redone in brief {entry.brief_id}: {entry.summary}",
    )
    return 0


def cmd_history(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        entries = briefs.brief_history(
            archive, args.brief, limit=args.limit, with_changes=args.changes
        )
    out.emit(
        {"history": [e.to_dict(with_changes=args.changes) for e in entries]},
        lambda: (
            "\n".join(f"{e.at}  {e.user}  {e.summary}" for e in entries) or "No recorded changes."
        ),
    )
    return 0


def cmd_export(args: argparse.Namespace, out: Output) -> int:
    if args.version is not None and args.draft:
        raise InvalidValueError("--draft and --version do not go together")
    format = "markdown" if args.markdown else None
    if args.version is not None:
        with open_for_command(args, write=False) as archive:
            report = briefs.export_version(
                archive, args.brief, args.version, args.out, format=format, template=args.template
            )
    else:
        try:
            archive = open_for_command(args, write=not args.draft)
        except ArchiveLockedError as exc:
            raise ArchiveLockedError(
                f"{exc}; exporting issues a version of the brief, which writes to the archive: "
                "add --draft to export without issuing one"
            ) from exc
        with archive:
            report = briefs.export_brief(
                archive,
                args.brief,
                args.out,
                format=format,
                template=args.template,
                notes=args.notes,
                issue=not args.draft,
            )
    for warning in report.warnings:
        out.note(f"warning: {warning}")

    def human() -> str:
        if args.version is not None:
            issued = f"version {report.version}, as issued"
        elif report.version is None:
            issued = "draft: no version issued"
        elif report.issued:
            issued = f"issued as version {report.version}"
        else:
            issued = f"unchanged since version {report.version}"
        return (
            f"Wrote {report.path} ({report.format}, {report.bytes:,} bytes; {issued}): "
            f"{report.claims} claim(s), {report.sources} source(s), {report.footnotes} "
            f"footnote(s), {report.comments} comment(s)"
        )

    out.emit(report.to_dict(), human)
    return 0


def cmd_versions(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        versions = briefs.list_versions(archive, args.brief)

    def human() -> str:
        if not versions:
            return f"Brief {args.brief} was never issued (export it to issue version 1)."
        return "\n".join(
            f"v{v.version}  {v.issued_at}  {v.user}  {v.format}  {v.path}  "
            f"({v.claims} claim(s), {v.excerpts} excerpt(s), {v.sources} source(s))"
            for v in versions
        )

    out.emit({"versions": [v.to_dict() for v in versions]}, human)
    return 0


def cmd_check(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        report = briefs.check_brief(archive, args.brief)

    def human() -> str:
        if report.issued_version is None:
            return f"Brief {args.brief} was never issued: nothing to compare."
        head = f"Since version {report.issued_version} was issued ({report.issued_at}): "
        if not report.changes:
            return head + "nothing changed."
        lines = [head + f"{len(report.changes)} change(s)."]
        lines.extend(f"  {change.kind:9} {change.message}" for change in report.changes)
        return "\n".join(lines)

    out.emit(report.to_dict(), human)
    return 1 if report.changes else 0
