"""Analysis of competing hypotheses: scores checked against matrices computed by hand, the
matrix kept in the archive, live claim grades, flags for regraded claims, and undo."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archivist import ach
from archivist import annotations as ann
from archivist.ach import scoring
from archivist.ach.scoring import Row
from archivist.archive import Archive
from archivist.errors import InvalidValueError, NotFoundError
from archivist.importers.pipeline import import_text

H1, H2, H3 = 1, 2, 3


def _hand_matrix() -> list[Row]:
    """Six rows, weights and ratings chosen so that each rule shows."""
    return [
        Row(1, 1.0, {H1: "C", H2: "I", H3: "N"}),  # A1, medium
        Row(2, 0.9 * 0.9 * 1.5, {H1: "II", H2: "C", H3: "I"}),  # B2, high
        Row(3, 1.0, {H1: "C", H2: "C", H3: "C"}),  # rated alike: non-diagnostic
        Row(4, 0.5 * 0.5, {H1: "N", H2: "II", H3: "I"}),  # an assumption (ungraded)
        Row(5, 0.0, {H1: "I", H2: "C", H3: "C"}),  # a refuted claim
        Row(6, 0.5 * 0.5, {H1: "I", H2: "N", H3: "N"}),  # D4, medium
    ]


def test_scores_are_weighted_inconsistencies_as_computed_by_hand() -> None:
    scores = scoring.score(_hand_matrix(), [H1, H2, H3])
    # H1: 2 × 1.215 (row 2) + 1 × 0.25 (row 6) = 2.68
    # H2: 1 × 1.0 (row 1) + 2 × 0.25 (row 4) = 1.5
    # H3: 1 × 1.215 (row 2) + 1 × 0.25 (row 4) = 1.465
    assert scores.inconsistency == {H1: 2.68, H2: 1.5, H3: 1.465}
    assert scores.ranking == [H3, H2, H1] and scores.leader == H3
    assert scores.non_diagnostic == {3}
    assert scores.inconsistent_ratings == {H1: 3, H2: 2, H3: 2}


def test_sensitivity_lists_the_rows_the_conclusion_rests_on() -> None:
    scores = scoring.score(_hand_matrix(), [H1, H2, H3])
    # Without row 1, H2 falls to 0.5 and leads; reversed (H1 I, H2 C), H2 leads too.
    # Without row 2, H1 falls to 0.25 and leads; reversed, H1 gets 0.25 and leads.
    # Without row 4, H2 is at 1.0 and leads; reversed (H2 CC, H3 C), the same.
    # Row 6 (0.25 on H1) cannot move H1 from last; row 5 weighs nothing; row 3 is not counted.
    assert scores.critical == {
        1: ["removal", "reversal"],
        2: ["removal", "reversal"],
        4: ["removal", "reversal"],
    }


def test_a_tie_has_no_leader_and_nothing_is_critical() -> None:
    rows = [Row(1, 1.0, {H1: "I", H2: "N"}), Row(2, 1.0, {H1: "N", H2: "I"})]
    scores = scoring.score(rows, [H1, H2])
    assert scores.leader is None and scores.ranking == [H1, H2] and scores.critical == {}


def test_a_row_not_yet_rated_everywhere_still_counts() -> None:
    rows = [Row(1, 1.0, {H1: "C", H2: "C"}), Row(2, 1.0, {H1: "II"})]
    scores = scoring.score(rows, [H1, H2, H3])
    assert scores.non_diagnostic == set()  # row 1 may yet be rated against H3
    assert scores.inconsistency == {H1: 2.0, H2: 0.0, H3: 0.0} and scores.leader is None


def test_weights_follow_the_legend() -> None:
    assert scoring.grade_weight("A", 1, "corroborated") == 1.0
    assert scoring.grade_weight("B", 2, "unverified") == pytest.approx(0.81)
    assert scoring.grade_weight(None, None, None) == 0.25
    assert scoring.grade_weight("A", 1, "refuted") == 0.0
    assert scoring.row_weight("C", 3, "disputed", "low") == pytest.approx(0.28125)
    for words in ("A 1, B 0.9, C 0.75, D 0.5, E 0.25, F or ungraded 0.5", "low 0.5"):
        assert words in scoring.LEGEND


SEED = (
    "Protests began in Zhanaozen after the price of liquefied gas doubled on 1 January. "
    "President Tokayev said the unrest was the work of terrorists trained abroad. "
    "He asked the CSTO for help, and Russian paratroopers landed in Almaty. "
    "The authorities said around 2,300 people had been arrested in Almaty alone."
)


def seed_matrix(archive: Archive) -> tuple[ach.Matrix, dict[str, int]]:
    """The issue's example: who is behind the Almaty violence?"""
    article = import_text(archive, SEED, title="Kazakhstan unrest", source="AFP").imported[0].id
    claims = {
        "gas": ann.add_claim(
            archive, article, quote="the price of liquefied gas doubled", claimant="AFP",
            reliability="B", credibility=2, status="corroborated",
        ).id,
        "terrorists": ann.add_claim(
            archive, article, quote="the work of terrorists trained abroad", claimant="Tokayev",
            reliability="C", credibility=4,
        ).id,
        "csto": ann.add_claim(
            archive, article, quote="He asked the CSTO for help", claimant="AFP",
            reliability="A", credibility=1, status="corroborated",
        ).id,
    }  # fmt: skip
    matrix = ach.create_matrix(archive, "Who is behind the Almaty violence?")
    ach.add_hypothesis(archive, matrix.id, "Spontaneous protest over fuel prices turned riot")
    ach.add_hypothesis(
        archive, matrix.id, "Organised groups trained abroad", indicators="Arrests of foreigners"
    )
    ach.add_hypothesis(archive, matrix.id, "An intra-elite power struggle using the protests")
    return ach.get_matrix(archive, matrix.id), claims


