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
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from archivist.index.lru import LruCache

log = logging.getLogger(__name__)

FOLDER = "lexicons"
_MAGIC = b"ARCLEX2\n"


class Lexicon:
    """One segment's words of one field, in the index's order (which is the order of their
    UTF-8 bytes), with how many documents of the segment hold each.

    The words stay one UTF-8 block with the offset of each word, and an index by length in
    characters: a fuzzy term decodes only the words of about its length, a prefix only the
    words that start with it (a binary search over the bytes); only a pattern that starts
    with a wildcard decodes them all.
    """

    def __init__(
        self,
        blob: bytes,
        offsets: np.ndarray,
        frequencies: np.ndarray,
        by_length: np.ndarray,
        length_starts: np.ndarray,
    ) -> None:
        self.blob = blob  # the words, each followed by "\n"
        self.offsets = offsets  # where each word starts, and the end: n + 1 values
        self.frequencies = frequencies  # uint32, one per word
        self.by_length = by_length  # word numbers ordered by length in characters
        self.length_starts = length_starts  # where each length starts in by_length
        self._words: list[str] | None = None
        #: False when a word holds a line break (never from Archivist's analysers): the
        #: lexicon then lives in memory only.
        self.storable = True

    @classmethod
    def of_words(cls, words: list[str], frequencies: list[int] | np.ndarray) -> Lexicon:
        encoded = [word.encode("utf-8") for word in words]
        sizes = np.fromiter((len(b) + 1 for b in encoded), dtype=np.int64, count=len(encoded))
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.uint64)
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        by_length = np.argsort(lengths, kind="stable").astype(np.uint32)
        counts = np.bincount(lengths, minlength=1) if len(lengths) else np.zeros(1, np.int64)
        length_starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.uint32)
        blob = b"".join(b + b"\n" for b in encoded)
        lexicon = cls(
            blob, offsets, np.asarray(frequencies, dtype=np.uint32), by_length, length_starts
        )
        lexicon.storable = not any(b"\n" in b for b in encoded)
        if not lexicon.storable:
            lexicon._words = list(words)
        return lexicon

    def __len__(self) -> int:
        return len(self.frequencies)

    @property
    def nbytes(self) -> int:
        """What the lexicon holds in memory (for the cache's budget)."""
        decoded = 0 if self._words is None else 60 * len(self._words) + len(self.blob)
        arrays = (self.offsets, self.frequencies, self.by_length, self.length_starts)
        return len(self.blob) + sum(a.nbytes for a in arrays) + decoded

    @property
    def words(self) -> list[str]:
        """Every word, decoded (once)."""
        if self._words is None:
            self._words = self.blob.decode("utf-8").split("\n")[: len(self)]
        return self._words

    def word(self, number: int) -> str:
        start, end = int(self.offsets[number]), int(self.offsets[number + 1]) - 1
        return self.blob[start:end].decode("utf-8")

    def _words_of(self, numbers: np.ndarray) -> list[str]:
        if self._words is not None:
            return [self._words[i] for i in numbers]
        return [self.word(int(i)) for i in numbers]

    def within(self, text: str, maxdist: int, prefix: int = 0) -> list[tuple[str, int]]:
        """The words within `maxdist` edits (Levenshtein, as Whoosh's automaton counts them)
        of `text` that share its first `prefix` characters, with their frequencies: the
        closest first, then the most frequent."""
        low = max(0, len(text) - maxdist)
        high = min(len(self.length_starts) - 1, len(text) + maxdist + 1)
        if low >= high:
            return []
        near = self.by_length[self.length_starts[low] : self.length_starts[high]]
        if not len(near):
            return []
        found = process.extract(
            text, self._words_of(near), scorer=Levenshtein.distance, score_cutoff=maxdist,
            limit=None,
        )  # fmt: skip
        start = text[:prefix]
        ranked = sorted(
            (distance, -int(self.frequencies[near[at]]), word)
            for word, distance, at in found
            if word.startswith(start)
        )
        return [(word, -negative) for _, negative, word in ranked]

    def _prefix_range(self, prefix: str) -> tuple[int, int]:
        """The numbers of the words that start with `prefix` (a binary search over bytes)."""
        if not prefix:
            return 0, len(self)
        wanted = prefix.encode("utf-8")

        def key(number: int) -> bytes:
            start = int(self.offsets[number])
            return self.blob[start : start + len(wanted)]

        numbers = range(len(self))
        low = bisect.bisect_left(numbers, wanted, key=key)
        high = bisect.bisect_right(numbers, wanted, lo=low, key=key)
        return low, high

    def matching(
        self, pattern: str, keep_going: Callable[[], bool] = lambda: True
    ) -> list[tuple[str, int]]:
        """The words matching a wildcard pattern (`*` any run, `?` one character, nothing
        else special) with their frequencies, the most frequent first; the scan ends early
        when `keep_going()` turns false (asked every few thousand words)."""
        if pattern and not pattern.strip("*?"):  # (only wildcards: a length condition)
            return self._of_length(pattern.count("?"), exact="*" not in pattern)
        literal = re.match(r"[^*?]*", pattern)
        low, high = self._prefix_range(literal.group(0) if literal else "")
        expression = re.compile(fnmatch.translate(pattern.replace("[", "[[]")))
        matched: list[int] = []
        for start in range(low, high, 4096):
            if start != low and not keep_going():
                break
            stop = min(start + 4096, high)
            words = self._words_of(np.arange(start, stop))
            matched.extend(
                start + at for at, word in enumerate(words) if expression.match(word) is not None
            )
        order = sorted(matched, key=lambda at: (-int(self.frequencies[at]), at))
        return [(self.word(at), int(self.frequencies[at])) for at in order]

    def _of_length(self, length: int, exact: bool) -> list[tuple[str, int]]:
        """The words of exactly (or at least) `length` characters, the most frequent first."""
        last = len(self.length_starts) - 1
        if length > last - 1:
            return []
        stop = self.length_starts[length + 1] if exact else self.length_starts[last]
        chosen = self.by_length[self.length_starts[length] : stop].astype(np.int64)
        # Most frequent first, ties in the word list's order.
        order = chosen[np.lexsort((chosen, -self.frequencies[chosen].astype(np.int64)))]
        return [(self.word(int(at)), int(self.frequencies[at])) for at in order]


