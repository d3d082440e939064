"""`archivist search`: full-text search from the command line (its own module, so that a
search process starts without loading the importers, annotations or Word writers)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from archivist.archive import Archive, open_archive
from archivist.cli.output import Output, one_line
from archivist.errors import ArchivistError, InvalidValueError
from archivist.index import SearchHit, SearchResults


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
    p.add_argument("query", nargs="?", help="the query (not with --batch)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="number of hits (default 20)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits")
    p.add_argument(
        "--exact-total",
        action="store_true",
        help="count every match (a phrase with slop or a NOT alone is otherwise counted exactly up to 1,000, then as a lower bound)",
    )
    p.add_argument(
        "--collapse",
        action="store_true",
        help="one hit per story: syndicated copies of a hit are folded into it (listed under "
        '"copies"), and --limit/--offset count stories',
    )
    p.add_argument(
        "--batch",
        metavar="FILE",
        help="run every query of FILE (one per line; or a .csv's column, see --column) and "
        "sum each up: total, articles (syndicated copies once), first and last dates, top hits",
    )
    p.add_argument(
        "--column",
        metavar="NAME|N",
        help="with a .csv --batch: the column of queries, by header name or number from 1 "
        "(default: the first)",
    )
    p.add_argument("--csv", metavar="OUT", help="with --batch: also write the table as CSV")
    p.add_argument(
        "--xlsx", metavar="OUT", help="with --batch: also write the table as an Excel workbook"
    )
    p.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace, out: Output) -> int:
    if args.batch is not None:
        return _batch(args, out)
    if args.query is None:
        raise InvalidValueError("give a query, or --batch FILE")
    with open_archive(args.archive_dir, create=False, access="auto") as archive:
        count_up_to = sys.maxsize if args.exact_total else None
        if args.collapse:
            results, folded = _collapsed(archive, args.query, args.limit, args.offset, count_up_to)
        else:
            results = archive.search(
                args.query, limit=args.limit, offset=args.offset, count_up_to=count_up_to
            )
            folded = None
    data = results.to_dict()
    if folded is not None:
        for hit in data["hits"]:
            hit["copies"] = folded[hit["id"]]
    out.emit(data, lambda: _human_search(results, folded))
    return 0


def _batch(args: argparse.Namespace, out: Output) -> int:
    """`search --batch FILE`: every query of the file, a row each (a bad one its error)."""
    from archivist.archive import batch_search
    from archivist.importers import query_lists

    if args.query is not None:
        raise InvalidValueError("give a query or --batch FILE, not both")
    queries = query_lists.read_queries(args.batch, args.column)
    with open_archive(args.archive_dir, create=False, access="auto") as archive:
        rows = batch_search.run_batch(archive, queries, progress=out.progress)
    out.clear_progress()
    for path, write in ((args.csv, batch_search.write_csv), (args.xlsx, batch_search.write_xlsx)):
        if path:
            try:
                write(rows, path)
            except OSError as exc:
                raise ArchivistError(f"cannot write {path}: {exc.strerror or exc}") from exc
    out.emit({"queries": [row.to_dict() for row in rows]}, lambda: _human_batch(rows))
    return 1 if any(row.error for row in rows) else 0


def _human_batch(rows: list[Any]) -> str:
    lines = []
    for row in rows:
        if row.error:
            lines.append(f"{one_line(row.query)}: error: {row.error}")
            continue
        total = f"{row.total}" if row.total_exact else f"more than {row.total}"
        dates = f" · {row.first} to {row.last}" if row.first else ""
        lines.append(
            f"{one_line(row.query)}: {total} match(es) · {row.articles} with copies folded{dates}"
        )
        lines.extend(f"    [{hit.id}] {one_line(hit.title)}" for hit in row.hits)
    return "\n".join(lines)


_COLLAPSE_PAGE = 200


def _collapsed(
    archive: Archive, query: str, limit: int, offset: int, count_up_to: int | None
) -> tuple[SearchResults, dict[int, list[int]]]:
    """The hits of stories `offset` to `offset + limit`, in rank order, each with the ids of
    its copies that also match (walking the ranked hits a page at a time)."""
    from archivist.archive import copies

    wanted = offset + limit
    kept: list[SearchHit] = []
    folded: dict[int, list[int]] = {}
    story_hit: dict[int, int] = {}  # story -> the kept hit that stands for it
    start = 0
    while True:
        page = archive.search(query, limit=_COLLAPSE_PAGE, offset=start, count_up_to=count_up_to)
        stories = copies.stories_of(archive.db, [hit.id for hit in page.hits])
        for hit in page.hits:
            story = stories.get(hit.id)
            if story is not None and story in story_hit:
                folded[story_hit[story]].append(hit.id)
                continue
            if story is not None:
                story_hit[story] = hit.id
            folded[hit.id] = []
            kept.append(hit)
        start += len(page.hits)
        if len(kept) >= wanted or len(page.hits) < _COLLAPSE_PAGE:
            break
    page.hits = kept[offset:wanted]
    return page, {hit.id: folded[hit.id] for hit in page.hits}


def _human_search(results: SearchResults, folded: dict[int, list[int]] | None = None) -> str:
    if results.total_exact:
        lines = [f"{results.total} result(s) in {results.took_ms:.1f} ms"]
    else:
        lines = [f"more than {results.total} results in {results.took_ms:.1f} ms"]
    lines.extend(f"note: {note}" for note in results.notes)
    for hit in results.hits:
        meta = " · ".join(x for x in (hit.source, hit.published) if x)
        more = len(folded.get(hit.id, [])) if folded else 0
        lines.append(
            f"[{hit.id}] {one_line(hit.title)}"
            + (f"  — {meta}" if meta else "")
            + (f"  (+{more} cop{'y' if more == 1 else 'ies'})" if more else "")
        )
        if hit.snippet:
            lines.append(f"    {hit.snippet}")
    return "\n".join(lines)
