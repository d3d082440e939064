"""An index writer in a process of its own, for long imports.

Whoosh analyses and indexes in pure Python, so in the importing process it competes for one
core with the database work. In its own process it runs beside it, on the other core. The
messages are plain data (article rows); the child opens the index itself.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from archivist.errors import ArchiveLockedError, ArchivistError
from archivist.processes import process_context


def _child(conn: Connection, index_dir: str, limitmb: int) -> None:
    from archivist.index.store import ArchiveIndex

    index = ArchiveIndex(Path(index_dir))
    index.open()
    writer_cm = None
    writer = None
    try:
        while True:
            message = conn.recv()
            kind = message[0]
            try:
                if kind == "add":
                    if writer_cm is None:
                        writer_cm = index.writer(limitmb=limitmb)
                        writer = writer_cm.__enter__()
                    index.add(writer, message[1])
                elif kind in ("commit", "close"):
                    count = 0
                    if writer_cm is not None:
                        cm, writer_cm, writer = writer_cm, None, None
                        cm.__exit__(None, None, None)
                        count = 1
                    conn.send(("ok", count))
                    if kind == "close":
                        return
                elif kind == "cancel":
                    if writer_cm is not None:
                        cm, writer_cm, writer = writer_cm, None, None
                        cm.__exit__(ArchivistError, ArchivistError("cancelled"), None)
                    conn.send(("ok", 0))
                    return
            except ArchiveLockedError as exc:
                conn.send(("locked", str(exc)))
                return
            except Exception as exc:
                conn.send(("error", f"{type(exc).__name__}: {exc}"))
                return
    except (EOFError, OSError):
        return
    finally:
        index.close()


class IndexWriterProcess:
    """Send article rows to be indexed; `commit()` waits until they are searchable."""

    def __init__(self, index_dir: Path, *, limitmb: int = 96) -> None:
        ctx = process_context()
        self._conn, child = ctx.Pipe(duplex=True)
        self._process = ctx.Process(
            target=_child,
            args=(child, str(index_dir), limitmb),
            name="archivist-index-writer",
            daemon=True,
        )
        self._process.start()
        child.close()
        self._dead = False

    def add(self, records: list[dict[str, Any]]) -> None:
        self._send(("add", records))

    def commit(self) -> None:
        self._send(("commit",))
        self._expect_ok()

    def close(self) -> None:
        """Commit what was sent and stop the process."""
        if self._dead:
            return
        try:
            self._send(("close",))
            self._expect_ok()
        finally:
            self._stop()

    def cancel(self) -> None:
        if self._dead:
            return
        try:
            self._send(("cancel",))
            self._expect_ok()
        except ArchivistError:
            pass
        finally:
            self._stop()

    def _send(self, message: tuple[Any, ...]) -> None:
        try:
            self._conn.send(message)
        except (BrokenPipeError, OSError):
            self._raise_failure()

    def _expect_ok(self) -> None:
        try:
            kind, detail = self._conn.recv()
        except (EOFError, OSError):
            self._raise_failure()
        if kind == "locked":
            raise ArchiveLockedError(detail)
        if kind != "ok":
            raise ArchivistError(f"the search index could not be written: {detail}")

    def _raise_failure(self) -> None:
        detail = None
        self._dead = True
        if self._conn.poll(0.5):
            try:
                kind, detail = self._conn.recv()
                if kind == "locked":
                    raise ArchiveLockedError(detail)
            except (EOFError, OSError):
                pass
        raise ArchivistError(
            "the search index writer stopped unexpectedly"
            + (f": {detail}" if detail else "")
            + "; run `archivist check --repair` to re-index what was imported"
        )

    def _stop(self) -> None:
        self._dead = True
        self._process.join(30)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        self._conn.close()
