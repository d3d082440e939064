"""Queries at the edges of the language work or are refused with a message naming the
problem: exclusions alone (run by the numpy ranking, exactly counted), double negations,
deep nesting, extreme dates, boosts that are not numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archivist.archive import Archive, open_archive
from archivist.errors import QuerySyntaxError
from archivist.importers.pipeline import import_text
from archivist.index import fast_ranking
from archivist.index.engine_guard import fast_path_enabled
from archivist.index.query import parse_query


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    with open_archive(tmp_path_factory.mktemp("edges") / "archive") as opened:
        import_text(opened, "Protesters in Almaty as troops arrive.", published="2022-01-06")
        import_text(opened, "Calm returns to Moscow.", published="2022-01-07")
        import_text(opened, "Markets in London.", published="2021-05-01")
        yield opened


def _titles(archive: Archive, query: str) -> set[str]:
    return {hit.title for hit in archive.search(query, limit=50).hits}


def _runs_in_the_fast_path(archive: Archive, query: str) -> bool:
    if not fast_path_enabled():
        return True  # (switched off: Whoosh's own searcher answers everything, as asked)
    searcher = archive.index.searcher()
    parsed = parse_query(query, searcher.schema, archive.index.vocabulary)
    return fast_ranking.rank(searcher, parsed, 10) is not None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("NOT almaty", {"Calm returns to Moscow.", "Markets in London."}),
        ("NOT almaty NOT moscow", {"Markets in London."}),
        ("NOT (almaty OR moscow OR london)", set()),
        ("london OR NOT moscow", {"Protesters in Almaty as troops arrive.", "Markets in London."}),
        ("NOT NOT almaty", {"Protesters in Almaty as troops arrive."}),
        ("NOT NOT NOT almaty", {"Calm returns to Moscow.", "Markets in London."}),
    ],
)
def test_exclusions_alone_are_everything_but_them(
    archive: Archive, query: str, expected: set[str]
) -> None:
    assert _titles(archive, query) == expected
    assert archive.search(query).total == len(expected)
    assert _runs_in_the_fast_path(archive, query)


def test_two_hundred_exclusions_run_in_the_fast_path(archive: Archive) -> None:
    query = " ".join(f"NOT w{n}" for n in range(200))
    assert archive.search(query).total == 3
    assert _runs_in_the_fast_path(archive, query)


def test_nesting_up_to_the_limit_works_and_beyond_is_refused(archive: Archive) -> None:
    assert archive.search("(" * 50 + "almaty" + ")" * 50).total == 1
    with pytest.raises(QuerySyntaxError, match="nested 990 deep: at most 50 levels"):
        archive.search("(" * 990 + "almaty" + ")" * 990)
    with pytest.raises(QuerySyntaxError, match="too long"):
        archive.search("(" * 1000 + "almaty" + ")" * 1000)


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("published:[0001 TO 9999]", 3),
        ("published:[2022 TO 9999-12-31]", 2),
        ("published:<=9999", 3),
        ("published:>9999", 0),
        ("published:9999", 0),
    ],
)
def test_the_first_and_last_dates_there_are(archive: Archive, query: str, total: int) -> None:
    assert archive.search(query).total == total


@pytest.mark.parametrize("query", ["almaty^1e308", "almaty^-5", "almaty^", "almaty^2x"])
def test_a_boost_that_is_not_a_number_is_refused(archive: Archive, query: str) -> None:
    with pytest.raises(QuerySyntaxError, match=r"a boost is \^ and a number from 0 to 1000"):
        archive.search(query)


@pytest.mark.parametrize(
    ("query", "total"), [("almaty^0", 1), ("almaty^2", 1), ("almaty^0.5 OR moscow", 2)]
)
def test_a_boost_never_drops_hits(archive: Archive, query: str, total: int) -> None:
    assert archive.search(query).total == total
    assert "Protesters in Almaty as troops arrive." in _titles(archive, query)


def test_a_caret_inside_a_phrase_is_a_character(archive: Archive) -> None:
    # Not a boost: the phrase "almaty troops" (its words as the text has them, "as" a stop word).
    assert archive.search('"almaty^troops"').total == 1


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("calm lang:xx OR (published:<2022-01-07 AND NOT moscow)", 0),
        ("moscow lang:xx OR (published:<2022 AND NOT calm)", 0),
        ("calm lang:xx OR (published:<2022-01-08 AND NOT london)", 1),
    ],
)
def test_whooshs_own_matchers_skip_past_an_exclusions_last_document(
    tmp_path: Path, query: str, total: int
) -> None:
    """When the fast path is off (or declines), Whoosh's matchers answer: an AND that skips
    an exclusion past its wanted side's last document (one segment, the AND's other side
    further on) got "array index out of range" from Whoosh's AndNotMatcher."""
    with open_archive(tmp_path / "archive") as opened:
        import_text(opened, "Markets in London.", published="2021-05-01")
        import_text(opened, "Protesters in Almaty as troops arrive.", published="2022-01-06")
        import_text(opened, "Calm returns to Moscow.", published="2022-01-07")
        opened.index.optimize()
        searcher = opened.index.searcher()
        parsed = parse_query(query, searcher.schema, opened.index.vocabulary)
        assert len(searcher.search(parsed, limit=None)) == total
        assert opened.search(query).total == total
