"""Each segment's word lists, kept in files beside the index: the same words and frequencies
as Whoosh's own lists, expanded as Whoosh's automaton and patterns expand them, written
after commits, rebuilt when damaged, dropped with their segments, and never in the way of a
search when they cannot be written."""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from archivist.archive import Archive, open_archive
from archivist.importers.pipeline import import_text
from archivist.index.lexicons import Lexicons, _decode, _encode, forget_lexicons
from archivist.index.query import forget_expansions
from archivist.index.schema import DEFAULT_FIELDS

TEXTS = [
    "Protesters gathered in Almaty as protests spread; the protest leaders spoke.",
    "Protesters and police clashed near the square; a protestor was detained.",
    "Prices of gas rose; the government resigned after the protests.",
    "Токаев сказал, что протестующие были задержаны в Алматы.",
    "中国政府表示关注哈萨克斯坦局势。ภาษาไทย",
]


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    forget_lexicons()
    forget_expansions()
    with open_archive(tmp_path / "archive") as opened:
        for number, text in enumerate(TEXTS):
            import_text(opened, text, title=f"Report {number}", source="AFP")
        yield opened
    forget_lexicons()
    forget_expansions()


def _segments(archive: Archive) -> list:
    return [leaf for leaf, _ in archive.index.searcher().reader().leaf_readers()]


def test_commits_write_each_segments_word_lists(archive: Archive) -> None:
    folder = archive.index.lexicons.directory
    segments = _segments(archive)
    expected = {
        f"{leaf.segment().segment_id()}.{name}.lex" for leaf in segments for name in DEFAULT_FIELDS
    }
    assert {path.name for path in folder.iterdir()} == expected


def test_the_word_lists_are_whooshs_with_their_frequencies(archive: Archive) -> None:
    fresh = Lexicons(archive.index.lexicons.directory)  # read back from the files
    forget_lexicons()
    for leaf in _segments(archive):
        for name in DEFAULT_FIELDS:
            lexicon = fresh.of(leaf, name)
            whoosh_words = [leaf.schema[name].from_bytes(b) for b in leaf.lexicon(name)]
            assert dict(lexicon.items()) == {
                w: leaf.doc_frequency(name, leaf.schema[name].to_bytes(w)) for w in whoosh_words
            }
            assert len(lexicon) == len(whoosh_words)


def test_a_lexicon_holds_exactly_the_segments_words(archive: Archive) -> None:
    for leaf in _segments(archive):
        for name in DEFAULT_FIELDS:
            lexicon = archive.index.lexicons.of(leaf, name)
            words = [leaf.schema[name].from_bytes(b) for b in leaf.lexicon(name)]
            assert all(word in lexicon for word in words)
            # Prefixes, extensions and neighbours of every word, none of them held.
            others = {w[:-1] for w in words} | {w + "s" for w in words} | {w + "é" for w in words}
            others |= {"", "zzzz", "протест", "中国"}
            for other in others - set(words):
                assert other not in lexicon
            assert 5 not in lexicon


@pytest.mark.parametrize(
    ("word", "distance", "prefix"),
    [("protest", 1, 0), ("protest", 2, 0), ("protesters", 2, 3), ("almati", 1, 0), ("x", 2, 0)],
)
def test_fuzzy_expansion_agrees_with_whooshs_automaton(
    archive: Archive, word: str, distance: int, prefix: int
) -> None:
    for leaf in _segments(archive):
        lexicon = archive.index.lexicons.of(leaf, "text")
        ours = {w for w, _ in lexicon.within(word, distance, prefix)}
        theirs = set(leaf.terms_within("text", word, distance, prefix=prefix))
        assert ours == theirs


@pytest.mark.parametrize(
    "pattern", ["prot*", "*est*", "?as", "*", "??", "?*?", "p?o*s", "алмат*", "中*"]
)
def test_wildcard_expansion_agrees_with_whooshs_pattern(archive: Archive, pattern: str) -> None:
    for leaf in _segments(archive):
        lexicon = archive.index.lexicons.of(leaf, "text")
        ours = {w for w, _ in lexicon.matching(pattern)}
        theirs = {b.decode() for b in wq.Wildcard("text", pattern)._btexts(leaf)}
        assert ours == theirs


def test_expansions_come_best_first(archive: Archive) -> None:
    from rapidfuzz.distance import Levenshtein

    archive.index.optimize()  # one segment: every word's frequency over the whole archive
    (leaf,) = _segments(archive)
    lexicon = archive.index.lexicons.of(leaf, "text")
    matched = lexicon.matching("prot*")
    assert len(matched) > 1
    frequencies = [f for _, f in matched]
    assert frequencies == sorted(frequencies, reverse=True)
    near = lexicon.within("protest", 2)
    assert near[0] == ("protest", 3)  # the word itself first
    keys = [(Levenshtein.distance("protest", w), -f) for w, f in near]
    assert keys == sorted(keys)  # then the closer, and among equals the more frequent


