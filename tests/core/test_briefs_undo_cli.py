"""`archivist brief undo|redo [BRIEF]`: JSON shapes, the state put back, exit statuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

from archivist.archive import open_archive
from archivist.cli.main import build_parser


@pytest.fixture
def arc(tmp_path: Path) -> str:
    folder = tmp_path / "arc"
    open_archive(folder).close()
    return str(folder)


def test_undo_and_redo_a_move_and_an_edit(capsys, arc: str) -> None:
    brief = run(capsys, "--archive", arc, "brief", "new", "Kazakhstan", "--json")[1]["id"]
    first = run(capsys, "--archive", arc, "brief", "add", str(brief), "--text", "A", "--json")[1]
    run(capsys, "--archive", arc, "brief", "add", str(brief), "--text", "B", "--json")
    code, moved, _ = run(
        capsys, "--archive", arc, "brief", "move", str(brief), str(first["id"]), "--down", "--json"
    )
    assert code == 0 and moved["order"][-1] == first["id"]
    run(capsys, "--archive", arc, "brief", "edit", str(brief), "--title", "Renamed", "--json")

    code, undone, _ = run(capsys, "--archive", arc, "brief", "undo", str(brief), "--json")
    assert code == 0 and undone["undone"]["action"] == "brief.edit"
    assert "changes" not in undone["undone"]
    code, undone, _ = run(capsys, "--archive", arc, "brief", "undo", "--json")
    assert code == 0 and undone["undone"]["action"] == "item.move"
    shown = run(capsys, "--archive", arc, "brief", "show", str(brief), "--json")[1]
    assert shown["title"] == "Kazakhstan" and shown["items"][0]["id"] == first["id"]

    code, redone, _ = run(capsys, "--archive", arc, "brief", "redo", str(brief), "--json")
    assert code == 0 and redone["redone"]["action"] == "item.move"
    code, text, _ = run(capsys, "--archive", arc, "brief", "redo")
    assert code == 0 and text.startswith(f"Redone in brief {brief}: edit brief")
    shown = run(capsys, "--archive", arc, "brief", "show", str(brief), "--json")[1]
    assert shown["title"] == "Renamed" and shown["items"][-1]["id"] == first["id"]
    history = run(capsys, "--archive", arc, "brief", "history", str(brief), "--json")[1]
    assert [e["action"] for e in history["history"][:4]] == [
        "brief.redo",
        "brief.redo",
        "brief.undo",
        "brief.undo",
    ]


def test_undo_of_a_delete_brings_the_brief_back(capsys, arc: str) -> None:
    brief = run(capsys, "--archive", arc, "brief", "new", "Gone", "--json")[1]["id"]
    run(capsys, "--archive", arc, "brief", "add", str(brief), "--heading", "H", "--json")
    run(capsys, "--archive", arc, "brief", "delete", str(brief), "--json")
    assert run(capsys, "--archive", arc, "brief", "show", str(brief), "--json")[0] == 1
    assert run(capsys, "--archive", arc, "brief", "undo", str(brief), "--json")[0] == 0
    shown = run(capsys, "--archive", arc, "brief", "show", str(brief), "--json")[1]
    assert shown["title"] == "Gone" and len(shown["items"]) == 1


def test_refusals(capsys, arc: str) -> None:
    run(capsys, "--archive", arc, "brief", "new", "B", "--json")
    code, _, err = run(capsys, "--archive", arc, "brief", "redo", "--json")
    assert code == 1 and "nothing to redo" in err
    code, _, err = run(capsys, "--archive", arc, "brief", "undo", "99", "--json")
    assert code == 1 and "no brief with id 99" in err
    assert run(capsys, "--archive", arc, "brief", "undo", "--json")[0] == 0
    code, _, err = run(capsys, "--archive", arc, "brief", "undo", "--json")
    assert code == 1 and "nothing to undo" in err


def test_undo_and_redo_have_help(capsys) -> None:
    parser = build_parser()
    for action in ("undo", "redo"):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(["brief", action, "--help"])
        assert exit_info.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"usage: archivist brief {action}") and "[BRIEF]" in out
