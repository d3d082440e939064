"""CLI commands for the rolling database backups kept inside an archive: list, take, restore."""

from __future__ import annotations

import argparse
from typing import Any

from archivist.archive import open_archive
from archivist.archive.rolling import RollingBackup, list_backups, restore_backup, take_backup
from archivist.cli.output import Output


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "backups",
        parents=[common],
        help="rolling database backups (list, take, restore)",
        description="Rolling backups of the archive's database, kept in backups/rolling/ inside "
        "the archive (for a full copy elsewhere use `archivist backup DEST`).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("list", parents=[common], help="list the rolling backups, newest first")
    p.set_defaults(handler=cmd_list)
    p = actions.add_parser("take", parents=[common], help="take a backup now")
    p.add_argument("--keep", type=int, default=7, metavar="N", help="keep the N newest (default 7)")
    p.set_defaults(handler=cmd_take)
    p = actions.add_parser(
        "restore",
        parents=[common],
        help="replace the database by a backup",
        description="Replace the archive's database by a rolling backup. The backup is checked "
        "first (an intact Archivist database); one that holds far fewer articles or annotations "
        "than the archive needs --force. The current database is first saved as a backup "
        "itself, so a restore can be undone.",
    )
    p.add_argument("backup", help="the backup file (see `backups list`)")
    p.add_argument(
        "--force",
        action="store_true",
        help="restore even a backup with far fewer articles or annotations than the archive",
    )
    p.set_defaults(handler=cmd_restore)


def _json(backup: RollingBackup) -> dict[str, Any]:
    return {
        "path": str(backup.path),
        "taken_at": backup.taken_at.isoformat(),
        "size": backup.size,
        "articles": backup.articles,
    }


def cmd_list(args: argparse.Namespace, out: Output) -> int:
    backups = list_backups(args.archive_dir)
    out.emit(
        {"backups": [_json(b) for b in backups]},
        lambda: (
            "\n".join(
                f"{b.taken_at:%Y-%m-%d %H:%M} UTC  {b.articles} articles  {b.path}" for b in backups
            )
            or "no rolling backups yet"
        ),
    )
    return 0


def cmd_take(args: argparse.Namespace, out: Output) -> int:
    with open_archive(args.archive_dir, create=False, access="auto") as archive:
        backup = take_backup(archive, keep=args.keep)
    out.emit(_json(backup), lambda: f"Backup taken: {backup.path}")
    return 0


def cmd_restore(args: argparse.Namespace, out: Output) -> int:
    saved = restore_backup(args.archive_dir, args.backup, force=args.force)
    out.emit(
        {"restored": args.backup, "previous": _json(saved)},
        lambda: f"Restored {args.backup}; the database as it was is saved in {saved.path}",
    )
    return 0
