"""Key judgments: brief items that state a judgment with a likelihood from the brief's
yardstick, an analytic confidence, and the claims and excerpts it rests on."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from archivist import ach
from archivist import annotations as ann
from archivist.archive.archive import Archive
from archivist.briefs import values, yardsticks
from archivist.briefs.history import recording
from archivist.briefs.records import Brief, BriefItem
from archivist.briefs.store import _UNSET, _brief_row, _insert_item, get_brief, get_item
from archivist.dates import utc_now_iso
from archivist.errors import InvalidValueError

MAX_JUDGMENT_CHARS = 2000


def _statement(value: str | None) -> str:
    text = values.clean_required_text(value, "the judgment")
    if len(text) > MAX_JUDGMENT_CHARS:
        raise InvalidValueError(f"the judgment is longer than {MAX_JUDGMENT_CHARS} characters")
    return text


def _evidence(
    archive: Archive,
    brief_id: int,
    claims: Iterable[int],
    excerpts: Iterable[int],
    matrices: Iterable[int] = (),
) -> str:
    """The evidence as stored: claims that exist, excerpts that are items of this brief, and
    matrices of competing hypotheses that exist (in the order given, each once)."""
    claim_ids = list(dict.fromkeys(int(c) for c in claims))
    excerpt_ids = list(dict.fromkeys(int(e) for e in excerpts))
    matrix_ids = list(dict.fromkeys(int(m) for m in matrices))
    for matrix_id in matrix_ids:
        ach.get_matrix(archive, matrix_id)  # NotFoundError names it
    for claim_id in claim_ids:
        ann.get_claim(archive, claim_id)  # NotFoundError names it
    for item_id in excerpt_ids:
        item = get_item(archive, brief_id, item_id)
        if item.kind != "excerpt":
            raise InvalidValueError(
                f"item {item_id} is not an excerpt: only claims and excerpts support a judgment"
            )
    evidence: dict[str, list[int]] = {"claims": claim_ids, "excerpts": excerpt_ids}
    if matrix_ids:
        evidence["matrices"] = matrix_ids
    return json.dumps(evidence)


def add_judgment(
    archive: Archive,
    brief_id: int,
    text: str,
    *,
    likelihood: str,
    confidence: str,
    basis: str | None = None,
    claims: Iterable[int] = (),
    excerpts: Iterable[int] = (),
    matrices: Iterable[int] = (),
    note: str | None = None,
    position: int | None = None,
) -> BriefItem:
    """Add a key judgment.

    Args:
        text: the judgment itself ("Russian-led forces will leave Kazakhstan by February").
        likelihood: a term of the brief's yardstick ("likely"; synonyms accepted, stored as
            the yardstick's own term).
        confidence: low, moderate or high.
        basis: why that confidence (optional).
        claims: ids of the claims that support it.
        excerpts: ids of this brief's excerpt items that support it.
        matrices: ids of the ACH matrices it rests on (shown in an appendix of the export).
        position: where it goes (1-based); at the end when None.

    Raises:
        NotFoundError: no such brief, claim or excerpt item.
        InvalidValueError: a likelihood outside the yardstick (the message lists its terms),
            another confidence, a blank judgment.
    """
    brief = _brief_row(archive, brief_id)
    term = yardsticks.yardstick(brief.yardstick).term(likelihood)
    row = {
        "kind": "judgment",
        "text": _statement(text),
        "likelihood": term.name,
        "confidence": yardsticks.clean_confidence(confidence),
        "basis": values.clean_text(basis, "the basis"),
        "evidence": _evidence(archive, brief_id, claims, excerpts, matrices),
        "note": values.clean_text(note, "the note"),
    }
    return _insert_item(archive, brief_id, row, position, "add key judgment")


def edit_judgment(
    archive: Archive,
    brief_id: int,
    item_id: int,
    *,
    text: str | None = _UNSET,
    likelihood: str | None = _UNSET,
    confidence: str | None = _UNSET,
    basis: str | None = _UNSET,
    claims: Iterable[int] | None = None,
    excerpts: Iterable[int] | None = None,
    matrices: Iterable[int] | None = None,
    note: str | None = _UNSET,
) -> BriefItem:
    """Change a key judgment; what is left out stays. `claims` / `excerpts` / `matrices`
    replace the evidence of that kind (an empty list removes it all).

    Raises:
        NotFoundError: no such brief, item, claim or excerpt.
        InvalidValueError: the item is not a judgment, or a value as in `add_judgment`.
    """
    brief = _brief_row(archive, brief_id)
    item = get_item(archive, brief_id, item_id)
    if item.kind != "judgment":
        raise InvalidValueError(f"item {item_id} is not a key judgment")
    changed: dict[str, Any] = {}
    if text is not _UNSET:
        changed["text"] = _statement(text)
    if likelihood is not _UNSET:
        changed["likelihood"] = yardsticks.yardstick(brief.yardstick).term(likelihood).name
    if confidence is not _UNSET:
        changed["confidence"] = yardsticks.clean_confidence(confidence)
    if basis is not _UNSET:
        changed["basis"] = values.clean_text(basis, "the basis")
    if note is not _UNSET:
        changed["note"] = values.clean_text(note, "the note")
    if claims is not None or excerpts is not None or matrices is not None:
        current = item.evidence or {}
        changed["evidence"] = _evidence(
            archive,
            brief_id,
            current.get("claims", []) if claims is None else claims,
            current.get("excerpts", []) if excerpts is None else excerpts,
            current.get("matrices", []) if matrices is None else matrices,
        )
    with recording(archive.db, brief_id, "item.edit", f"edit key judgment {item_id}") as changes:
        if changes.update("brief_items", {"id": item_id}, changed):
            changes.update("brief_items", {"id": item_id}, {"updated_at": utc_now_iso()})
    return get_item(archive, brief_id, item_id)


def set_yardstick(archive: Archive, brief_id: int, key: str) -> Brief:
    """Change the brief's yardstick; each judgment's likelihood becomes the new yardstick's
    term for the same probability (the one whose range holds the old range's middle). One
    recorded change: undo puts every term back.

    Raises:
        NotFoundError: no such brief.
        InvalidValueError: an unknown yardstick.
    """
    brief = get_brief(archive, brief_id)
    old = yardsticks.yardstick(brief.yardstick)
    new = yardsticks.yardstick(key)
    with recording(
        archive.db, brief_id, "brief.edit", f"yardstick of brief {brief_id}: {new.name}"
    ) as changes:
        if changes.update("briefs", {"id": brief_id}, {"yardstick": new.key}):
            changes.update("briefs", {"id": brief_id}, {"updated_at": utc_now_iso()})
        for item in brief.judgments:
            term = new.nearest(old.term(item.likelihood))
            changes.update("brief_items", {"id": item.id}, {"likelihood": term.name})
    return get_brief(archive, brief_id)
