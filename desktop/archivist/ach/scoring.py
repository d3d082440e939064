"""Scores of an ACH matrix as Heuer weighs them: inconsistency, not consistency, counts.

Pure functions over ratings and weights (no database), so that a matrix in the window, on
the command line and in a Word appendix is scored by the same few lines, and tested against
matrices computed by hand.

- Each rating counts against a hypothesis by how inconsistent it is: I 1, II 2; CC, C, N and
  NA 0 (Heuer, *Psychology of Intelligence Analysis*, ch. 8, step 5; PARC ACH's
  "inconsistency score").
- Each evidence row counts by its weight: its grade's weight (source reliability times
  information credibility, see RELIABILITY_WEIGHTS and CREDIBILITY_WEIGHTS) times its
  relevance (low 0.5, medium 1, high 1.5). A refuted claim weighs nothing.
- A row rated alike against every hypothesis cannot tell them apart: it is non-diagnostic
  and left out of the scores (Heuer's step 4).
- Hypotheses rank by least weighted inconsistency; the leader is the first when no other
  ties it.
- Sensitivity (step 6): a diagnostic row is critical when removing it, or reversing its
  ratings (CC↔II, C↔I), changes the leader or makes a tie of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

RATINGS = ("CC", "C", "N", "I", "II", "NA")
RATING_LABELS = {
    "CC": "very consistent",
    "C": "consistent",
    "N": "neutral",
    "I": "inconsistent",
    "II": "very inconsistent",
    "NA": "not applicable",
}
INCONSISTENCY = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2, "NA": 0}
REVERSED = {"CC": "II", "C": "I", "N": "N", "I": "C", "II": "CC", "NA": "NA"}

RELIABILITY_WEIGHTS = {"A": 1.0, "B": 0.9, "C": 0.75, "D": 0.5, "E": 0.25, "F": 0.5}
CREDIBILITY_WEIGHTS = {1: 1.0, 2: 0.9, 3: 0.75, 4: 0.5, 5: 0.25, 6: 0.5}
UNGRADED_WEIGHT = 0.5  # half of a grade not given, as "cannot be judged" (F, 6)
RELEVANCE_WEIGHTS = {"low": 0.5, "medium": 1.0, "high": 1.5}
RELEVANCES = tuple(RELEVANCE_WEIGHTS)

LEGEND = (
    "Ratings: CC very consistent, C consistent, N neutral, I inconsistent, II very "
    "inconsistent, NA not applicable. Weighted inconsistency: each I counts 1 and each II 2, "
    "times the evidence's weight; consistent ratings do not count (Heuer). Weight = source "
    "reliability (A 1, B 0.9, C 0.75, D 0.5, E 0.25, F or ungraded 0.5) × information "
    "credibility (1 1, 2 0.9, 3 0.75, 4 0.5, 5 0.25, 6 or ungraded 0.5) × relevance (low 0.5, "
    "medium 1, high 1.5); a refuted claim weighs 0, an assumption is ungraded. Evidence rated "
    "alike against every hypothesis is non-diagnostic and not counted. The least inconsistent "
    "hypothesis leads."
)


def parse_rating(value: str) -> str:
    """ "cc", "II", "na"… as the stored code; ValueError for anything else."""
    code = str(value).strip().upper()
    if code not in RATINGS:
        raise ValueError(
            f"unknown rating {value!r}: use CC, C, N, I, II or NA "
            "(very consistent … very inconsistent, not applicable)"
        )
    return code


def score_text(value: float) -> str:
    """A score or weight as shown: two decimals at most, no trailing zeros ("0.38", "1", "0")."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def grade_weight(reliability: str | None, credibility: int | None, status: str | None) -> float:
    """The weight an evidence row's grade gives it (0 for a refuted claim)."""
    if status == "refuted":
        return 0.0
    return RELIABILITY_WEIGHTS.get(reliability or "", UNGRADED_WEIGHT) * CREDIBILITY_WEIGHTS.get(
        credibility or 0, UNGRADED_WEIGHT
    )


