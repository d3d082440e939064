"""CLI commands about the archive itself and its articles: init, import, search, show, edit,
check, reindex, optimize, backup."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from archivist import page_numbers
from archivist.annotations import list_claims, mentions_of_article, span_notes_of_article
from archivist.archive import Archive, copies, open_archive, searches
from archivist.archive.backup import backup_archive
from archivist.archive.maintenance import check, regroup_copies, reindex
from archivist.archive.records import EDITABLE_FIELDS, Article
from archivist.cli.output import Output, one_line
from archivist.cli.watch_commands import watch_json
from archivist.errors import ArchiveWriteError, InvalidValueError
from archivist.importers.pipeline import ImportOptions, ImportReport, import_paths
from archivist.index import merge_in_background
from archivist.progress import CancelToken


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "init",
        parents=[common],
        help="create an empty archive",
        description="Create an empty archive folder (or check an existing one opens).",
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import files and folders",
        description="Import files and folders: .html/.htm, .txt, .md, .docx, .pdf, .eml, RSS/Atom feeds.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    p.add_argument("--recursive", "-r", action="store_true", help="descend into sub-folders")
    p.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="tag every imported article (repeatable)",
    )
    p.add_argument(
        "--max-size-mb",
        type=float,
        default=100,
        metavar="MIB",
        help="skip files larger than this many MiB (default 100)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=120,
        metavar="S",
        help="per-file extraction time limit in seconds (default 120)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="extraction processes (default: one per core)",
    )
    p.add_argument(
        "--ocr-languages",
        metavar="LANGS",
        help="read scans in these Tesseract languages, e.g. eng+rus (default: "
        "$ARCHIVIST_OCR_LANGUAGES, else every one installed, English first)",
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "show",
        parents=[common],
        help="show one article",
        description="Show an article with its metadata, text and annotations.",
    )
    p.add_argument("id", type=int, help="article id")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser(
        "copies",
        parents=[common],
        help="the syndicated copies of an article",
        description="The articles that are the same story as article ID (republished, "
        "re-headlined, trimmed or lightly edited), the likely origin first: the earliest "
        'published, then the earliest imported. JSON: {"id": ID, "story": [ids, origin '
        'first], "copies": [the others], "articles": [{"id", "title", "source", '
        '"published", "origin"}]}. Without ID: how many stories and groups the archive '
        "holds. --threshold sets the similarity from which articles count as copies (0.05–1, "
        "default 0.3) and regroups every article.",
    )
    p.add_argument("id", type=int, nargs="?", help="article id")
    p.add_argument(
        "--threshold",
        type=float,
        metavar="S",
        help="set the copies threshold (0.05–1) and regroup the archive",
    )
    p.set_defaults(handler=cmd_copies)

    p = sub.add_parser(
        "edit",
        parents=[common],
        help="correct an article's metadata",
        description="Correct an article's metadata; the change is recorded and re-indexed. The text itself never changes. An empty value clears a field.",
    )
    p.add_argument("id", type=int, help="article id")
    for name in EDITABLE_FIELDS:
        p.add_argument(
            f"--{name}",
            metavar=name.upper(),
            help=f"new {name}" + (" (YYYY-MM-DD, YYYY-MM or YYYY)" if name == "published" else ""),
        )
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser(
        "check",
        parents=[common],
        help="check the archive's integrity",
        description="Check the database, originals and search index; exit 1 when problems remain.",
    )
    p.add_argument(
        "--repair",
        action="store_true",
        help="heal what can be healed (index drift, leftovers of a crash)",
    )
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "reindex",
        parents=[common],
        help="rebuild the search index",
        description="Rebuild the search index from the database.",
    )
    p.set_defaults(handler=cmd_reindex)

    p = sub.add_parser(
        "optimize",
        parents=[common],
        help="merge the search index's segments into one",
        description=(
            "Merge the search index's segments into one (searches get faster). Safe while "
            "the desktop app is open: other work goes on meanwhile. The desktop app also "
            "merges by itself, in the background, when imports have added segments."
        ),
    )
    p.set_defaults(handler=cmd_optimize)

    p = sub.add_parser(
        "backup",
        parents=[common],
        help="copy the archive consistently",
        description="Make a consistent copy of the archive (safe while another process writes); the copy opens as an archive.",
    )
    p.add_argument("dest", help="destination folder (new or empty)")
    p.set_defaults(handler=cmd_backup)


def _open(args: argparse.Namespace, create: bool = True, access: str = "write") -> Archive:
    return open_archive(args.archive_dir, create=create, access=access)


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    with _open(args) as archive:
        data = {"archive": str(archive.root), "articles": archive.count()}
    out.emit(data, lambda: f"Archive ready at {data['archive']} ({data['articles']} articles)")
    return 0


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    options = ImportOptions(
        max_bytes=int(args.max_size_mb * 1024 * 1024),
        timeout_s=args.timeout,
        workers=args.workers,
        ocr_languages=args.ocr_languages,
    )
    cancel = CancelToken()
    with _open(args) as archive:
        try:
            report = import_paths(
                archive,
                args.paths,
                recursive=args.recursive,
                tags=args.tag,
                options=options,
                progress=out.progress,
                cancel=cancel,
            )
        except KeyboardInterrupt:
            cancel.cancel()
            raise
        except ArchiveWriteError as exc:
            partial = exc.report
            if isinstance(partial, ImportReport):
                out.emit(_import_json(partial), lambda: _human_import(partial))
            raise
        watched = searches.count_new(archive) if report.imported else []
    out.clear_progress()
    data = _import_json(report)
    data["watches"] = [watch_json(w) for w in watched]
    out.emit(data, lambda: _human_import(report))
    for note in searches.new_matches_note(watched):
        out.note(note)
    return 1 if report.failed else 0


def _import_json(report: ImportReport) -> dict[str, Any]:
    data = report.to_dict()
    data.pop("cancelled")
    return data


def _human_import(report: ImportReport) -> str:
    lines = [
        f"Imported {len(report.imported)} article(s); "
        f"{len(report.duplicates)} duplicate(s); {len(report.failed)} failed."
        + (
            f" {report.copies} syndicated cop(ies) of other articles found."
            if report.copies
            else ""
        )
    ]
    for item in report.imported:
        lines.append(f"  + [{item.id}] {one_line(item.title)}  ({one_line(item.path)})")
    for dup in report.duplicates:
        lines.append(f"  = {one_line(dup.path)}: already in the archive as [{dup.id}]")
    for failed in report.failed:
        lines.append(f"  ! {one_line(failed.path)}: {one_line(failed.error)}")
    return "\n".join(lines)


def article_json(archive: Archive, article: Article) -> dict[str, Any]:
    """The `show` JSON of an article with its annotations.

    `mentions`, `claims` and `span_notes` hold the spans anchored in the current text
    (`text[start:end] == quote` always); those that could not be found again after the text changed are listed
    apart under `orphaned`, with their last known offsets and quote.
    """
    mentions = mentions_of_article(archive, article.id)
    claims = list_claims(archive, article_id=article.id)
    notes = span_notes_of_article(archive, article.id)
    data: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "author": article.author,
        "url": article.url,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "tags": article.tags,
        "note": article.note,
        "format": article.format,
        "ocr": json.loads(article.ocr) if article.ocr else None,
        "page_starts": page_numbers.decode(article.page_starts),
        "original_filename": article.original_filename,
        "original_sha256": article.original_sha256,
        "imported_at": article.imported_at,
        "updated_at": article.updated_at,
        "copies": copies.copies_of(archive.db, article.id),
        "mentions": [m.to_dict() for m in mentions if m.anchor != "orphaned"],
        "claims": [c.to_dict() for c in claims if c.anchor != "orphaned"],
        "span_notes": [n.to_dict() for n in notes if n.anchor != "orphaned"],
        "orphaned": {
            "mentions": [m.to_dict() for m in mentions if m.anchor == "orphaned"],
            "claims": [c.to_dict() for c in claims if c.anchor == "orphaned"],
            "span_notes": [n.to_dict() for n in notes if n.anchor == "orphaned"],
        },
    }
    return data


def cmd_copies(args: argparse.Namespace, out: Output) -> int:
    if args.threshold is not None or args.id is None:
        return _copies_settings(args, out)
    with _open(args, create=False, access="auto") as archive:
        archive.article(args.id)  # NotFoundError names it
        story = copies.story_members(archive.db, args.id)
        shown = [archive.article(member) for member in story]
    data = {
        "id": args.id,
        "story": story,
        "copies": [member for member in story if member != args.id],
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "published": a.published,
                "origin": index == 0,
            }
            for index, a in enumerate(shown)
        ],
    }

    def human() -> str:
        if len(story) == 1:
            return f"Article {args.id} has no syndicated copies."
        lines = [f"Article {args.id} is one of {len(story)} copies of a story:"]
        for index, a in enumerate(shown):
            mark = "origin" if index == 0 else "copy  "
            when = (a.published or "")[:10]
            lines.append(
                f"  {mark} [{a.id}] {one_line(a.title)} — {one_line(a.source or '?')} {when}"
            )
        return "\n".join(lines)

    out.emit(data, human)
    return 0


def _copies_settings(args: argparse.Namespace, out: Output) -> int:
    """`copies` without an article: the archive's stories, or a new threshold applied."""

    writing = args.threshold is not None
    if writing:
        try:
            copies.check_threshold(args.threshold)
        except ValueError as exc:
            raise InvalidValueError(str(exc)) from None
    with _open(args, create=False, access="write" if writing else "auto") as archive:
        if writing:
            regroup_copies(archive, threshold=args.threshold, progress=out.progress)
            out.clear_progress()
        data = copies.summary(archive.db)
    out.emit(
        data,
        lambda: (
            f"{data['stories']:,} distinct stories ({data['groups']:,} with syndicated "
            f"copies); copies threshold {data['threshold']:g}"
        ),
    )
    return 0


