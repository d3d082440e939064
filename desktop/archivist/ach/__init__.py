"""Analysis of competing hypotheses (Heuer): matrices of hypotheses against the archive's
graded claims, excerpts and the analyst's assumptions, scored by weighted inconsistency."""

from archivist.ach.records import Evidence, Hypothesis, Matrix, MatrixSummary
from archivist.ach.scoring import LEGEND, RATINGS, RELEVANCES
from archivist.ach.store import (
    acknowledge,
    add_evidence,
    add_hypothesis,
    create_matrix,
    delete_matrix,
    edit_hypothesis,
    get_matrix,
    list_matrices,
    matrices_citing_claim,
    move_hypothesis,
    rate,
    remove_evidence,
    remove_hypothesis,
    rename_matrix,
    set_relevance,
)

__all__ = [
    "LEGEND",
    "RATINGS",
    "RELEVANCES",
    "Evidence",
    "Hypothesis",
    "Matrix",
    "MatrixSummary",
    "acknowledge",
    "add_evidence",
    "add_hypothesis",
    "create_matrix",
    "delete_matrix",
    "edit_hypothesis",
    "get_matrix",
    "list_matrices",
    "matrices_citing_claim",
    "move_hypothesis",
    "rate",
    "remove_evidence",
    "remove_hypothesis",
    "rename_matrix",
    "set_relevance",
]