def row_weight(
    reliability: str | None, credibility: int | None, status: str | None, relevance: str
) -> float:
    return grade_weight(reliability, credibility, status) * RELEVANCE_WEIGHTS[relevance]


@dataclass(frozen=True)
class Row:
    """One evidence row as scoring sees it: its weight and its rating per hypothesis id."""

    id: int
    weight: float
    ratings: Mapping[int, str]


@dataclass
class Scores:
    """What a matrix says: per hypothesis its weighted inconsistency and the count of I/II
    ratings behind it, the ranking, the leader, and which rows are non-diagnostic or
    critical (and why)."""

    inconsistency: dict[int, float]
    inconsistent_ratings: dict[int, int]
    ranking: list[int]  # hypothesis ids, least inconsistent first
    leader: int | None  # None when the first two tie, or nothing is rated
    non_diagnostic: set[int] = field(default_factory=set)
    critical: dict[int, list[str]] = field(default_factory=dict)  # row id -> "removal", "reversal"


def is_diagnostic(row: Row, hypotheses: Sequence[int]) -> bool:
    """Whether the row's ratings tell some hypotheses apart. A row not yet rated against
    every hypothesis counts as diagnostic (it may yet be); one rated alike everywhere does
    not."""
    ratings = [row.ratings.get(h) for h in hypotheses]
    if len(hypotheses) < 2 or any(r is None for r in ratings):
        return True
    return len(set(ratings)) > 1


def _contribution(row: Row, hypotheses: Sequence[int]) -> dict[int, float]:
    return {h: row.weight * INCONSISTENCY[row.ratings.get(h, "N")] for h in hypotheses}


def _rounded(totals: Mapping[int, float]) -> dict[int, float]:
    # Sums of weights such as 0.81 and 0.375 must compare equal however they were added up.
    return {h: round(total, 6) for h, total in totals.items()}


def _ranking(totals: Mapping[int, float], hypotheses: Sequence[int]) -> list[int]:
    order = {h: i for i, h in enumerate(hypotheses)}
    return sorted(hypotheses, key=lambda h: (totals[h], order[h]))


def _leader(totals: Mapping[int, float], hypotheses: Sequence[int]) -> int | None:
    if not hypotheses:
        return None
    ranking = _ranking(totals, hypotheses)
    if len(ranking) > 1 and totals[ranking[0]] == totals[ranking[1]]:
        return None
    return ranking[0]


def score(rows: Sequence[Row], hypotheses: Sequence[int]) -> Scores:
    """Score a matrix: `hypotheses` in their order, `rows` with their weights and ratings.

    Each row's contribution is computed once; removing or reversing it is a subtraction
    (200 rows × 20 hypotheses score in a few milliseconds)."""
    diagnostic = [row for row in rows if is_diagnostic(row, hypotheses)]
    contributions = {row.id: _contribution(row, hypotheses) for row in diagnostic}
    raw = dict.fromkeys(hypotheses, 0.0)
    for contribution in contributions.values():
        for h, value in contribution.items():
            raw[h] += value
    totals = _rounded(raw)
    leader = _leader(totals, hypotheses)
    scores = Scores(
        inconsistency=totals,
        inconsistent_ratings={
            h: sum(1 for row in diagnostic if INCONSISTENCY[row.ratings.get(h, "N")] > 0)
            for h in hypotheses
        },
        ranking=_ranking(totals, hypotheses),
        leader=leader,
        non_diagnostic={row.id for row in rows} - set(contributions),
    )
    if leader is None:
        return scores
    for row in diagnostic:
        if row.weight == 0:
            continue
        own = contributions[row.id]
        without = {h: raw[h] - own[h] for h in hypotheses}
        flipped = _contribution(
            Row(row.id, row.weight, {h: REVERSED[r] for h, r in row.ratings.items()}),
            hypotheses,
        )
        reasons = []
        if _leader(_rounded(without), hypotheses) != leader:
            reasons.append("removal")
        if (
            _leader(_rounded({h: without[h] + flipped[h] for h in hypotheses}), hypotheses)
            != leader
        ):
            reasons.append("reversal")
        if reasons:
            scores.critical[row.id] = reasons
    return scores
