"""`archivist` entry point: global options, sub-commands, errors turned into exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from archivist import __version__
from archivist.cli import annotation_commands, archive_commands, backup_commands, brief_commands
from archivist.cli.output import Output
from archivist.errors import ArchivistError, InvalidValueError, NotFoundError, QuerySyntaxError
from archivist.offline import forbid_network
from archivist.paths import resolve_archive_dir
from archivist.progress import Cancelled

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    """--archive and --json, accepted before and after the command.

    On sub-commands the defaults are suppressed, so a value given after the command wins and
    one given before it is not overwritten by the sub-parser's default.
    """
    common = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    common.add_argument(
        "--archive",
        metavar="DIR",
        default=default,
        help="archive folder (default: $ARCHIVIST_HOME or the user data folder)",
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="machine-readable output on stdout",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archivist",
        description="Archivist: import, search and annotate news and documents, offline. "
        "Without a command, opens the desktop application.",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"archivist {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the desktop app on a throwaway archive with demo articles",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common_options(suppress=True)
    archive_commands.register(sub, common)
    backup_commands.register(sub, common)
    annotation_commands.register(sub, common)
    brief_commands.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    forbid_network()
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(as_json=bool(args.json))
    if args.command is None:
        return _launch_gui(args, out)
    args.archive_dir = resolve_archive_dir(args.archive)
    try:
        return int(args.handler(args, out))
    except (InvalidValueError, QuerySyntaxError) as exc:
        out.error(str(exc))
        return EXIT_USAGE
    except NotFoundError as exc:
        out.error(str(exc))
        return EXIT_FAILED
    except Cancelled:
        out.error("cancelled")
        return EXIT_FAILED
    except ArchivistError as exc:
        out.error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        out.error("interrupted; work committed so far is kept")
        return 130


def _launch_gui(args: argparse.Namespace, out: Output) -> int:
    try:
        from archivist.gui.app import run_app  # type: ignore[import-not-found]
    except ImportError:
        out.error("the desktop application is not part of this build; use a command (see --help)")
        return EXIT_USAGE
    return int(run_app(archive=args.archive, demo=args.demo))


if __name__ == "__main__":
    sys.exit(main())
