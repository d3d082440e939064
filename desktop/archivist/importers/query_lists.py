"""Lists of queries for a batch search, from what the analyst pastes or from a file: one
query per line of a text file, or a column of a CSV file, in whatever encoding it is."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from archivist.errors import InvalidValueError
from archivist.importers.encoding import decode_bytes

#: More lines than an analyst pastes: a file of this many is most likely a wrong file.
MAX_QUERIES = 5000


def queries_from_text(text: str) -> list[str]:
    """One query per line; blank lines and lines starting with # are passed over."""
    return _checked([line.strip() for line in text.splitlines()])


def read_queries(path: str | Path, column: str | int | None = None) -> list[str]:
    """The queries of a file: a .csv's column (`column` by header name or number from 1;
    default the first, its header row skipped when it reads "query" or "name"), or one
    per line of any other text file, in whatever encoding it is (as imported text is)."""
    path = Path(path)
    text = _text_of(path)
    if path.suffix.lower() != ".csv":
        return queries_from_text(text)
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    if not rows:
        return []
    at = 0
    header = [cell.strip().casefold() for cell in rows[0]]
    if isinstance(column, str) and not column.isdigit():
        if column.casefold() not in header:
            raise InvalidValueError(f"{path.name} has no column named {column!r}")
        at = header.index(column.casefold())
        rows = rows[1:]
    else:
        at = int(column) - 1 if column is not None else 0
        if at < 0:
            raise InvalidValueError("columns are numbered from 1")
        if header and at < len(header) and header[at] in ("query", "queries", "name", "names"):
            rows = rows[1:]
    return _checked([row[at].strip() if at < len(row) else "" for row in rows])


def csv_header(path: str | Path) -> list[str]:
    """The cells of a CSV file's first row (to ask which column holds the queries)."""
    return next(csv.reader(io.StringIO(_text_of(Path(path)))), [])


def _text_of(path: Path) -> str:
    """The file's text, decoded as imported text is; a clear error for a file that cannot
    be read or is no text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidValueError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidValueError(f"{path.name} is not a text file")
    return decode_bytes(raw)


def _checked(lines: list[str]) -> list[str]:
    queries = [line for line in lines if line and not line.startswith("#")]
    if len(queries) > MAX_QUERIES:
        raise InvalidValueError(
            f"{len(queries):,} queries: a batch holds at most {MAX_QUERIES:,}; split the list"
        )
    return queries
