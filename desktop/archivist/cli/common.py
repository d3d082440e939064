"""Pieces the CLI command modules share: handler type, span options, opening the archive."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from archivist.archive import Archive, open_archive
from archivist.cli.output import Output

Handler = Callable[[argparse.Namespace, Output], int]


def group_help(parser: argparse.ArgumentParser) -> Handler:
    """The handler of a command group called without an action: usage, and exit status 2."""

    def handler(args: argparse.Namespace, out: Output) -> int:
        parser.print_usage(sys.stderr)
        out.error("give an action (see --help)")
        return 2

    return handler


def command_group(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, name: str, **texts: Any
) -> argparse._SubParsersAction:
    """A command made of actions (`archivist NAME ACTION ...`): its parser, taking the options
    every command takes (`common`, declared once in cli.main), showing its usage when called
    without an action; returns what its actions are added to. `texts`: help, description."""
    parser = sub.add_parser(name, parents=[common], **texts)
    parser.set_defaults(handler=group_help(parser))
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION")


def span_options(parser: argparse.ArgumentParser, lead: str = "") -> None:
    """--quote/--nth or --start/--end: a span of an article's text (`lead` prefixes the help)."""
    parser.add_argument("--quote", metavar="TEXT", help=f"{lead}the exact text of the span")
    parser.add_argument(
        "--nth",
        type=int,
        metavar="N",
        help=f"{lead}with --quote, its N-th occurrence (from 1; default 1)",
    )
    parser.add_argument(
        "--start",
        type=int,
        metavar="S",
        help=f"{lead}start offset (a character index into the text of `show`)",
    )
    parser.add_argument("--end", type=int, metavar="E", help=f"{lead}end offset (exclusive)")


def span_args(args: argparse.Namespace) -> dict[str, Any]:
    """The span options as keyword arguments of the core's anchoring functions."""
    return {"start": args.start, "end": args.end, "quote": args.quote, "nth": args.nth}


def open_for_command(
    args: argparse.Namespace, *, create: bool = False, write: bool = True
) -> Archive:
    """The archive of a command. Reading commands also work while another process (the
    desktop app) holds the archive for writing."""
    return open_archive(args.archive_dir, create=create, access="write" if write else "auto")


def snip(text: str | None, limit: int = 70) -> str:
    """A one-line excerpt of at most `limit` characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
