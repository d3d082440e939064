"""The one task runner: core work on thread pools, results and progress back on the GUI thread.

Reads (searches, facet counts, suggestions) run on a shared pool; writes (imports, edits,
annotations, undo) run on a pool of exactly one thread, so SQLite and the Whoosh index see
one writer at a time and in the order the analyst asked. A task receives nothing that
belongs to another thread: it opens its own archive from the root path (see ArchiveSession).

SyncTaskRunner runs each task at once on the calling thread: most GUI tests use it, so they
are deterministic and need no waiting.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from archivist.errors import ArchivistError
from archivist.progress import ProgressEvent

log = logging.getLogger(__name__)

Work = Callable[[], Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


def log_task_error(error: BaseException) -> None:
    """Log a failed task once, even when it passes through several error callbacks.

    The analyst sees a message; the log keeps the traceback for a bug report. Typed
    ArchivistErrors are expected outcomes (bad input, a locked archive): a warning will do.
    """
    if getattr(error, "__archivist_logged__", False):
        return
    # Exceptions with __slots__ refuse the mark: logging twice beats failing.
    with contextlib.suppress(AttributeError):
        error.__archivist_logged__ = True  # type: ignore[attr-defined]
    if isinstance(error, ArchivistError):
        log.warning("background task failed: %s", error)
    else:
        detail = getattr(error, "__traceback_text__", "")
        log.error("background task failed: %r\n%s", error, detail)


class ProgressRelay(QObject):
    """Carries progress from a worker thread to the GUI thread.

    Pass `report` to a core function as its `progress` callback; connect `progressed`.
    The relay lives on the GUI thread: `report` queues the event and pokes the relay, whose
    slot then emits `progressed` on the GUI thread, in order.
    """

    progressed = Signal(object)  # ProgressEvent
    _posted = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: deque[ProgressEvent] = deque()
        self._posted.connect(self._drain)

    def report(self, event: ProgressEvent) -> None:
        self._events.append(event)
        self._posted.emit()

    @Slot()
    def _drain(self) -> None:
        while self._events:
            self.progressed.emit(self._events.popleft())


class _Relay(QObject):
    """Lives on the GUI thread; its slots run there when a worker emits its signals.

    The worker leaves its result (or exception) on the relay and emits a signal without
    arguments: Python objects never go through Qt's argument marshalling, and the queued
    delivery happens after the attribute is set.
    """

    succeeded = Signal()
    failed = Signal()

    def __init__(
        self, runner: TaskRunner, on_done: DoneCallback | None, on_error: ErrorCallback | None
    ) -> None:
        super().__init__()
        self._runner = runner
        self._on_done = on_done
        self._on_error = on_error
        self.result: Any = None
        self.error: BaseException | None = None
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot()
    def _deliver_result(self) -> None:
        self._runner._forget(self)
        result, self.result = self.result, None
        if self._on_done is not None:
            self._on_done(result)

    @Slot()
    def _deliver_error(self) -> None:
        self._runner._forget(self)
        error, self.error = self.error, None
        assert error is not None
        self._runner.report_error(error, self._on_error)


class _Task(QRunnable):
    def __init__(self, work: Work, relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # every failure goes back to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.error = exc
            self._relay.failed.emit()
        else:
            # Set before the emit: the queued delivery happens after it.
            self._relay.result = result
            self._relay.succeeded.emit()


class TaskRunner(QObject):
    """Runs work off the GUI thread; callbacks run on the GUI thread.

    `task_failed` is emitted for a failure that has no `on_error` callback of its own.
    """

    task_failed = Signal(object)  # BaseException
    busy_changed = Signal()  # read `busy`

    def __init__(self, parent: QObject | None = None, *, read_threads: int = 4) -> None:
        super().__init__(parent)
        self._read_pool = QThreadPool(self)
        self._read_pool.setMaxThreadCount(read_threads)
        self._write_pool = QThreadPool(self)
        # One writer: SQLite and Whoosh each allow a single writer, and ordering matters.
        self._write_pool.setMaxThreadCount(1)
        self._pending: set[_Relay] = set()
        self._closed = False

    def run(
        self,
        work: Work,
        *,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        write: bool = False,
    ) -> None:
        """Run `work()` on the read pool (or the single write thread with `write`)."""
        if self._closed:
            log.warning("task submitted after shutdown; ignored")
            return
        relay = _Relay(self, on_done, on_error)
        was_idle = not self._pending
        self._pending.add(relay)
        pool = self._write_pool if write else self._read_pool
        pool.start(_Task(work, relay))
        if was_idle:
            self.busy_changed.emit()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def _forget(self, relay: _Relay) -> None:
        self._pending.discard(relay)
        if not self._pending:
            self.busy_changed.emit()

    def report_error(self, error: BaseException, on_error: ErrorCallback | None) -> None:
        log_task_error(error)
        if on_error is not None:
            on_error(error)
        else:
            self.task_failed.emit(error)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the pools to finish what they have (tests; shutdown). True when idle."""
        ok_write = self._write_pool.waitForDone(msecs)
        ok_read = self._read_pool.waitForDone(msecs)
        return ok_write and ok_read

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Refuse new work, drop queued reads, and wait for the running work to end.

        Queued writes still run: they are the analyst's changes. Call before the archive
        closes, so no worker is left using it.
        """
        self._closed = True
        self._read_pool.clear()
        return self.wait(msecs)


class SyncTaskRunner(QObject):
    """Runs each task at once on the calling thread (for tests); same interface as TaskRunner."""

    task_failed = Signal(object)
    busy_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ran: list[str] = []  # "read" / "write", in order, for tests to inspect

    def run(
        self,
        work: Work,
        *,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        write: bool = False,
    ) -> None:
        self.ran.append("write" if write else "read")
        try:
            result = work()
        except Exception as exc:
            self.report_error(exc, on_error)
            return
        if on_done is not None:
            on_done(result)

    @property
    def busy(self) -> bool:
        return False

    def report_error(self, error: BaseException, on_error: ErrorCallback | None) -> None:
        if not hasattr(error, "__traceback_text__"):
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
        log_task_error(error)
        if on_error is not None:
            on_error(error)
        else:
            self.task_failed.emit(error)

    def wait(self, msecs: int = -1) -> bool:
        return True

    def shutdown(self, msecs: int = 30_000) -> bool:
        return True


Runner = TaskRunner | SyncTaskRunner
