"""`archivist search`: full-text search from the command line (its own module, so that a
search process starts without loading the importers, annotations or Word writers)."""

from __future__ import annotations

import argparse
import sys

from archivist.archive import open_archive
from archivist.cli.output import Output, one_line
from archivist.index.search import SearchResults


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "search",
        parents=[common],
        help="full-text search",
        description=(
            'Search the archive. Words, "exact phrases", AND / OR / NOT, field:value (title, text, source, '
            "author, tag, entity, claimant, status, language), wildcards (protest*), fuzzy terms (electon~), "
            "dates (published:2022-01, published:[2022-01-01 TO 2022-03-31], published:>2021)."
        ),
    )
    p.add_argument("query", help="the query")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="number of hits (default 20)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits")
    p.add_argument(
        "--exact-total",
        action="store_true",
        help="count every match (a phrase with slop or a NOT alone is otherwise counted exactly up to 1,000, then as a lower bound)",
    )
    p.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace, out: Output) -> int:
    with open_archive(args.archive_dir, create=False, access="auto") as archive:
        results = archive.search(
            args.query,
            limit=args.limit,
            offset=args.offset,
            count_up_to=sys.maxsize if args.exact_total else None,
        )
    out.emit(results.to_dict(), lambda: _human_search(results))
    return 0


def _human_search(results: SearchResults) -> str:
    if results.total_exact:
        lines = [f"{results.total} result(s) in {results.took_ms:.1f} ms"]
    else:
        lines = [f"more than {results.total} results in {results.took_ms:.1f} ms"]
    lines.extend(f"note: {note}" for note in results.notes)
    for hit in results.hits:
        meta = " · ".join(x for x in (hit.source, hit.published) if x)
        lines.append(f"[{hit.id}] {one_line(hit.title)}" + (f"  — {meta}" if meta else ""))
        if hit.snippet:
            lines.append(f"    {hit.snippet}")
    return "\n".join(lines)
