"""Checks of a query's text before parsing: refusals that name the problem (nesting too
deep, a boost that is not a number, an unknown field) and the rewrites Whoosh's parser
needs (`NOT NOT x`)."""

from __future__ import annotations

import re

from whoosh.fields import Schema

from archivist.errors import QuerySyntaxError
from archivist.index.schema import FIELD_ALIASES


def without_double_negations(text: str) -> str:
    """`NOT NOT x` as `x` (outside quoted phrases): Whoosh's parser fails on it."""
    parts = re.split(r'("[^"]*")', text)
    for at in range(0, len(parts), 2):  # (the odd parts are the quoted phrases)
        previous = None
        while previous != parts[at]:
            previous = parts[at]
            parts[at] = re.sub(r"(?<!\S)NOT\s+NOT(?:\s+|$)", "", parts[at])
    return "".join(parts)


#: Parentheses nested deeper than this are refused (Elasticsearch allows 30 levels of
#: boolean queries); the parser and the query's visitors recurse once a level.
MAX_NESTING = 50


def check_nesting(text: str) -> None:
    unquoted = re.sub(r'"[^"]*"', " ", text)
    depth = deepest = 0
    for char in unquoted:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(0, depth - 1)
    if deepest > MAX_NESTING:
        raise QuerySyntaxError(
            f"parentheses are nested {deepest} deep: at most {MAX_NESTING} levels are understood"
        )


_BOOST = re.compile(r"\^(\S*)")
_GOOD_BOOST = re.compile(r"(\d+(?:\.\d+)?|\.\d+)(?=$|[\s)])")
MAX_BOOST = 1000.0


def check_boosts(text: str) -> None:
    """A boost is `^` and a number from 0 to MAX_BOOST (`Tokayev^2`); anything else after a
    `^` would silently become a word of the query (`x^1e308` searched as "x 1e308")."""
    unquoted = re.sub(r'"[^"]*"', " ", text)
    for match in _BOOST.finditer(unquoted):
        written = match.group(0)
        good = _GOOD_BOOST.match(match.group(1) + " ")
        if good is None or not 0 <= float(good.group(1)) <= MAX_BOOST:
            raise QuerySyntaxError(
                f"a boost is ^ and a number from 0 to {MAX_BOOST:g} (as in Tokayev^2), "
                f"not {written!r}"
            )


_FIELD_PREFIX = re.compile(r"(?:^|[\s(])([A-Za-z_]+):(?=\S)")


def unknown_field(text: str, schema: Schema) -> str | None:
    """The first `name:` in the query that is not a field (outside quoted phrases)."""
    unquoted = re.sub(r'"[^"]*"', " ", text)
    aliases = {a for names in FIELD_ALIASES.values() for a in names} | {"date"}
    for match in _FIELD_PREFIX.finditer(unquoted):
        name = match.group(1)
        if name not in schema.names() and name not in aliases:
            return name
    return None
