"""Syndicated copies: a story republished — re-headlined, with a dateline, wrapped in a
site's boilerplate, its last quarter cut and a few words changed — is grouped with its
origin, in every script; different stories, on the same event too, stay apart."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest
from cli_run import run
from fresh_process import modules_loaded_by
from samples import needs_samples, sample_bytes

from archivist import annotations as ann
from archivist.archive import Archive, copies
from archivist.archive.maintenance import regroup_copies, reindex
from archivist.importers.pipeline import import_text
from archivist.importers.registry import extract_document
from archivist.progress import Cancelled, CancelToken

SAMPLES = {
    "English (AFP)": "txt/kazakhstan-unrest-afp.txt",
    "English (CNN)": "txt/np4k_cnn_001.txt",
    "German": "html/spiegel.de.albtraum.html",
    "French": "html/goose_test_lefigaro.html",
    "Arabic": "html/np4k_arabic_article.html",
    "Chinese": "html/xinhuanet.com.c_1125597921.html",
    "Japanese": "html/np4k_japanese_article2.html",
    "Thai": "html/np4k_thai_article.html",
    "Korean": "txt/np4k_korean_article.txt",
    "Burmese": "html/np4k_burmese_article.html",
}


def _text(relative: str) -> str:
    _format, documents = extract_document(sample_bytes(relative), Path(relative).name)
    return documents[0].text


def syndicated(text: str, seed: int = 1, changed: float = 0.03) -> str:
    """What another outlet makes of a wire story: a new headline, a dateline, its own
    boilerplate around the text, the last quarter cut, a few words changed."""
    rnd = random.Random(seed)
    kept = text[: int(len(text) * 0.75)]
    pieces = re.split(r"(\s+|[\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u4e00-\u9fff])", kept)
    words = [i for i, piece in enumerate(pieces) if piece and not piece.isspace()]
    for index in rnd.sample(words, int(len(words) * changed)):
        pieces[index] = "x" + pieces[index][::-1]
    return (
        "Exclusive: what you need to know today\n\nALMATY, Jan 6 (Reuters) - "
        + "".join(pieces)
        + "\n\nSign up for our daily newsletter. © 2024 Example Media. All rights reserved. "
        "Share this story on Facebook and Twitter. Related: the week in pictures.\n"
    )


@needs_samples
@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_a_syndicated_copy_is_grouped_with_its_origin(archive: Archive, language: str) -> None:
    text = _text(SAMPLES[language])
    origin = import_text(archive, text, title="Origin", published="2022-01-06").imported[0].id
    report = import_text(archive, syndicated(text), title="Another outlet's headline")
    copy = report.imported[0].id
    assert report.copies == 1
    assert copies.story_members(archive.db, copy) == [origin, copy]
    assert copies.copies_of(archive.db, origin) == [copy]


@needs_samples
def test_different_stories_stay_apart(archive: Archive) -> None:
    # The demo's two Kazakhstan stories are on one event (the January 2022 unrest).
    demo = Path(__file__).resolve().parents[2] / "desktop/archivist/resources/demo"
    texts = [_text(relative) for relative in SAMPLES.values()]
    texts += [(demo / "fuel-prices-central-asia.txt").read_text(encoding="utf-8")]
    texts += [sample_bytes("txt/factru_book_142.txt").decode("utf-8")]
    for number, text in enumerate(texts):
        report = import_text(archive, text, name=f"story-{number}.txt")
        assert report.copies == 0, f"story {number} was taken for a copy"
    assert copies.count_stories(archive.db) == len(texts)


def test_signatures_separate_copies_from_strangers() -> None:
    story = " ".join(f"word{n} about the strike at the port" for n in range(60))
    other = " ".join(f"term{n} on the flood near the bridge" for n in range(60))
    first, second, third = (copies.signature(t) for t in (story, syndicated(story), other))
    assert first is not None and second is not None and third is not None
    assert copies.similarity(first, second) >= copies.DEFAULT_THRESHOLD
    assert copies.similarity(first, third) < 0.05
    assert copies.signature("Too short to group.") is None  # fewer than MIN_SHINGLES
    # Stable across processes: stored signatures are compared with new ones.
    assert int(first[0]) == int(copies.signature(story)[0])  # type: ignore[index]


def _story(seed: int) -> str:
    rnd = random.Random(seed)
    vocabulary = [f"w{seed}x{n}" for n in range(400)]
    return " ".join(rnd.choice(vocabulary) for _ in range(300))


def test_text_changes_regroup_and_undo_restores(archive: Archive) -> None:
    story, other = _story(1), _story(2)
    origin = import_text(archive, story, name="a.txt").imported[0].id
    copy = import_text(archive, syndicated(story), name="b.txt").imported[0].id
    assert copies.copies_of(archive.db, origin) == [copy]
    # Re-extracted into another story: no longer a copy; undone: a copy again.
    ann.set_article_text(archive, copy, other)
    assert copies.copies_of(archive.db, origin) == []
    assert copies.story_members(archive.db, copy) == [copy]
    ann.undo(archive)
    assert copies.copies_of(archive.db, origin) == [copy]


def test_reindex_signs_and_regroups_everything(archive: Archive) -> None:
    story = _story(3)
    first = import_text(archive, story, name="a.txt").imported[0].id
    second = import_text(archive, syndicated(story, seed=2), name="b.txt").imported[0].id
    third = import_text(archive, _story(4), name="c.txt").imported[0].id
    archive.db.execute("DELETE FROM article_stories")  # (as after an upgrade: nothing grouped)
    archive.db.execute("DELETE FROM article_signatures")
    assert copies.count_stories(archive.db) == 3
    reindex(archive)
    assert copies.story_members(archive.db, second) == [first, second]
    assert copies.story_members(archive.db, third) == [third]
    assert copies.count_stories(archive.db) == 2
    # A stricter threshold, then a rebuild: the lightly edited copy is no copy any more.
    copies.set_threshold(archive.db, 0.99)
    reindex(archive)
    assert copies.count_stories(archive.db) == 3


def test_a_new_threshold_and_its_regrouping_land_together_or_not_at_all(
    archive: Archive,
) -> None:
    story = _story(5)
    import_text(archive, story, name="a.txt")
    import_text(archive, syndicated(story, seed=3), name="b.txt")
    assert copies.count_stories(archive.db) == 1
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        regroup_copies(archive, threshold=0.99, cancel=token)
    assert copies.threshold(archive.db) == copies.DEFAULT_THRESHOLD
    assert copies.count_stories(archive.db) == 1
    regroup_copies(archive, threshold=0.99)
    assert copies.threshold(archive.db) == 0.99 and copies.count_stories(archive.db) == 2
    with pytest.raises(ValueError, match=r"from 0\.05 to 1"):
        regroup_copies(archive, threshold=1.5)
    assert copies.threshold(archive.db) == 0.99


def test_the_origin_is_the_earliest_published(archive: Archive) -> None:
    story = _story(5)
    late = import_text(archive, story, name="a.txt", published="2022-01-09").imported[0].id
    early = (
        import_text(archive, syndicated(story), name="b.txt", published="2022-01-06").imported[0].id
    )
    undated = import_text(archive, syndicated(story, seed=3), name="c.txt").imported[0].id
    assert copies.story_members(archive.db, undated) == [early, late, undated]


def test_cli_show_copies_and_import_report(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    story = _story(6)
    (folder / "1-origin.txt").write_text("Dockers strike. " + story, encoding="utf-8")
    (folder / "2-copy.txt").write_text(syndicated("Dockers strike. " + story), encoding="utf-8")
    (folder / "3-other.txt").write_text("Dockers strike. " + _story(7), encoding="utf-8")
    arc = ["--archive", str(tmp_path / "arc")]
    code, report, _ = run(capsys, *arc, "import", str(folder), "--json")
    assert code == 0 and report["copies"] == 1
    ids = {Path(i["path"]).name: i["id"] for i in report["imported"]}
    origin, copy, other = ids["1-origin.txt"], ids["2-copy.txt"], ids["3-other.txt"]
    code, shown, _ = run(capsys, *arc, "show", str(copy), "--json")
    assert shown["copies"] == [origin]
    code, shown, _ = run(capsys, *arc, "show", str(other), "--json")
    assert shown["copies"] == []
    code, listed, _ = run(capsys, *arc, "copies", str(copy), "--json")
    assert listed["story"] == [origin, copy] and listed["copies"] == [origin]
    assert [a["origin"] for a in listed["articles"]] == [True, False]
    code, text, _ = run(capsys, *arc, "copies", str(origin))
    assert "one of 2 copies" in text and f"origin [{origin}]" in text
    code, found, _ = run(capsys, *arc, "search", "dockers", "--json")
    assert found["total"] == 3 and len(found["hits"]) == 3
    code, found, _ = run(capsys, *arc, "search", "dockers", "--collapse", "--json")
    hits = {hit["id"]: hit["copies"] for hit in found["hits"]}
    assert len(hits) == 2 and hits[other] == []
    assert sorted([*hits.keys(), *(c for cs in hits.values() for c in cs)]) == sorted(
        [origin, copy, other]
    )
    _code, text, _ = run(capsys, *arc, "search", "dockers", "--collapse", "--limit", "1")
    assert sum(line.startswith("[") for line in text.splitlines()) == 1
    # The archive's stories; a new threshold regroups them all.
    code, summary, _ = run(capsys, *arc, "copies", "--json")
    assert summary == {"stories": 2, "groups": 1, "threshold": 0.3}
    code, summary, _ = run(capsys, *arc, "copies", "--threshold", "0.99", "--json")
    assert code == 0 and summary == {"stories": 3, "groups": 0, "threshold": 0.99}
    code, _, err = run(capsys, *arc, "copies", "--threshold", "7")
    assert code == 2 and "0.05 to 1" in err


def test_corroboration_counts_independent_origins(archive: Archive, tmp_path: Path) -> None:
    from archivist import briefs

    story = "the minister resigned on Tuesday evening after the vote. " + _story(8)
    origin = import_text(archive, story, name="afp.txt").imported[0].id
    copy = import_text(archive, syndicated(story), name="copy.txt").imported[0].id
    other = (
        import_text(archive, _story(9) + " the minister resigned on Tuesday", name="bbc.txt")
        .imported[0]
        .id
    )
    quote = "the minister resigned on Tuesday"
    claim = ann.add_claim(archive, origin, quote=quote, claimant="AFP", status="corroborated")
    in_copy = ann.add_claim(archive, copy, quote=quote, claimant="Reuters")
    link = ann.link_claims(archive, in_copy.id, claim.id, "corroborates")
    assert link.warning is not None and "syndicated copies of one story" in link.warning
    seen = ann.get_claim(archive, claim.id)
    assert seen.single_origin and seen.corroborating_origins == 0
    assert seen.suggested_status == "unverified"  # a copy corroborates nothing

    brief = briefs.create_brief(archive, "Resignation").id
    briefs.add_judgment(
        archive, brief, "The minister has resigned.", likelihood="likely",
        confidence="low", claims=[claim.id],
    )  # fmt: skip
    kinds = {w.kind for w in briefs.lint_brief(archive, brief)}
    assert "single_origin" in kinds
    out = tmp_path / "brief.md"
    briefs.export_brief(archive, brief, out, format="markdown", issue=False)
    assert "Corroborated (single origin)" in out.read_text(encoding="utf-8")

    # An independent report corroborates: two origins' worth of evidence now.
    independent = ann.add_claim(archive, other, quote=quote, claimant="BBC")
    assert ann.link_claims(archive, independent.id, claim.id, "corroborates").warning is None
    seen = ann.get_claim(archive, claim.id)
    assert not seen.single_origin and seen.corroborating_origins == 1
    assert seen.suggested_status == "corroborated"
    assert "single_origin" not in {w.kind for w in briefs.lint_brief(archive, brief)}


def test_annotations_spread_to_the_other_copies_in_one_undo(archive: Archive) -> None:
    from archivist.annotations.across_copies import spread_claim, spread_mention

    story = "President Tokayev said the protests were organised from abroad. " + _story(10)
    origin = import_text(archive, story, name="afp.txt").imported[0].id
    copy = import_text(archive, syndicated(story, seed=4), name="copy.txt").imported[0].id
    tagged = ann.tag_entity(
        archive, origin, quote="Tokayev", name="Kassym-Jomart Tokayev", type="person"
    )
    claim = ann.add_claim(
        archive, origin, quote="the protests were organised from abroad",
        claimant_entity_id=tagged.entity.id, reliability="C", credibility=3,
    )  # fmt: skip
    spread = spread_mention(archive, tagged.mention.id)
    assert len(spread.created) == 1 and spread.not_found == []
    mention = ann.mentions_of_article(archive, copy)[0]
    assert mention.quote == "Tokayev" and mention.entity_id == tagged.entity.id
    assert archive.article(copy).text[mention.start : mention.end] == "Tokayev"
    spread = spread_claim(archive, claim.id)
    [in_copy] = ann.list_claims(archive, article_id=copy)
    assert spread.created == [in_copy.id]
    assert (in_copy.quote, in_copy.grade, in_copy.claimant_entity_id) == (
        "the protests were organised from abroad",
        "C3",
        tagged.entity.id,
    )
    # Again: nothing new; undone: one step takes the copy's claim away.
    assert spread_claim(archive, claim.id).already == [copy]
    assert ann.undo(archive).action == "claim.spread"
    assert ann.list_claims(archive, article_id=copy) == []


def test_results_carry_the_stories_of_their_copies(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's first page looks its articles' stories up by id, the whole list reads
    them in one scan: the same answer either way."""
    from archivist.archive import browse

    story = _story(6)
    origin = import_text(archive, story, name="a.txt").imported[0].id
    copy = import_text(archive, syndicated(story), name="b.txt").imported[0].id
    word = story.split()[0]  # (in both copies, and added to another story)
    alone = import_text(archive, f"{_story(7)} {word}", name="c.txt").imported[0].id
    expected = {origin: origin, copy: origin}
    assert copies.stories_of(archive.db, [origin, copy, alone]) == expected
    for looked_up_up_to in (0, 1_000):  # (by scan, then by id)
        monkeypatch.setattr(browse, "_LOOK_UP_STORIES", looked_up_up_to)
        page = browse.first_page(archive, word, 50)
        whole = browse.run_query(archive, word, None, True)
        assert set(page.ids) == set(whole.ids) == {origin, copy, alone}
        assert page.stories == whole.stories == expected


