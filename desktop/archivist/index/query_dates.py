"""Date ranges in queries: `published:2022-01`, `[2021 TO 2022-06]`, `>=2022-01-06`, as
ranges over the indexed dates, whatever precision each bound is written in."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from whoosh import query as wq
from whoosh.qparser import syntax
from whoosh.qparser.plugins import TaggingPlugin

from archivist.errors import QuerySyntaxError

# Whoosh's DateParserPlugin widens ISO end dates to the whole year and raises on "T"; dates
# are therefore parsed here and turned into exact DateRange queries.

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _date_bounds(value: str) -> tuple[datetime, datetime | None]:
    """The [start, end) interval a partial ISO date stands for: a year, a month or a day
    (no end for the last one there is, 9999-12-31)."""
    match = _DATE.match(value.strip())
    if not match:
        raise QuerySyntaxError(f"not a date: {value!r} (write 2022, 2022-01 or 2022-01-06)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None:
            start = datetime(year, month or 1, day)
        elif month is not None:
            start = datetime(year, month, 1)
        else:
            start = datetime(year, 1, 1)
    except ValueError:
        raise QuerySyntaxError(f"not a valid date: {value!r}") from None
    try:
        if day is not None:
            return start, start + timedelta(days=1)
        if month is not None:
            return start, datetime(year + (month == 12), month % 12 + 1, 1)
        return start, datetime(year + 1, 1, 1)
    except (ValueError, OverflowError):  # (after 9999-12-31: open-ended)
        return start, None


def date_query(fieldname: str, spec: str) -> wq.Query:
    """`published:` values: 2022 · 2022-01 · 2022-01-06 · [2022-01-01 TO 2022-03-31] ·
    [2022 TO *] · >2022-01 · >=2022-01-05 · <2021 · <=2021-12."""
    spec = spec.strip()
    if spec.startswith(("[", "{")):
        if not spec.endswith(("]", "}")):
            raise QuerySyntaxError(f"unclosed date range: {spec!r}")
        parts = re.split(r"\s+to\s+", spec[1:-1].strip(), flags=re.IGNORECASE)
        if len(parts) != 2:
            raise QuerySyntaxError(f"a date range is written [START TO END], not {spec!r}")
        low, high = (p.strip() for p in parts)
        start = None if low in ("", "*") else _date_bounds(low)[0]
        end = None if high in ("", "*") else _date_bounds(high)[1]
        if start and end and start >= end:
            raise QuerySyntaxError(f"the date range {spec!r} ends before it starts")
        return wq.DateRange(fieldname, start, end, endexcl=True)
    for op in (">=", "<=", ">", "<"):
        if spec.startswith(op):
            start, end = _date_bounds(spec[len(op) :])
            if op == ">=":
                return wq.DateRange(fieldname, start, None)
            if op == ">":  # (nothing is after the end of 9999)
                return wq.NullQuery if end is None else wq.DateRange(fieldname, end, None)
            if op == "<":
                return wq.DateRange(fieldname, None, start, endexcl=True)
            return wq.DateRange(fieldname, None, end, endexcl=True)
    start, end = _date_bounds(spec)
    return wq.DateRange(fieldname, start, end, endexcl=True)


class _DateRangeNode(syntax.SyntaxNode):
    has_fieldname = True

    def __init__(self, field: str, spec: str) -> None:
        self.fieldname = "published"
        self.spec = spec
        self.boost = 1.0

    def r(self) -> str:
        return f"published:{self.spec}"

    def query(self, parser: Any) -> wq.Query:
        return date_query(self.fieldname, self.spec)


class DateRangePlugin(TaggingPlugin):
    """Tags `published:SPEC` and `date:SPEC` before the generic field syntax sees them."""

    expr = r"(?P<field>published|date):(?P<spec>[\[{][^\]}]*[\]}]?|[<>]=?[^\s)]+|[^\s)]+)"
    priority = -10
    nodetype = _DateRangeNode
