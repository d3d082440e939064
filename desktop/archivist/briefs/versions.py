"""Issued versions of a brief, and what changed in its evidence since the last one.

Exporting a brief issues a numbered version: the composed document (to write it again exactly
as issued) and, for every cited claim and excerpt, what it was at that moment — quote, span,
grade, status, claimant, anchor and the fingerprint of its article's text. `check_brief`
compares the last version's evidence with the archive's now: a claim regraded, refuted or
deleted, an article re-extracted, an excerpt whose quote is no longer in its text. Issued
versions are facts, not edits: they are not undone, and outlive the claims they cite.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from archivist import annotations as ann
from archivist.archive.archive import Archive
from archivist.archive.journal import current_user
from archivist.briefs.records import Brief, ExportReport
from archivist.briefs.snapshot import document_from_json, document_to_json
from archivist.briefs.store import get_brief
from archivist.briefs.view import BriefDocument
from archivist.dates import utc_now_iso
from archivist.errors import NotFoundError

#: What a change can be, in `check_brief`'s report.
CHANGE_KINDS = ("grade", "status", "claimant", "text", "orphaned", "deleted")


@dataclass(frozen=True)
class CitedState:
    """What a cited claim or excerpt is (or was when a version was issued)."""

    kind: str  # "claim" or "excerpt"
    ident: int  # the claim's id, or the excerpt item's
    article_id: int | None
    quote: str
    start: int | None
    end: int | None
    grade: str | None = None
    status: str | None = None
    claimant: str | None = None
    anchor: str | None = None
    #: The SHA-256 of the article's text: another when the article was re-extracted.
    text_sha256: str | None = None


@dataclass
class BriefVersion:
    """One issued version of a brief."""

    brief_id: int
    version: int
    issued_at: str
    user: str
    format: str
    path: str
    notes: str
    template: str | None
    claims: int
    excerpts: int
    sources: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EvidenceChange:
    """One thing that changed in a cited claim or excerpt since the brief was issued."""

    kind: str  # see CHANGE_KINDS
    cited: str  # "claim" or "excerpt"
    ident: int
    was: Any
    now: Any
    message: str
    #: Where to show it: the article and span (None when the article is gone).
    article_id: int | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            self.cited: self.ident,
            "was": self.was,
            "now": self.now,
            "message": self.message,
        }


@dataclass
class StalenessReport:
    """What changed in a brief's evidence since its last issued version."""

    brief_id: int
    issued_version: int | None
    issued_at: str | None
    changes: list[EvidenceChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "brief": self.brief_id,
            "issued_version": self.issued_version,
            "issued_at": self.issued_at,
            "changes": [change.to_dict() for change in self.changes],
        }


# --- what the evidence is ------------------------------------------------------------------


def _text_fingerprints(archive: Archive, article_ids: set[int]) -> dict[int, str]:
    if not article_ids:
        return {}
    marks = ", ".join("?" * len(article_ids))
    rows = archive.db.execute(
        f"SELECT id, text_sha256 FROM articles WHERE id IN ({marks})", sorted(article_ids)
    ).fetchall()
    return {int(row[0]): row[1] for row in rows}


def _claim_states(archive: Archive, claim_ids: list[int]) -> dict[int, CitedState]:
    claims = {}
    for claim_id in claim_ids:
        try:
            claims[claim_id] = ann.get_claim(archive, claim_id)
        except NotFoundError:
            continue
    texts = _text_fingerprints(archive, {c.article_id for c in claims.values()})
    return {
        claim_id: CitedState(
            kind="claim",
            ident=claim_id,
            article_id=claim.article_id,
            quote=claim.quote,
            start=claim.start,
            end=claim.end,
            grade=claim.grade,
            status=claim.status,
            claimant=claim.claimant,
            anchor=claim.anchor,
            text_sha256=texts.get(claim.article_id),
        )
        for claim_id, claim in claims.items()
    }