def test_the_seed_example_in_the_archive(archive: Archive) -> None:
    matrix, claims = seed_matrix(archive)
    h1, h2, h3 = (h.id for h in matrix.hypotheses)
    gas = ach.add_evidence(archive, matrix.id, claim_id=claims["gas"], relevance="high")
    terrorists = ach.add_evidence(archive, matrix.id, claim_id=claims["terrorists"])
    csto = ach.add_evidence(archive, matrix.id, claim_id=claims["csto"])
    elite = ach.add_evidence(
        archive, matrix.id, assumption="Nazarbayev's allies were removed from office that week"
    )
    for evidence, ratings in (
        (gas, {h1: "CC", h2: "I", h3: "N"}),
        (terrorists, {h1: "I", h2: "C", h3: "N"}),
        (csto, {h1: "C", h2: "C", h3: "C"}),
        (elite, {h1: "N", h2: "N", h3: "C"}),
    ):
        for hypothesis, rating in ratings.items():
            ach.rate(archive, evidence.id, hypothesis, rating)
    matrix = ach.get_matrix(archive, matrix.id)
    row = {e.id: e for e in matrix.evidence}
    assert row[gas.id].claimant == "AFP" and row[gas.id].grade == "B2"
    assert row[gas.id].weight == pytest.approx(0.81 * 1.5)
    scores = matrix.scores()
    # H1: 1 × 0.375 (C4: 0.75 × 0.5); H2: 1 × 1.215; H3: 0.
    assert scores.inconsistency == {h1: 0.375, h2: 1.215, h3: 0.0}
    assert scores.leader == h3 and scores.non_diagnostic == {csto.id}
    data = matrix.to_dict()
    assert data["scores"]["ranking"] == ["H3", "H1", "H2"]
    assert data["hypotheses"][1]["indicators"] == "Arrests of foreigners"

    # The President's claim is refuted: it weighs nothing at once, and its row is flagged.
    ann.edit_claim(archive, claims["terrorists"], status="refuted")
    matrix = ach.get_matrix(archive, matrix.id)
    row = {e.id: e for e in matrix.evidence}
    assert row[terrorists.id].weight == 0.0
    assert row[terrorists.id].change == "now refuted (was unverified)"
    assert matrix.scores().inconsistency[h1] == 0.0
    # Regraded: flagged with both grades, until the analyst takes note.
    ann.edit_claim(archive, claims["gas"], reliability="D", credibility=4)
    assert ach.get_matrix(archive, matrix.id).to_dict()["scores"]["changed"] == [
        gas.id,
        terrorists.id,
    ]
    flagged = next(e for e in ach.get_matrix(archive, matrix.id).evidence if e.id == gas.id)
    assert flagged.change == "regraded B2 → D4"
    assert ach.acknowledge(archive, gas.id).change is None


def test_every_edit_is_undone_with_the_other_annotations(archive: Archive) -> None:
    matrix, claims = seed_matrix(archive)
    h1 = matrix.hypotheses[0].id
    evidence = ach.add_evidence(archive, matrix.id, claim_id=claims["gas"])
    ach.rate(archive, evidence.id, h1, "ii")
    assert ach.get_matrix(archive, matrix.id).evidence[0].ratings == {h1: "II"}
    assert ann.undo(archive).action == "ach.rate"
    assert ach.get_matrix(archive, matrix.id).evidence[0].ratings == {}
    ann.redo(archive)
    moved = ach.move_hypothesis(archive, h1, 3)
    assert [h.position for h in moved.hypotheses] == [1, 2, 3] and moved.hypotheses[2].id == h1
    ach.delete_matrix(archive, matrix.id)
    assert ach.list_matrices(archive) == []
    ann.undo(archive)
    restored = ach.get_matrix(archive, matrix.id)
    assert restored.hypotheses[2].id == h1 and restored.evidence[0].ratings == {h1: "II"}