def cmd_show(args: argparse.Namespace, out: Output) -> int:
    with _open(args, create=False, access="auto") as archive:
        article = archive.article(args.id)
        data = article_json(archive, article)

    def human() -> str:
        head = [f"[{article.id}] {one_line(article.title)}"]
        for label in ("source", "author", "published", "language", "url"):
            value = getattr(article, label)
            if value:
                head.append(f"{label.capitalize()}: {one_line(value)}")
        if article.tags:
            head.append("Tags: " + ", ".join(article.tags))
        head.append(
            f"Original: {one_line(article.original_filename)} (sha256 {article.original_sha256[:12]})"
        )
        return "\n".join(head) + "\n\n" + article.text

    out.emit(data, human)
    return 0


def cmd_edit(args: argparse.Namespace, out: Output) -> int:
    changes = {
        name: getattr(args, name) for name in EDITABLE_FIELDS if getattr(args, name) is not None
    }
    if not changes:
        out.error(
            "nothing to change: give at least one of "
            + ", ".join(f"--{n}" for n in EDITABLE_FIELDS)
        )
        return 2
    with _open(args, create=False) as archive:
        edits = archive.edit_article(args.id, **changes)
        article = archive.article(args.id)
        data = article_json(archive, article)
        data["edits"] = [e.__dict__ for e in edits]
    out.emit(
        data,
        lambda: (
            "\n".join(f"{e.field}: {e.old_value!r} -> {e.new_value!r}" for e in edits)
            or "no change"
        ),
    )
    return 0


