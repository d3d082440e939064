"""Progress reporting and cancellation shared by every long-running core operation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from archivist.errors import ArchivistError


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a long operation: `done` of `total` units, and what is being worked on."""

    done: int
    total: int
    message: str = ""


ProgressCallback = Callable[[ProgressEvent], None]


class Cancelled(ArchivistError):
    """The operation was cancelled by the user; work committed so far is kept."""


class CancelToken:
    """A thread-safe flag a caller sets to ask a running operation to stop at the next step."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled")


def no_progress(_event: ProgressEvent) -> None:
    """Default progress callback: ignore."""
