"""Each index segment's words per field, with their document frequencies, kept beside the
index in files read at once: the lists fuzzy and wildcard terms are expanded over.

Whoosh walks its on-disk word list one Python call per word (0.2 s for 100,000 words, in
every process, for every field), and its Levenshtein automaton takes one on-disk look-up per
step (tens of thousands of steps, seconds, for `protesters~2` over a large vocabulary).
Segments never change, so a segment's words are written once, when a writer has made the
segment (or at first use), into `index/lexicons/SEGMENT.FIELD.lex`; reading one back costs
a decode and a split (75 ms for a million words), and matching runs in C: rapidfuzz for
edit distances, a compiled pattern for wildcards. Where a file cannot be written (a
read-only folder), the list is kept in memory only.
"""

from __future__ import annotations

import bisect
import contextlib
import fnmatch
import logging
import os
import re
import struct
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from archivist.index.lru import LruCache

log = logging.getLogger(__name__)

FOLDER = "lexicons"
_MAGIC = b"ARCLEX1\n"
_HEADER = struct.Struct("<8sI")


@dataclass
class Lexicon:
    """One segment's words of one field, in the index's order, with how many documents of
    the segment hold each."""

    words: list[str]
    frequencies: np.ndarray  # uint32, one per word
    _lengths: np.ndarray | None = field(default=None, repr=False)

    @property
    def nbytes(self) -> int:
        """Roughly what the lexicon holds in memory (for the cache's budget)."""
        return sum(map(len, self.words)) + 60 * len(self.words) + self.frequencies.nbytes

    def within(self, text: str, maxdist: int, prefix: int = 0) -> list[tuple[str, int]]:
        """The words within `maxdist` edits (Levenshtein, as Whoosh's automaton counts them)
        of `text` that share its first `prefix` characters, with their frequencies: the
        closest first, then the most frequent."""
        if not self.words:
            return []
        lengths = self._word_lengths()
        near = np.flatnonzero(np.abs(lengths - len(text)) <= maxdist)
        if not len(near):
            return []
        candidates = [self.words[i] for i in near]
        found = process.extract(
            text, candidates, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None
        )
        start = text[:prefix]
        ranked = sorted(
            (distance, -int(self.frequencies[near[at]]), word)
            for word, distance, at in found
            if word.startswith(start)
        )
        return [(word, -negative) for _, negative, word in ranked]

    def matching(
        self, pattern: str, keep_going: Callable[[], bool] = lambda: True
    ) -> list[tuple[str, int]]:
        """The words matching a wildcard pattern (`*` any run, `?` one character, nothing
        else special) with their frequencies, the most frequent first; the scan ends early
        when `keep_going()` turns false (asked every few thousand words)."""
        literal = re.match(r"[^*?]*", pattern)
        prefix = literal.group(0) if literal else ""
        low = bisect.bisect_left(self.words, prefix) if prefix else 0
        high = bisect.bisect_left(self.words, prefix + "\U0010ffff") if prefix else len(self.words)
        expression = re.compile(fnmatch.translate(pattern.replace("[", "[[]")))
        matched: list[int] = []
        for start in range(low, high, 4096):
            if start != low and not keep_going():
                break
            stop = min(start + 4096, high)
            matched.extend(
                at for at in range(start, stop) if expression.match(self.words[at]) is not None
            )
        order = sorted(matched, key=lambda at: (-int(self.frequencies[at]), at))
        return [(self.words[at], int(self.frequencies[at])) for at in order]

    def _word_lengths(self) -> np.ndarray:
        if self._lengths is None:
            self._lengths = np.fromiter(map(len, self.words), dtype=np.int32, count=len(self.words))
        return self._lengths


