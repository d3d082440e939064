"""The article id of each index document, remembered per index segment.

A query's matches come back as document numbers; the article id is a stored field, and
reading stored fields one document at a time (an unpickled dict each) was most of a broad
query's whole list: 69,000 matches, 1.5 s. Segments never change, so what is read once
stays right until the segment is merged away, whatever other segments writes add; and the
desktop app's query process reads the rest ahead while it waits (`fill_steps`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from archivist.index import whoosh_private
from archivist.index.lru import LruCache

_UNKNOWN = -1
_maps: LruCache[np.ndarray] = LruCache(256)  # segments (a segment's map: 8 bytes a document)


def article_ids(searcher: Any, docnums: Sequence[int]) -> list[int]:
    """The article ids of these (global) document numbers of `searcher`, in order."""
    if not len(docnums):
        return []
    leaves = searcher.leaf_searchers()
    offsets = np.array([offset for _, offset in leaves], dtype=np.int64)
    wanted = np.asarray(docnums, dtype=np.int64)
    leaf_of = np.searchsorted(offsets, wanted, side="right") - 1
    found = np.empty(len(wanted), dtype=np.int64)
    for number, (sub, offset) in enumerate(leaves):
        rows = np.flatnonzero(leaf_of == number)
        if not len(rows):
            continue
        reader = sub.reader()
        known = _segment_map(reader)
        local = wanted[rows] - offset
        ids = known[local]
        for at in np.flatnonzero(ids == _UNKNOWN):
            ids[at] = known[local[at]] = int(reader.stored_fields(int(local[at]))["id"])
        found[rows] = ids
    return found.tolist()


def fill_steps(searcher: Any, chunk: int = 2000) -> Iterator[None]:
    """Read the ids not known yet, `chunk` documents per step (tens of milliseconds)."""
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        if not hasattr(reader, "segment"):  # (an empty index has no segments)
            continue
        known = _segment_map(reader)
        missing = np.flatnonzero(known == _UNKNOWN)
        for start in range(0, len(missing), chunk):
            for local in missing[start : start + chunk].tolist():
                if not reader.is_deleted(local):
                    known[local] = int(reader.stored_fields(local)["id"])
            yield


def _segment_map(reader: Any) -> np.ndarray:
    key = whoosh_private.segment_key(reader)
    known = _maps.get(key)
    if known is None:
        known = _maps.put(key, np.full(reader.doc_count_all(), _UNKNOWN, dtype=np.int64))
    return known
