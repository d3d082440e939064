"""`archivist` entry point: global options, sub-commands, errors turned into exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from archivist import __version__
from archivist.cli.output import Output
from archivist.errors import ArchivistError, InvalidValueError, NotFoundError, QuerySyntaxError
from archivist.offline import forbid_network
from archivist.paths import resolve_archive_dir
from archivist.progress import Cancelled

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # (killed by SIGPIPE, as a shell reports it)

#: The modules that register the sub-commands, and the commands each one registers. A command
#: line naming one of them imports only its module: a search need not load the Word writer,
#: the importers and the annotation model first (about half of a short command's start-up).
#: tests/core/test_cli.py checks this table against what the modules register.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "archivist.cli.archive_commands": (
        "init", "import", "show", "copies", "edit", "check", "reindex", "optimize", "backup",
    ),
    "archivist.cli.search_commands": ("search",),
    "archivist.cli.backup_commands": ("backups",),
    "archivist.cli.annotation_commands": (
        "tag", "note", "undo", "redo", "history", "reextract", "annotations",
    ),
    "archivist.cli.entity_commands": ("entity",),
    "archivist.cli.claim_commands": ("claim",),
    "archivist.cli.brief_commands": ("brief",),
    "archivist.cli.ach_commands": ("ach",),
    "archivist.cli.watch_commands": ("watch",),
    "archivist.cli.source_commands": ("sources",),
    "archivist.cli.bundle_commands": ("bundle",),
}  # fmt: skip
# Commands whose work starts with extraction workers: their server starts at once.
EXTRACTING_COMMANDS = frozenset({"import", "reextract"})


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


def build_parser(command: str | None = None, *, commands: bool = True) -> argparse.ArgumentParser:
    """The command-line parser: every sub-command, or only those of the module that registers
    `command` when it is one of COMMAND_MODULES' (its --help then lists those alone), or
    none at all when not `commands` (for `--version` and the desktop app: nothing to load)."""
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
    owners = [m for m, names in COMMAND_MODULES.items() if command in names] or COMMAND_MODULES
    for name in owners if commands else ():
        importlib.import_module(name).register(sub, common)
    return parser


def _command_named(argv: Sequence[str]) -> str | None:
    """The sub-command `argv` names (its first word that is no global option or value)."""
    words = iter(argv)
    for word in words:
        if word == "--archive":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    forbid_network()
    argv = sys.argv[1:] if argv is None else list(argv)
    command = _command_named(argv)
    if command in EXTRACTING_COMMANDS:
        # (Imported here: multiprocessing is no part of other commands' start-up.)
        from archivist.processes import start_extraction_server

        start_extraction_server()
    # Without a command, only --help needs the commands (to list them).
    listing = command is not None or any(word in ("-h", "--help") for word in argv)
    parser = build_parser(command, commands=listing)
    args = parser.parse_args(argv)
    out = Output(as_json=bool(args.json))
    if args.command is None:
        return _launch_gui(args, out)
    args.archive_dir = resolve_archive_dir(args.archive)
    warnings = _WarningsOnStderr(out)
    logging.getLogger("archivist").addHandler(warnings)
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
    except BrokenPipeError:
        # The reader of our output has gone (`archivist claim list --json | head`): stop
        # quietly, as other command-line tools do, instead of a traceback.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    finally:
        logging.getLogger("archivist").removeHandler(warnings)


def _silence_stdout() -> None:
    """Point stdout at the null device: what is still buffered would otherwise fail again
    at exit (Python's own flush of a closed pipe prints "Exception ignored")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # (a stdout without a file descriptor: nothing to flush)
        pass


class _WarningsOnStderr(logging.Handler):
    """What the core logs as a warning (an index rebuilt because it could not be read, say)
    reaches the person at the terminal as `archivist: warning: ...`."""

    def __init__(self, out: Output) -> None:
        super().__init__(logging.WARNING)
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        self.out.warning(record.getMessage())


def _launch_gui(args: argparse.Namespace, out: Output) -> int:
    try:
        from archivist.gui.app import run_app  # type: ignore[import-not-found]
    except ImportError:
        out.error("the desktop application is not part of this build; use a command (see --help)")
        return EXIT_USAGE
    return int(run_app(archive=args.archive, demo=args.demo))


if __name__ == "__main__":
    sys.exit(main())