def test_a_damaged_file_is_rebuilt(archive: Archive, caplog: pytest.LogCaptureFixture) -> None:
    folder = archive.index.lexicons.directory
    target = next(folder.glob("*.text.lex"))
    target.write_bytes(b"not a lexicon")
    forget_lexicons()
    forget_expansions()
    with caplog.at_level(logging.WARNING):
        assert archive.search("protest~1").total == 3
    assert "rebuilding the lexicon file" in caplog.text
    from archivist.index.lexicons import _MAGIC

    assert target.read_bytes().startswith(_MAGIC)


def test_a_missing_file_is_written_at_first_use(archive: Archive) -> None:
    folder = archive.index.lexicons.directory
    for path in folder.iterdir():
        path.unlink()
    forget_lexicons()
    forget_expansions()
    assert archive.search("prot*").total == 3
    assert any(folder.glob("*.text.lex"))


def test_searches_work_where_no_file_can_be_written(tmp_path: Path, archive: Archive) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way")
    archive.index.lexicons = Lexicons(blocked / "lexicons")  # its folder cannot be made
    forget_lexicons()
    forget_expansions()
    assert archive.search("protest~1").total == 3
    assert archive.search("prot*").total == 3


def test_the_files_of_merged_segments_go(archive: Archive) -> None:
    assert len(_segments(archive)) > 1
    archive.index.optimize()
    (leaf,) = _segments(archive)
    folder = archive.index.lexicons.directory
    assert {path.name.split(".")[0] for path in folder.iterdir()} == {leaf.segment().segment_id()}
    assert archive.search("protest~1").total == 3


def test_a_lexicon_decodes_only_what_a_term_needs(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read back from its file, a lexicon decodes for a fuzzy term only the words of about
    its length, and for a pattern only the words that match it."""
    from archivist.index.lexicons import Lexicon

    leaf = _segments(archive)[0]
    forget_lexicons()
    lexicon = Lexicons(archive.index.lexicons.directory).of(leaf, "text")
    decoded: list[str] = []
    run = Lexicon._run
    monkeypatch.setattr(
        Lexicon, "_run", lambda self, a, b: decoded.extend(run(self, a, b)) or run(self, a, b)
    )
    word = Lexicon._word
    monkeypatch.setattr(
        Lexicon, "_word", lambda self, n: decoded.append(word(self, n)) or word(self, n)
    )
    lexicon.within("protest", 1)
    assert decoded and all(6 <= len(word) <= 8 for word in decoded)
    for pattern in ("prot*", "*est", "*ote*", "p?o*t"):
        decoded.clear()
        assert {w for w, _ in lexicon.matching(pattern)} == {"protest"}
        assert decoded == ["protest"]


def test_lexicon_files_are_private_like_the_rest_of_the_archive(archive: Archive) -> None:
    import stat

    for path in archive.index.lexicons.directory.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_of_another_version_is_rewritten_quietly(
    archive: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    folder = archive.index.lexicons.directory
    target = next(folder.glob("*.text.lex"))
    target.write_bytes(b"ARCLEX1\n" + b"\0" * 16)
    forget_lexicons()
    forget_expansions()
    with caplog.at_level(logging.INFO):
        assert archive.search("protest~1").total == 3
    assert "another version" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


_LETTERS = st.sampled_from(list("abcé.[]\\^$()+|{}протест中国ภาษา🙂-_0"))


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text(_LETTERS, max_size=8), max_size=30),
    pattern=st.text(st.one_of(_LETTERS, st.sampled_from("*?")), max_size=7),
)
def test_patterns_match_as_fnmatch_does_in_every_script(words: list[str], pattern: str) -> None:
    """The pattern runs over the lexicon's UTF-8 bytes: `?` is one character however many
    bytes it takes, and regular-expression characters are plain letters."""
    from archivist.index.lexicons import Lexicon

    unique = sorted(set(words), key=lambda w: w.encode())
    built = Lexicon.of_words(unique, [1] * len(unique))
    expected = {w for w in unique if fnmatch.fnmatchcase(w, pattern.replace("[", "[[]"))}
    for lexicon in (built, _decode(_encode(built))):  # (as built, and read from its file)
        assert {w for w, _ in lexicon.matching(pattern)} == expected
        assert all(word in lexicon for word in unique)
