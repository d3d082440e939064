"""A matrix of competing hypotheses as a brief shows it: its claims numbered and cited like
the brief's others, its scores and sensitivity worked out once, for every writer."""

from __future__ import annotations

from collections.abc import Callable

from archivist import ach
from archivist.archive.archive import Archive
from archivist.briefs.view import ClaimView, HypothesisView, MatrixRowView, MatrixView, SourceView


def matrix_view(
    archive: Archive,
    matrix_id: int,
    number: int,
    claim_view: Callable[[int], ClaimView | None],
    source: Callable[[int], SourceView],
    paragraph: Callable[[int, int | None], int | None],
    page: Callable[[int, int | None], int | None],
) -> MatrixView:
    """The matrix `matrix_id`, numbered `number` among the brief's appendices.

    Raises:
        NotFoundError: no such matrix.
    """
    matrix = ach.get_matrix(archive, matrix_id)
    scores = matrix.scores()
    rank = {h: i for i, h in enumerate(scores.ranking, start=1)}
    labels = {h.id: h.label for h in matrix.hypotheses}
    view = MatrixView(
        number=number,
        matrix_id=matrix.id,
        question=matrix.question,
        hypotheses=[
            HypothesisView(
                label=h.label,
                text=h.text,
                inconsistency=scores.inconsistency[h.id],
                rank=rank[h.id],
                indicators=h.indicators,
            )
            for h in matrix.hypotheses
        ],
        leader=labels.get(scores.leader) if scores.leader is not None else None,
        legend=ach.LEGEND,
    )
    for evidence in matrix.evidence:
        row = MatrixRowView(
            description=evidence.description,
            ratings=[evidence.ratings.get(h.id, "") for h in matrix.hypotheses],
            weight=round(evidence.weight, 3),
            grade=evidence.grade,
            non_diagnostic=evidence.id in scores.non_diagnostic,
            critical=list(scores.critical.get(evidence.id, [])),
            change=evidence.change,
        )
        if evidence.kind == "claim" and evidence.claim_id is not None and not evidence.missing:
            row.claim = claim_view(evidence.claim_id)
            if row.claim is not None:
                row.source, row.paragraph, row.page, row.quote = (
                    row.claim.source,
                    row.claim.paragraph,
                    row.claim.page,
                    row.claim.quote,
                )
        elif evidence.kind == "excerpt" and not evidence.missing:
            assert evidence.article_id is not None
            row.quote = evidence.quote
            row.source = source(evidence.article_id)
            row.paragraph = paragraph(evidence.article_id, evidence.start)
            row.page = page(evidence.article_id, evidence.start)
        view.rows.append(row)
    return view


# --- words both writers use ----------------------------------------------------------------


def appendix_label(matrix: MatrixView) -> str:
    return f"Appendix A{matrix.number}"


def basis_sentence(matrix: MatrixView) -> str:
    """How a judgment names the matrix it rests on."""
    lead = next((h for h in matrix.hypotheses if h.label == matrix.leader), None)
    if lead is None:
        outcome = "no hypothesis is clearly the least inconsistent"
    else:
        outcome = f"{lead.label}, “{lead.text}”, is the least inconsistent with the evidence"
    return (
        f"Basis: analysis of competing hypotheses ({appendix_label(matrix)}, "
        f"“{matrix.question}”): {outcome}."
    )


def row_marks(row: MatrixRowView) -> list[str]:
    """What the analyst must know of a row besides its ratings."""
    marks = []
    if row.non_diagnostic:
        marks.append("non-diagnostic (rated alike for every hypothesis; not counted)")
    if row.critical:
        marks.append("critical: its " + " or ".join(row.critical) + " would change the lead")
    if row.change:
        marks.append(f"changed since rated: {row.change}")
    return marks


def rests_on(matrix: MatrixView) -> list[str]:
    """ "E2 “…”" for each row the conclusion rests on (see ach.scoring's sensitivity)."""
    return [
        f"E{number} ({' or '.join(row.critical)}): {row.description}"
        for number, row in enumerate(matrix.rows, start=1)
        if row.critical
    ]