def _read_from_segment(leaf: Any, fieldname: str) -> Lexicon:
    """The lexicon as Whoosh lists it (one Python call a word: the slow way, done once)."""
    words: list[str] = []
    frequencies: list[int] = []
    if fieldname in leaf.schema and fieldname in leaf.indexed_field_names():
        field_object = leaf.schema[fieldname]
        for btext, info in leaf.iter_field(fieldname):
            words.append(field_object.from_bytes(btext))
            frequencies.append(info.doc_frequency())
    return Lexicon(words, np.asarray(frequencies, dtype=np.uint32))


def _encode(lexicon: Lexicon) -> bytes | None:
    if any("\n" in word for word in lexicon.words):
        return None  # (never from Archivist's analysers; kept in memory only)
    return (
        _HEADER.pack(_MAGIC, len(lexicon.words))
        + lexicon.frequencies.astype("<u4").tobytes()
        + "\n".join(lexicon.words).encode("utf-8")
    )


def _decode(data: bytes) -> Lexicon:
    magic, count = _HEADER.unpack_from(data)
    if magic != _MAGIC:
        raise ValueError("not a lexicon file")
    start = _HEADER.size
    frequencies = np.frombuffer(data, dtype="<u4", count=count, offset=start).astype(np.uint32)
    text = data[start + 4 * count :].decode("utf-8")
    words = text.split("\n") if count else []
    if len(words) != count:
        raise ValueError("a damaged lexicon file")
    return Lexicon(words, frequencies)


#: Lexicons read in this process, by (folder, segment, field); segments never change.
_CACHE: LruCache[Lexicon] = LruCache(256 * 1024 * 1024, lambda lexicon: lexicon.nbytes)


def forget_lexicons() -> None:
    """Drop the lexicons read in this process (for benchmarks measuring a first search)."""
    _CACHE.clear()


class Lexicons:
    """The lexicon files of one index (in `directory`, or nowhere when None)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _path(self, segment_id: str, fieldname: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / f"{segment_id}.{fieldname}.lex"

    def of(self, leaf: Any, fieldname: str) -> Lexicon:
        """The lexicon of one segment reader's field: from memory, from its file, or read
        from the segment (and written for next time)."""
        try:
            segment_id = leaf.segment().segment_id()
        except AttributeError:  # (a reader without a segment: read it each time)
            return _read_from_segment(leaf, fieldname)
        key = (str(self.directory), segment_id, fieldname)
        kept = _CACHE.get(key)
        if kept is not None:
            return kept
        path = self._path(segment_id, fieldname)
        lexicon = None
        if path is not None:
            try:
                lexicon = _decode(path.read_bytes())
            except FileNotFoundError:
                pass  # (not written yet: read from the segment below)
            except (OSError, ValueError, struct.error) as exc:
                log.warning("rebuilding the lexicon file %s: %s", path, exc)
        if lexicon is None:
            lexicon = _read_from_segment(leaf, fieldname)
            self._write(path, lexicon)
        return _CACHE.put(key, lexicon)

    def _write(self, path: Path | None, lexicon: Lexicon) -> None:
        data = _encode(lexicon)
        if path is None or data is None:
            return
        try:
            path.parent.mkdir(exist_ok=True)
            # Written aside, then moved in: another process may read (or write) it meanwhile.
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError as exc:  # a read-only or full disk: the lexicon stays in memory only
            log.info("cannot keep the lexicon file %s (%s); using it from memory", path, exc)
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)

    def prepare(self, reader: Any, fieldnames: Iterator[str] | list[str]) -> None:
        """Write the missing lexicon files of `reader`'s segments and delete those of
        segments no longer in the index. For writers, after a commit (holding the index's
        write lock, so no segment appears or goes meanwhile)."""
        if self.directory is None:
            return
        names = list(fieldnames)
        current: set[str] = set()
        for leaf, _ in reader.leaf_readers():
            try:
                segment_id = leaf.segment().segment_id()
            except AttributeError:
                continue
            current.add(segment_id)
            for name in names:
                path = self._path(segment_id, name)
                if path is not None and not path.exists():
                    self.of(leaf, name)
        if not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            if path.name.split(".", 1)[0] not in current:
                with contextlib.suppress(OSError):
                    path.unlink()
