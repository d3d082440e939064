"""Word queries ranked with numpy give Whoosh's own matches and scores, across segments
and deletions; queries with other parts are left to Whoosh."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archivist.index import fast_ranking, postings
from archivist.index.query import parse_query
from archivist.index.store import ArchiveIndex

VOCABULARY = [
    "almaty",
    "aktobe",
    "troops",
    "moscow",
    "protesters",
    "security",
    "forces",
    "tariff",
    "harvest",
    "election",
    "ceasefire",
    "ministry",
    "pipeline",
    "drought",
    "inflation",
]


def _record(article_id: int, rng: random.Random, rev: int = 1) -> dict:
    words = rng.choices(VOCABULARY, k=rng.randint(3, 60))
    filler = " ".join(["filler"] * rng.randint(0, 40))
    return {
        "id": article_id,
        "rev": rev,
        "title": " ".join(rng.sample(VOCABULARY, rng.randint(1, 3))).title(),
        "text": " ".join(words) + " " + filler,
        "source": rng.choice(["Reuters", "AP", "Tengri News", "Almaty Herald"]),
        "language": rng.choice(["en", "ru"]),
        "published": f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if article_id % 3
        else f"2022-{rng.randint(1, 12):02d}-01",
        "tags": rng.sample(["kz", "energy", "unrest"], rng.randint(0, 2)),
        "entities": rng.sample(["Kassym-Jomart Tokayev", "KazMunayGas"], rng.randint(0, 1)),
    }


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    """Three segments, some articles re-indexed (their old copies deleted)."""
    rng = random.Random(7)
    index = ArchiveIndex(Path(tmp_path_factory.mktemp("fast")) / "index")
    index.open()
    for start in (1, 151, 301):
        with index.writer(merge=False) as writer:
            index.add(writer, (_record(i, rng) for i in range(start, start + 150)))
    with index.writer(merge=False) as writer:
        index.update(writer, (_record(i, rng, rev=2) for i in range(1, 450, 7)))
    assert index.segment_count() == 4 and index.searcher().reader().has_deletions()
    yield index
    index.close()


WORD_QUERIES = [
    "protesters",
    "security",
    "Almaty",
    "almaty aktobe",
    "almaty OR aktobe",
    "(Almaty OR Aktobe) AND troops NOT Moscow",
    "troops NOT moscow",
    "troops ANDNOT moscow",
    "title:election",
    "source:reuters AND title:tariff",
    "source:AP OR source:reuters",
    "tag:kz",
    'entity:"Kassym-Jomart Tokayev"',
    "tariff OR harvest OR drought OR inflation",
    "ceasefire AND (pipeline OR ministry) NOT drought NOT tag:energy",
    "title:election^3 OR text:election",
    "nosuchword",
    "nosuchword OR troops",
    "troops AND nosuchword",
    "protest*",
    "secur* AND NOT moscow",
    "electon~",
    "tropps~ OR almaty",
    "title:elect*",
    "nosuch*",
    "published:2022",
    "published:[2021-03-01 TO 2021-09-30]",
    "troops AND published:>=2021-06",
    "lang:en",
    "lang:ru OR almaty",
    '"security forces"',
    '"troops moscow" OR "almaty aktobe"',
    '"filler filler filler"',
    '"forces security"',
    'title:"election tariff"',
    '"security forces" AND NOT drought',
    '"almaty nosuchword"',
    "NOT troops",
    "NOT troops NOT moscow",
    "moscow OR NOT troops",
    "NOT NOT troops",
    # Exclusions alone, stopping once they cover everything (`filler*` rarely does; `f*`,
    # with "forces" and "filler", nearly; `*` does) and going on when they do not.
    "NOT filler* NOT troops NOT election~",
    "almaty AND NOT (drought OR moscow OR tag:energy)",
]


@pytest.mark.parametrize("text", WORD_QUERIES)
def test_word_queries_rank_as_whoosh_ranks_them(index: ArchiveIndex, text: str) -> None:
    searcher = index.searcher()
    query = parse_query(text, searcher.schema, index.vocabulary)
    whoosh = searcher.search(query, limit=None)
    expected = {hit.docnum: hit.score for hit in whoosh}
    assert expected or "nosuch" in text or "title:" in text, "the comparison needs matches"

    ranked = fast_ranking.rank(searcher, query, limit=10_000)

    assert ranked is not None, f"{query!r} should be ranked here"
    assert ranked.total == len(expected)
    got = dict(zip(ranked.docnums, ranked.scores, strict=True))
    assert got.keys() == expected.keys()
    for docnum, score in expected.items():
        assert got[docnum] == pytest.approx(score, rel=1e-9), docnum
    # Best first; equal scores in document order, as Whoosh orders them (exact scores:
    # rounded ones tie where the ranking rightly does not).
    keys = [(-s, d) for d, s in zip(ranked.docnums, ranked.scores, strict=True)]
    assert keys == sorted(keys)
    assert ranked.docnums[:20] == [hit.docnum for hit in whoosh[:20]] or _near_ties(
        ranked.scores[:20]
    )
    # A page is the start of the whole ranking (only what can reach it is sorted).
    page = fast_ranking.rank(searcher, query, limit=7)
    assert page is not None and page.docnums == ranked.docnums[:7]
    assert page.total == ranked.total


def _near_ties(scores: list[float]) -> bool:
    """Two orders of a page may differ only where scores tie to rounding."""
    return any(abs(a - b) < 1e-9 for a, b in itertools.pairwise(scores))


def test_the_page_limit_keeps_the_best(index: ArchiveIndex) -> None:
    searcher = index.searcher()
    query = parse_query("troops OR moscow", searcher.schema, index.vocabulary)
    everything = fast_ranking.rank(searcher, query, limit=10_000)
    page = fast_ranking.rank(searcher, query, limit=5)
    assert page is not None and everything is not None
    assert page.docnums == everything.docnums[:5]
    assert page.total == everything.total


@pytest.mark.parametrize(
    "text",
    ['"security forces"~3', "title:*"],
)
def test_other_queries_are_left_to_whoosh(index: ArchiveIndex, text: str) -> None:
    searcher = index.searcher()
    query = parse_query(text, searcher.schema, index.vocabulary)
    assert fast_ranking.rank(searcher, query, limit=20) is None


def test_an_empty_index_ranks_nothing(tmp_path: Path) -> None:
    index = ArchiveIndex(tmp_path / "index")
    index.open()
    searcher = index.searcher()
    ranked = fast_ranking.rank(searcher, parse_query("troops", searcher.schema), limit=20)
    assert ranked is not None and ranked.total == 0 and ranked.docnums == []
    index.close()


def test_positions_are_decoded_as_whoosh_decodes_them(index: ArchiveIndex) -> None:
    for sub, _offset in index.searcher().leaf_searchers():
        reader = sub.reader()
        for word in (b"filler", b"secur", b"almati"):
            if ("text", word) not in reader:
                continue
            expected = {}
            matcher = reader.postings("text", word)
            while matcher.is_active():
                expected[matcher.id()] = matcher.value_as("positions")
                matcher.next()
            ids, _, offsets, positions = postings._read_postings(
                reader.postings("text", word), positions=True
            )
            got = {
                int(doc): positions[offsets[i] : offsets[i + 1]].tolist()
                for i, doc in enumerate(ids)
                if int(doc) in expected  # (the raw postings include deleted documents)
            }
            assert got == expected


def test_expansions_are_remembered_per_segment_and_stay_right(index: ArchiveIndex) -> None:
    from archivist.index import query as query_module

    query_module.forget_expansions()
    searcher = index.searcher()
    for text in ("electon~", "protest*"):
        query = parse_query(text, searcher.schema, index.vocabulary)
        first = fast_ranking.rank(searcher, query, limit=50)
        assert query_module._EXPANSIONS  # remembered ...
        again = fast_ranking.rank(searcher, query, limit=50)
        assert first == again  # ... and the same when used
        assert first is not None and first.total == len(searcher.search(query, limit=None))


def test_article_ids_are_read_once_per_segment_and_outlive_new_segments(
    tmp_path: Path,
) -> None:
    from archivist.index.article_ids import article_ids, fill_steps

    rng = random.Random(3)
    index = ArchiveIndex(tmp_path / "index")
    index.open()
    for start in (1, 41):
        with index.writer(merge=False) as writer:
            index.add(writer, (_record(i, rng) for i in range(start, start + 40)))
    with index.writer(merge=False) as writer:  # article 5 moves to a third segment
        index.update(writer, [_record(5, rng, rev=2)])
    searcher = index.searcher()
    live = [d for d in range(searcher.doc_count_all()) if not searcher.reader().is_deleted(d)]
    expected = [int(searcher.stored_fields(d)["id"]) for d in live]

    # Read ahead, a chunk a step: afterwards no stored field is read again.
    assert len(list(fill_steps(searcher, chunk=7))) >= 80 // 7
    read = _count_reads(searcher)
    assert article_ids(searcher, live[::-1]) == expected[::-1]
    assert sorted(article_ids(searcher, live)) == list(range(1, 81))
    assert read == []

    # A new segment leaves the others' maps as they were: only its article is read.
    with index.writer(merge=False) as writer:
        index.add(writer, [_record(100, rng)])
    searcher = index.searcher()
    read = _count_reads(searcher)
    live = [d for d in range(searcher.doc_count_all()) if not searcher.reader().is_deleted(d)]
    assert sorted(article_ids(searcher, live)) == [*range(1, 81), 100]
    assert len(read) == 1
    index.close()


def _count_reads(searcher) -> list[int]:  # type: ignore[no-untyped-def]
    """Records each stored-fields read of the searcher's segments."""
    read: list[int] = []
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        original = reader.stored_fields
        reader.stored_fields = lambda n, o=original: read.append(n) or o(n)
    return read


