"""Merging index segments in the background: the merged segment is written aside, without
the index's write lock, and swapped in under the lock in a moment.

Every index commit adds a segment, and every search pays for every segment (a fuzzy term at
100,000 articles: 237 ms over 7 segments, 97 ms over one). Whoosh merges while holding the
write lock, which at that size would keep annotations from being indexed for minutes. Here
the segments are copied into a new one in a folder of their own while annotations and
imports go on; then, under the lock, the documents deleted meanwhile (an annotation
re-indexes its article: the old copy is deleted) are deleted in the new segment too, its
files move in, and a new table of contents replaces the old segments by it.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from archivist.index import whoosh_private
from archivist.index.engine_guard import fast_path_enabled
from archivist.index.lexicons import FOLDER as LEXICON_FOLDER
from archivist.index.lexicons import Lexicons
from archivist.index.schema import DEFAULT_FIELDS
from archivist.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

log = logging.getLogger(__name__)

#: Segments of at least this many articles count as large (smaller ones are cheap to merge
#: and are also folded in by the writer itself when they pile up).
LARGE_SEGMENT_DOCS = 1_000
#: A merge is worth it once there are more large segments than this.
MOST_LARGE_SEGMENTS = 2
#: The largest segment is left alone while it holds this many times the rest together: each
#: article is then copied a logarithmic number of times as the archive grows, not at every
#: merge.
LARGEST_ALONE_RATIO = 3
#: Memory for the merging writer's posting pool (see store.INDEX_WRITER_MB).
MERGE_WRITER_MB = 32
#: Free disk space a merge needs, as a multiple of the merged segments' size: the posting
#: pool spills to disk (at 100,000 articles, 3.3 GB of temporary files for 570 MB of index).
DISK_NEEDED_RATIO = 7
_ASIDE = ".merging"  # a dot: Whoosh's clean-up of unused files leaves it alone
_MERGE_LOCK = "MERGELOCK"
_LOST_RACE = "the index was rebuilt or merged meanwhile"
_LOCKED = "a writer kept the index locked"
_WRITE_LOCK = "WRITELOCK"


@dataclass
class MergeReport:
    merged: int  # segments merged into one (0: nothing was done)
    segments_before: int
    segments_after: int
    documents: int  # documents in the merged segment
    seconds: float
    skipped: str = ""  # why nothing was done, when nothing was

    def summary(self) -> str:
        if self.skipped:
            return f"Search index not merged: {self.skipped}"
        return (
            f"Search index merged: {self.merged} segments into one "
            f"({self.documents:,} articles, {self.segments_before} → {self.segments_after} "
            f"segments, {self.seconds:.0f} s)"
        )


def segments_to_merge(segments: Sequence[Any]) -> list[Any]:
    """Which segments a merge would take (none when a merge is not worth it yet).

    A tiered rule: nothing until there are more than MOST_LARGE_SEGMENTS large segments;
    then every segment, except the largest when it outweighs the rest LARGEST_ALONE_RATIO
    times (a 20,000-article import into a 100,000-article archive merges the new segments
    together; the next one merges everything).
    """
    large = [s for s in segments if s.doc_count() >= LARGE_SEGMENT_DOCS]
    if len(large) <= MOST_LARGE_SEGMENTS:
        return []
    by_size = sorted(segments, key=lambda s: s.doc_count(), reverse=True)
    largest, rest = by_size[0], by_size[1:]
    if largest.doc_count() >= LARGEST_ALONE_RATIO * sum(s.doc_count() for s in rest):
        return rest if len(rest) > 1 else []
    return list(segments)


def _merged_by_whoosh(index_dir: Path, started: float) -> MergeReport:
    """Whoosh's own optimize, under the index's write lock for its whole length (searches
    go on; imports wait): what a merge is when the fast path is off."""
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        before = _segments_of(ix)
        if before < 2 and not ix.has_deletions():
            return MergeReport(
                0, before, before, 0, 0.0, skipped="the index is one segment already"
            )
        ix.optimize()
        after = ix.refresh()
        return MergeReport(
            before, before, _segments_of(after), after.doc_count(),
            round(time.perf_counter() - started, 2),
        )  # fmt: skip
    finally:
        ix.close()


def _segments_of(ix: Any) -> int:
    with ix.reader() as reader:
        return len(reader.leaf_readers())


def planned_merge(index_dir: Path) -> list[str]:
    """The ids of the segments a background merge should fold together now (none: no
    merge is worth it, or the fast path, which writes the merged segment, is off)."""
    if not fast_path_enabled():
        return []
    try:
        ix = whoosh_index.open_dir(str(index_dir))
        try:
            return [s.segment_id() for s in segments_to_merge(whoosh_private.segments(ix))]
        finally:
            ix.close()
    except Exception as exc:  # no index yet, or a damaged one (healing is not this module's job)
        log.info("no merge planned: the index at %s could not be read (%r)", index_dir, exc)
        return []


def discard_aside_files(index_dir: Path) -> None:
    """Remove what a killed merge wrote aside (gigabytes at 100,000 articles), unless
    another merge has started meanwhile and is writing there."""
    try:
        ix = whoosh_index.open_dir(str(index_dir))
    except Exception as exc:  # (the index is gone or being rebuilt: nothing of ours to remove)
        log.info("no merge leftovers looked for: the index could not be opened (%r)", exc)
        return
    lock = ix.lock(_MERGE_LOCK)
    if lock.acquire():
        try:
            shutil.rmtree(Path(index_dir) / _ASIDE, ignore_errors=True)
        finally:
            lock.release()
    ix.close()


def merge_running(ix: Any) -> bool:
    """True while a background merge works on this index (see ArchiveIndex.writer: other
    writers then leave the segments alone, or the merge's work would be thrown away)."""
    lock = ix.lock(_MERGE_LOCK)
    if lock.acquire():
        lock.release()
        return False
    return True


class _AsideIndex:
    """What a SegmentWriter asks of its index: where to write the new segment, under which
    name, and the contents it starts from (nothing: the documents come from add_reader)."""

    def __init__(self, storage: FileStorage, indexname: str, schema: Any) -> None:
        self.storage = storage
        self.indexname = indexname
        self._schema = schema

    def _read_toc(self) -> TOC:
        return TOC(self._schema, [], 0)


def merge_in_background(
    index_dir: Path,
    *,
    segment_ids: Sequence[str] | None = None,
    everything: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    lock_wait_s: float = 600.0,
) -> MergeReport:
    """Merge into one the segments `segment_ids` names (as `planned_merge` gave them), or
    those `segments_to_merge` picks, or all of them with `everything`; holding the index's
    write lock only to swap the result in.

    Safe to run beside any writer: when the merged segments changed under it other than
    by deletions (a reindex, another merge), the result is thrown away and the report says
    why. Cancelling (or a crash) leaves the index as it was; the files written aside are
    removed then or at the next merge.
    """
    started = time.perf_counter()
    if not fast_path_enabled():
        return _merged_by_whoosh(index_dir, started)
    ix = whoosh_index.open_dir(str(index_dir))
    storage, indexname = ix.storage, ix.indexname
    merge_lock = ix.lock(_MERGE_LOCK)
    if not merge_lock.acquire():
        count = len(whoosh_private.segments(ix))
        return MergeReport(0, count, count, 0, 0.0, skipped="another merge is running")
    aside_dir = Path(index_dir) / _ASIDE
    try:
        shutil.rmtree(aside_dir, ignore_errors=True)  # left by a merge that did not finish
        snapshot = whoosh_private.read_toc(ix)
        before = len(snapshot.segments)
        if everything:
            chosen = list(snapshot.segments)
        elif segment_ids is not None:
            chosen = [s for s in snapshot.segments if s.segment_id() in set(segment_ids)]
            if len(chosen) < len(set(segment_ids)):
                return MergeReport(0, before, before, 0, 0.0, skipped=_LOST_RACE)
        else:
            chosen = segments_to_merge(snapshot.segments)
        if len(chosen) < 2 and not any(s.has_deletions() for s in chosen):
            nothing = "the index is one segment already" if before < 2 else "nothing to merge"
            return MergeReport(0, before, before, 0, 0.0, skipped=nothing)
        short = _disk_shortfall(Path(index_dir), chosen)
        if short:
            return MergeReport(0, before, before, 0, 0.0, skipped=short)
        aside_dir.mkdir(mode=0o700)
        lost_race = MergeReport(0, before, before, 0, 0.0, skipped=_LOST_RACE)
        try:
            merged, live = _write_merged_segment(
                storage, FileStorage(str(aside_dir)), indexname, snapshot.schema, chosen,
                progress, cancel,
            )  # fmt: skip
        except Exception:
            if _still_there(ix, chosen):
                raise
            # Their files were deleted under the merge (which Whoosh's readers show as a
            # missing file, or as a column they no longer find).
            return lost_race
        progress(ProgressEvent(len(chosen), len(chosen), "Swapping in the merged segment"))
        after = _swap_in(ix, aside_dir, chosen, merged, live, cancel, lock_wait_s)
        if isinstance(after, str):
            return MergeReport(0, before, before, 0, 0.0, skipped=after)
        # The merged segment's word lists, written now rather than at its first search.
        with ix.reader() as reader:
            Lexicons(Path(index_dir) / LEXICON_FOLDER).prepare(reader, DEFAULT_FIELDS)
        return MergeReport(
            len(chosen), before, after, merged.doc_count(), time.perf_counter() - started
        )
    finally:
        shutil.rmtree(aside_dir, ignore_errors=True)
        merge_lock.release()
        ix.close()


def _disk_shortfall(index_dir: Path, chosen: list[Any]) -> str:
    """Why the disk cannot take this merge ("" when it can): a merge that fills the disk
    fails harmlessly, but only after minutes of work, and leaves other programs short."""
    ids = {s.segment_id() for s in chosen}
    size = sum(p.stat().st_size for p in index_dir.iterdir() if p.name.split(".")[0] in ids)
    free = shutil.disk_usage(index_dir).free
    needed = size * DISK_NEEDED_RATIO
    if free >= needed:
        return ""
    return (
        f"not enough free disk space ({free / 1e9:.1f} GB free, about "
        f"{needed / 1e9:.1f} GB needed while merging)"
    )


def _still_there(ix: Any, chosen: list[Any]) -> bool:
    current = {s.segment_id() for s in whoosh_private.read_toc(ix).segments}
    return all(s.segment_id() in current for s in chosen)


def _write_merged_segment(
    storage: FileStorage,
    aside: FileStorage,
    indexname: str,
    schema: Any,
    chosen: list[Any],
    progress: ProgressCallback,
    cancel: CancelToken | None,
) -> tuple[Any, list[list[int]]]:
    """Copy the live documents of `chosen`, in order, into a new segment written in
    `aside`; return it with each source segment's live document numbers (the new number of
    a document is its rank among them, counted on from the segments before)."""
    writer = SegmentWriter(
        _AsideIndex(aside, indexname, schema), _lk=False, limitmb=MERGE_WRITER_MB, compound=False
    )
    whoosh_private.keep_field_lengths_in_memory(writer)
    readers: list[Any] = []
    try:
        live: list[list[int]] = []
        for segment in chosen:
            live.append([d for d in range(segment.doc_count_all()) if not segment.is_deleted(d)])
            readers.append(SegmentReader(storage, schema, segment))
        # Each segment's stored fields are copied now; the postings of all of them, merged
        # term by term, as the new segment is written.
        whoosh_private.add_segment_postings_in_order(
            writer, readers, copying=_copying_progress(progress, cancel)
        )
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(ProgressEvent(len(chosen), len(chosen), "Writing the merged index segment"))
        merged = whoosh_private.finalize_segment(writer)
    except BaseException:
        whoosh_private.discard_segment(writer)
        raise
    finally:
        whoosh_private.finish_writer(writer)  # (the posting pool's temporary files)
        for reader in readers:
            reader.close()
    return merged, live


def _copying_progress(
    progress: ProgressCallback, cancel: CancelToken | None
) -> Callable[[int, int], None]:
    """What to call before copying segment `done` + 1 of `total`."""

    def copying(done: int, total: int) -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(ProgressEvent(done, total, f"Merging index segment {done + 1} of {total}"))

    return copying


def _swap_in(
    ix: Any,
    aside_dir: Path,
    chosen: list[Any],
    merged: Any,
    live: list[list[int]],
    cancel: CancelToken | None,
    lock_wait_s: float,
) -> int | str:
    """Under the write lock, replace `chosen` by `merged` in a new table of contents; the
    number of segments afterwards, or why it could not be done."""
    lock = ix.lock(_WRITE_LOCK)
    deadline = time.monotonic() + lock_wait_s
    while not lock.acquire():  # an import may hold it for a while: wait, not fail
        if cancel is not None:
            cancel.raise_if_cancelled()
        if time.monotonic() > deadline:
            return _LOCKED
        time.sleep(0.25)
    try:
        current = whoosh_private.read_toc(ix)
        by_id = {s.segment_id(): s for s in current.segments}
        chosen_ids = [s.segment_id() for s in chosen]
        if not _still_there(ix, chosen):
            return _LOST_RACE
        # Documents deleted in the sources since the snapshot (re-indexed or removed
        # articles) are deleted in the merged segment too.
        base = 0
        for snapshot_segment, live_docs in zip(chosen, live, strict=True):
            now = by_id[snapshot_segment.segment_id()]
            for docnum in set(now.deleted_docs()) - set(snapshot_segment.deleted_docs()):
                merged.delete_document(base + bisect_left(live_docs, docnum))
            base += len(live_docs)
        prefix = f"{merged.segment_id()}."  # (the id includes the index's name)
        files = [name for name in os.listdir(aside_dir) if name.startswith(prefix)]
        if not files:
            raise RuntimeError(f"the merged segment's files are missing from {aside_dir}")
        for name in files:
            os.replace(aside_dir / name, Path(ix.storage.folder) / name)
        segments = []
        for segment in current.segments:
            if segment.segment_id() == chosen_ids[0] and merged.doc_count_all():
                segments.append(merged)
            elif segment.segment_id() not in chosen_ids:
                segments.append(segment)
        generation = current.generation + 1
        TOC(current.schema, segments, generation).write(ix.storage, ix.indexname)
        clean_files(ix.storage, ix.indexname, generation, segments)
        return len(segments)
    finally:
        lock.release()
