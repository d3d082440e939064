"""How commands print: JSON on stdout for scripts, readable text otherwise, errors on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from archivist.progress import ProgressEvent


class Output:
    def __init__(
        self, as_json: bool, stdout: TextIO | None = None, stderr: TextIO | None = None
    ) -> None:
        self.as_json = as_json
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self._progress_shown = False

    def emit(self, data: Any, human: Callable[[], str] | None = None) -> None:
        """Print `data` as JSON, or the text `human()` returns."""
        if self.as_json:
            json.dump(data, self.stdout, ensure_ascii=False, indent=2, default=str)
            self.stdout.write("\n")
        elif human is not None:
            text = human()
            if text:
                self.stdout.write(text.rstrip("\n") + "\n")

    def error(self, message: str) -> None:
        self.clear_progress()
        self.stderr.write(f"archivist: error: {message}\n")

    def note(self, message: str) -> None:
        self.clear_progress()
        self.stderr.write(f"{message}\n")

    def progress(self, event: ProgressEvent) -> None:
        """A one-line progress indicator on an interactive stderr; nothing otherwise."""
        if not self.stderr.isatty():
            return
        width = 40
        filled = int(width * event.done / event.total) if event.total else 0
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {event.done}/{event.total} {event.message[:40]}"
        self.stderr.write(line.ljust(100))
        self.stderr.flush()
        self._progress_shown = True

    def clear_progress(self) -> None:
        if self._progress_shown:
            self.stderr.write("\r" + " " * 100 + "\r")
            self.stderr.flush()
            self._progress_shown = False
