"""Snippets: passages around the first matches, matches marked, whole words, bounded size."""

from __future__ import annotations

from archivist.index.analysis import text_analyzer
from archivist.index.snippets import SNIPPET_CHARS, leading_snippet, make_snippet

ANALYZER = text_analyzer()


def test_marks_stemmed_matches_in_context() -> None:
    text = (
        "Intro sentence. " * 30
        + "Police arrested protesters in Almaty. "
        + "Filler words here. " * 30
    )
    snippet = make_snippet(text, {"protest", "arrest"}, ANALYZER)
    assert "**arrested** **protesters**" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet) < SNIPPET_CHARS + 40


def test_two_passages_for_distant_matches_and_cjk_merged() -> None:
    text = "Almaty " + "word " * 200 + "Almaty again " + "word " * 200 + "Almaty third"
    snippet = make_snippet(text, {"almati"}, ANALYZER)
    assert snippet.count("**Almaty**") == 2 and snippet.count(" … ") >= 1
    cjk = "新华社报道：2月17日，中国政府宣布了新的经济政策。"
    assert "**中国政府**" in make_snippet(cjk, {"中国", "国政", "政府"}, ANALYZER)


def test_no_match_gives_the_start_of_the_text() -> None:
    text = "First words of the article. " * 40
    assert make_snippet(text, {"zhanaozen"}, ANALYZER) == leading_snippet(text)
    assert leading_snippet("short") == "short"
