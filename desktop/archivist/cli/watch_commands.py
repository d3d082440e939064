"""CLI commands about watch lists: saved searches that count the articles each import adds
to them (add, list, seen, remove)."""

from __future__ import annotations

import argparse
from typing import Any

from archivist.archive import searches
from archivist.cli.common import command_group, open_for_command
from archivist.cli.output import Output, one_line
from archivist.errors import NotFoundError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ws = command_group(
        sub,
        common,
        "watch",
        help="saved searches that tell you what is new",
        description="Watch lists: a watched search counts its matches among the articles "
        "imported since you last looked (after every import, here and in the desktop app). "
        "Actions: add, list, seen, remove.",
    )
    q = ws.add_parser(
        "add",
        parents=[common],
        help="watch a query",
        description="Save QUERY as a watched search (in the app's sidebar too); it counts "
        "what is imported from now on. A search of the same name is replaced.",
    )
    q.add_argument("query", help="the query, as typed in a search")
    q.add_argument("--name", metavar="NAME", help="its name (default: the query)")
    q.set_defaults(handler=cmd_watch_add)

    q = ws.add_parser(
        "list",
        parents=[common],
        help="the watches and their new matches",
        description="Every watched search, with the number of its matches imported since "
        "it was last seen.",
    )
    q.set_defaults(handler=cmd_watch_list)

    q = ws.add_parser(
        "seen",
        parents=[common],
        help="mark a watch's new matches as seen",
        description="Mark a watch's new matches as seen: its count starts again from zero.",
    )
    q.add_argument("id", type=int, help="the watch's id (see `watch list`)")
    q.set_defaults(handler=cmd_watch_seen)

    q = ws.add_parser(
        "remove",
        parents=[common],
        help="stop watching",
        description="Stop watching a search and forget it.",
    )
    q.add_argument("id", type=int, help="the watch's id (see `watch list`)")
    q.set_defaults(handler=cmd_watch_remove)


def watch_json(search: searches.SavedSearch) -> dict[str, Any]:
    return {"id": search.id, "name": search.name, "query": search.query, "new": search.new}


def _human(search: searches.SavedSearch) -> str:
    new = f"{search.new} new" if search.new else "nothing new"
    name = one_line(search.name)
    shown = name if search.name == search.query else f"{name}  ({one_line(search.query)})"
    return f"[{search.id}] {shown}: {new}"


def cmd_watch_add(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, create=True) as archive:
        watch = searches.save_search(archive, args.name or args.query, args.query, watched=True)
    out.emit(watch_json(watch), lambda: f"Watching {_human(watch)}")
    return 0


def cmd_watch_list(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args, write=False) as archive:
        found = searches.watches(archive)
    out.emit(
        {"watches": [watch_json(w) for w in found]},
        lambda: "\n".join(map(_human, found)) or "No watched searches (add one: watch add QUERY)",
    )
    return 0


def cmd_watch_seen(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        watch = _watch(archive, args.id)
        watch = searches.mark_seen(archive, watch.id)
    out.emit(watch_json(watch), lambda: _human(watch))
    return 0


def cmd_watch_remove(args: argparse.Namespace, out: Output) -> int:
    with open_for_command(args) as archive:
        watch = searches.delete_search(archive, _watch(archive, args.id).id)
    out.emit({"removed": watch_json(watch)}, lambda: f"No longer watching {_human(watch)}")
    return 0


def _watch(archive: Any, watch_id: int) -> searches.SavedSearch:
    """The saved search `watch_id`, which must be watched (NotFoundError otherwise)."""
    search = searches.get_search(archive, watch_id)
    if not search.watched:
        raise NotFoundError(f"saved search {watch_id} is not watched")
    return search
