"""Property-based: any string typed into the search box yields results or a clear
QuerySyntaxError, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.archive import open_archive
from archivist.errors import QuerySyntaxError
from archivist.importers.pipeline import import_text

SYNTAX = [
    '"',
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "*",
    "?",
    "~",
    "^",
    " AND ",
    " OR ",
    " NOT ",
    "published:",
    "date:",
    "title:",
    "tag:",
    "entity:",
    " TO ",
    "-",
    "+",
    "/",
    "\\",
    ">",
    "<",
    "=",
]
WORDS = [
    "almaty",
    "Tokayev",
    "2022",
    "2022-01",
    "protest",
    "São",
    "Токаев",
    "中国政府",
    "ภาษา",
    "x",
]

query_text = st.lists(
    st.one_of(st.sampled_from(SYNTAX), st.sampled_from(WORDS), st.text(max_size=6)), max_size=12
).map("".join)


@pytest.fixture(scope="module")
def fuzz_archive(tmp_path_factory: pytest.TempPathFactory):
    with open_archive(tmp_path_factory.mktemp("fuzz") / "archive") as archive:
        import_text(
            archive,
            "Protesters in Almaty. Токаев said 中国政府 ภาษาไทย São Paulo.",
            published="2022-01-06",
        )
        yield archive


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=query_text)
def test_any_query_gives_results_or_a_syntax_error(fuzz_archive, query: str) -> None:
    try:
        results = fuzz_archive.search(query, limit=5)
    except QuerySyntaxError as exc:
        assert str(exc)
    else:
        assert results.total >= 0
        for hit in results.hits:
            assert isinstance(hit.snippet, str)
