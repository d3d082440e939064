"""Background merging of index segments: the merged index finds what the segments found,
edits made while the merge runs survive it, and a merge that lost its race changes nothing."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from archivist.index import merging
from archivist.index.merging import merge_in_background, planned_merge, segments_to_merge
from archivist.index.store import ArchiveIndex
from archivist.progress import Cancelled, CancelToken, ProgressEvent

WORDS = ["almaty", "aktobe", "troops", "moscow", "tariff", "harvest"]


def _record(article_id: int, rev: int = 1, extra: str = "") -> dict:
    words = " ".join(w for i, w in enumerate(WORDS) if article_id % (i + 2) == 0)
    return {
        "id": article_id,
        "rev": rev,
        "title": f"Article {article_id}",
        "text": f"Report {article_id} on {words or 'nothing'} {extra}".strip(),
        "source": "Reuters" if article_id % 3 else "AP",
    }


def _add_segments(index: ArchiveIndex, sizes: list[int]) -> None:
    """One index segment per size, article ids counting on from 1."""
    next_id = 1
    for size in sizes:
        with index.writer(merge=False) as writer:
            index.add(writer, (_record(i) for i in range(next_id, next_id + size)))
        next_id += size


def _hits(index: ArchiveIndex, text: str) -> list[int]:
    from archivist.index.query import parse_query

    searcher = index.searcher()
    query = parse_query(text, searcher.schema, index.vocabulary)
    return sorted(int(hit["id"]) for hit in searcher.search(query, limit=None))


@pytest.fixture
def index(tmp_path: Path):
    index = ArchiveIndex(tmp_path / "index")
    index.open()
    yield index
    index.close()


def test_merging_everything_leaves_one_segment_that_finds_the_same(index: ArchiveIndex) -> None:
    _add_segments(index, [30, 20, 25, 10])
    before = {word: _hits(index, word) for word in [*WORDS, "source:AP", "report"]}
    assert index.segment_count() == 4

    report = merge_in_background(index.directory, everything=True)

    assert (report.merged, report.segments_before, report.segments_after) == (4, 4, 1)
    assert report.documents == 85
    assert index.segment_count() == 1
    assert {word: _hits(index, word) for word in before} == before
    assert index.doc_count() == 85
    assert not (index.directory / ".merging").exists()
    # The old segments' files are gone: only the merged segment's remain.
    segment_ids = {p.name.split(".")[0] for p in index.directory.glob("MAIN_*.*")}
    assert len(segment_ids) == 1


def test_edits_made_during_the_merge_survive_it(index: ArchiveIndex) -> None:
    _add_segments(index, [30, 30, 30])
    edited = {5, 40, 77}  # one in each segment

    def edit_once(event: ProgressEvent) -> None:
        # Between two segments of the merge: re-index three articles (their old copies are
        # deleted in the segments being merged) and add a new one.
        if event.done == 1 and not getattr(edit_once, "done", False):
            edit_once.done = True  # type: ignore[attr-defined]
            with index.writer(merge=False) as writer:
                index.update(writer, (_record(i, rev=2, extra="ceasefire") for i in edited))
                index.add(writer, [_record(500, extra="ceasefire")])

    report = merge_in_background(index.directory, everything=True, progress=edit_once)

    assert report.merged == 3 and report.segments_after == 2  # merged + the edit's segment
    assert _hits(index, "ceasefire") == sorted(edited | {500})
    assert index.doc_count() == 91  # 90 articles, each once, and the new one
    revs = index.revs()
    assert len(revs) == 91
    assert all(revs[i] == 2 for i in edited)
    assert revs[6] == 1


def test_a_merge_that_lost_its_race_changes_nothing(index: ArchiveIndex) -> None:
    _add_segments(index, [20, 20, 20])

    def optimise_meanwhile(event: ProgressEvent) -> None:
        if event.done == 2:  # the merge's sources are replaced by another merge
            index.optimize()

    report = merge_in_background(index.directory, everything=True, progress=optimise_meanwhile)

    assert report.merged == 0 and "meanwhile" in report.skipped
    assert index.segment_count() == 1
    assert index.doc_count() == 60
    assert _hits(index, "report") == list(range(1, 61))
    assert not (index.directory / ".merging").exists()


def test_a_cancelled_merge_leaves_the_index_as_it_was(index: ArchiveIndex) -> None:
    _add_segments(index, [20, 20, 20])
    cancel = CancelToken()

    def cancel_midway(event: ProgressEvent) -> None:
        if event.done == 1:
            cancel.cancel()

    with pytest.raises(Cancelled):
        merge_in_background(index.directory, everything=True, progress=cancel_midway, cancel=cancel)

    assert index.segment_count() == 3
    assert _hits(index, "report") == list(range(1, 61))
    assert not (index.directory / ".merging").exists()
    # Nothing is left locked: the next merge runs.
    assert merge_in_background(index.directory, everything=True).segments_after == 1


def test_the_swap_waits_for_a_writer_and_gives_up_cleanly(index: ArchiveIndex) -> None:
    _add_segments(index, [20, 20])
    held = []

    def hold_the_lock(event: ProgressEvent) -> None:
        if event.done == 2 and not held:  # the segment is written: the swap comes next
            writer_cm = index.writer()
            writer_cm.__enter__()
            held.append(writer_cm)

    report = merge_in_background(
        index.directory, everything=True, progress=hold_the_lock, lock_wait_s=0.3
    )
    held[0].__exit__(None, None, None)

    assert report.merged == 0 and report.skipped == "a writer kept the index locked"
    assert index.segment_count() == 2
    assert _hits(index, "report") == list(range(1, 41))
    assert not (index.directory / ".merging").exists()


def test_only_one_merge_runs_at_a_time(index: ArchiveIndex) -> None:
    _add_segments(index, [10, 10])
    from whoosh import index as whoosh_index

    lock = whoosh_index.open_dir(str(index.directory)).lock("MERGELOCK")
    assert lock.acquire()
    try:
        report = merge_in_background(index.directory, everything=True)
    finally:
        lock.release()
    assert report.skipped == "another merge is running"
    assert index.segment_count() == 2


def _segments(*sizes: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(doc_count=lambda n=n: n, name=f"s{n}") for n in sizes]


def test_the_merge_policy_is_tiered() -> None:
    def chosen(*sizes: int) -> list[int]:
        return sorted(s.doc_count() for s in segments_to_merge(_segments(*sizes)))

    # Few large segments (annotations' small ones do not count): nothing to do.
    assert chosen(50_000, 20_000) == []
    assert chosen(50_000, 20_000, 3, 1, 1) == []
    # A 100k import's seven segments: all of them.
    assert chosen(5_000, 10_000, 20_000, 20_000, 20_000, 20_000, 5_000) == [
        5_000, 5_000, 10_000, 20_000, 20_000, 20_000, 20_000,
    ]  # fmt: skip
    # A 20k import into a merged 100k archive: its own segments, not the big one.
    assert chosen(100_000, 10_000, 5_000, 5_000, 2) == [2, 5_000, 5_000, 10_000]
    # The next import: the big one no longer outweighs the rest three times.
    assert chosen(100_000, 20_000, 10_000, 5_000, 5_000) == [
        5_000, 5_000, 10_000, 20_000, 100_000,
    ]  # fmt: skip


def test_a_planned_merge_follows_the_policy(index: ArchiveIndex, monkeypatch) -> None:
    monkeypatch.setattr(merging, "LARGE_SEGMENT_DOCS", 10)
    _add_segments(index, [10, 10])
    assert planned_merge(index.directory) == []
    _add_segments(index, [10])
    plan = planned_merge(index.directory)
    assert len(plan) == 3
    # The plan is carried out as it was made, whatever the policy says by then.
    monkeypatch.setattr(merging, "LARGE_SEGMENT_DOCS", 1000)
    report = merge_in_background(index.directory, segment_ids=plan)
    assert report.segments_after == 1
    assert planned_merge(index.directory) == []
    assert planned_merge(index.directory.parent / "no-such-index") == []


def test_a_plan_whose_segments_are_gone_is_not_carried_out(index: ArchiveIndex) -> None:
    _add_segments(index, [10, 10])
    plan = [segment.segment_id() for segment in index.ix._segments()]
    index.optimize()
    report = merge_in_background(index.directory, segment_ids=plan)
    assert report.merged == 0 and "meanwhile" in report.skipped


def test_the_optimize_command_merges_beside_an_open_archive(archive, capsys) -> None:
    from cli_run import run

    from archivist.importers.pipeline import import_text

    for n in range(3):
        import_text(archive, f"Troops near Almaty, report {n}.", title=f"report {n}")
        with archive.index.writer(merge=False) as writer:  # one more segment each time
            archive.index.add(writer, [_record(1000 + n)])
    segments = archive.index.segment_count()
    assert segments > 1
    found = [hit.id for hit in archive.search("Almaty").hits]

    # The archive stays open for writing in this process, as the desktop app keeps it.
    code, data, _ = run(capsys, "--archive", str(archive.root), "optimize", "--json")

    assert code == 0
    assert data["merged"] == segments and data["segments_after"] == 1
    assert sorted(hit.id for hit in archive.search("Almaty").hits) == sorted(found)
    code, text, _ = run(capsys, "--archive", str(archive.root), "optimize")
    assert code == 0 and "not merged" in text


def test_a_merge_the_disk_cannot_take_is_not_started(index: ArchiveIndex, monkeypatch) -> None:
    _add_segments(index, [20, 20])
    monkeypatch.setattr(merging, "DISK_NEEDED_RATIO", 10**12)
    report = merge_in_background(index.directory, everything=True)
    assert report.merged == 0
    assert report.skipped.startswith("not enough free disk space")
    assert index.segment_count() == 2
    assert not (index.directory / ".merging").exists()


def test_writers_leave_the_segments_alone_while_a_merge_copies_them(
    index: ArchiveIndex,
) -> None:
    _add_segments(index, [20, 20, 20])
    seen = []

    def write_meanwhile(event: ProgressEvent) -> None:
        if event.done == 1 and not seen:
            # Writers that would merge small segments (an import's, a pile-up of
            # annotations') do not, while the merge runs.
            for n in range(14):
                with index.writer() as writer:
                    index.add(writer, [_record(900 + n)])
            seen.append(index.merge_segments(max_segments=2))

    report = merge_in_background(index.directory, everything=True, progress=write_meanwhile)

    assert seen == [False]
    assert report.merged == 3  # not thrown away
    assert index.doc_count() == 74
    assert index.merge_segments(max_segments=2) is True  # afterwards, they merge again


def test_what_a_killed_merge_wrote_aside_is_discarded_unless_a_merge_runs(
    index: ArchiveIndex,
) -> None:
    from whoosh import index as whoosh_index

    from archivist.index.merging import discard_aside_files

    _add_segments(index, [10, 10])
    aside = index.directory / ".merging"
    aside.mkdir()
    (aside / "MAIN_leftover.pst").write_bytes(b"x" * 100)
    lock = whoosh_index.open_dir(str(index.directory)).lock("MERGELOCK")
    assert lock.acquire()  # another merge is writing there
    try:
        discard_aside_files(index.directory)
        assert aside.exists()
    finally:
        lock.release()
    discard_aside_files(index.directory)
    assert not aside.exists()
    discard_aside_files(index.directory.parent / "no-index")  # nothing to do, no error


def test_a_background_merge_stopped_at_any_moment_leaves_a_whole_index(
    index: ArchiveIndex,
) -> None:
    import time

    from archivist.index.merge_process import BackgroundMerge

    _add_segments(index, [60, 60, 60])
    articles = 180
    for delay in (0.0, 0.3, 0.8):  # before it starts, while it copies, or once it is done
        with index.writer(merge=False) as writer:  # one more segment each time
            index.add(writer, (_record(i) for i in range(articles + 1, articles + 11)))
        articles += 10
        merge = BackgroundMerge(index.directory, [s.segment_id() for s in index.ix._segments()])
        time.sleep(delay)
        merge.stop()
        assert index.doc_count() == articles
        assert _hits(index, "report") == list(range(1, articles + 1))
        assert not (index.directory / ".merging").exists()
