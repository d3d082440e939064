"""Exclusions find exactly the right articles, and totals are exact up to the counting cap
(a lower bound, flagged, beyond it) while the page itself stays the best-ranked one."""

from __future__ import annotations

import json

import pytest

from archivist.archive import Archive
from archivist.cli.main import main as cli_main
from archivist.importers.pipeline import import_text
from archivist.index import search as search_module
from archivist.index.engine_guard import fast_path_enabled
from archivist.index.query import parse_query


def _ids(archive: Archive, query: str) -> set[int]:
    return {hit.id for hit in archive.search(query, limit=100).hits}


def test_an_excluded_word_excludes_even_the_first_candidate(archive: Archive) -> None:
    # The excluded word's first article comes before the wanted word's first one: Whoosh's
    # own AndNot matcher kept that first wanted article although it holds the excluded word.
    only_moscow = import_text(archive, "Talks in Moscow.", title="one").imported[0].id
    both = import_text(archive, "Almaty and Moscow.", title="two").imported[0].id
    only_almaty = import_text(archive, "Almaty alone.", title="three").imported[0].id
    archive.index.optimize()  # one segment: the three articles in this order
    assert _ids(archive, "Almaty NOT Moscow") == {only_almaty}
    assert _ids(archive, "Almaty ANDNOT Moscow") == {only_almaty}
    assert _ids(archive, "Almaty AND NOT Moscow") == {only_almaty}
    assert _ids(archive, "(Almaty OR Talks) NOT alone") == {only_moscow, both}
    assert archive.search("Almaty NOT Moscow").total == 1


def test_exclusions_agree_with_set_arithmetic_across_segments(archive: Archive) -> None:
    words = ["alpha", "beta", "gamma"]
    for n in range(40):  # every mix of the three words, over several index segments
        present = [w for i, w in enumerate(words) if (n + i) % (i + 2) == 0] or ["delta"]
        import_text(archive, " ".join(present) + f" number{n}.", title=f"article {n}")
    sets = {w: _ids(archive, w) for w in words}
    assert _ids(archive, "alpha NOT beta") == sets["alpha"] - sets["beta"]
    assert (
        _ids(archive, "alpha AND gamma NOT beta") == (sets["alpha"] & sets["gamma"]) - sets["beta"]
    )
    assert _ids(archive, "(alpha OR gamma) NOT beta NOT delta") == (
        (sets["alpha"] | sets["gamma"]) - sets["beta"]
    )


@pytest.fixture
def many(archive: Archive) -> Archive:
    for n in range(30):
        # Different lengths and repetitions give different scores.
        text = "Protesters gathered. " * (1 + n % 7) + "Filler words here. " * (n % 5)
        import_text(archive, text, title=f"Report {n}")
    return archive


def _search(archive: Archive, query: str, **kwargs):
    return search_module.search(
        archive.index, query, lambda ids: {}, limit=kwargs.pop("limit", 5), **kwargs
    )


# Most queries are ranked by index.fast_ranking, which counts every match; a phrase with
# slop goes through Whoosh's collector, which counts up to the cap.
PHRASE = '"protesters gathered"~2'


def test_totals_are_exact_up_to_the_cap_and_a_flagged_floor_beyond(many: Archive) -> None:
    exact = _search(many, PHRASE, count_up_to=1000)
    assert exact.total == 30 and exact.total_exact
    capped = _search(many, PHRASE, count_up_to=10)
    assert capped.total == 10 and not capped.total_exact
    few = _search(many, PHRASE, count_up_to=30)
    assert few.total == 30 and few.total_exact
    # Word queries are counted exactly whatever the cap (by the fast path; without it, as
    # Whoosh's collector counts them: a flagged floor beyond the cap).
    words = _search(many, "protesters OR filler", count_up_to=10)
    if fast_path_enabled():
        assert words.total == 30 and words.total_exact
    else:
        assert words.total == 10 and not words.total_exact
    # Sorted listings (the empty query) count every article anyway.
    everything = _search(many, "", count_up_to=3)
    assert everything.total == 30 and everything.total_exact


@pytest.mark.parametrize("cap", [1, 5, 12, 1000])
def test_the_page_is_the_best_ranked_whatever_the_cap(many: Archive, cap: int) -> None:
    searcher = many.index.searcher()
    parsed = parse_query(f"{PHRASE} OR filler", searcher.schema, many.index.vocabulary)
    expected = [int(hit["id"]) for hit in searcher.search(parsed, limit=8)]
    got = [hit.id for hit in _search(many, f"{PHRASE} OR filler", limit=8, count_up_to=cap).hits]
    assert got == expected


def test_cli_reports_a_floor_as_more_than(
    many: Archive, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "EXACT_TOTAL_UP_TO", 10)
    root = str(many.root)
    many.close()
    assert cli_main(["--archive", root, "search", PHRASE, "--limit", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 10 and data["total_exact"] is False
    assert cli_main(["--archive", root, "search", PHRASE, "--limit", "5"]) == 0
    assert capsys.readouterr().out.startswith("more than 10 results")
    assert cli_main(["--archive", root, "search", PHRASE, "--exact-total", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 30 and "total_exact" not in data  # exact: the contract's keys only
