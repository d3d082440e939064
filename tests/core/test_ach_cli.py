"""`archivist ach`: the issue's seed example built from the command line."""

from __future__ import annotations

from pathlib import Path

from cli_run import run
from test_ach import SEED

from archivist import annotations as ann
from archivist.archive import open_archive
from archivist.importers.pipeline import import_text


def test_the_seed_example_from_the_command_line(capsys, tmp_path: Path) -> None:
    root = tmp_path / "arc"
    with open_archive(root) as archive:
        article = import_text(archive, SEED, title="Kazakhstan unrest").imported[0].id
        gas = ann.add_claim(
            archive, article, quote="the price of liquefied gas doubled", claimant="AFP",
            reliability="B", credibility=2,
        ).id  # fmt: skip
        accusation = ann.add_claim(
            archive, article, quote="the work of terrorists trained abroad",
            claimant="Tokayev", reliability="C", credibility=4,
        ).id  # fmt: skip
    arc = ["--archive", str(root)]
    code, made, _ = run(capsys, *arc, "ach", "new", "Who is behind the Almaty violence?", "--json")
    assert code == 0
    matrix = str(made["id"])
    hyps = []
    for text in (
        "Spontaneous protest over fuel prices turned riot",
        "Organised groups trained abroad",
        "An intra-elite power struggle using the protests",
    ):
        code, hyp, _ = run(capsys, *arc, "ach", "hypothesis", "add", matrix, text, "--json")
        hyps.append(str(hyp["id"]))
    code, _, _ = run(
        capsys, *arc, "ach", "hypothesis", "edit", hyps[1], "--indicators",
        "Arrests of foreign nationals\nWeapons caches found", "--json",
    )  # fmt: skip
    assert code == 0
    rows = []
    for flag, value in (("--claim", str(gas)), ("--claim", str(accusation))):
        code, row, _ = run(capsys, *arc, "ach", "evidence", "add", matrix, flag, value, "--json")
        rows.append(str(row["id"]))
    code, row, _ = run(
        capsys, *arc, "ach", "evidence", "add", matrix, "--article", str(article), "--quote",
        "Russian paratroopers landed in Almaty", "--relevance", "low", "--json",
    )  # fmt: skip
    assert code == 0 and row["kind"] == "excerpt" and row["weight"] == 0.125
    rows.append(str(row["id"]))
    ratings = {rows[0]: ("CC", "I", "N"), rows[1]: ("I", "CC", "N"), rows[2]: ("N", "C", "C")}
    for evidence, marks in ratings.items():
        for hypothesis, mark in zip(hyps, marks, strict=True):
            code, shown, err = run(
                capsys, *arc, "ach", "rate", evidence, hypothesis, mark, "--json"
            )
            assert code == 0, err
    # H1: I on the accusation (C4: 0.375); H2: I on the gas price (B2: 0.81); H3: nothing.
    assert shown["scores"]["inconsistency"] == {"H1": 0.375, "H2": 0.81, "H3": 0.0}
    assert shown["scores"]["leader"] == "H3" and shown["scores"]["ranking"] == ["H3", "H1", "H2"]
    code, text, _ = run(capsys, *arc, "ach", "show", matrix)
    assert "H3 (hyp" in text and "← leads" in text and "watch: Weapons caches found" in text
    assert "Ratings: CC very consistent" in text
    code, _, err = run(capsys, *arc, "ach", "rate", rows[0], hyps[0], "X")
    assert code == 2 and "unknown rating 'X'" in err
    # Undo is the archive's: the last rating goes back.
    code, _, _ = run(capsys, *arc, "undo")
    code, shown, _ = run(capsys, *arc, "ach", "show", matrix, "--json")
    assert shown["evidence"][2]["ratings"] == {hyps[0]: "N", hyps[1]: "C"}
    code, listed, _ = run(capsys, *arc, "ach", "list", "--json")
    assert listed["matrices"][0]["hypotheses"] == 3 and listed["matrices"][0]["evidence"] == 3