def _excerpt_states(archive: Archive, brief: Brief) -> dict[int, CitedState]:
    excerpts = [i for i in brief.items if i.kind == "excerpt" and not i.missing]
    texts = _text_fingerprints(archive, {i.article_id for i in excerpts if i.article_id})
    return {
        item.id: CitedState(
            kind="excerpt",
            ident=item.id,
            article_id=item.article_id,
            quote=item.quote or "",
            start=item.start,
            end=item.end,
            anchor=item.anchor,
            text_sha256=texts.get(item.article_id) if item.article_id else None,
        )
        for item in excerpts
    }


def evidence_of(archive: Archive, brief: Brief, doc: BriefDocument) -> list[CitedState]:
    """What the claims and excerpts `doc` cites are now."""
    claims = _claim_states(archive, [claim.claim_id for claim in doc.claims])
    return [*claims.values(), *_excerpt_states(archive, brief).values()]


# --- issuing and reading versions ----------------------------------------------------------

_VERSION_COLUMNS = (
    "brief_id, version, issued_at, user, format, path, notes, template, claims, excerpts, sources"
)


def _version(row: Any) -> BriefVersion:
    return BriefVersion(*row)


def _version_row(
    archive: Archive, brief_id: int, version: int | None, columns: str
) -> tuple[Any, ...] | None:
    """`columns` of the brief's version `version`, or of its last one when None."""
    if version is None:
        return archive.db.execute(
            f"SELECT {columns} FROM brief_versions WHERE brief_id = ? "
            "ORDER BY version DESC LIMIT 1",
            [brief_id],
        ).fetchone()
    return archive.db.execute(
        f"SELECT {columns} FROM brief_versions WHERE brief_id = ? AND version = ?",
        [brief_id, version],
    ).fetchone()


def latest_version(archive: Archive, brief_id: int) -> BriefVersion | None:
    row = _version_row(archive, brief_id, None, _VERSION_COLUMNS)
    return None if row is None else _version(row)


def issue_version(
    archive: Archive,
    brief: Brief,
    doc: BriefDocument,
    report: ExportReport,
    *,
    notes: str,
) -> tuple[BriefVersion, bool]:
    """Record `doc`, just exported as `report` says, as the brief's next version: the
    version, and True. When the document and its evidence are those of the last version
    (the same brief exported again), nothing is recorded: that version, and False."""
    document = json.dumps(document_to_json(doc), ensure_ascii=False, sort_keys=True)
    evidence = json.dumps(
        [asdict(state) for state in evidence_of(archive, brief, doc)],
        ensure_ascii=False,
        sort_keys=True,
    )
    with archive.db.atomic():
        last = _version_row(archive, brief.id, None, "version, document, evidence")
        if last is not None and last[1] == document and last[2] == evidence:
            found = latest_version(archive, brief.id)
            assert found is not None
            return found, False
        number = 1 if last is None else int(last[0]) + 1
        archive.db.execute(
            "INSERT INTO brief_versions (brief_id, version, issued_at, user, format, path, "
            "notes, template, claims, excerpts, sources, document, evidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                brief.id,
                number,
                utc_now_iso(),
                current_user(),
                report.format,
                report.path,
                notes,
                report.template,
                report.claims,
                report.excerpts,
                report.sources,
                document,
                evidence,
            ],
        )
    version = latest_version(archive, brief.id)
    assert version is not None
    return version, True


def list_versions(archive: Archive, brief_id: int) -> list[BriefVersion]:
    """The brief's issued versions, the first first (NotFoundError: no such brief)."""
    get_brief(archive, brief_id)
    rows = archive.db.execute(
        f"SELECT {_VERSION_COLUMNS} FROM brief_versions WHERE brief_id = ? ORDER BY version",
        [brief_id],
    ).fetchall()
    return [_version(row) for row in rows]


def _stored(archive: Archive, brief_id: int, version: int, column: str) -> Any:
    """The JSON `column` (document or evidence) of an issued version."""
    row = _version_row(archive, brief_id, version, column)
    if row is None:
        raise NotFoundError(f"brief {brief_id} has no version {version}")
    return json.loads(row[0])


def version_document(archive: Archive, brief_id: int, version: int) -> BriefDocument:
    """The document of an issued version, exactly as it was exported.

    Raises:
        NotFoundError: no such brief or version.
    """
    get_brief(archive, brief_id)
    return document_from_json(_stored(archive, brief_id, version, "document"))


