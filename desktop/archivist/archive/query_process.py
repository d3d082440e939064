"""Library queries in a helper process that keeps the archive open between them.

Whoosh searches in pure Python. On a thread of the desktop app it would hold the
interpreter lock the window needs for every paint, and at 100,000 articles a search takes
long enough for that to show. In a process of its own it runs beside the window, on the
other core, and its searcher stays warm between keystrokes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from archivist.errors import ArchivistError
from archivist.processes import light_process_context

log = logging.getLogger(__name__)


class QueryDropped(Exception):
    """The request was dropped, before it ran or while it ran: a newer one made it pointless."""


#: Seconds a query nobody wants any more may go on running before its helper is stopped.
#: Queries are bounded (index.limits) and most answer in well under a second; stopping a
#: helper costs a restart and its warm caches, so only a query that overstays is cut.
ABANDON_AFTER_S = 1.5


def _index_identity(root: Path) -> tuple[int, int]:
    # A reindex swaps in a new index folder: reopen the archive when it did.
    try:
        stat = (root / "index").stat()
    except OSError:
        return (0, 0)
    return (stat.st_dev, stat.st_ino)


_DONE = object()


def _serve(conn: Connection, root_name: str) -> None:
    """The helper's loop: receive (name, args), answer ("ok", result) or ("error", exc)."""
    from archivist.offline import forbid_network

    forbid_network()  # also when started by spawn, without the forkserver's guard
    from archivist.archive import open_archive
    from archivist.archive.browse import QUERIES, idle_steps

    root = Path(root_name)
    archive = None
    identity = None
    idle: Iterator[None] | None = None  # work done between requests, a step at a time
    try:
        while True:
            try:
                while idle is not None and not conn.poll(0):
                    if next(idle, _DONE) is _DONE:
                        idle = None
                request = conn.recv()
            except (EOFError, OSError):
                return
            if request is None:
                return
            name, args = request
            try:
                if archive is None or _index_identity(root) != identity:
                    if archive is not None:
                        archive.close()
                    identity = _index_identity(root)
                    archive = open_archive(root, create=False, access="read", heal_index=False)
                answer = ("ok", QUERIES[name](archive, *args))
                if idle is None:  # (again after each request: the index may have grown)
                    idle = idle_steps(archive)
            except Exception as exc:  # sent back and raised in the asking thread
                answer = ("error", _portable(exc))
            conn.send(answer)
    finally:
        if archive is not None:
            archive.close()


def _portable(exc: Exception) -> Exception:
    """The exception itself when it survives pickling, else an ArchivistError with its text."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception as refusal:  # sent as text instead: the asking thread still learns why
        log.debug("%s does not pickle (%s); sent as text", type(exc).__name__, refusal)
        return ArchivistError(f"{type(exc).__name__}: {exc}")
    return exc


class QueryProcess:
    """Runs named queries (see archive.browse.QUERIES) in one helper process.

    `call` blocks its (worker) thread until the answer comes; calls are served one at a
    time. A call whose `still_wanted()` is false when its turn comes raises QueryDropped
    instead of running; one that turns false while the query runs, and stays running past
    `abandon_after_s`, stops the helper (the analyst typed on: the next call starts a new
    one) and raises QueryDropped. A helper that dies is restarted by the next call.
    """

    def __init__(self, root: Path, *, abandon_after_s: float = ABANDON_AFTER_S) -> None:
        self.root = Path(root)
        self.abandon_after_s = abandon_after_s
        #: How many queries were abandoned by stopping the helper (for the tests and logs).
        self.abandoned = 0
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._process: Any = None
        self._closed = False

    def call(self, name: str, *args: Any, still_wanted: Callable[[], bool] | None = None) -> Any:
        with self._lock:
            if self._closed:
                raise QueryDropped("the archive is closing")
            if still_wanted is not None and not still_wanted():
                raise QueryDropped(name)
            conn = self._ensure_started()
            try:
                conn.send((name, args))
                self._wait_for_answer(conn, name, still_wanted)
                kind, payload = conn.recv()
            except (EOFError, OSError) as exc:
                self._discard()
                raise ArchivistError(
                    "the search helper process stopped unexpectedly; try the search again"
                ) from exc
        if kind == "error":
            raise payload
        return payload

    def _wait_for_answer(
        self, conn: Connection, name: str, still_wanted: Callable[[], bool] | None
    ) -> None:
        """Wait until the helper answers; abandon the query (stopping the helper) once it is
        no longer wanted and has run for `abandon_after_s`."""
        started = time.monotonic()
        while not conn.poll(0.05):
            if still_wanted is None or still_wanted():
                continue
            running = time.monotonic() - started
            if running < self.abandon_after_s:
                continue
            log.info("abandoning the query %r after %.1f s: a newer one is waiting", name, running)
            self.abandoned += 1
            process = self._process
            if process is not None:
                process.terminate()
            self._discard()
            raise QueryDropped(f"{name}: abandoned after {running:.1f} s")

    def start_in_background(self) -> None:
        """Start the helper and open the archive in it on a thread of its own, so the first
        search does not wait for either."""

        def warm() -> None:
            with contextlib.suppress(Exception):  # the first real call reports any failure
                self.call("warm_up")

        threading.Thread(target=warm, name="archivist-queries-warm-up", daemon=True).start()

    def _ensure_started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._discard()
        ctx = light_process_context()
        parent, child = ctx.Pipe(duplex=True)
        process = ctx.Process(
            target=_serve, args=(child, os.fspath(self.root)), name="archivist-queries", daemon=True
        )
        process.start()
        child.close()
        self._conn, self._process = parent, process
        return parent

    def _discard(self) -> None:
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):  # already gone
                conn.send(None)
            conn.close()
        if process is not None:
            process.join(5)
            if process.is_alive():
                log.warning("query helper did not stop; terminating it")
                process.terminate()
                process.join(5)

    def close(self, grace_s: float = 2.0) -> None:
        """Stop the helper. A call still running after `grace_s` is cut short (its caller
        gets an ArchivistError): closing a window never waits on a runaway query."""
        self._closed = True
        if not self._lock.acquire(timeout=grace_s):
            process = self._process
            if process is not None:
                log.warning("a query was still running at close; stopping its process")
                process.terminate()
            self._lock.acquire()
        try:
            self._discard()
        finally:
            self._lock.release()
