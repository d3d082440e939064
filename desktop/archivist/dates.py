"""Publication dates: parse what analysts and documents write, store ISO 8601."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from archivist.errors import InvalidValueError

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def normalise_published(value: str | None) -> str | None:
    """An ISO form of a user- or document-given date: "2022", "2022-01", "2022-01-06" or a
    full ISO datetime. Raises InvalidValueError for anything else."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    match = _PARTIAL.match(value)
    if match:
        year, month, day = match.groups()
        try:
            date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise InvalidValueError(f"not a valid date: {value!r} ({exc})") from None
        parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
        return "-".join(parts)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = _parse_other(value)
    if parsed.tzinfo is None and parsed.time() == datetime.min.time():
        return parsed.date().isoformat()
    return parsed.isoformat()


def _parse_other(value: str) -> datetime:
    """RFC 2822 ("Thu, 06 Jan 2022 10:00:00 GMT") and a few written forms ("6 Jan 2022")."""
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    for pattern in ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    raise InvalidValueError(
        f"not a date Archivist understands: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)"
    )


def published_datetime(value: str | None) -> datetime | None:
    """The datetime (naive, UTC) an ISO `published` value stands for; partial dates start
    at their first day. None when absent or unreadable."""
    if not value:
        return None
    match = _PARTIAL.match(value)
    try:
        if match:
            year, month, day = match.groups()
            return datetime(int(year), int(month or 1), int(day or 1))
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def utc_now_iso() -> str:
    """The current time as an ISO 8601 UTC string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
