"""The fast path's guard: on a Whoosh release it was not verified against (or switched off)
it turns itself off, says so once and in `archivist check`, and Whoosh's own searcher gives
the same answers; the suite's search tests pass that way too."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archivist.archive import open_archive
from archivist.importers.pipeline import import_text
from archivist.index import engine_guard, fast_ranking
from archivist.index.merging import merge_in_background, planned_merge

TEXTS = [
    "Protesters filled the main square of Almaty on Wednesday evening.",
    "The government resigned after fuel prices doubled overnight in Zhanaozen.",
    "Troops from the CSTO alliance landed at Almaty airport on Thursday morning.",
    "Протестующие вышли на площадь в Алматы.",
]
QUERIES = ["almaty", "almaty OR troops", '"main square"', "prot*", "almati~1", "NOT almaty"]


@pytest.fixture
def guard_reset():  # type: ignore[no-untyped-def]
    engine_guard.forget()
    yield
    engine_guard.forget()


def _answers(root: Path) -> dict[str, list[tuple[int, float]]]:
    with open_archive(root, access="read") as archive:
        return {
            q: [(hit.id, hit.score) for hit in archive.search(q, limit=50).hits] for q in QUERIES
        }


def test_an_unverified_whoosh_turns_the_fast_path_off_and_answers_stay_the_same(
    tmp_path: Path, monkeypatch, caplog, guard_reset
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "arc"
    with open_archive(root) as archive:
        for text in TEXTS:
            import_text(archive, text)
        for text in TEXTS:  # a second segment, so that a merge has something to do
            import_text(archive, text + " Again.")
    fast = _answers(root)
    assert engine_guard.fast_path_enabled()

    monkeypatch.setattr(engine_guard, "installed_version", lambda: "2.7.9")
    engine_guard.forget()
    with caplog.at_level(logging.WARNING, logger="archivist"):
        assert not engine_guard.fast_path_enabled()
        assert not engine_guard.fast_path_enabled()
    [record] = [r for r in caplog.records if "fast search path is off" in r.getMessage()]
    assert "Whoosh 2.7.9 is not a release it was verified against (2.7.5)" in record.getMessage()
    with open_archive(root, access="read") as archive:
        searcher = archive.index.searcher()
        assert fast_ranking.rank(searcher, archive.index.parse("almaty"), 10) is None
        assert archive.index.max_rev() > 0  # (read through Whoosh's sorted search)
    assert _answers(root) == fast

    # The background merge is Whoosh's own optimize then: nothing planned, one segment after.
    assert planned_merge(root / "index") == []
    report = merge_in_background(root / "index", everything=True)
    assert report.segments_after == 1 and report.documents == 2 * len(TEXTS)
    assert _answers(root) == fast


def test_check_says_whether_the_fast_path_runs(tmp_path: Path, monkeypatch, guard_reset) -> None:  # type: ignore[no-untyped-def]
    from archivist.cli.main import main

    root = tmp_path / "arc"
    with open_archive(root) as archive:
        import_text(archive, TEXTS[0])
    out = tmp_path / "check.json"

    def checked() -> str:
        with out.open("w") as stream:
            monkeypatch.setattr(sys, "stdout", stream)
            assert main(["--archive", str(root), "--json", "check"]) == 0
        return json.loads(out.read_text())["search_engine"]

    assert checked() == "fast search path on (Whoosh 2.7.5, verified)"
    monkeypatch.setenv(engine_guard.SWITCH, "off")
    engine_guard.forget()
    assert checked() == (
        "fast search path off: ARCHIVIST_FAST_PATH turns it off; "
        "Whoosh's own searcher answers (slower)"
    )


SEARCH_TESTS = [
    "test_search.py",
    "test_search_counts.py",
    "test_query_edges.py",
    "test_query_limits.py",
    "test_listing.py",
    "test_annotations_search.py",
]


@pytest.mark.skipif(
    os.environ.get(engine_guard.SWITCH) == "off", reason="(already the run with it off)"
)
def test_the_search_tests_pass_with_the_fast_path_off() -> None:
    here = Path(__file__).parent
    env = dict(os.environ, **{engine_guard.SWITCH: "off"})
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"]
        + [str(here / name) for name in SEARCH_TESTS],
        capture_output=True,
        text=True,
        env=env,
        cwd=here.parents[1],
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
