"""Reading and changing ACH matrices. Every change is one entry of the archive's annotation
history (undone with the analyst's other edits), in one transaction."""

from __future__ import annotations

import contextlib
from typing import Any

from archivist.ach import scoring
from archivist.ach.records import Evidence, Hypothesis, Matrix, MatrixSummary
from archivist.annotations.anchoring import anchor_at
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.values import clean_note
from archivist.archive.archive import Archive
from archivist.archive.row_replay import fetch_row
from archivist.dates import utc_now_iso
from archivist.errors import InvalidValueError, NotFoundError

MAX_QUESTION_CHARS = 500
MAX_HYPOTHESIS_CHARS = 1_000


def _text(value: str | None, what: str, limit: int) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InvalidValueError(f"{what} cannot be empty")
    if len(cleaned) > limit:
        raise InvalidValueError(f"{what} is longer than {limit} characters")
    return cleaned


# --- reading --------------------------------------------------------------------------------


def list_matrices(archive: Archive) -> list[MatrixSummary]:
    """Every matrix, most recently changed first."""
    rows = archive.db.execute(
        "SELECT m.id, m.question, "
        "(SELECT count(*) FROM ach_hypotheses h WHERE h.matrix_id = m.id), "
        "(SELECT count(*) FROM ach_evidence e WHERE e.matrix_id = m.id), m.updated_at "
        "FROM ach_matrices m ORDER BY m.updated_at DESC, m.id DESC"
    ).fetchall()
    return [MatrixSummary(*row) for row in rows]


_EVIDENCE_SELECT = """
SELECT e.id, e.matrix_id, e.position, e.kind, e.relevance, e.claim_id, e.article_id,
       e.span_start, e.span_end, e.quote, e.text, e.seen_reliability, e.seen_credibility,
       e.seen_status,
       c.id, c.quote, c.statement, c.reliability, c.credibility, c.status,
       COALESCE(en.name, c.claimant_text), c.article_id, c.span_start, c.span_end,
       a.id, a.title
FROM ach_evidence e
LEFT JOIN claims c ON c.id = e.claim_id
LEFT JOIN entities en ON en.id = c.claimant_entity_id
LEFT JOIN articles a ON a.id = COALESCE(c.article_id, e.article_id)
WHERE e.matrix_id = ?
ORDER BY e.position
"""


def _evidence(row: tuple[Any, ...]) -> Evidence:
    (id, matrix_id, position, kind, relevance, claim_id, article_id, start, end, quote, text,
     seen_reliability, seen_credibility, seen_status, claim_found, claim_quote, statement,
     reliability, credibility, status, claimant, claim_article, claim_start, claim_end,
     article_found, title) = row  # fmt: skip
    evidence = Evidence(
        id=id,
        matrix_id=matrix_id,
        position=position,
        kind=kind,
        relevance=relevance,
        claim_id=claim_id,
        article_id=article_id,
        start=start,
        end=end,
        quote=quote,
        text=text,
        article_title=title,
        seen_reliability=seen_reliability,
        seen_credibility=seen_credibility,
        seen_status=seen_status,
    )
    if kind == "claim":
        evidence.missing = claim_found is None
        if not evidence.missing:
            evidence.quote, evidence.statement, evidence.claimant = claim_quote, statement, claimant
            evidence.reliability, evidence.credibility, evidence.status = (
                reliability,
                credibility,
                status,
            )
            evidence.article_id, evidence.start, evidence.end = (
                claim_article,
                claim_start,
                claim_end,
            )
    elif kind == "excerpt":
        evidence.missing = article_found is None
    return evidence


