"""A background merge of index segments in a process of its own.

The merge copies every posting of the merged segments in pure Python: minutes of work at
100,000 articles. On a thread of the desktop app it would hold the interpreter lock the
window needs; in its own process (at a lower priority) it runs beside the window. Stopping
it is always safe: killed at any moment, it leaves the index as it was or merged, never
half-swapped (see index.merging).
"""

from __future__ import annotations

import contextlib
import os
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from archivist.index.merging import discard_aside_files
from archivist.processes import light_process_context
from archivist.progress import ProgressEvent

_NICENESS = 19


def _lowest_priority() -> None:
    """The lowest niceness: the window and its searches come first (a weight of 15 against
    their 1024). Not the scheduler's idle class: starved while an import keeps both cores
    busy, the merge could hold the index's write lock during its swap for longer than the
    import's writer waits for it. (Windows has no niceness.)"""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(_NICENESS)


def _child(conn: Connection, index_dir: str, segment_ids: list[str]) -> None:
    from archivist.offline import forbid_network

    forbid_network()
    _lowest_priority()
    from archivist.index.merging import merge_in_background

    def report_progress(event: ProgressEvent) -> None:
        conn.send(("progress", event))

    try:
        report = merge_in_background(
            Path(index_dir), segment_ids=segment_ids, progress=report_progress
        )
        conn.send(("done", report))
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class BackgroundMerge:
    """One merge of the segments `segment_ids` (from merging.planned_merge), polled by its
    owner: `poll()` gives what happened since the last call."""

    def __init__(self, index_dir: Path, segment_ids: list[str]) -> None:
        self.index_dir = Path(index_dir)
        self.latest: ProgressEvent | None = None
        self._conn, child_conn = light_process_context().Pipe(duplex=False)
        self._process: Any = light_process_context().Process(
            target=_child,
            args=(child_conn, str(self.index_dir), list(segment_ids)),
            name="archivist-index-merge",
            daemon=True,
        )
        self._process.start()
        child_conn.close()
        self.finished = False

    def poll(self) -> tuple[str, Any] | None:
        """("done", MergeReport) or ("error", message) once it has ended, else None (the
        latest progress is in `latest`)."""
        if self.finished:
            return None
        try:
            while self._conn.poll():
                kind, payload = self._conn.recv()
                if kind == "progress":
                    self.latest = payload
                else:
                    self._end()
                    return kind, payload
        except (EOFError, OSError):
            self._end()
            return "error", "the index merge process stopped unexpectedly"
        return None

    def stop(self) -> None:
        """Stop the merge where it is (the index keeps its segments; the files written
        aside are removed)."""
        if self.finished:
            return
        self._process.terminate()
        self._end()
        discard_aside_files(self.index_dir)

    def _end(self) -> None:
        self.finished = True
        self._process.join(5)
        with contextlib.suppress(OSError):
            self._conn.close()