def test_signatures_are_datasketchs_bit_for_bit() -> None:
    """A signature is computed here as datasketch 2 computes its MinHash ("affine32"
    scheme): stored signatures stay comparable whatever the library's version, and the
    library (which loads scipy) stays out of the importing process."""
    import zlib

    from datasketch import MinHash

    rng = random.Random(4)
    for count in (copies.MIN_SHINGLES, 50, 3000):
        words = [f"w{rng.randrange(10_000)}" for _ in range(count + copies.SHINGLE_UNITS - 1)]
        text = " ".join(words)
        theirs = MinHash(num_perm=copies.NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme="affine32")
        theirs.update_batch(list(copies.shingles(text)))
        ours = copies.signature(text)
        assert ours is not None and ours.dtype == np.uint64
        assert np.array_equal(ours, np.asarray(theirs.hashvalues, dtype=np.uint64))


def test_signing_loads_neither_datasketch_nor_scipy() -> None:
    """They cost half a second in each importing process."""
    loaded = modules_loaded_by(
        "from archivist.archive import copies\n"
        "assert copies.signature(' '.join(f'w{n}' for n in range(40))) is not None\n"
    )
    assert not {"datasketch", "scipy"} & loaded


def test_a_copy_joining_a_large_story_writes_its_own_row_only(archive: Archive) -> None:
    """Joining stories relabels only the members whose label changes: the thirtieth copy of
    a wire story writes one row (and reads none of the others), and two stories merged under the smaller label rewrite the
    other one's members alone."""
    db = archive.db
    for number in range(1, 43):
        import_text(archive, f"Article {number}.", name=f"{number}.txt")
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO article_stories (article_id, story_id) VALUES (?, ?)",
            [(member, 1) for member in range(1, 31)] + [(member, 40) for member in (40, 41, 42)],
        )
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    before = db.conn.total_changes
    with db.atomic():
        copies._join(db, [31, 7])
    db.conn.set_trace_callback(None)
    assert db.conn.total_changes - before == 1
    # ...and reads none of the story's members (once per copy, that made an import of
    # 100,000 generated articles quadratic).
    assert not [s for s in statements if "WHERE story_id = 1" in s]
    before = db.conn.total_changes
    with db.atomic():
        copies._join(db, [41, 3])  # (the stories of 1 and 40 become one, labelled 1)
    assert db.conn.total_changes - before == 3
    labels = dict(db.execute("SELECT article_id, story_id FROM article_stories").fetchall())
    assert set(labels) == {*range(1, 32), 40, 41, 42} and set(labels.values()) == {1}