def test_exclusions_stop_reading_once_they_cover_everything(
    index: ArchiveIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher = index.searcher()
    text = "NOT filler NOT f* NOT a* NOT s* NOT t* NOT m* NOT d* NOT h* NOT i* NOT c* NOT p*"
    query = parse_query(text, searcher.schema, index.vocabulary)
    assert len(searcher.search(query, limit=None)) == 0
    marked: list[str] = []
    original = fast_ranking._mark

    def counting(q, sub, settled):  # type: ignore[no-untyped-def]
        marked.append(type(q).__name__)
        return original(q, sub, settled)

    monkeypatch.setattr(fast_ranking, "_mark", counting)
    ranked = fast_ranking.rank(searcher, query, limit=20)
    assert ranked is not None and ranked.total == 0
    # Ten patterns in four fields of four segments: 160 to read without stopping; the first
    # few cover every article of each segment (`filler`, `f*`, `a*` nearly do alone).
    assert 0 < marked.count("StemAwareWildcard") <= 40


def test_an_and_stops_before_its_dear_parts_once_nothing_is_left(
    index: ArchiveIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word no article holds empties an AND at once: its wildcards are never read (they
    come after it, dearest last, whatever order they were written in)."""
    searcher = index.searcher()
    expanded: list[str] = []
    original = fast_ranking._multi_term

    def counting(q, sub, scored=True):  # type: ignore[no-untyped-def]
        expanded.append(q.text)
        return original(q, sub, scored)

    monkeypatch.setattr(fast_ranking, "_multi_term", counting)
    for text, total in (("f* AND s* AND zzzqqq", 0), ("f* AND s*", None)):
        query = parse_query(text, searcher.schema, index.vocabulary)
        ranked = fast_ranking.rank(searcher, query, limit=20)
        theirs = len(searcher.search(query, limit=None))
        assert ranked is not None and ranked.total == theirs
        if total == 0:
            assert theirs == 0 and expanded == []
    assert expanded  # (without an empty part, the wildcards are read)


def test_the_largest_rev_is_read_from_the_columns_as_whoosh_sorts_it(tmp_path: Path) -> None:
    """index.max_rev() (checked on every opening) reads the rev columns at once; it must be
    what Whoosh's sorted search finds, deleted documents left out."""
    from whoosh.query import Every

    rng = random.Random(11)
    index = ArchiveIndex(tmp_path / "index")
    index.open()
    assert index.max_rev() == 0

    def whooshs() -> int:
        hits = index.searcher().search(Every(), limit=1, sortedby="rev", reverse=True)
        return int(hits[0]["rev"])

    with index.writer(merge=False) as writer:
        index.add(writer, (_record(i, rng, rev=i * 3) for i in range(1, 40)))
    with index.writer(merge=False) as writer:
        index.add(writer, (_record(i, rng, rev=2**40 + i) for i in range(40, 45)))
    assert index.max_rev() == whooshs() == 2**40 + 44
    with index.writer(merge=False) as writer:  # the largest ones deleted
        index.delete(writer, [44, 43])
    assert index.max_rev() == whooshs() == 2**40 + 42
    with index.writer(merge=False) as writer:
        index.delete(writer, [40, 41, 42])
    assert index.max_rev() == whooshs() == 39 * 3
    index.close()


def test_gaps_unpickled_at_once_are_those_unpickled_one_by_one() -> None:
    import pickle
    import struct

    from whoosh.formats import Positions

    rng = random.Random(5)
    lists = [sorted(rng.sample(range(5000), rng.randint(1, 300))) for _ in range(200)]
    lists.append(list(range(0, 7500, 3)))  # (a pickled list of 2,500 is written in batches)
    values = [Positions().encode(positions) for positions in lists]  # as Whoosh writes them
    one_by_one = [Positions().decode_positions(v) for v in values]
    gaps = postings._unpickle_gaps(values)
    assert [list(np.cumsum(g)) for g in gaps] == one_by_one
    # Another pickle protocol is decoded one by one.
    other = [struct.pack("!I", len(p)) + pickle.dumps(p, 4) for p in lists]
    assert [list(g) for g in postings._unpickle_gaps(other)] == lists


def test_date_ranges_read_from_the_column_match_whooshs_terms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A date range is compared over the `published` column, not looked up tier by tier in
    the term table: the same documents at every edge — open ends, exclusive ends, the first
    and last years, articles without a date (a whole segment of them too), deleted ones."""
    rng = random.Random(5)
    index = ArchiveIndex(tmp_path / "index")
    index.open()
    dates = [None, "0001-01-01", "2021-03-01", "2021-03-31", "2022-01-06", "9999-12-31"]
    for start in (1, 41):
        with index.writer(merge=False) as writer:
            records = [_record(i, rng) for i in range(start, start + 40)]
            for record in records:
                record["published"] = rng.choice(dates)
            index.add(writer, records)
    with index.writer(merge=False) as writer:  # (a segment without a date: no column)
        undated = [_record(i, rng) for i in range(81, 101)]
        for record in undated:
            record["published"] = None
        index.add(writer, undated)
    with index.writer(merge=False) as writer:
        index.update(writer, (_record(i, rng, rev=2) for i in range(1, 80, 9)))
    searcher = index.searcher()
    called: list[object] = []
    original = fast_ranking._date_range
    texts = [
        "published:2021",
        "published:[2021-03-01 TO 2021-03-31]",
        "published:{2021-03-01 TO 2021-03-31}",
        "published:[2021-03-01 TO 2021-03-31}",
        "published:>=2022",
        "published:<2021-03-31",
        "published:<0001",
        "published:<=0001",
        "published:>9999",
        "published:9999",
        "published:[0001 TO 9999]",
        "NOT published:2021 AND filler",
        "NOT published:2021 NOT published:<0001",
    ]

    def answered_by_the_column(q: object, sub: object) -> object:
        found = original(q, sub)
        called.append(found is not None)
        return found

    monkeypatch.setattr(fast_ranking, "_date_range", answered_by_the_column)
    for text in texts:
        query = index.parse(text)
        ranked = fast_ranking.rank(searcher, query, limit=1000)
        theirs = searcher.search(query, limit=None)
        assert ranked is not None, text
        assert ranked.docnums == [hit.docnum for hit in theirs], text
        assert ranked.scores == pytest.approx([hit.score for hit in theirs]), text
    index.close()
    assert called and all(called)  # (the column answered them, in every segment)


_BLOCK_IDS = st.lists(
    st.one_of(st.integers(0, 255), st.integers(0, 70_000), st.integers(0, 2**40)),
    min_size=0,
    max_size=130,
)


@settings(max_examples=300, deadline=None)
@given(
    ids=_BLOCK_IDS,
    weights=st.sampled_from(["ones", "alike", "each"]),
    seed=st.integers(0, 1000),
)
def test_a_blocks_numbers_and_weights_are_read_as_unpickling_reads_them(
    ids: list[int], weights: str, seed: int
) -> None:
    """A posting block's numbers and weights, read from its pickle's bytes without its
    values, are those of unpickling it whole; a block in another shape is left to pickle."""
    import pickle

    from archivist.index import whoosh_private

    rng = random.Random(seed)
    count = len(ids)
    block_weights = {
        "ones": None,
        "alike": 2.5,
        "each": tuple(float(rng.randint(1, 9)) / rng.choice([1, 3]) for _ in range(count)),
    }[weights]
    values = tuple(bytes(rng.randrange(256) for _ in range(rng.randint(0, 9))) for _ in ids)
    raw = pickle.dumps((tuple(ids), block_weights, values), 2)  # as Whoosh writes a block

    read = whoosh_private._numbers_and_weights(raw, count)

    if count < 4 or max(ids) >= 2**31:  # (no MARK before them; or a LONG op)
        assert read is None
        return
    assert read is not None
    got_ids, got_weights = read
    assert got_ids.tolist() == ids
    if isinstance(block_weights, tuple):
        assert got_weights.tolist() == list(block_weights)
    else:
        assert got_weights == block_weights


def test_postings_far_apart_and_weighed_apart_are_read_as_whoosh_reads_them(
    tmp_path: Path,
) -> None:
    """Document numbers far apart (gaps over 255 and 65,535 pickle as other ops) and words
    repeated in a document (weights differ within a block) are read as Whoosh's matcher
    reads them."""
    from whoosh.fields import TEXT, Schema
    from whoosh.index import create_in

    ix = create_in(str(tmp_path), Schema(text=TEXT(phrase=True)))
    writer = ix.writer()
    rare = {0, 3, 300, 301, 900, 70_500, 70_501}
    for number in range(70_600):
        words = ["common"] * (1 + number % 3)
        if number in rare:
            words += ["rare"] * (1 + number % 4)
        writer.add_document(text=" ".join(words))
    writer.commit()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for word in (b"rare", b"common"):
            expected_ids, expected_weights = [], []
            matcher = reader.postings("text", word)
            while matcher.is_active():
                expected_ids.append(matcher.id())
                expected_weights.append(matcher.weight())
                matcher.next()
            ids, weights, _, _ = postings._read_postings(
                reader.postings("text", word), positions=False
            )
            assert ids.tolist() == expected_ids
            assert weights.tolist() == pytest.approx(expected_weights)


def test_a_phrases_common_word_is_read_only_where_its_rarer_words_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phrase reads its rarest word's positions first; a word in most documents is then
    read only in the blocks holding the documents still in question, and the matches and
    scores are Whoosh's own."""
    from whoosh import query as wq
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import TEXT, Schema
    from whoosh.index import create_in

    from archivist.index import fast_ranking, whoosh_private

    schema = Schema(text=TEXT(phrase=True, analyzer=StandardAnalyzer(stoplist=None)))
    ix = create_in(str(tmp_path), schema)
    writer = ix.writer()
    with_phrase = {7, 1500, 2990}
    for number in range(3000):
        words = ["the", "filler"] * (1 + number % 4)
        if number in with_phrase:
            words += ["the", "rare", "word"]
        elif number % 500 == 0:
            words += ["rare", "the"]  # (both words, not in the phrase's order)
        writer.add_document(text=" ".join(words))
    writer.commit()
    read = [0]
    blocks = whoosh_private.posting_blocks

    def counting(matcher, among=None):  # type: ignore[no-untyped-def]
        for block in blocks(matcher, among):
            read[0] += 1
            yield block

    monkeypatch.setattr(whoosh_private, "posting_blocks", counting)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        every = {w: len(list(blocks(reader.postings("text", w)))) for w in (b"the", b"rare")}
        ranked = fast_ranking.rank(searcher, wq.Phrase("text", ["the", "rare", "word"]), 10)
        assert ranked is not None and sorted(ranked.docnums) == sorted(with_phrase)
        # "rare" whole (it is rare), "word" whole, "the" in a block a document at most.
        assert read[0] <= every[b"rare"] + 1 + len(with_phrase) < every[b"the"]
        for words in (["the", "rare", "word"], ["the", "rare"], ["rare", "the"]):
            query = wq.Phrase("text", words)
            ranked = fast_ranking.rank(searcher, query, 10)
            assert ranked is not None
            expected = searcher.search(query, limit=None)
            assert sorted(ranked.docnums) == sorted(hit.docnum for hit in expected)
            by_doc = {hit.docnum: hit.score for hit in expected}
            assert ranked.scores == pytest.approx([by_doc[d] for d in ranked.docnums])
