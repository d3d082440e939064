"""CLI commands about sources: the articles of a brief or a search written for a citation
manager (CSL-JSON, RIS, BibTeX)."""

from __future__ import annotations

import argparse
from pathlib import Path

from archivist.archive.articles import all_ids
from archivist.cli.common import command_group, open_for_command
from archivist.cli.output import Output
from archivist.errors import InvalidValueError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from archivist.briefs.bibliography import FORMATS

    ss = command_group(
        sub,
        common,
        "sources",
        help="sources for citation managers",
        description="Sources: the articles of a brief or a search as records Zotero, "
        "EndNote, Mendeley or pandoc read. Actions: export.",
    )
    q = ss.add_parser(
        "export",
        parents=[common],
        help="write sources as CSL-JSON, RIS or BibTeX",
        description="Write one record per article (title, publisher, authors, date, URL, "
        "date imported, language, a stable key, where the original is in the archive): the "
        "sources a brief cites (--brief), or the articles a search finds (QUERY), or every "
        "article. The format is --format, else the output file's suffix (.json, .ris, .bib).",
    )
    q.add_argument("query", nargs="?", help="a search: its matching articles, best first")
    q.add_argument("--brief", type=int, metavar="ID", help="the sources brief ID cites")
    q.add_argument("--format", choices=FORMATS, help="csl-json (default), ris or bibtex")
    q.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
    q.set_defaults(handler=cmd_sources_export)


def cmd_sources_export(args: argparse.Namespace, out: Output) -> int:
    from archivist.briefs import bibliography

    if args.brief is not None and args.query:
        raise InvalidValueError("give a brief or a query, not both")
    if args.format:
        format_name = str(args.format)
    else:
        format_name = bibliography.format_for(args.output) if args.output else "csl-json"
    with open_for_command(args, write=False) as archive:
        if args.brief is not None:
            ids = bibliography.brief_article_ids(archive, args.brief)
        elif args.query:
            ids = bibliography.query_article_ids(archive, args.query)
        else:
            ids = all_ids(archive.db)
        if args.output:
            records = bibliography.write_sources(archive, ids, args.output, format_name)
        else:
            records = bibliography.records_for(archive, ids)
    summary = {
        "format": format_name,
        "count": len(records),
        "sources": [{"key": r.key, "article_id": r.article_id, "title": r.title} for r in records],
    }
    if args.output:
        out.emit(
            {**summary, "path": str(Path(args.output).expanduser())},
            lambda: f"Wrote {len(records)} source(s) as {format_name} to {args.output}",
        )
        return 0
    text = bibliography.export_text(records, format_name)
    if out.as_json:
        out.emit({**summary, "text": text})
    else:
        out.stdout.write(text)
    return 0
