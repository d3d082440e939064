"""What each recorded change is called in the journal and on Edit ▸ Undo / Redo: the
analyst's words ("Tag ‘Mr Tokayev’ as Kassym-Jomart Tokayev"), not ids."""

from __future__ import annotations

QUOTE_LIMIT = 40


def quoted(text: str | None, limit: int = QUOTE_LIMIT) -> str:
    """`text` in quotation marks, on one line, shortened to `limit` characters."""
    flat = " ".join((text or "").split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"‘{flat}’"


def tag_label(quote: str, entity: str) -> str:
    return f"Tag {quoted(quote)} as {entity}"


def untag_label(quote: str, entity: str) -> str:
    return f"Untag {quoted(quote)} ({entity})"


def move_tag_label(entity: str) -> str:
    return f"Move the tag of {entity}"


def claim_label(claimant: str, quote: str) -> str:
    return f"Record claim by {claimant}: {quoted(quote)}"


def edit_claim_label(claimant: str, status: str | None = None) -> str:
    return f"Mark claim by {claimant} {status}" if status else f"Edit claim by {claimant}"


def delete_claim_label(claimant: str, quote: str) -> str:
    return f"Delete claim by {claimant}: {quoted(quote)}"


def link_label(claimant: str, relation: str, other_claimant: str) -> str:
    return f"Link claim by {claimant} ({relation} claim by {other_claimant})"


def unlink_label(claimant: str, other_claimant: str) -> str:
    return f"Unlink claims by {claimant} and {other_claimant}"


def note_label(title: str) -> str:
    return f"Note on {quoted(title)}"