def _read_from_segment(leaf: Any, fieldname: str) -> Lexicon:
    """The lexicon as Whoosh lists it (one Python call a word: the slow way, done once)."""
    words: list[str] = []
    frequencies: list[int] = []
    if fieldname in leaf.schema and fieldname in leaf.indexed_field_names():
        field_object = leaf.schema[fieldname]
        for btext, info in leaf.iter_field(fieldname):
            words.append(field_object.from_bytes(btext))
            frequencies.append(info.doc_frequency())
    return Lexicon.of_words(words, frequencies)


_HEADER = struct.Struct("<8sQQ")  # magic, words, lengths


def _encode(lexicon: Lexicon) -> bytes | None:
    if not lexicon.storable:
        return None
    return b"".join(
        (
            _HEADER.pack(_MAGIC, len(lexicon), len(lexicon.length_starts)),
            lexicon.frequencies.astype("<u4").tobytes(),
            lexicon.offsets.astype("<u8").tobytes(),
            lexicon.by_length.astype("<u4").tobytes(),
            lexicon.length_starts.astype("<u4").tobytes(),
            lexicon.blob,
        )
    )


def _decode(data: bytes) -> Lexicon:
    magic, count, lengths = _HEADER.unpack_from(data)
    if magic != _MAGIC:
        raise ValueError("not a lexicon file")
    at = _HEADER.size

    def array(dtype: str, size: int, items: int) -> np.ndarray:
        nonlocal at
        values = np.frombuffer(data, dtype=dtype, count=items, offset=at)
        at += size * items
        return values

    frequencies = array("<u4", 4, count)
    offsets = array("<u8", 8, count + 1)
    by_length = array("<u4", 4, count)
    length_starts = array("<u4", 4, lengths)
    blob = data[at:]
    if len(blob) != int(offsets[-1]) or (count and blob[-1:] != b"\n"):
        raise ValueError("a damaged lexicon file")
    return Lexicon(blob, offsets, frequencies, by_length, length_starts)


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
            os.chmod(temporary, 0o644)  # (as the index's own files, not mkstemp's 0600)
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
