"""The annotation commands' contract: JSON shapes, exit statuses, no change on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

from archivist.cli.main import build_parser, main

TEXT = (
    "Russian troops arrived in Kazakhstan on Thursday.\n\n"
    "Kassym-Jomart Tokayev said around 2,300 people had been arrested in Almaty alone. "
    "Mr Tokayev blamed foreign terrorists, which AFP could not verify. Local media said "
    "the police had retaken the main square."
)
ANNOTATION_COMMANDS = {
    "entity": [
        "tag",
        "untag",
        "list",
        "show",
        "create",
        "edit",
        "rename",
        "alias",
        "merge",
        "delete",
        "suggest",
        "types",
    ],
    "claim": [
        "add",
        "list",
        "show",
        "edit",
        "delete",
        "link",
        "unlink",
        "grades",
        "claimants",
        "promote-claimant",
    ],
    "annotations": ["export", "import"],
    "tag": [],
    "note": [],
    "undo": [],
    "redo": [],
    "history": [],
    "reextract": [],
}


@pytest.fixture
def arc(tmp_path: Path, capsys) -> str:
    folder = str(tmp_path / "arc")
    source = tmp_path / "kazakh.txt"
    source.write_text(TEXT, encoding="utf-8")
    code, report, _ = run(capsys, "--archive", folder, "import", str(source), "--json")
    assert code == 0 and report["imported"][0]["id"] == 1
    return folder


def test_every_annotation_command_has_help(capsys) -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command, actions in ANNOTATION_COMMANDS.items():
        assert command in commands
        for argv in ([command, "--help"], *([command, action, "--help"] for action in actions)):
            with pytest.raises(SystemExit) as exited:
                main(argv)
            assert exited.value.code == 0
            assert "usage: archivist" in capsys.readouterr().out


def test_entity_tag_list_merge(capsys, arc: str) -> None:
    code, tagged, _ = run(
        capsys,
        "--archive",
        arc,
        "entity",
        "tag",
        "1",
        "--quote",
        "Kassym-Jomart Tokayev",
        "--name",
        "Kassym-Jomart Tokayev",
        "--type",
        "person",
        "--json",
    )
    assert code == 0
    assert {"id", "start", "end", "quote", "entity", "entity_id", "type"} <= set(tagged)
    assert TEXT[tagged["start"] : tagged["end"]] == tagged["quote"] == "Kassym-Jomart Tokayev"
    code, alias_tag, _ = run(
        capsys,
        "entity",
        "tag",
        "1",
        "--quote",
        "Mr Tokayev",
        "--name",
        "KASSYM-JOMART TOKAYEV",
        "--type",
        "person",
        "--add-alias",
        "--json",
        "--archive",
        arc,
    )
    assert (
        code == 0
        and alias_tag["entity_id"] == tagged["entity_id"]
        and alias_tag["added_alias"] == "Mr Tokayev"
    )
    start = TEXT.index("Almaty")
    code, by_offsets, _ = run(
        capsys,
        "--archive",
        arc,
        "--json",
        "entity",
        "tag",
        "1",
        "--start",
        str(start),
        "--end",
        str(start + 6),
        "--name",
        "Almaty",
        "--type",
        "location",
    )
    assert code == 0 and by_offsets["quote"] == "Almaty"
    code, other, _ = run(
        capsys,
        "--archive",
        arc,
        "--json",
        "entity",
        "tag",
        "1",
        "--quote",
        "Tokayev",
        "--nth",
        "2",
        "--name",
        "Tokayev",
        "--type",
        "person",
    )
    assert other["entity_id"] != tagged["entity_id"]

    code, listing, _ = run(capsys, "--archive", arc, "entity", "list", "--json")
    assert code == 0 and set(listing) == {"entities"}
    names = {e["name"]: e for e in listing["entities"]}
    assert names["Kassym-Jomart Tokayev"]["aliases"] == ["Mr Tokayev"]
    assert names["Kassym-Jomart Tokayev"]["mentions"] == 2
    assert names["Tokayev"]["mention_count"] == 1

    code, merged, _ = run(
        capsys,
        "--archive",
        arc,
        "entity",
        "merge",
        str(tagged["entity_id"]),
        str(other["entity_id"]),
        "--json",
    )
    assert code == 0 and merged["entity"]["id"] == tagged["entity_id"]
    assert sorted(merged["entity"]["aliases"]) == ["Mr Tokayev", "Tokayev"]
    code, listing, _ = run(capsys, "--archive", arc, "entity", "list", "--json")
    assert [e["name"] for e in listing["entities"]] == ["Almaty", "Kassym-Jomart Tokayev"]
    assert listing["entities"][1]["mentions"] == 3

    code, results, _ = run(
        capsys, "--archive", arc, "search", 'entity:"Kassym-Jomart Tokayev"', "--json"
    )
    assert [h["id"] for h in results["hits"]] == [1]


def test_claims_show_and_links(capsys, arc: str) -> None:
    code, claim, _ = run(
        capsys,
        "--archive",
        arc,
        "--json",
        "claim",
        "add",
        "1",
        "--quote",
        "around 2,300 people had been arrested in Almaty alone",
        "--claimant",
        "Kassym-Jomart Tokayev",
        "--statement",
        "2,300 arrested",
        "--reliability",
        "B",
        "--credibility",
        "2",
        "--status",
        "unverified",
        "--note",
        "figures from the authorities",
    )
    assert code == 0
    assert {
        "id",
        "start",
        "end",
        "quote",
        "claimant",
        "reliability",
        "credibility",
        "status",
        "statement",
        "note",
    } <= set(claim)
    assert (claim["reliability"], claim["credibility"], claim["grade"]) == ("B", 2, "B2")
    code, second, _ = run(
        capsys,
        "--archive",
        arc,
        "--json",
        "claim",
        "add",
        "1",
        "--quote",
        "the police had retaken the main square",
        "--claimant",
        "local media",
        "--status",
        "corroborated",
    )
    assert (
        code == 0 and second["claimant"] == "local media" and second["claimant_entity_id"] is None
    )

    code, link, _ = run(
        capsys,
        "--archive",
        arc,
        "--json",
        "claim",
        "link",
        str(second["id"]),
        str(claim["id"]),
        "--relation",
        "contradicts",
    )
    assert code == 0 and link["id"] and link["relation"] == "contradicts"
    assert link["suggested_status"] == {str(second["id"]): "disputed", str(claim["id"]): "disputed"}

    code, listed, _ = run(
        capsys, "--archive", arc, "claim", "list", "--status", "corroborated", "--json"
    )
    assert set(listed) == {"claims"} and [c["id"] for c in listed["claims"]] == [second["id"]]

    code, edited, _ = run(
        capsys,
        "--archive",
        arc,
        "--json",
        "claim",
        "edit",
        str(claim["id"]),
        "--apply-suggested",
        "--credibility",
        "",
    )
    assert edited["status"] == "disputed" and edited["credibility"] is None

    code, shown, _ = run(capsys, "--archive", arc, "show", "1", "--json")
    assert code == 0 and len(shown["claims"]) == 2
    for span in shown["mentions"] + shown["claims"]:
        assert shown["text"][span["start"] : span["end"]] == span["quote"]
    assert shown["orphaned"] == {"mentions": [], "claims": [], "span_notes": []}

    code, results, _ = run(
        capsys,
        "--archive",
        arc,
        "search",
        'claimant:"local media" AND status:corroborated',
        "--json",
    )
    assert [h["id"] for h in results["hits"]] == [1]
    code, grades, _ = run(capsys, "claim", "grades", "--json")
    assert grades["reliability"][0] == {
        "code": "A",
        "label": "Completely reliable",
        "description": grades["reliability"][0]["description"],
    }
    assert grades["credibility"][5]["label"] == "Truth cannot be judged"


@pytest.mark.parametrize(
    "argv,code,message",
    [
        (
            ["entity", "tag", "1", "--quote", "Nursultan", "--name", "N", "--type", "person"],
            2,
            "not in the article",
        ),
        (
            [
                "entity",
                "tag",
                "1",
                "--start",
                "0",
                "--end",
                "99999",
                "--name",
                "N",
                "--type",
                "person",
            ],
            2,
            "not inside the text",
        ),
        (
            ["entity", "tag", "1", "--quote", "Almaty", "--name", "Almaty", "--type", "city"],
            2,
            "unknown entity type",
        ),
        (
            [
                "entity",
                "tag",
                "1",
                "--quote",
                "Almaty",
                "--nth",
                "2",
                "--name",
                "Almaty",
                "--type",
                "location",
            ],
            2,
            "occurs 1 time",
        ),
        (
            ["entity", "tag", "9", "--quote", "Almaty", "--name", "Almaty", "--type", "location"],
            1,
            "no article with id 9",
        ),
        (
            ["claim", "add", "1", "--quote", "Almaty", "--claimant", "x", "--reliability", "Z"],
            2,
            "unknown source reliability",
        ),
        (
            ["claim", "add", "1", "--quote", "Almaty", "--claimant", "x", "--credibility", "9"],
            2,
            "unknown information credibility",
        ),
        (
            ["claim", "add", "1", "--quote", "Almaty", "--claimant", "x", "--status", "maybe"],
            2,
            "unknown claim status",
        ),
        (["claim", "add", "1", "--quote", "Almaty"], 2, "give the claimant"),
        (["claim", "link", "1", "2", "--relation", "corroborates"], 1, "no claim with id 1"),
        (["entity", "merge", "1", "2"], 1, "no entity with id 1"),
        (["entity", "delete", "Nobody"], 1, "no entity named"),
        (["undo"], 1, "nothing to undo"),
        (["redo"], 1, "nothing to redo"),
        (["reextract", "5"], 1, "no article with id 5"),
        (["tag", "1", " "], 2, "non-empty tag"),
    ],
)
def test_bad_input_exits_non_zero_and_changes_nothing(
    capsys, arc: str, argv: list[str], code: int, message: str
) -> None:
    before = run(capsys, "--archive", arc, "history", "--json")[1]
    result, _, err = run(capsys, "--archive", arc, *argv)
    assert result == code
    assert message in err and err.startswith("archivist: error:")
    assert run(capsys, "--archive", arc, "history", "--json")[1] == before
    shown = run(capsys, "--archive", arc, "show", "1", "--json")[1]
    assert shown["mentions"] == [] and shown["claims"] == [] and shown["tags"] == []


def test_delete_in_use_is_refused_then_cascades(capsys, arc: str) -> None:
    run(
        capsys,
        "--archive",
        arc,
        "entity",
        "tag",
        "1",
        "--quote",
        "Almaty",
        "--name",
        "Almaty",
        "--type",
        "location",
    )
    code, _, err = run(capsys, "--archive", arc, "entity", "delete", "Almaty")
    assert code == 2 and "--cascade" in err
    code, deleted, _ = run(
        capsys, "--archive", arc, "entity", "delete", "Almaty", "--cascade", "--json"
    )
    assert code == 0 and deleted["mentions_deleted"] == 1


def test_tags_note_history_undo_redo(capsys, arc: str) -> None:
    code, tags, _ = run(capsys, "--archive", arc, "tag", "1", "kazakhstan", "unrest", "--json")
    assert (code, tags) == (0, {"id": 1, "tags": ["kazakhstan", "unrest"]})
    code, tags, _ = run(capsys, "--archive", arc, "tag", "1", "unrest", "--remove", "--json")
    assert tags["tags"] == ["kazakhstan"]
    code, note, _ = run(
        capsys, "--archive", arc, "note", "1", "Casualty figures unconfirmed.", "--json"
    )
    assert note == {"id": 1, "note": "Casualty figures unconfirmed."}
    code, note, _ = run(
        capsys, "--archive", arc, "note", "1", "--append", "Ask the desk.", "--json"
    )
    assert note["note"] == "Casualty figures unconfirmed.\n\nAsk the desk."
    code, history, _ = run(capsys, "--archive", arc, "history", "--json")
    assert [e["action"] for e in history["history"]] == [
        "article.note",
        "article.note",
        "article.untag",
        "article.tag",
    ]
    assert all(e["user"] and e["at"] for e in history["history"])
    code, undone, _ = run(capsys, "--archive", arc, "undo", "--json")
    assert code == 0 and undone["undone"]["action"] == "article.note"
    assert (
        run(capsys, "--archive", arc, "note", "1", "--json")[1]["note"]
        == "Casualty figures unconfirmed."
    )
    code, redone, _ = run(capsys, "--archive", arc, "redo", "--json")
    assert redone["redone"]["id"] == undone["undone"]["id"]
    code, results, _ = run(capsys, "--archive", arc, "search", "tag:kazakhstan", "--json")
    assert results["total"] == 1


def test_suggest_and_accept(capsys, arc: str) -> None:
    run(
        capsys,
        "--archive",
        arc,
        "entity",
        "tag",
        "1",
        "--quote",
        "Kassym-Jomart Tokayev",
        "--name",
        "Kassym-Jomart Tokayev",
        "--type",
        "person",
    )
    run(capsys, "--archive", arc, "entity", "alias", "Kassym-Jomart Tokayev", "Tokayev")
    code, found, _ = run(capsys, "--archive", arc, "entity", "suggest", "Tokayev", "--json")
    assert code == 0 and [s["quote"] for s in found["suggestions"]] == ["Tokayev"]
    assert found["suggestions"][0]["number"] == 1 and found["accepted"] == []
    code, _, _err = run(capsys, "--archive", arc, "entity", "suggest", "Tokayev", "--accept", "5")
    assert code == 2
    code, accepted, _ = run(
        capsys, "--archive", arc, "entity", "suggest", "Tokayev", "--accept-all", "--json"
    )
    assert len(accepted["accepted"]) == 1 and accepted["entity"]["mentions"] == 2


def test_reextract_and_exchange(capsys, arc: str, tmp_path: Path) -> None:
    run(
        capsys,
        "--archive",
        arc,
        "entity",
        "tag",
        "1",
        "--quote",
        "AFP",
        "--name",
        "AFP",
        "--type",
        "organisation",
    )
    run(
        capsys,
        "--archive",
        arc,
        "claim",
        "add",
        "1",
        "--quote",
        "the police had retaken the main square",
        "--claimant",
        "local media",
    )
    code, report, _ = run(capsys, "--archive", arc, "reextract", "1", "--json")
    assert code == 0 and report == {"article_id": 1, "changed": False, "counts": {}, "spans": []}

    out = tmp_path / "annotations.jsonld"
    code, written, _ = run(
        capsys, "--archive", arc, "annotations", "export", "--output", str(out), "--json"
    )
    assert code == 0 and written == {"path": str(out), "annotations": 2}
    code, streamed, _ = run(capsys, "--archive", arc, "annotations", "export", "1")
    assert streamed["type"] == "AnnotationCollection" and streamed["total"] == 2

    other = str(tmp_path / "other")
    code, report, _ = run(capsys, "--archive", other, "annotations", "import", str(out), "--json")
    assert code == 1 and len(report["unmatched"]) == 2  # the other archive lacks the article
    run(capsys, "--archive", other, "import", str(tmp_path / "kazakh.txt"))
    code, report, _ = run(capsys, "--archive", other, "annotations", "import", str(out), "--json")
    assert code == 0 and report["created"] == {"entities": 1, "mentions": 1, "claims": 1}
    code, _, err = run(
        capsys, "--archive", other, "annotations", "import", str(tmp_path / "missing.json")
    )
    assert code == 2 and "cannot read" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "deeper than 64 levels"),
        (
            '{"type": "Annotation", "motivation": "assessing", "target": {"selector": '
            '[{"type": "TextPositionSelector", "start": 1e999, "end": 3}]}}',
            "1e999 is out of range",
        ),
    ],
)
def test_annotations_import_of_a_hostile_file_is_one_error_line(
    capsys, tmp_path: Path, content: str, words: str
) -> None:
    hostile = tmp_path / "hostile.jsonld"
    hostile.write_text(content, encoding="utf-8")
    code, _, err = run(
        capsys, "--archive", str(tmp_path / "arc"), "annotations", "import", str(hostile)
    )
    assert code == 2 and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
