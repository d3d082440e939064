"""Keeping an archive private to its user: on POSIX its folders are 0700 and its files 0600,
whatever the umask; on Windows an archive inside the user's profile has the profile's ACLs.

An archive holds what an analyst collected and wrote about it; nobody else on the machine
should read it. Its folders are made private when the archive is opened for writing (and the
database and backups, which hold what the analyst typed, made 0600 each time): a file another
library creates later inside them (a search index segment) is then out of others' reach
whatever its own mode, since they cannot enter the folder. `exposed` finds what others can
reach anyway, for `archivist check`.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
#: Permission bits for anyone but the owner.
_OTHERS = stat.S_IRWXG | stat.S_IRWXO

#: Where permissions apply (not Windows, whose archives rely on the profile's ACLs).
APPLIES = os.name == "posix"


def _tighten(path: Path, mode: int) -> None:
    try:
        current = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(current.st_mode) or not current.st_mode & _OTHERS:
        return
    try:
        path.chmod(mode)
    except OSError as exc:  # (a folder on a file system without modes, another owner)
        log.warning("cannot make %s private: %s", path, exc)


def make_private(root: Path, db_path: Path, folders: list[Path]) -> None:
    """Make the archive folder, its top-level folders and files, the database with its WAL
    and SHM, and every file of `folders` (the backups and the index: a few hundred files at
    most) private. The originals' files are created private and not walked here."""
    if not APPLIES:
        return
    _tighten(root, PRIVATE_DIR)
    for path in root.iterdir():
        _tighten(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        _tighten(path, PRIVATE_FILE)
    for folder in folders:
        for path in _walk(folder):
            _tighten(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def _walk(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for parent, dirs, files in os.walk(folder):
        base = Path(parent)
        for name in dirs + files:
            yield base / name


def exposed(root: Path) -> list[Path]:
    """The archive's paths that someone other than its user can read or change: those whose
    mode lets others in, inside folders that all let them through (the archive folder
    itself first)."""
    if not APPLIES or not root.exists():
        return []
    found: list[Path] = []
    mode = root.stat().st_mode
    open_dirs = {root} if mode & (stat.S_IXGRP | stat.S_IXOTH) else set()
    if mode & _OTHERS:
        found.append(root)
    if not open_dirs:
        return found
    for parent, dirs, files in os.walk(root):
        base = Path(parent)
        if base not in open_dirs:
            dirs[:] = []  # (others cannot get past a closed folder)
            continue
        for name in dirs + files:
            path = base / name
            mode = path.lstat().st_mode
            if mode & _OTHERS:
                found.append(path)
            if name in dirs and mode & (stat.S_IXGRP | stat.S_IXOTH):
                open_dirs.add(path)
    return found


def private_folder(path: Path) -> None:
    """Create the folder `path` and its missing parents, each 0700 (mkdir's mode applies to
    the last one only)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