def test_the_copies_named_beside_an_article_are_bounded(archive: Archive) -> None:
    """A press release sent everywhere makes a story of thousands: the reader is given the
    first copies (origin first) and their number, not the whole story."""
    db = archive.db
    ids = [
        import_text(
            archive,
            f"Release {number}.",
            name=f"{number}.txt",
            source=f"Outlet {number}",
            published=f"2022-01-{31 - number:02d}",  # (the last one imported is the origin)
        )
        .imported[0]
        .id
        for number in range(1, 31)
    ]
    with db.atomic():
        db.conn.executemany(
            "INSERT OR REPLACE INTO article_stories (article_id, story_id) VALUES (?, ?)",
            [(member, ids[0]) for member in ids],
        )
    shown, total = copies.copy_summaries(db, ids[0], limit=10)
    assert total == 29
    assert [s[0] for s in shown] == ids[::-1][:10]
    assert shown[0][1] == "Outlet 30" and shown[0][3] and not any(s[3] for s in shown[1:])
    shown, total = copies.copy_summaries(db, ids[-1], limit=10)  # (the origin itself)
    assert total == 29 and len(shown) == 10 and not any(s[3] for s in shown)
    assert copies.copy_summaries(db, 10_000, limit=10) == ([], 0)


def test_a_band_is_read_for_its_latest_articles_only(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A look-up counts at most PER_BAND articles of each band (the latest): a story copied
    tens of thousands of times would otherwise be counted whole for each new copy. Copies
    still find their story through the latest of it."""
    monkeypatch.setattr(copies, "PER_BAND", 3)
    db = archive.db
    for number in range(1, 11):
        import_text(archive, f"Filler {number}.", name=f"{number}.txt")
    with db.atomic():
        db.conn.executemany(
            "INSERT OR REPLACE INTO article_signatures (article_id, minhash) VALUES (?, ?)",
            [(n, np.zeros(4, dtype=np.uint64).tobytes()) for n in range(1, 11)],
        )
        db.conn.executemany(
            "INSERT INTO article_bands (band_key, article_id) VALUES (?, ?)",
            [(key, n) for key in (101, 202) for n in range(1, 11)],
        )
    found = [article for article, _ in copies._candidates(db, [101, 202, 101], 10)]
    assert found == [7, 8, 9]  # (10 itself left out; each shares both bands: id order)
    # Twelve syndicated copies of one wire story, the bands read 3 deep: one story still.
    text = " ".join(f"word{n % 97} token{n % 13}" for n in range(400))
    ids = [
        import_text(archive, syndicated(text, seed=n), name=f"copy{n}.txt").imported[0].id
        for n in range(12)
    ]
    assert copies.story_members(archive.db, ids[-1]) != [ids[-1]]
    assert sorted(copies.story_members(archive.db, ids[0])) == sorted(ids)