def cmd_check(args: argparse.Namespace, out: Output) -> int:
    from archivist.importers import ocr

    with _open(args, create=False, access="write" if args.repair else "auto") as archive:
        report = check(archive, repair=args.repair)
    data = report.to_dict()
    ocr_status = ocr.ocr_status()
    data["ocr"] = {
        "available": ocr_status.available,
        "version": ocr_status.version,
        "languages": list(ocr_status.languages),
        "problem": ocr_status.problem,
    }

    def human() -> str:
        lines = [
            f"{'OK' if report.ok else 'PROBLEMS FOUND'}: {report.articles} article(s), {report.indexed} indexed"
        ]
        lines += [f"  repaired: {r}" for r in report.repaired]
        lines += [f"  {p.kind}: {p.detail}" for p in report.problems]
        lines += [f"  warning: {p.kind}: {p.detail}" for p in report.warnings]
        lines.append(f"  search: {report.search_engine}")
        lines.append(f"  scans: {ocr_status.describe()}")
        return "\n".join(lines)

    out.emit(data, human)
    return 0 if report.ok else 1


def cmd_reindex(args: argparse.Namespace, out: Output) -> int:
    with _open(args, create=False) as archive:
        count = reindex(archive, progress=out.progress)
    out.clear_progress()
    out.emit({"indexed": count}, lambda: f"Index rebuilt: {count} article(s)")
    return 0


def cmd_optimize(args: argparse.Namespace, out: Output) -> int:
    # The merge only takes the index's write lock for a moment: reading access to the
    # archive is enough, so this runs beside the desktop app.
    with _open(args, create=False, access="read") as archive:
        report = merge_in_background(
            archive.index.directory, everything=True, progress=out.progress
        )
    out.clear_progress()
    out.emit(asdict(report), report.summary)
    return 0


def cmd_backup(args: argparse.Namespace, out: Output) -> int:
    # Reading is enough, and never holds up a writer: a backup is consistent while another
    # process writes.
    with _open(args, create=False, access="read") as archive:
        report = backup_archive(archive, args.dest, progress=out.progress)
    out.clear_progress()
    out.emit(
        report.to_dict(),
        lambda: (
            f"Backed up {report.articles} article(s) and {report.originals} original(s) to {report.path}"
        ),
    )
    return 0