def get_matrix(archive: Archive, matrix_id: int) -> Matrix:
    """The matrix with its hypotheses, evidence (claims read live) and ratings."""
    db = archive.db
    row = db.execute(
        "SELECT id, question, created_at, updated_at FROM ach_matrices WHERE id = ?", [matrix_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no ACH matrix with id {matrix_id}")
    matrix = Matrix(*row)
    matrix.hypotheses = [
        Hypothesis(*r)
        for r in db.execute(
            "SELECT id, matrix_id, position, text, indicators FROM ach_hypotheses "
            "WHERE matrix_id = ? ORDER BY position",
            [matrix_id],
        )
    ]
    matrix.evidence = [_evidence(r) for r in db.execute(_EVIDENCE_SELECT, [matrix_id])]
    by_id = {e.id: e for e in matrix.evidence}
    for evidence_id, hypothesis_id, rating in db.execute(
        "SELECT r.evidence_id, r.hypothesis_id, r.rating FROM ach_ratings r "
        "JOIN ach_evidence e ON e.id = r.evidence_id WHERE e.matrix_id = ?",
        [matrix_id],
    ):
        by_id[evidence_id].ratings[hypothesis_id] = rating
    return matrix


def matrices_citing_claim(archive: Archive, claim_id: int) -> list[int]:
    """Ids of the matrices that hold this claim as evidence."""
    return [
        r[0]
        for r in archive.db.execute(
            "SELECT DISTINCT matrix_id FROM ach_evidence WHERE claim_id = ? ORDER BY matrix_id",
            [claim_id],
        )
    ]


def _row(archive: Archive, table: str, row_id: int, what: str) -> dict[str, Any]:
    found = fetch_row(archive.db, table, {"id": row_id})
    if found is None:
        raise NotFoundError(f"no {what} with id {row_id}")
    return found


def _touch(changes: ChangeSet, matrix_id: int) -> None:
    changes.update("ach_matrices", {"id": matrix_id}, {"updated_at": utc_now_iso()})


def _next_position(archive: Archive, table: str, matrix_id: int) -> int:
    return int(
        archive.db.execute(
            f"SELECT COALESCE(max(position), 0) + 1 FROM {table} WHERE matrix_id = ?",
            [matrix_id],
        ).fetchone()[0]
    )


# --- matrices ------------------------------------------------------------------------------


def create_matrix(archive: Archive, question: str) -> Matrix:
    """A new, empty matrix for `question` ("Who is behind the Almaty violence?")."""
    question = _text(question, "the question", MAX_QUESTION_CHARS)
    now = utc_now_iso()
    with recording(archive, "ach.create", f"new ACH matrix: {question[:60]}") as changes:
        matrix_id = changes.insert(
            "ach_matrices", {"question": question, "created_at": now, "updated_at": now}
        )
    return get_matrix(archive, matrix_id)


def rename_matrix(archive: Archive, matrix_id: int, question: str) -> Matrix:
    question = _text(question, "the question", MAX_QUESTION_CHARS)
    _row(archive, "ach_matrices", matrix_id, "ACH matrix")
    with recording(archive, "ach.edit", f"ACH question: {question[:60]}") as changes:
        changes.update(
            "ach_matrices", {"id": matrix_id}, {"question": question, "updated_at": utc_now_iso()}
        )
    return get_matrix(archive, matrix_id)


def delete_matrix(archive: Archive, matrix_id: int) -> None:
    """Delete a matrix with its hypotheses, evidence and ratings (one change, undoable)."""
    matrix = get_matrix(archive, matrix_id)
    with recording(archive, "ach.delete", f"delete ACH matrix: {matrix.question[:60]}") as changes:
        for evidence in matrix.evidence:
            _delete_evidence_rows(changes, evidence)
        for hypothesis in matrix.hypotheses:
            changes.delete("ach_hypotheses", {"id": hypothesis.id})
        changes.delete("ach_matrices", {"id": matrix_id})


# --- hypotheses ----------------------------------------------------------------------------


def add_hypothesis(
    archive: Archive, matrix_id: int, text: str, indicators: str | None = None
) -> Hypothesis:
    """A hypothesis (a column), placed after the others."""
    text = _text(text, "a hypothesis", MAX_HYPOTHESIS_CHARS)
    _row(archive, "ach_matrices", matrix_id, "ACH matrix")
    position = _next_position(archive, "ach_hypotheses", matrix_id)
    with recording(archive, "ach.hypothesis.add", f"add hypothesis H{position}") as changes:
        hypothesis_id = changes.insert(
            "ach_hypotheses",
            {
                "matrix_id": matrix_id,
                "position": position,
                "text": text,
                "indicators": clean_note(indicators, "the indicators"),
            },
        )
        _touch(changes, matrix_id)
    return get_matrix(archive, matrix_id).hypothesis(hypothesis_id)


_UNCHANGED: Any = object()


def edit_hypothesis(
    archive: Archive,
    hypothesis_id: int,
    *,
    text: str | None = None,
    indicators: str | None = _UNCHANGED,
) -> Hypothesis:
    """Change a hypothesis's sentence and/or its indicators to watch (None clears them)."""
    row = _row(archive, "ach_hypotheses", hypothesis_id, "hypothesis")
    values: dict[str, Any] = {}
    if text is not None:
        values["text"] = _text(text, "a hypothesis", MAX_HYPOTHESIS_CHARS)
    if indicators is not _UNCHANGED:
        values["indicators"] = clean_note(indicators, "the indicators")
    with recording(
        archive, "ach.hypothesis.edit", f"edit hypothesis H{row['position']}"
    ) as changes:
        if changes.update("ach_hypotheses", {"id": hypothesis_id}, values):
            _touch(changes, row["matrix_id"])
    return get_matrix(archive, row["matrix_id"]).hypothesis(hypothesis_id)


def move_hypothesis(archive: Archive, hypothesis_id: int, position: int) -> Matrix:
    """Put a hypothesis at `position` (1 = first column); the others close up."""
    row = _row(archive, "ach_hypotheses", hypothesis_id, "hypothesis")
    matrix = get_matrix(archive, row["matrix_id"])
    order = [h.id for h in matrix.hypotheses if h.id != hypothesis_id]
    if not 1 <= position <= len(order) + 1:
        raise InvalidValueError(f"position {position} is not between 1 and {len(order) + 1}")
    order.insert(position - 1, hypothesis_id)
    with recording(archive, "ach.hypothesis.move", f"move hypothesis to H{position}") as changes:
        # Out of the way first (positions need not be unique, but replay must be exact).
        for number, moved in enumerate(order, start=1):
            changes.update("ach_hypotheses", {"id": moved}, {"position": number})
        _touch(changes, matrix.id)
    return get_matrix(archive, matrix.id)


def remove_hypothesis(archive: Archive, hypothesis_id: int) -> Matrix:
    """Remove a hypothesis and its ratings; the later ones move up."""
    row = _row(archive, "ach_hypotheses", hypothesis_id, "hypothesis")
    matrix = get_matrix(archive, row["matrix_id"])
    with recording(
        archive, "ach.hypothesis.remove", f"remove hypothesis H{row['position']}"
    ) as changes:
        for evidence in matrix.evidence:
            if hypothesis_id in evidence.ratings:
                changes.delete(
                    "ach_ratings", {"evidence_id": evidence.id, "hypothesis_id": hypothesis_id}
                )
        changes.delete("ach_hypotheses", {"id": hypothesis_id})
        for number, h in enumerate((h for h in matrix.hypotheses if h.id != hypothesis_id), 1):
            changes.update("ach_hypotheses", {"id": h.id}, {"position": number})
        _touch(changes, matrix.id)
    return get_matrix(archive, matrix.id)


# --- evidence ------------------------------------------------------------------------------


def _seen(archive: Archive, claim_id: int) -> dict[str, Any]:
    row = archive.db.execute(
        "SELECT reliability, credibility, status FROM claims WHERE id = ?", [claim_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    return {"seen_reliability": row[0], "seen_credibility": row[1], "seen_status": row[2]}


def add_evidence(
    archive: Archive,
    matrix_id: int,
    *,
    claim_id: int | None = None,
    assumption: str | None = None,
    excerpt: tuple[int, int, int] | None = None,
    relevance: str = "medium",
) -> Evidence:
    """An evidence row after the others: a claim, an assumption (free text), or an
    excerpt (article id, start, end) of an article's text."""
    if sum(x is not None for x in (claim_id, assumption, excerpt)) != 1:
        raise InvalidValueError("give one of a claim, an excerpt or an assumption")
    if relevance not in scoring.RELEVANCES:
        raise InvalidValueError(f"relevance is one of {', '.join(scoring.RELEVANCES)}")
    _row(archive, "ach_matrices", matrix_id, "ACH matrix")
    values: dict[str, Any] = {"matrix_id": matrix_id, "relevance": relevance}
    if claim_id is not None:
        if archive.db.execute(
            "SELECT 1 FROM ach_evidence WHERE matrix_id = ? AND claim_id = ?", [matrix_id, claim_id]
        ).fetchone():
            raise InvalidValueError(f"claim {claim_id} is already evidence in this matrix")
        values.update(kind="claim", claim_id=claim_id, **_seen(archive, claim_id))
        summary = f"add claim {claim_id} as evidence"
    elif assumption is not None:
        text = clean_note(assumption, "an assumption")
        if not text:
            raise InvalidValueError("an assumption cannot be empty")
        values.update(kind="assumption", text=text)
        summary = "add an assumption as evidence"
    else:
        assert excerpt is not None
        article_id, start, end = excerpt
        article = archive.article(article_id)
        anchor = anchor_at(article.text, start, end)
        values.update(
            kind="excerpt",
            article_id=article_id,
            span_start=start,
            span_end=end,
            quote=anchor.quote,
        )
        summary = f"add an excerpt of article {article_id} as evidence"
    values["position"] = _next_position(archive, "ach_evidence", matrix_id)
    with recording(archive, "ach.evidence.add", summary) as changes:
        evidence_id = changes.insert("ach_evidence", values)
        _touch(changes, matrix_id)
    return _get_evidence(archive, matrix_id, evidence_id)


def _get_evidence(archive: Archive, matrix_id: int, evidence_id: int) -> Evidence:
    return next(e for e in get_matrix(archive, matrix_id).evidence if e.id == evidence_id)


def set_relevance(archive: Archive, evidence_id: int, relevance: str) -> Evidence:
    if relevance not in scoring.RELEVANCES:
        raise InvalidValueError(f"relevance is one of {', '.join(scoring.RELEVANCES)}")
    row = _row(archive, "ach_evidence", evidence_id, "evidence row")
    with recording(
        archive, "ach.evidence.edit", f"evidence {evidence_id}: {relevance} relevance"
    ) as changes:
        if changes.update("ach_evidence", {"id": evidence_id}, {"relevance": relevance}):
            _touch(changes, row["matrix_id"])
    return _get_evidence(archive, row["matrix_id"], evidence_id)


def _delete_evidence_rows(changes: ChangeSet, evidence: Evidence) -> None:
    for hypothesis_id in list(evidence.ratings):
        changes.delete("ach_ratings", {"evidence_id": evidence.id, "hypothesis_id": hypothesis_id})
    changes.delete("ach_evidence", {"id": evidence.id})


def remove_evidence(archive: Archive, evidence_id: int) -> Matrix:
    row = _row(archive, "ach_evidence", evidence_id, "evidence row")
    matrix = get_matrix(archive, row["matrix_id"])
    evidence = next(e for e in matrix.evidence if e.id == evidence_id)
    with recording(archive, "ach.evidence.remove", f"remove evidence {evidence_id}") as changes:
        _delete_evidence_rows(changes, evidence)
        for number, e in enumerate((e for e in matrix.evidence if e.id != evidence_id), 1):
            changes.update("ach_evidence", {"id": e.id}, {"position": number})
        _touch(changes, matrix.id)
    return get_matrix(archive, matrix.id)


def acknowledge(archive: Archive, evidence_id: int) -> Evidence:
    """Take note of a claim's new grade or status: the row is no longer flagged."""
    row = _row(archive, "ach_evidence", evidence_id, "evidence row")
    with recording(
        archive, "ach.evidence.acknowledge", f"evidence {evidence_id} reviewed"
    ) as changes:
        _see(archive, changes, row)
    return _get_evidence(archive, row["matrix_id"], evidence_id)


def _see(archive: Archive, changes: ChangeSet, row: dict[str, Any]) -> None:
    if row["kind"] == "claim":
        # A deleted claim stays flagged: there is nothing to take note of.
        with contextlib.suppress(NotFoundError):
            changes.update("ach_evidence", {"id": row["id"]}, _seen(archive, row["claim_id"]))


# --- ratings -------------------------------------------------------------------------------


def rate(archive: Archive, evidence_id: int, hypothesis_id: int, rating: str | None) -> Evidence:
    """Rate an evidence row against a hypothesis (CC, C, N, I, II, NA), or clear the rating
    (None). Rating a row takes note of its claim's current grade and status."""
    row = _row(archive, "ach_evidence", evidence_id, "evidence row")
    hypothesis = _row(archive, "ach_hypotheses", hypothesis_id, "hypothesis")
    if hypothesis["matrix_id"] != row["matrix_id"]:
        raise InvalidValueError(
            f"hypothesis {hypothesis_id} and evidence {evidence_id} are in different matrices"
        )
    try:
        code = scoring.parse_rating(rating) if rating is not None else None
    except ValueError as exc:
        raise InvalidValueError(str(exc)) from None
    key = {"evidence_id": evidence_id, "hypothesis_id": hypothesis_id}
    current = archive.db.execute(
        "SELECT rating FROM ach_ratings WHERE evidence_id = ? AND hypothesis_id = ?",
        [evidence_id, hypothesis_id],
    ).fetchone()
    summary = f"rate evidence {evidence_id} {code or 'unrated'} on H{hypothesis['position']}"
    with recording(archive, "ach.rate", summary) as changes:
        if code is None:
            if current is not None:
                changes.delete("ach_ratings", key)
        elif current is None:
            changes.insert("ach_ratings", {**key, "rating": code})
        else:
            changes.update("ach_ratings", key, {"rating": code})
        _see(archive, changes, row)
        if changes.changes:
            _touch(changes, row["matrix_id"])
    return _get_evidence(archive, row["matrix_id"], evidence_id)
