"""The whole samples folder through the real CLI: every file accounted for, the MANIFEST's
titles and phrases found in the text and by search."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is absent")


def manifest() -> list[dict[str, str]]:
    with (SAMPLES / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def expectations() -> list[tuple[str, str, str]]:
    """(file, kind, value) for every expected title and phrase in the MANIFEST notes."""
    found: list[tuple[str, str, str]] = []
    if not (SAMPLES / "MANIFEST.tsv").is_file():
        return found
    for row in manifest():
        notes = row["notes"]
        for kind, pattern in (
            ("title", r'expected title: "([^"]+)"'),
            ("phrase", r'expected-text phrase[^:]*: "([^"]+)"'),
        ):
            for value in re.findall(pattern, notes):
                found.append((row["file"], kind, value))
    return found


def cli(archive: Path, *args: str) -> tuple[int, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "archivist", "--archive", str(archive), "--json", *args],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return result.returncode, json.loads(result.stdout)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    archive = tmp_path_factory.mktemp("samples") / "archive"
    code, report = cli(archive, "import", str(SAMPLES), "--recursive")
    assert code in (0, 1)
    return archive, report


def test_every_file_is_accounted_for(imported) -> None:
    _, report = imported
    on_disk = {
        str(p) for p in SAMPLES.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))
    }
    reported = (
        {i["path"] for i in report["imported"]}
        | {d["path"] for d in report["duplicates"]}
        | {f["path"] for f in report["failed"]}
    )
    assert on_disk - reported == set()
    for failure in report["failed"]:
        assert len(failure["error"]) > 10, failure


def test_lock_files_given_explicitly_get_a_reason(tmp_path: Path) -> None:
    code, report = cli(tmp_path / "a", "import", str(SAMPLES / "hostile" / "~$strict.docx"))
    assert code == 1 and report["failed"][0]["error"]


@pytest.mark.parametrize(("name", "kind", "value"), expectations())
def test_manifest_expectations(imported, name: str, kind: str, value: str) -> None:
    archive, report = imported
    path = str(SAMPLES / name)
    ids = [i["id"] for i in report["imported"] if i["path"] == path]
    assert ids, f"{name} was not imported: {[f for f in report['failed'] if f['path'] == path]}"
    _, shown = cli(archive, "show", str(ids[0]))
    if kind == "title":
        assert shown["title"] == value
        query = f'title:"{value}"'
    else:
        assert value in shown["text"]
        words = value.split()
        # Evaluation phrases may start or end mid-word ("ried in a mass grave ... the coro").
        query = f'"{" ".join(words[1:-1]) if len(words) > 4 else value}"'
    _, results = cli(archive, "search", query, "--limit", "50")
    assert ids[0] in [hit["id"] for hit in results["hits"]], query
