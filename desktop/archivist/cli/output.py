"""How commands print: JSON on stdout for scripts, readable text otherwise, errors on stderr."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any, TextIO

from archivist.progress import ProgressEvent

# What a terminal would obey rather than print: C0 controls but line feed and tab (ESC starts
# colour and cursor sequences, CR overwrites a line), DEL, C1 controls (U+009B is a CSI on
# some terminals), and bidirectional embeddings, overrides and isolates (they reorder text).
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\n\t]")


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every terminal control shown escaped (`\\x1b`, `\\u202e`); line feeds
    and tabs stay, so that multi-line output keeps its shape."""
    return _TERMINAL_CONTROL.sub(_escaped, text)


def one_line(value: object) -> str:
    """A value from outside (a file name, a path) as one line: its line feeds and tabs
    escaped too, so that it cannot forge a line of output."""
    return _LINE_BREAKS.sub(_escaped, terminal_safe(str(value)))


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
                self.stdout.write(terminal_safe(text.rstrip("\n")) + "\n")

    def error(self, message: str) -> None:
        self.clear_progress()
        self.stderr.write(f"archivist: error: {terminal_safe(message)}\n")

    def warning(self, message: str) -> None:
        self.clear_progress()
        self.stderr.write(f"archivist: warning: {terminal_safe(message)}\n")

    def note(self, message: str) -> None:
        self.clear_progress()
        self.stderr.write(f"{terminal_safe(message)}\n")

    def progress(self, event: ProgressEvent) -> None:
        """A one-line progress indicator on an interactive stderr; nothing otherwise."""
        if not self.stderr.isatty():
            return
        width = 40
        filled = int(width * event.done / event.total) if event.total else 0
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {event.done}/{event.total} {one_line(event.message[:40])}"
        self.stderr.write(line.ljust(100))
        self.stderr.flush()
        self._progress_shown = True

    def clear_progress(self) -> None:
        if self._progress_shown:
            self.stderr.write("\r" + " " * 100 + "\r")
            self.stderr.flush()
            self._progress_shown = False
