"""The command-line contract: JSON shapes, exit statuses, option placement, --help."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli_run import run
from fresh_process import modules_loaded_by

from archivist.cli.main import COMMAND_MODULES, build_parser, main

KAZAKH = (
    "Russian troops arrived in Kazakhstan on Thursday.\n\n"
    "Kassym-Jomart Tokayev said around 2,300 people had been arrested in Almaty alone."
)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "kazakh.txt").write_text(KAZAKH, encoding="utf-8")
    (folder / "sub" / "page.html").write_text(
        "<html lang='en'><head><title>Almaty airport retaken</title></head><body>"
        "<nav>Home | World</nav><article><h1>Almaty airport retaken</h1>"
        + "".join(
            f"<p>Paragraph {i}: security forces retook the airport in Almaty, officials said.</p>"
            for i in range(8)
        )
        + "</article><script>alert('x')</script></body></html>",
        encoding="utf-8",
    )
    with zipfile.ZipFile(folder / "notes.odt", "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr("content.xml", "<office:document-content/>")
    return folder


def test_import_search_show_edit_round_trip(capsys, tmp_path: Path, files: Path) -> None:
    archive = str(tmp_path / "arc")
    code, report, _ = run(
        capsys, "--archive", archive, "import", str(files), "--recursive", "--json", "--tag", "demo"
    )
    assert code == 1  # the .odt failed, the rest was done
    assert {Path(i["path"]).name for i in report["imported"]} == {"kazakh.txt", "page.html"}
    assert set(report["imported"][0]) == {"id", "title", "path"}
    assert report["duplicates"] == []
    assert [Path(f["path"]).name for f in report["failed"]] == ["notes.odt"]
    assert (
        "OpenDocument" in report["failed"][0]["error"]
        or "odt" in report["failed"][0]["error"].lower()
    )

    code, again, _ = run(
        capsys, "import", str(files / "kazakh.txt"), "--archive", archive, "--json"
    )
    assert code == 0 and again["imported"] == []
    kazakh_id = next(i["id"] for i in report["imported"] if i["path"].endswith("kazakh.txt"))
    assert again["duplicates"] == [{"path": str(files / "kazakh.txt"), "id": kazakh_id}]

    code, results, _ = run(capsys, "search", "Tokayev", "--json", "--archive", archive)
    assert code == 0
    assert set(results) == {"total", "took_ms", "hits"}
    assert results["total"] == 1
    hit = results["hits"][0]
    assert set(hit) == {"id", "title", "source", "published", "score", "snippet"}
    assert hit["id"] == kazakh_id and "**Tokayev**" in hit["snippet"]

    code, shown, _ = run(capsys, "--json", "--archive", archive, "show", str(kazakh_id))
    assert code == 0
    for key in (
        "id",
        "title",
        "source",
        "author",
        "url",
        "published",
        "language",
        "text",
        "tags",
        "mentions",
        "claims",
    ):
        assert key in shown
    assert shown["text"] == KAZAKH
    assert shown["title"] == "Russian troops arrived in Kazakhstan on Thursday."
    assert shown["tags"] == ["demo"]
    assert shown["language"] == "en"

    code, edited, _ = run(
        capsys,
        "edit",
        str(kazakh_id),
        "--source",
        "AFP",
        "--published",
        "2022-01-06",
        "--json",
        "--archive",
        archive,
    )
    assert code == 0 and edited["source"] == "AFP" and edited["published"] == "2022-01-06"
    code, results, _ = run(
        capsys, "search", "source:afp AND published:2022-01", "--json", "--archive", archive
    )
    assert [h["id"] for h in results["hits"]] == [kazakh_id]

    code, html_hits, _ = run(capsys, "search", "airport", "--json", "--archive", archive)
    assert html_hits["total"] == 1
    code, page, _ = run(
        capsys, "show", str(html_hits["hits"][0]["id"]), "--json", "--archive", archive
    )
    assert "alert" not in page["text"] and "Home | World" not in page["text"]


def test_exit_statuses(capsys, tmp_path: Path) -> None:
    archive = str(tmp_path / "arc")
    assert run(capsys, "--archive", archive, "init")[0] == 0
    code, _, err = run(capsys, "--archive", archive, "show", "42")
    assert code == 1 and "no article with id 42" in err
    code, _, err = run(capsys, "--archive", archive, "search", "published:[2022-05 TO 2022-01]")
    assert code == 2 and "ends before it starts" in err
    code, _, err = run(capsys, "--archive", archive, "edit", "1")
    assert code == 2 and "nothing to change" in err
    assert main(["search"]) == 2  # (no query, and no --batch)
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2


def test_import_of_missing_path_fails_that_path_only(capsys, tmp_path: Path, files: Path) -> None:
    code, report, _ = run(
        capsys,
        "--archive",
        str(tmp_path / "arc"),
        "--json",
        "import",
        str(files / "kazakh.txt"),
        str(tmp_path / "nope.txt"),
    )
    assert code == 1
    assert len(report["imported"]) == 1
    assert report["failed"] == [
        {"path": str(tmp_path / "nope.txt"), "error": "no such file or folder"}
    ]


def test_check_reindex_backup(capsys, tmp_path: Path, files: Path) -> None:
    archive = str(tmp_path / "arc")
    run(capsys, "--archive", archive, "import", str(files / "kazakh.txt"))
    code, report, _ = run(capsys, "--archive", archive, "check", "--json")
    assert code == 0 and report["ok"] is True and report["problems"] == []
    code, data, _ = run(capsys, "--archive", archive, "reindex", "--json")
    assert code == 0 and data == {"indexed": 1}
    dest = tmp_path / "copy"
    code, data, _ = run(capsys, "--archive", archive, "backup", str(dest), "--json")
    assert code == 0 and data["articles"] == 1 and data["originals"] == 1
    code, results, _ = run(capsys, "--archive", str(dest), "search", "Almaty", "--json")
    assert results["total"] == 1
    code, _, err = run(capsys, "--archive", archive, "backup", str(dest))
    assert code == 1 and "not empty" in err


def test_every_command_has_help(capsys) -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in ("init", "import", "search", "show", "edit", "check", "reindex", "backup"):
        assert name in commands
    for name in commands:
        with pytest.raises(SystemExit) as exited:
            main([name, "--help"])
        assert exited.value.code == 0
        assert "usage: archivist" in capsys.readouterr().out


def test_command_table_names_what_each_module_registers() -> None:
    """main.COMMAND_MODULES lets a command line load only its module: it must name every
    command each module registers, and nothing else."""
    for module, names in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(module).register(sub, argparse.ArgumentParser(add_help=False))
        assert set(sub.choices) == set(names), module
    every = [name for names in COMMAND_MODULES.values() for name in names]
    assert len(every) == len(set(every))
    for name in every:
        choices = build_parser(name)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert name in choices


def test_search_process_loads_no_writers_or_importers() -> None:
    """A search process imports the archive and the index, not the Word writer, the importers
    or the annotation model (start-up time)."""
    loaded = modules_loaded_by(
        "import sys\n"
        "from archivist.cli.main import main\n"
        "try:\n"
        "    main(['--archive', sys.argv[1], 'search', 'x'])\n"
        "except SystemExit:\n"
        "    pass\n",
        "/nonexistent-archive",
    )
    heavy = ("docx", "trafilatura", "archivist.importers", "archivist.briefs")
    assert not {m for m in loaded if m.startswith((*heavy, "archivist.annotations.claims"))}


def test_version_loads_no_command() -> None:
    """`archivist --version` (and the desktop app's launch) need no command: none is loaded,
    nor the archive and its libraries (it answered in 0.7-1 s, now 0.1 s); --help still
    lists every command."""
    loaded = modules_loaded_by(
        "import contextlib, io\n"
        "from archivist.cli.main import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])\n"
    )
    heavy = ("archivist.cli.", "archivist.archive", "archivist.annotations", "sqlite_utils")
    assert {m for m in loaded if m.startswith((*heavy, "whoosh"))} <= {
        "archivist.cli.main",
        "archivist.cli.output",
    }
    listed = subprocess.run(
        [sys.executable, "-m", "archivist", "--help"], capture_output=True, text=True, check=True
    )
    assert all(f"    {name} " in listed.stdout for name in ("import", "search", "brief", "ach"))


def test_real_entry_point_and_version(tmp_path: Path) -> None:
    env = {**os.environ, "ARCHIVIST_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-m", "archivist", "--version"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0 and result.stdout.startswith("archivist ")
    result = subprocess.run(
        [sys.executable, "-m", "archivist", "init", "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["archive"] == str(tmp_path / "home")


def test_an_import_starts_its_extraction_server_before_loading_its_command() -> None:
    """The extraction workers' server (which imports the extractors) starts first, so that
    it loads them while this process loads the command and the archive: a one-file import
    waited for one, then the other."""
    script = (
        "import sys\n"
        "from multiprocessing import forkserver\n"
        "import archivist.processes as processes\n"
        "started = []\n"
        "def start():\n"
        "    modules = ('archivist.cli.archive_commands', 'archivist.cli.annotation_commands')\n"
        "    started.append([m.split('.')[-1] for m in modules if m in sys.modules])\n"
        "processes.start_extraction_server = start\n"
        "from archivist.cli.main import main\n"
        "for command in (['import', '/nonexistent'], ['search', 'x'], ['reextract', '1']):\n"
        "    try:\n"
        "        main(['--archive', sys.argv[1], *command])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(started)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "/nonexistent-archive"],
        capture_output=True,
        text=True,
        check=True,
    )
    # Started for the import and for reextract (each before its module was loaded: the
    # import's, then reextract's), not for the search.
    assert done.stdout.split("\n")[-2] == "[[], ['archive_commands']]"


def test_the_extraction_server_loads_the_extractors_and_not_the_archive() -> None:
    """What the workers' server preloads is on a one-file import's path: it loads
    trafilatura (and reads a page through it) so that no worker does, and neither SQLite's
    wrapper nor the search engine, which the workers never use."""
    script = (
        "import sys\n"
        "import archivist.importers.warm\n"
        "print(sorted(m for m in ('sqlite_utils', 'whoosh', 'trafilatura', 'htmldate') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "['htmldate', 'trafilatura']"


def test_a_closed_output_pipe_ends_the_command_quietly(capsys, tmp_path: Path) -> None:
    """`archivist show 1 --json | head -c 1`: the reader goes away after one byte; the
    command stops at once with 141 (as a shell reports SIGPIPE), and no traceback."""
    archive = tmp_path / "archive"
    long_text = tmp_path / "long.txt"
    long_text.write_text("A long report\n\n" + "The convoy moved north. " * 20_000, "utf-8")
    assert main(["--archive", str(archive), "import", str(long_text)]) == 0
    capsys.readouterr()
    reading = subprocess.Popen(
        [sys.executable, "-m", "archivist", "--archive", str(archive), "show", "1", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reading.stdout is not None and reading.stderr is not None
    assert reading.stdout.read(1) == b"{"
    reading.stdout.close()  # (480 KB of JSON are still to come: far more than a pipe holds)
    errors = reading.stderr.read().decode()
    assert reading.wait(timeout=60) == 141
    assert errors == ""
