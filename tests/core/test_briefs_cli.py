"""`archivist brief …`: JSON shapes, exit statuses (1 not found, 2 bad value), --help, and
nothing changed by a refused command."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli_run import run

from archivist.cli.main import build_parser, main

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty. The authorities announced that around 2,300 people had been arrested "
    "in Almaty alone."
)
ACTIONS = (
    "new",
    "list",
    "show",
    "add",
    "edit",
    "move",
    "sort",
    "remove",
    "duplicate",
    "delete",
    "history",
    "export",
    "judgment",
    "lint",
)


@pytest.fixture
def arc(tmp_path: Path, capsys) -> str:
    folder = str(tmp_path / "arc")
    source = tmp_path / "almaty.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert run(capsys, "--archive", folder, "import", str(source), "--json")[0] == 0
    code, claim, _ = run(
        capsys,
        "--archive",
        folder,
        "claim",
        "add",
        "1",
        "--quote",
        "around 2,300 people had been arrested",
        "--claimant",
        "the authorities",
        "--reliability",
        "B",
        "--credibility",
        "3",
        "--note",
        "official figure",
        "--json",
    )
    assert code == 0 and claim["id"] == 1
    return folder


def test_compose_and_export_a_brief(capsys, arc: str, tmp_path: Path) -> None:
    code, brief, _ = run(
        capsys,
        "--archive",
        arc,
        "brief",
        "new",
        "Almaty",
        "--marking",
        "OFFICIAL-SENSITIVE",
        "--author",
        "Jane Analyst",
        "--date",
        "2022-01-07",
        "--summary",
        "BLUF",
        "--json",
    )
    assert code == 0
    assert (
        brief["id"] == 1 and brief["title"] == "Almaty" and brief["marking"] == "OFFICIAL-SENSITIVE"
    )
    assert brief["items"] == [] and brief["date"] == "2022-01-07"
    added = []
    for args in (
        ["--heading", "Key judgements"],
        ["--text", "The police retook the square.", "--note", "check"],
        ["--claim", "1"],
        ["--heading", "Detail", "--level", "2"],
        ["--excerpt", "1", "--quote", "Almaty", "--nth", "2"],
        ["--article", "1"],
    ):
        code, item, err = run(capsys, "brief", "add", "1", *args, "--archive", arc, "--json")
        assert code == 0, err
        added.append(item)
    assert [i["kind"] for i in added] == [
        "heading",
        "text",
        "claim",
        "heading",
        "excerpt",
        "article",
    ]
    assert [i["position"] for i in added] == [1, 2, 3, 4, 5, 6]
    assert (
        added[2]["claim"]["grade"] == "B3"
        and added[4]["quote"] == "Almaty"
        and added[4]["start"] == TEXT.rindex("Almaty")
    )
    code, moved, _ = run(
        capsys, "--archive", arc, "brief", "move", "1", str(added[5]["id"]), "--to", "1", "--json"
    )
    assert code == 0 and moved["position"] == 1 and moved["order"][0] == added[5]["id"]
    code, moved, _ = run(
        capsys, "--archive", arc, "brief", "move", "1", str(added[5]["id"]), "--down", "--json"
    )
    assert moved["position"] == 2
    code, shown, _ = run(capsys, "--archive", arc, "brief", "show", "1", "--json")
    assert [i["id"] for i in shown["items"]][:2] == [added[0]["id"], added[5]["id"]]
    assert [s["heading"]["text"] for s in shown["sections"]] == ["Key judgements"]
    code, listed, _ = run(capsys, "--archive", arc, "brief", "list", "--json")
    assert (
        code == 0
        and [b["id"] for b in listed["briefs"]] == [1]
        and listed["briefs"][0]["item_count"] == 6
    )
    assert "items" not in listed["briefs"][0]
    out = tmp_path / "almaty.docx"
    code, report, _ = run(capsys, "--archive", arc, "brief", "export", "1", str(out), "--json")
    assert code == 0 and report["format"] == "docx" and report["path"] == str(out)
    assert (report["claims"], report["sources"], report["footnotes"], report["comments"]) == (
        1,
        1,
        3,
        2,
    )
    assert zipfile.is_zipfile(out)
    code, report, _ = run(
        capsys, "--archive", arc, "brief", "export", "1", str(tmp_path / "almaty.md"), "--json"
    )
    assert report["format"] == "markdown" and "# Almaty" in (tmp_path / "almaty.md").read_text(
        encoding="utf-8"
    )
    code, report, _ = run(
        capsys,
        "--archive",
        arc,
        "brief",
        "export",
        "1",
        str(tmp_path / "plain"),
        "--markdown",
        "--notes",
        "omit",
        "--json",
    )
    assert code == 0 and "check" not in (tmp_path / "plain").read_text(encoding="utf-8")
    code, report, _ = run(
        capsys,
        "--archive",
        arc,
        "brief",
        "export",
        "1",
        str(tmp_path / "t.docx"),
        "--template",
        str(out),
        "--json",
    )
    assert code == 0 and report["template"] == str(out)


def test_edit_duplicate_remove_delete_history(capsys, arc: str) -> None:
    run(capsys, "--archive", arc, "brief", "new", "Draft", "--json")
    code, item, _ = run(capsys, "--archive", arc, "brief", "add", "1", "--heading", "Old", "--json")
    code, brief, _ = run(
        capsys,
        "--archive",
        arc,
        "brief",
        "edit",
        "1",
        "--title",
        "Final",
        "--marking",
        "SECRET",
        "--json",
    )
    assert code == 0 and (brief["title"], brief["marking"]) == ("Final", "SECRET")
    code, brief, _ = run(capsys, "--archive", arc, "brief", "edit", "1", "--marking", "", "--json")
    assert brief["marking"] is None
    code, edited, _ = run(
        capsys,
        "--archive",
        arc,
        "brief",
        "edit",
        "1",
        "--item",
        str(item["id"]),
        "--text",
        "New",
        "--level",
        "2",
        "--note",
        "n",
        "--json",
    )
    assert code == 0 and (edited["text"], edited["level"], edited["note"]) == ("New", 2, "n")
    code, copy, _ = run(
        capsys, "--archive", arc, "brief", "duplicate", "1", "--title", "Copy", "--json"
    )
    assert code == 0 and copy["id"] == 2 and copy["items"][0]["text"] == "New"
    code, removed, _ = run(
        capsys, "--archive", arc, "brief", "remove", "2", str(copy["items"][0]["id"]), "--json"
    )
    assert code == 0 and removed["kind"] == "heading"
    code, deleted, _ = run(capsys, "--archive", arc, "brief", "delete", "2", "--json")
    assert code == 0 and deleted["id"] == 2
    code, history, _ = run(capsys, "--archive", arc, "brief", "history", "1", "--json")
    assert [e["action"] for e in history["history"]] == [
        "item.edit",
        "brief.edit",
        "brief.edit",
        "item.add",
        "brief.create",
    ]
    assert "changes" not in history["history"][0]
    code, history, _ = run(capsys, "--archive", arc, "brief", "history", "2", "--changes", "--json")
    assert history["history"][0]["action"] == "brief.delete" and history["history"][0]["changes"]
    code, text, _ = run(capsys, "--archive", arc, "brief", "show", "1")
    assert "[1] Final" in text and "## New" in text


@pytest.mark.parametrize(
    "argv,code,message",
    [
        (["brief", "show", "9"], 1, "no brief with id 9"),
        (["brief", "add", "9", "--text", "x"], 1, "no brief with id 9"),
        (["brief", "add", "1", "--claim", "99"], 1, "no claim with id 99"),
        (["brief", "add", "1", "--article", "99"], 1, "no article with id 99"),
        (["brief", "add", "1", "--excerpt", "99", "--quote", "x"], 1, "no article with id 99"),
        (["brief", "move", "1", "99", "--to", "1"], 1, "has no item 99"),
        (["brief", "remove", "1", "99"], 1, "has no item 99"),
        (["brief", "export", "9", "x.docx"], 1, "no brief with id 9"),
        (["brief", "export", "1", "x.docx", "--template", "missing.docx"], 1, "no template"),
        (["brief", "new", "   "], 2, "the title cannot be empty"),
        (["brief", "new", "x", "--date", "yesterday"], 2, "date"),
        (["brief", "add", "1", "--heading", "x", "--level", "3"], 2, "heading level is 1 or 2"),
        (["brief", "add", "1", "--text", "x", "--level", "2"], 2, "--level goes with --heading"),
        (["brief", "add", "1", "--text", "x", "--quote", "y"], 2, "go with --excerpt"),
        (["brief", "add", "1", "--excerpt", "1"], 2, "give the excerpt's span"),
        (
            ["brief", "add", "1", "--excerpt", "1", "--quote", "not there"],
            2,
            "is not in the article",
        ),
        (["brief", "add", "1", "--text", "x", "--at", "5"], 2, "outside"),
        (["brief", "add", "1"], 2, ""),
        (["brief", "add", "1", "--text", "x", "--claim", "1"], 2, ""),
        (["brief", "edit", "1"], 2, "nothing to change"),
        (["brief", "edit", "1", "--text", "x"], 2, "go with --item"),
        (["brief", "edit", "1", "--item", "1", "--title", "x"], 2, "change the item only"),
        (["brief", "edit", "1", "--item", "1", "--level", "2"], 2, "not a heading"),
        (["brief", "move", "1", "1"], 2, ""),
        (["brief", "move", "1", "1", "--up"], 2, "cannot move by -1"),
        (["brief", "export", "1", "x.txt"], 2, "cannot tell the format"),
        (["brief", "export", "1", "no/such/folder/x.docx"], 2, "does not exist"),
        (
            ["brief", "export", "1", "x.md", "--template", "t.docx"],
            2,
            "applies to .docx exports only",
        ),
        (["brief", "export", "1", "x.docx", "--notes", "margin"], 2, ""),
        (["brief"], 2, "give an action"),
    ],
)
def test_refusals_exit_with_a_clear_message_and_change_nothing(
    capsys, arc: str, tmp_path: Path, monkeypatch, argv, code, message
) -> None:
    monkeypatch.chdir(tmp_path)
    run(capsys, "--archive", arc, "brief", "new", "B", "--json")
    run(capsys, "--archive", arc, "brief", "add", "1", "--text", "only item", "--json")
    before = run(capsys, "--archive", arc, "brief", "history", "1", "--changes", "--json")[1]
    files = sorted(p.name for p in tmp_path.iterdir())
    if code == 2 and not message:
        with pytest.raises(SystemExit) as exit_info:  # argparse refuses the usage itself
            main(["--archive", arc, *argv])
        assert exit_info.value.code == 2
        capsys.readouterr()
    else:
        got, out, err = run(capsys, "--archive", arc, *argv)
        assert got == code, err
        assert message in err and "archivist: error:" in err
        assert out == "" or out == {}
    assert (
        run(capsys, "--archive", arc, "brief", "history", "1", "--changes", "--json")[1] == before
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == files


def test_every_action_has_help(capsys) -> None:
    parser = build_parser()
    for action in ACTIONS:
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(["brief", action, "--help"])
        assert exit_info.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"usage: archivist brief {action}") and "--json" in out
    with pytest.raises(SystemExit):
        parser.parse_args(["brief", "--help"])
    overview = capsys.readouterr().out
    assert all(action in overview for action in ACTIONS)


def test_reading_commands_work_while_another_process_writes(
    capsys, arc: str, tmp_path: Path
) -> None:
    run(capsys, "--archive", arc, "brief", "new", "B", "--json")
    # Another process holds the single-writer lock, like the desktop app would.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom archivist.archive import open_archive\n"
            f"a = open_archive({arc!r})\nprint('ready', flush=True)\nsys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        assert run(capsys, "--archive", arc, "brief", "list", "--json")[0] == 0
        assert run(capsys, "--archive", arc, "brief", "show", "1", "--json")[0] == 0
        # A draft only reads; issuing a version writes, and says how to get a draft.
        code, report, err = run(
            capsys, "--archive", arc, "brief", "export", "1", str(tmp_path / "b.docx"),
            "--draft", "--json",
        )  # fmt: skip
        assert code == 0 and report["version"] is None, err  # type: ignore[index]
        code, _report, err = run(
            capsys, "--archive", arc, "brief", "export", "1", str(tmp_path / "c.docx"), "--json"
        )
        assert code == 1 and "--draft" in err and not (tmp_path / "c.docx").exists()
        code, _, err = run(capsys, "--archive", arc, "brief", "new", "C", "--json")
        assert code == 1 and "archivist: error:" in err
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def test_key_judgments_from_the_command_line(capsys, arc: str) -> None:
    def brief(*argv: str) -> tuple[int, object, str]:
        return run(capsys, "--archive", arc, "brief", *argv, "--json")

    code, created, _ = brief("new", "Almaty", "--yardstick", "phia")
    assert code == 0 and created["yardstick"] == "phia"
    code, item, _ = brief(
        "judgment", "add", "1", "--text", "Arrests will rise.", "--likelihood",
        "realistic possibility", "--confidence", "moderate", "--basis", "one official figure",
        "--claim", "1",
    )  # fmt: skip
    assert code == 0 and item["kind"] == "judgment" and item["id"] == 1
    assert (item["likelihood"], item["confidence"], item["basis"]) == (
        "realistic possibility",
        "moderate",
        "one official figure",
    )
    assert item["evidence"] == {"claims": [1], "excerpts": []}
    # A term of the other yardstick is refused, naming this one's terms; nothing is added.
    code, _, err = brief(
        "judgment", "add", "1", "--text", "J", "--likelihood", "roughly even chance",
        "--confidence", "low",
    )  # fmt: skip
    assert code == 2 and "realistic possibility" in err and "remote chance" in err
    code, edited, _ = brief("judgment", "edit", "1", "--confidence", "high", "--no-claims")
    assert code == 0 and edited["confidence"] == "high" and edited["evidence"]["claims"] == []
    code, changed, _ = brief("edit", "1", "--yardstick", "icd203")
    assert code == 0 and changed["yardstick"] == "icd203"
    code, shown, _ = brief("show", "1")
    assert [i["likelihood"] for i in shown["items"]] == ["roughly even chance"]
    assert brief("judgment", "edit", "99", "--confidence", "low")[0] == 1
    assert brief("judgment", "edit", "1")[0] == 2  # nothing to change


def test_judgment_actions_have_help(capsys) -> None:
    parser = build_parser()
    for action in ("add", "edit"):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(["brief", "judgment", action, "--help"])
        assert exit_info.value.code == 0
        assert "--likelihood" in capsys.readouterr().out


def test_sort_a_brief_by_article(capsys, arc: str) -> None:
    def brief(*argv: str) -> tuple[int, object, str]:
        return run(capsys, "--archive", arc, "brief", *argv, "--json")

    brief("new", "Almaty")
    brief("add", "1", "--excerpt", "1", "--quote", "around 2,300 people")
    brief("add", "1", "--excerpt", "1", "--quote", "Local media said")
    code, sorted_brief, _ = brief("sort", "1")
    assert code == 0
    assert [i["quote"] for i in sorted_brief["items"]] == [
        "Local media said",
        "around 2,300 people",
    ]
    assert sorted_brief["order"] == [2, 1]
