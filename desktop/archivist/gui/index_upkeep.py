"""Keeping a window's search index fast: merges its segments in the background when
imports have added enough of them, and says so in the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from archivist.index import BackgroundMerge, planned_merge

log = logging.getLogger(__name__)

POLL_MS = 500


class IndexUpkeep(QObject):
    """Starts a BackgroundMerge when `consider()` finds one worth it (one at a time), and
    reports on it: `activity` while it runs ("" when idle), `finished` once it is over."""

    activity = Signal(str)  # for a permanent status-bar label; "" when nothing runs
    finished = Signal(str, bool)  # a message for the status bar, and whether it failed

    def __init__(
        self,
        index_dir: Path,
        parent: QObject | None = None,
        *,
        start_merge: Callable[[Path, list[str]], Any] = BackgroundMerge,
    ) -> None:
        super().__init__(parent)
        self.index_dir = Path(index_dir)
        self._start_merge = start_merge
        self.merge: Any = None
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        return self.merge is not None

    def consider(self) -> bool:
        """Start a merge when one is worth it and none runs; True when one started.
        Cheap (it reads the index's table of contents): call it after any import."""
        if self._stopped or self.merge is not None:
            return False
        plan = planned_merge(self.index_dir)
        if not plan:
            return False
        try:
            self.merge = self._start_merge(self.index_dir, plan)
        except Exception as exc:  # e.g. no process could be started: searching still works
            log.warning("could not start the index merge: %s", exc)
            return False
        self.activity.emit("Optimising the search index…")
        self._timer.start()
        return True

    def stop(self) -> None:
        """Stop a running merge (the window is closing) and start no other."""
        self._stopped = True
        self._timer.stop()
        if self.merge is not None:
            self.merge.stop()
            self.merge = None
            self.activity.emit("")

    def _poll(self) -> None:
        merge = self.merge
        if merge is None:
            self._timer.stop()
            return
        outcome = merge.poll()
        if outcome is None:
            event = merge.latest
            if event is not None and event.total:
                # Copying goes segment by segment; writing the merged segment out (most of
                # the time) reports nothing until it ends.
                if event.done < event.total:
                    step = f"{round(100 * event.done / event.total)}% copied"
                else:
                    step = "writing"
                self.activity.emit(f"Optimising the search index… {step}")
            return
        self._timer.stop()
        self.merge = None
        self.activity.emit("")
        kind, payload = outcome
        if kind == "done":
            self.finished.emit(payload.summary(), False)
        else:
            log.warning("index merge failed: %s", payload)
            self.finished.emit(f"The search index could not be optimised: {payload}", True)
