"""Editing query text: adding and removing `field:value` clauses (facets, sidebar links)."""

from __future__ import annotations

import re


def has_clause(query: str, clause: str) -> bool:
    """Whether `clause` appears in `query` as a whole clause."""
    return re.search(rf"(?<![\w:\"]){re.escape(clause)}(?![\w\"])", query) is not None


def add_clause(query: str, clause: str) -> str:
    """`query AND clause`; a query with a top-level OR is wrapped first, so the new clause
    narrows the whole of it rather than its last alternative."""
    query = query.strip()
    if not query:
        return clause
    if has_clause(query, clause):
        return query
    if re.search(r"\bOR\b", query) and not (query.startswith("(") and query.endswith(")")):
        query = f"({query})"
    return f"{query} AND {clause}"


def remove_clause(query: str, clause: str) -> str:
    """`query` without `clause` (and the AND that joined it)."""
    escaped = re.escape(clause)
    for pattern in (
        rf"\s+AND\s+{escaped}(?![\w\"])",
        rf"(?<![\w:\"]){escaped}\s+AND\s+",
        rf"(?<![\w:\"]){escaped}(?![\w\"])",
    ):
        new, count = re.subn(pattern, "", query, count=1)
        if count:
            query = new
            break
    query = query.strip()
    # "(a OR b)" left alone in its parentheses: unwrap what add_clause wrapped.
    if query.startswith("(") and query.endswith(")") and query.count("(") == 1:
        query = query[1:-1].strip()
    return query


def toggle_clause(query: str, clause: str) -> str:
    return remove_clause(query, clause) if has_clause(query, clause) else add_clause(query, clause)