def version_details(archive: Archive, brief_id: int, version: int) -> BriefVersion:
    """One issued version's record (NotFoundError when there is none)."""
    row = _version_row(archive, brief_id, version, _VERSION_COLUMNS)
    if row is None:
        raise NotFoundError(f"brief {brief_id} has no version {version}")
    return _version(row)


# --- staleness -----------------------------------------------------------------------------


def check_brief(archive: Archive, brief_id: int) -> StalenessReport:
    """What changed in the evidence of the brief's last issued version since it was issued
    (no changes, and no version, when it was never issued).

    Raises:
        NotFoundError: no such brief.
    """
    brief = get_brief(archive, brief_id)
    last = latest_version(archive, brief_id)
    if last is None:
        return StalenessReport(brief_id, None, None)
    then = [CitedState(**state) for state in _stored(archive, brief_id, last.version, "evidence")]
    claims_now = _claim_states(archive, [s.ident for s in then if s.kind == "claim"])
    excerpts_now = _excerpt_states(archive, brief)
    changes: list[EvidenceChange] = []
    for was in then:
        now = (claims_now if was.kind == "claim" else excerpts_now).get(was.ident)
        changes.extend(_differences(was, now))
    return StalenessReport(brief_id, last.version, last.issued_at, changes)


def _differences(was: CitedState, now: CitedState | None) -> list[EvidenceChange]:
    name = f"{was.kind} {was.ident}"
    quote = _short(was.quote)

    def change(kind: str, before: Any, after: Any, message: str) -> EvidenceChange:
        # (Shown where it is now; nowhere once it is gone.)
        return EvidenceChange(
            kind,
            was.kind,
            was.ident,
            before,
            after,
            message,
            article_id=None if now is None else now.article_id,
            start=None if now is None else now.start,
            end=None if now is None else now.end,
        )

    if now is None:
        gone = "deleted" if was.kind == "claim" else "gone (its article was deleted)"
        return [change("deleted", quote, None, f"{name} ({quote}) was {gone}")]
    found = []
    if was.grade != now.grade:
        found.append(
            change(
                "grade",
                was.grade,
                now.grade,
                f"{name} ({quote}) regraded {was.grade or 'ungraded'} → {now.grade or 'ungraded'}",
            )
        )
    if was.status != now.status:
        found.append(change("status", was.status, now.status, f"{name} ({quote}) now {now.status}"))
    if was.claimant != now.claimant:
        found.append(
            change(
                "claimant",
                was.claimant,
                now.claimant,
                f"{name}: claimant {was.claimant!r} → {now.claimant!r}",
            )
        )
    if was.text_sha256 != now.text_sha256 or was.quote != now.quote:
        found.append(
            change(
                "text",
                {"quote": was.quote, "start": was.start, "end": was.end},
                {"quote": now.quote, "start": now.start, "end": now.end},
                f"{name}: the text of its article changed (re-extracted or edited)"
                if was.text_sha256 != now.text_sha256
                else f"{name}: its quote changed to {_short(now.quote)}",
            )
        )
    if now.anchor == "orphaned" and was.anchor != "orphaned":
        found.append(
            change(
                "orphaned",
                was.anchor,
                now.anchor,
                f"{name} ({quote}) is no longer found in its article's text",
            )
        )
    return found


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def briefs_citing(
    archive: Archive, *, claim_ids: set[int] = frozenset(), article_ids: set[int] = frozenset()
) -> list[tuple[int, str, int]]:
    """The briefs whose last issued version cites one of these claims, or evidence from one
    of these articles: (brief id, title, version), for a warning before they are deleted."""
    rows = archive.db.execute(
        "SELECT v.brief_id, b.title, v.version, v.evidence FROM brief_versions v "
        "JOIN briefs b ON b.id = v.brief_id "
        "WHERE v.version = (SELECT MAX(version) FROM brief_versions WHERE brief_id = v.brief_id) "
        "ORDER BY v.brief_id"
    ).fetchall()
    found = []
    for brief_id, title, version, evidence in rows:
        for state in json.loads(evidence):
            if (state["kind"] == "claim" and state["ident"] in claim_ids) or (
                state["article_id"] in article_ids
            ):
                found.append((int(brief_id), str(title), int(version)))
                break
    return found