def test_bad_edits_are_refused(archive: Archive) -> None:
    matrix, claims = seed_matrix(archive)
    h1 = matrix.hypotheses[0].id
    with pytest.raises(InvalidValueError, match="cannot be empty"):
        ach.create_matrix(archive, "  ")
    with pytest.raises(NotFoundError):
        ach.add_evidence(archive, matrix.id, claim_id=999)
    evidence = ach.add_evidence(archive, matrix.id, claim_id=claims["gas"])
    with pytest.raises(InvalidValueError, match="already evidence"):
        ach.add_evidence(archive, matrix.id, claim_id=claims["gas"])
    with pytest.raises(InvalidValueError, match="unknown rating 'X'"):
        ach.rate(archive, evidence.id, h1, "X")
    with pytest.raises(InvalidValueError, match="one of a claim, an excerpt or an assumption"):
        ach.add_evidence(archive, matrix.id)
    other = ach.create_matrix(archive, "Another question")
    other_h = ach.add_hypothesis(archive, other.id, "Something else")
    with pytest.raises(InvalidValueError, match="different matrices"):
        ach.rate(archive, evidence.id, other_h.id, "C")


def test_an_excerpt_and_a_deleted_claim(archive: Archive) -> None:
    matrix, claims = seed_matrix(archive)
    article = ann.get_claim(archive, claims["gas"]).article_id
    start = SEED.index("Russian paratroopers")
    excerpt = ach.add_evidence(
        archive, matrix.id, excerpt=(article, start, start + len("Russian paratroopers"))
    )
    assert excerpt.quote == "Russian paratroopers" and excerpt.article_title == "Kazakhstan unrest"
    evidence = ach.add_evidence(archive, matrix.id, claim_id=claims["csto"])
    ann.delete_claim(archive, claims["csto"])
    gone = next(e for e in ach.get_matrix(archive, matrix.id).evidence if e.id == evidence.id)
    assert gone.missing and gone.weight == 0.0 and gone.change == "its claim was deleted"


def _naive_leader(rows: list[Row], hypotheses: list[int]) -> int | None:
    totals = {
        h: round(sum(r.weight * scoring.INCONSISTENCY[r.ratings.get(h, "N")] for r in rows), 6)
        for h in hypotheses
    }
    ranking = sorted(hypotheses, key=lambda h: (totals[h], hypotheses.index(h)))
    if not ranking or (len(ranking) > 1 and totals[ranking[0]] == totals[ranking[1]]):
        return None
    return ranking[0]


@given(
    st.integers(1, 5).flatmap(
        lambda n: st.lists(
            st.tuples(
                st.sampled_from([0.0, 0.125, 0.25, 0.5, 0.81, 1.0, 1.5]),
                st.lists(st.sampled_from(scoring.RATINGS), min_size=n, max_size=n),
            ),
            max_size=8,
        ).map(lambda rows: (n, rows))
    )
)
def test_sensitivity_agrees_with_recomputing_the_matrix(case) -> None:  # type: ignore[no-untyped-def]
    """The fast sensitivity (subtracting a row's share) against recomputing every variant."""
    n, raw = case
    hypotheses = list(range(1, n + 1))
    rows = [
        Row(i, weight, dict(zip(hypotheses, marks, strict=True)))
        for i, (weight, marks) in enumerate(raw, start=1)
    ]
    scores = scoring.score(rows, hypotheses)
    counted = [r for r in rows if r.id not in scores.non_diagnostic]
    assert scores.leader == _naive_leader(counted, hypotheses)
    expected: dict[int, list[str]] = {}
    if scores.leader is not None:
        for row in counted:
            if row.weight == 0:
                continue
            others = [r for r in counted if r.id != row.id]
            flipped = Row(
                row.id, row.weight, {h: scoring.REVERSED[m] for h, m in row.ratings.items()}
            )
            reasons = [
                reason
                for reason, variant in (("removal", others), ("reversal", [*others, flipped]))
                if _naive_leader(variant, hypotheses) != scores.leader
            ]
            if reasons:
                expected[row.id] = reasons
    assert scores.critical == expected
