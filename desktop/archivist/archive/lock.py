"""One writer per archive: an OS file lock held by the process that has the archive open.

The lock is taken with flock (LockFileEx on Windows), which the operating system releases when
the process ends however it ends, so a crashed Archivist never leaves a lock behind: the owner
details it wrote are simply overwritten by the next process. Within one process the lock is
shared (counted): the GUI and its worker threads each open the archive.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from archivist.errors import ArchiveLockedError

LOCK_NAME = "archive.lock"

_held: dict[Path, list[int]] = {}  # resolved root -> [fd, count]
_guard = threading.Lock()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def describe_holder(root: Path) -> str:
    """Who holds the lock, as its owner wrote it ("pid 1234 on host, `archivist import`, since …")."""
    try:
        owner = json.loads((root / LOCK_NAME).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        owner = {}
    if not owner:
        return "another Archivist process"
    return (
        f"Archivist process {owner.get('pid')} on {owner.get('host')} "
        f"(`{owner.get('command')}`, since {owner.get('since')})"
    )


def acquire(root: Path, wait_s: float = 10.0) -> Path:
    """Take (or share, within this process) the archive's write lock; returns its key.

    Waits up to `wait_s` for another process to let go: a search or a check holds the lock
    for a moment only. Raises ArchiveLockedError naming the process that holds it.
    """
    key = root.resolve()
    with _guard:
        if key in _held:
            _held[key][1] += 1
            return key
        fd = os.open(key / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_s
        locked = _try_lock(fd)
        while not locked and time.monotonic() < deadline:
            time.sleep(0.05)
            locked = _try_lock(fd)
        if not locked:
            os.close(fd)
            raise ArchiveLockedError(
                f"the archive at {key} is open for writing in {describe_holder(key)}; "
                "close it there first (searching and reading still work)"
            )
        owner = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv))[
                :200
            ],
            "since": datetime.now(UTC).replace(microsecond=0).isoformat(),
        }
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(owner).encode("utf-8"))
        except OSError:
            # (A full disk: who holds the lock is only information for a message; the lock
            # itself is the OS's and holds.)
            pass
        _held[key] = [fd, 1]
        return key


def release(key: Path) -> None:
    with _guard:
        entry = _held.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        fd = entry[0]
        del _held[key]
        try:
            os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)


def held_here(root: Path) -> bool:
    """True when this process has the archive open for writing."""
    with _guard:
        return root.resolve() in _held


def is_locked_elsewhere(root: Path) -> bool:
    """True when another process holds the archive's write lock."""
    key = root.resolve()
    with _guard:
        if key in _held:
            return False
    path = key / LOCK_NAME
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)
