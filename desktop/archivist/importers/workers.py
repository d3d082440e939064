"""Extraction in worker processes: both cores busy, and one hostile file can be stopped.

Each worker extracts one file at a time. A file that takes longer than the time limit, or
makes its worker die (memory limit, a crash inside a parser), costs only that file: the
worker is killed and replaced, and the file is reported with a clear reason.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archivist.errors import ExtractionError, ExtractionTimeoutError
from archivist.processes import process_context

if TYPE_CHECKING:
    from archivist.importers.prepared import PreparedDocument


@dataclass
class ExtractionJob:
    key: Any  # the caller's handle (e.g. the path), returned with the outcome
    data: bytes
    filename: str


@dataclass(frozen=True)
class PagesRead:
    """A worker's word, before its outcome, that it has read `done` of the `total` pages it
    recognises by OCR in the file it is on (OCR takes seconds a page)."""

    done: int
    total: int


@dataclass
class ExtractionOutcome:
    format: str | None = None
    prepared: list[PreparedDocument | None] | None = None  # each document ready to store
    error: ExtractionError | None = None


def extract_in_process(
    data: bytes, filename: str, ocr_languages: str | None = None
) -> ExtractionOutcome:
    """Extract and prepare in the calling process (no isolation): the unit of work of a
    worker. Scans are read by OCR in `ocr_languages` (None: the default, see importers.ocr)."""
    from archivist.importers import ocr
    from archivist.importers.prepared import prepare_documents
    from archivist.importers.registry import extract_document

    ocr.prefer_languages(ocr_languages)

    try:
        fmt, docs = extract_document(data, filename)
    except ExtractionError as exc:
        return ExtractionOutcome(error=exc)
    return ExtractionOutcome(format=fmt, prepared=prepare_documents(docs, Path(filename)))


def _worker_main(
    conn: Connection,
    memory_limit_mb: int | None,
    ocr_languages: str | None = None,
    pages_at_once: int = 1,
) -> None:
    """Loop of a worker process: receive (data, filename), send back an outcome."""
    from archivist.importers import ocr
    from archivist.offline import forbid_network

    forbid_network()  # also when started by spawn (Windows, macOS), without the forkserver
    if memory_limit_mb and sys.platform.startswith("linux"):
        import resource

        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    ocr.listen_to_pages(lambda done, total: conn.send(PagesRead(done, total)))
    ocr.read_pages_at_once(pages_at_once)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        data, filename = message
        try:
            outcome = extract_in_process(data, filename, ocr_languages)
        except MemoryError:
            outcome = ExtractionOutcome(
                error=ExtractionError("the file needs more memory than the per-file limit allows")
            )
        except BaseException as exc:
            outcome = ExtractionOutcome(
                error=ExtractionError(f"unexpected error while reading: {exc}")
            )
        try:
            conn.send(outcome)
        except Exception as exc:
            conn.send(ExtractionOutcome(error=ExtractionError(f"could not read this file: {exc}")))


class _Worker:
    def __init__(
        self,
        ctx: multiprocessing.context.BaseContext,
        memory_limit_mb: int | None,
        ocr_languages: str | None = None,
        pages_at_once: int = 1,
    ) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.conn = parent
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, memory_limit_mb, ocr_languages, pages_at_once),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.job_index: int | None = None
        self.started_at = 0.0  # (the last page read, for a file read by OCR)
        self.reads_pages = False

    def give(self, job_index: int, job: ExtractionJob) -> None:
        self.job_index = job_index
        self.started_at = time.monotonic()
        self.reads_pages = False
        self.conn.send((job.data, job.filename))

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


def default_worker_count() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class ExtractionPool:
    """A fixed set of worker processes; use as a context manager and call `run`."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout_s: float = 120.0,
        memory_limit_mb: int | None = 3072,
        ocr_languages: str | None = None,
    ) -> None:
        self.size = workers or default_worker_count()
        # The cores the workers leave free read a scan's pages side by side (fewer files
        # than cores: a lone scan is read on every core).
        self.pages_at_once = max(1, (os.cpu_count() or 1) // self.size)
        self.timeout_s = timeout_s
        self.memory_limit_mb = memory_limit_mb
        self.ocr_languages = ocr_languages
        self._ctx = process_context()
        self._workers: list[_Worker] = []

    def __enter__(self) -> ExtractionPool:
        self._workers = [self._new_worker() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            if worker.job_index is None:
                worker.stop()
            else:
                worker.kill()
        self._workers = []

    def run(
        self,
        jobs: Iterable[ExtractionJob],
        *,
        on_pages: Callable[[ExtractionJob, PagesRead], None] | None = None,
        stopped: Callable[[], bool] | None = None,
    ) -> Iterator[tuple[ExtractionJob, ExtractionOutcome]]:
        """Extract every job, yielding outcomes in the order the jobs came.

        Jobs are pulled lazily (only a few ahead of the consumer), so a caller can stop early
        by no longer iterating, or at once with `stopped` (asked twice a second, even in the
        middle of a long file): running workers are then killed on exit. A file read by OCR
        tells `on_pages` of each page done, and its time limit counts from the last page.
        """
        source = iter(jobs)
        pending: deque[int] = deque()  # job indexes in submission order
        submitted: dict[int, ExtractionJob] = {}
        finished: dict[int, ExtractionOutcome] = {}
        next_index = 0
        exhausted = False
        read_ahead = self.size * 2
        while True:
            if stopped is not None and stopped():
                return
            # Hand jobs to idle workers, keeping a bounded number of results unconsumed.
            for worker in self._workers:
                if (
                    worker.job_index is None
                    and not exhausted
                    and len(pending) < read_ahead + self.size
                ):
                    try:
                        job = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    submitted[next_index] = job
                    pending.append(next_index)
                    worker.give(next_index, job)
                    next_index += 1
            while pending and pending[0] in finished:
                index = pending.popleft()
                yield submitted.pop(index), finished.pop(index)
            if exhausted and not pending:
                return
            busy = [w for w in self._workers if w.job_index is not None]
            if not busy:
                continue
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.5)
            now = time.monotonic()
            for position, worker in enumerate(list(self._workers)):
                if worker.job_index is None:
                    continue
                index = worker.job_index
                crashed = worker.process.sentinel in ready
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        crashed = True  # the worker died while answering
                    else:
                        if isinstance(message, PagesRead):
                            worker.started_at, worker.reads_pages = now, True
                            if on_pages is not None:
                                on_pages(submitted[index], message)
                        else:
                            finished[index] = message
                            worker.job_index = None
                        continue
                if crashed:
                    finished[index] = ExtractionOutcome(
                        error=ExtractionError(
                            "the reader crashed on this file (it may be damaged or too large)"
                        )
                    )
                    self._replace(position)
                    continue
                if now - worker.started_at > self.timeout_s:
                    what = "a page of this file" if worker.reads_pages else "this file"
                    finished[index] = ExtractionOutcome(
                        error=ExtractionTimeoutError(
                            f"reading {what} took longer than {self.timeout_s:g} s and was stopped"
                        )
                    )
                    self._replace(position)

    def _new_worker(self) -> _Worker:
        return _Worker(self._ctx, self.memory_limit_mb, self.ocr_languages, self.pages_at_once)

    def _replace(self, position: int) -> None:
        self._workers[position].kill()
        self._workers[position] = self._new_worker()
