"""The open archive as the GUI sees it: GUI-thread reads, worker tasks opened from the root path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from archivist.archive import Archive, open_archive
from archivist.archive.browse import QUERIES
from archivist.archive.query_process import QueryDropped, QueryProcess
from archivist.gui.tasks import DoneCallback, ErrorCallback, Runner


def _run_on_archive(root: Path, access: str, fn: Callable[[Archive], Any]) -> Any:
    # Runs on a worker thread: the connection is opened and closed on that thread.
    with open_archive(root, create=False, access=access, heal_index=False) as archive:
        return fn(archive)


_DROPPED = object()  # what a dropped query returns: no callback runs


def _unless_dropped(on_done: DoneCallback | None) -> DoneCallback:
    def done(result: Any) -> None:
        if result is not _DROPPED and on_done is not None:
            on_done(result)

    return done


class ArchiveSession(QObject):
    """One open archive: quick reads on the GUI thread, everything else through the runner.

    The GUI-thread `archive` is for reads that take a moment (a page of table rows, one
    article, its annotations). Writes always go through `write`, on the single writer
    thread, and announce what they changed so views can refresh.
    """

    #: Annotations changed in these articles (entities, mentions, claims, tags, notes).
    annotations_changed = Signal(object)  # list[int]
    #: Articles were added or their metadata changed; lists and counts are stale.
    articles_changed = Signal()
    #: A write finished; undo/redo availability may have changed.
    history_changed = Signal()

    def __init__(
        self,
        archive: Archive,
        runner: Runner,
        parent: QObject | None = None,
        *,
        query_process: QueryProcess | None = None,
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.runner = runner
        #: Where library queries run (see `query`); None: on a read thread, like `read`.
        self.query_process = query_process
        #: Set when the window closes: late requests are dropped, the folder may go away.
        self.closing = False
        self._closed = False

    @property
    def root(self) -> Path:
        return self.archive.root

    @property
    def readonly(self) -> bool:
        return self.archive.readonly

    @property
    def db(self) -> Any:
        return self.archive.db

    def read(
        self,
        fn: Callable[[Archive], Any],
        *,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Run `fn(archive)` on a read thread with its own read-only connection."""
        if self.closing:
            return
        root = self.root
        self.runner.run(
            lambda: _run_on_archive(root, "read", fn), on_done=on_done, on_error=on_error
        )

    def query(
        self,
        name: str,
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        still_wanted: Callable[[], bool] | None = None,
    ) -> None:
        """Run the library query `name` (see archive.browse.QUERIES) with `args` in the
        query helper process, or on a read thread when there is none. A query that is no
        longer wanted when its turn comes is dropped: no callback runs."""
        process = self.query_process
        if process is None:
            self.query_in_thread(
                name, *args, on_done=on_done, on_error=on_error, still_wanted=still_wanted
            )
            return
        if self.closing:
            return

        def work() -> Any:
            try:
                return process.call(name, *args, still_wanted=still_wanted)
            except QueryDropped:
                return _DROPPED

        self.runner.run(work, on_done=_unless_dropped(on_done), on_error=on_error)

    def query_in_thread(
        self,
        name: str,
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        still_wanted: Callable[[], bool] | None = None,
    ) -> None:
        """Like `query`, but always on a read thread of this process."""

        def run(archive: Archive) -> Any:
            if still_wanted is not None and not still_wanted():
                return _DROPPED
            return QUERIES[name](archive, *args)

        self.read(run, on_done=_unless_dropped(on_done), on_error=on_error)

    def write(
        self,
        fn: Callable[[Archive], Any],
        *,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        touches: str = "annotations",
        article_ids: Iterable[int] | None = None,
    ) -> None:
        """Run `fn(archive)` on the writer thread, then announce the change.

        `touches` is "annotations" (announced for `article_ids`, or for every article when
        None), "articles" (lists and counts are stale) or "nothing".
        """
        if self.readonly:
            raise PermissionError("this archive is open read-only")
        if self.closing:
            return
        root = self.root
        ids = None if article_ids is None else list(article_ids)

        def done(result: Any) -> None:
            # Announce before the caller's callback, so what it shows is already fresh.
            if touches == "annotations":
                self.annotations_changed.emit(ids)
            elif touches == "articles":
                self.articles_changed.emit()
            self.history_changed.emit()
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            # A failed write may still have committed part of its work (an import).
            if touches == "articles":
                self.articles_changed.emit()
            self.history_changed.emit()
            self.runner.report_error(error, on_error)

        self.runner.run(
            lambda: _run_on_archive(root, "write", fn), on_done=done, on_error=failed, write=True
        )

    def close(self) -> None:
        """Close the GUI-thread connection; drain the runner first (see ArchivistApp)."""
        if not self._closed:
            self._closed = True
            self.closing = True
            if self.query_process is not None:
                self.query_process.close()
            self.archive.close()
