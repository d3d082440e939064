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


def _every_text() -> list[tuple[str, int]]:
    """The demo articles (every word checked), and the sample texts when ../shared/samples
    is there (every third word: they are many)."""
    from pathlib import Path

    from samples import SAMPLES

    folder = Path(__file__).resolve().parents[2] / "desktop" / "archivist" / "resources" / "demo"
    paths = [(p, 1) for p in sorted(folder.glob("*.txt"))]
    if SAMPLES.is_dir():
        paths += [(p, 3) for p in sorted((SAMPLES / "txt").glob("*.txt"))]
    return [(p.read_text(encoding="utf-8", errors="replace"), step) for p, step in paths]


def test_analysing_only_candidate_words_finds_every_match(monkeypatch) -> None:
    """Skipping the words that cannot match never skips a match: for every word of real
    articles (English stems, names, numbers, accented and non-Latin words), the spans
    are those of an analysis of the whole text."""
    from archivist.index import snippets

    texts = _every_text()
    checked = 0
    for text, step in texts:
        words = {t.text for t in ANALYZER(text, mode="query")}
        for term in sorted(words)[::step]:
            fast = snippets._match_spans(text, {term}, ANALYZER)
            with monkeypatch.context() as patched:
                patched.setattr(snippets, "_candidates", lambda _terms: None)
                full = snippets._match_spans(text, {term}, ANALYZER)
            assert fast == full, term
            checked += 1
    assert checked > 300


def test_only_the_words_that_can_match_are_analysed() -> None:
    from archivist.index.snippets import _candidate_tokens, _candidates

    def analysed(text: str, terms: set[str]) -> list[str]:
        pattern = _candidates(frozenset(terms))
        assert pattern is not None
        return [token.text for token in _candidate_tokens(text, pattern, ANALYZER)]

    text = "Police arrested protesters\tin Almaty; U.S.-backed protest-leaders fled."
    assert analysed(text, {"zhanaozen"}) == []
    assert analysed(text, {"protest"}) == ["protest", "protest", "leader"]
    assert analysed("São Paulo and protesters.", {"protest"}) == ["sao", "protest"]
    assert _candidates(frozenset({"中国"})) is None  # bigrams: the whole text is analysed
