"""CLI commands about archive bundles: one file holding articles, annotations and briefs,
written here and merged into another analyst's archive (export, import)."""

from __future__ import annotations

import argparse

from archivist.cli.common import command_group, open_for_command
from archivist.cli.output import Output, one_line
from archivist.errors import InvalidValueError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    bs = command_group(
        sub,
        common,
        "bundle",
        help="archive bundles: share articles, annotations and briefs by file",
        description="Archive bundles, for analysts who exchange work by file (USB, mail): "
        "one zip with a manifest and checksums. Actions: export, import.",
    )
    q = bs.add_parser(
        "export",
        parents=[common],
        help="write a bundle",
        description="Write a bundle of every article (by default), of the articles a search "
        "finds (--query) or of those a brief rests on (--brief): their originals, extracted "
        "text and metadata, entities, mentions, claims with their links, notes and tags, and "
        "the briefs on them.",
    )
    q.add_argument("--output", "-o", metavar="FILE", required=True, help="the bundle to write")
    q.add_argument("--query", metavar="Q", help="only the articles this search finds")
    q.add_argument("--brief", type=int, metavar="ID", help="only what brief ID rests on")
    q.set_defaults(handler=cmd_bundle_export)
    q = bs.add_parser(
        "import",
        parents=[common],
        help="merge a bundle into this archive",
        description="Merge a bundle: articles matched by their original's SHA-256, "
        "entities by id or name and type, annotations by id. Your own edits are never "
        "overwritten: a claim assessed otherwise in the bundle is kept beside yours, marked, "
        "and listed. Importing a bundle twice changes nothing; a damaged or changed bundle is "
        "refused whole. Exit 1 when there are conflicts to look at.",
    )
    q.add_argument("file", help="the bundle")
    q.set_defaults(handler=cmd_bundle_import)


def cmd_bundle_export(args: argparse.Namespace, out: Output) -> int:
    from archivist.exchange import export_bundle

    if args.query and args.brief is not None:
        raise InvalidValueError("give --query or --brief, not both")
    with open_for_command(args, write=False) as archive:
        report = export_bundle(
            archive, args.output, query=args.query, brief_id=args.brief, progress=out.progress
        )
    out.clear_progress()
    out.emit(
        report.to_dict(),
        lambda: (
            f"Wrote {report.articles} article(s) ({report.originals} original file(s)), "
            f"{report.annotations} annotation(s) and {report.briefs} brief(s) to {report.path} "
            f"({report.size / 1e6:.1f} MB)"
        ),
    )
    return 0


def cmd_bundle_import(args: argparse.Namespace, out: Output) -> int:
    from archivist.exchange import import_bundle

    with open_for_command(args, create=True) as archive:
        report = import_bundle(archive, args.file, progress=out.progress)
    out.clear_progress()

    def human() -> str:
        annotations = report.annotations
        created = ", ".join(f"{v} {k}" for k, v in sorted(annotations["created"].items()))
        lines = [
            f"Articles: {report.articles_added} added, {report.articles_present} already here",
            f"Annotations: {created or 'nothing new'}; {annotations['duplicates']} already here",
            f"Briefs: {len(report.briefs_added)} added, {report.briefs_present} already here",
        ]
        for conflict in report.conflicts:
            lines.append(
                f"Conflict: “{one_line(conflict['quote'][:60])}” ({one_line(conflict['claimant'])}) "
                f"is {conflict['here']['assessment']} here, {conflict['imported']['assessment']} "
                f"in the bundle: both kept (claims {conflict['here']['claim_id']} and "
                f"{conflict['imported']['claim_id']})"
            )
        for merge in annotations["proposed_merges"]:
            lines.append(
                f"Same name, other type: {one_line(merge['name'])} ({merge['type']}, entity "
                f"{merge['entity_id']}) and {one_line(merge['with_name'])} ({merge['with_type']}, "
                f"entity {merge['with_entity_id']}): merge them if they are one"
            )
        lines += [f"Warning: {one_line(w)}" for w in report.warnings]
        return "\n".join(lines)

    out.emit(report.to_dict(), human)
    return 1 if report.conflicts else 0
