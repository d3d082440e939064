"""Lint: each kind of advice, under both yardsticks, from the core and the command line."""

from __future__ import annotations

import pytest
from cli_run import run

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive, open_archive
from archivist.importers.pipeline import import_text

TEXT = "Troops arrived. The president blamed terrorists. Prices rose sharply."


def _claim(archive: Archive, article: int, quote: str, **grades: object) -> int:
    return ann.add_claim(archive, article, quote=quote, claimant="AFP", **grades).id  # type: ignore[arg-type]


def _kinds(archive: Archive, brief: int, item: int) -> list[str]:
    return [w.kind for w in briefs.lint_brief(archive, brief) if w.item == item]


@pytest.fixture
def two(archive: Archive) -> tuple[Archive, int, int]:
    first = import_text(archive, TEXT, title="One", source="AFP").imported[0].id
    second = import_text(archive, "Officials confirmed the arrests.", title="Two").imported[0].id
    return archive, first, second


@pytest.mark.parametrize("yardstick", ["icd203", "phia"])
def test_a_well_supported_judgment_gets_no_advice(two, yardstick: str) -> None:  # type: ignore[no-untyped-def]
    archive, first, second = two
    brief = briefs.create_brief(archive, "B", yardstick=yardstick).id
    claims = [
        _claim(archive, first, "Troops arrived", reliability="B", credibility="2"),
        _claim(archive, second, "confirmed the arrests", reliability="A", credibility="2"),
    ]
    item = briefs.add_judgment(
        archive, brief, "Troops will stay.", likelihood="likely", confidence="moderate",
        claims=claims,
    ).id  # fmt: skip
    assert _kinds(archive, brief, item) == []


@pytest.mark.parametrize(
    ("yardstick", "text", "words"),
    [
        ("icd203", "The regime may fall.", ["may"]),
        ("icd203", "It will probably fall.", ["probably"]),
        ("icd203", "A realistic possibility of collapse.", ["realistic possibility"]),
        ("icd203", "It is highly likely to fall.", ["highly likely"]),
        ("phia", "It could possibly fall.", ["possibly", "could"]),
        ("phia", "It is very likely to fall.", ["very likely"]),
        ("phia", "Roughly even chance it falls.", ["roughly even chance"]),
    ],
)
def test_hedges_outside_the_yardstick(two, yardstick: str, text: str, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    archive, _first, _second = two
    brief = briefs.create_brief(archive, "B", yardstick=yardstick).id
    judgment = briefs.add_judgment(archive, brief, text, likelihood="likely", confidence="low")
    prose_item = briefs.add_text(archive, brief, f"In short: {text}")
    for item in (judgment, prose_item):
        found = [w for w in briefs.lint_brief(archive, brief) if w.item == item.id]
        hedges = [w for w in found if w.kind == "hedge"]
        assert len(hedges) == 1, found
        assert all(f"“{word}”" in hedges[0].message for word in words), hedges[0].message
    # The yardstick's own terms are no hedge ("probably" is PHIA's, "probable" ICD 203's).
    own = "It is probably so." if yardstick == "phia" else "It is probable."
    fine = briefs.add_text(archive, brief, own)
    assert _kinds(archive, brief, fine.id) == []


def test_evidence_advice(two) -> None:  # type: ignore[no-untyped-def]
    archive, first, second = two
    brief = briefs.create_brief(archive, "B").id
    none = briefs.add_judgment(archive, brief, "A.", likelihood="likely", confidence="low")
    assert _kinds(archive, brief, none.id) == ["no_evidence"]
    single = briefs.add_judgment(
        archive, brief, "B.", likelihood="likely", confidence="low",
        claims=[_claim(archive, first, "Troops arrived", reliability="B", credibility="2"),
                _claim(archive, first, "Prices rose", reliability="B", credibility="2")],
    )  # fmt: skip
    assert _kinds(archive, brief, single.id) == ["single_source"]
    weak = briefs.add_judgment(
        archive, brief, "C.", likelihood="likely", confidence="low",
        claims=[_claim(archive, first, "blamed terrorists", reliability="E", credibility="2"),
                _claim(archive, second, "the arrests", reliability="B", credibility="6")],
    )  # fmt: skip
    assert _kinds(archive, brief, weak.id) == ["weak_evidence"]
    refuted = _claim(archive, second, "Officials confirmed", reliability="B", credibility="2")
    ann.edit_claim(archive, refuted, status="refuted")
    disputed = _claim(archive, first, "Troops", reliability="A", credibility="1")
    ann.edit_claim(archive, disputed, status="disputed")
    contested = briefs.add_judgment(
        archive, brief, "D.", likelihood="likely", confidence="low", claims=[refuted, disputed]
    )
    found = [w for w in briefs.lint_brief(archive, brief) if w.item == contested.id]
    assert [w.kind for w in found] == ["contested_evidence", "contested_evidence"]
    assert "refuted" in found[0].message and "disputed" in found[1].message


@pytest.mark.parametrize("yardstick", ["icd203", "phia"])
def test_likelihood_and_confidence_in_one_sentence(two, yardstick: str) -> None:  # type: ignore[no-untyped-def]
    archive, first, second = two
    brief = briefs.create_brief(archive, "B", yardstick=yardstick).id
    item = briefs.add_judgment(
        archive, brief, "We assess with high confidence that a collapse is likely.",
        likelihood="likely", confidence="high",
        claims=[_claim(archive, first, "Troops arrived", reliability="B", credibility="2"),
                _claim(archive, second, "the arrests", reliability="B", credibility="2")],
    ).id  # fmt: skip
    # ICD 203 forbids it; PHIA does not.
    assert _kinds(archive, brief, item) == (["mixed"] if yardstick == "icd203" else [])


def test_the_command_line_lists_the_advice_and_exits_0(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "a"
    with open_archive(root) as archive:
        import_text(archive, TEXT, title="One")
        brief = briefs.create_brief(archive, "B").id
        item = briefs.add_judgment(
            archive, brief, "It may rain.", likelihood="likely", confidence="low"
        ).id
    code, data, _ = run(capsys, "--archive", str(root), "brief", "lint", str(brief), "--json")
    assert code == 0
    assert [(w["item"], w["kind"]) for w in data["warnings"]] == [
        (item, "hedge"),
        (item, "no_evidence"),
    ]
    assert all(set(w) == {"item", "kind", "message"} for w in data["warnings"])
