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
_MAGIC = b"ARCLEX3\n"


#: Words from which a fuzzy term's distances are computed on every core.
PARALLEL_FROM = 20_000


class Lexicon:
    """One segment's words of one field, with how many documents of the segment hold each.

    The words are one UTF-8 block, ordered by length in characters and, within a length, as
    the index orders them (by their bytes), with the offset of each: a fuzzy term decodes
    in one go the words of about its length, a prefix the run of each length that starts
    with it (a binary search over the bytes); a pattern that starts with a wildcard decodes
    them a length at a time, until its budget ends.
    """

    def __init__(
        self, blob: bytes, offsets: np.ndarray, frequencies: np.ndarray, length_starts: np.ndarray
    ) -> None:
        self.blob = blob  # the words, each followed by "\n"
        self.offsets = offsets  # where each word starts, and the end: n + 1 values
        self.frequencies = frequencies  # uint32, one per word
        self.length_starts = length_starts  # the first word of each length, and the end
        #: False when a word holds a line break (never from Archivist's analysers): the
        #: lexicon then lives in memory only.
        self.storable = True

    @classmethod
    def of_words(cls, words: list[str], frequencies: list[int] | np.ndarray) -> Lexicon:
        """The lexicon of `words` (in the index's order) and their document frequencies."""
        counts = np.asarray(frequencies, dtype=np.uint32)
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        order = np.argsort(lengths, kind="stable")  # (stable: the index's order within a length)
        encoded = [words[i].encode("utf-8") for i in order]
        sizes = np.fromiter((len(b) + 1 for b in encoded), dtype=np.int64, count=len(encoded))
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.uint64)
        per_length = np.bincount(lengths) if len(lengths) else np.zeros(1, np.int64)
        length_starts = np.concatenate([[0], np.cumsum(per_length)]).astype(np.uint64)
        lexicon = cls(b"".join(b + b"\n" for b in encoded), offsets, counts[order], length_starts)
        lexicon.storable = not any(b"\n" in b for b in encoded)
        return lexicon

    def __len__(self) -> int:
        return len(self.frequencies)

    @property
    def nbytes(self) -> int:
        """What the lexicon holds in memory (for the cache's budget)."""
        arrays = (self.offsets, self.frequencies, self.length_starts)
        return len(self.blob) + sum(a.nbytes for a in arrays)

    @property
    def longest(self) -> int:
        return len(self.length_starts) - 2

    def _run(self, first: int, end: int) -> list[str]:
        """Words number `first` to `end` (excluded), decoded at once."""
        if first >= end:
            return []
        piece = self.blob[int(self.offsets[first]) : int(self.offsets[end]) - 1]
        return piece.decode("utf-8").split("\n")

    def _lengths(self, low: int, high: int) -> tuple[int, int]:
        """The numbers of the words of `low` to `high` characters (both included)."""
        low, high = max(0, low), min(self.longest, high)
        if low > high:
            return 0, 0
        return int(self.length_starts[low]), int(self.length_starts[high + 1])

    def items(self) -> list[tuple[str, int]]:
        """Every word with its frequency (shortest first)."""
        return list(zip(self._run(0, len(self)), map(int, self.frequencies), strict=True))

    def within(
        self, text: str, maxdist: int, prefix: int = 0, limit: int | None = None
    ) -> list[tuple[str, int]]:
        """The words within `maxdist` edits (Levenshtein, as Whoosh's automaton counts them)
        of `text` that share its first `prefix` characters, with their frequencies: the
        closest first, then the most frequent; the best `limit` of them when given."""
        first, end = self._lengths(len(text) - maxdist, len(text) + maxdist)
        words = self._run(first, end)
        if not words:
            return []
        # One row of distances, computed in C; those beyond maxdist come back as maxdist + 1.
        # (On every core for a long run: a query's expansion is what its analyst waits for.)
        distances = process.cdist(
            [text],
            words,
            scorer=Levenshtein.distance,
            score_cutoff=maxdist,
            workers=-1 if len(words) > PARALLEL_FROM else 1,
        )[0]
        near = np.flatnonzero(distances <= maxdist)
        start = text[:prefix]
        if start:
            near = np.array([at for at in near if words[at].startswith(start)], dtype=np.int64)
        if not len(near):
            return []
        counts = self.frequencies[first + near].astype(np.int64)
        order = near[np.lexsort((near, -counts, distances[near]))]
        if limit is not None:
            order = order[:limit]
        return [(words[at], int(self.frequencies[first + at])) for at in order]

    def __contains__(self, word: object) -> bool:
        """Whether the segment's field holds `word` (a binary search among the words of its
        length, in memory: no look-up in the index's files)."""
        if not isinstance(word, str) or len(word) > self.longest:
            return False
        first, end = self._lengths(len(word), len(word))
        low, high = self._starting_with(word.encode("utf-8"), first, end)
        return high > low  # (as long as `word` and starting with all of it: `word` itself)

    def _starting_with(self, wanted: bytes, first: int, end: int) -> tuple[int, int]:
        """Within words `first` to `end` (one length, in byte order), those that start with
        `wanted`: a binary search."""

        def key(number: int) -> bytes:
            start = int(self.offsets[number])
            return self.blob[start : start + len(wanted)]

        numbers = range(end)
        low = bisect.bisect_left(numbers, wanted, lo=first, key=key)
        return low, bisect.bisect_right(numbers, wanted, lo=low, key=key)

    def matching(
        self, pattern: str, keep_going: Callable[[], bool] = lambda: True
    ) -> list[tuple[str, int]]:
        """The words matching a wildcard pattern (`*` any run, `?` one character, nothing
        else special) with their frequencies, the most frequent first; the scan ends early
        when `keep_going()` turns false (asked between runs of words)."""
        literal = re.match(r"[^*?]*", pattern)
        prefix = literal.group(0) if literal else ""
        fixed = "*" not in pattern  # (then every match is as long as the pattern)
        shortest = len(pattern) - pattern.count("*")
        longest = shortest if fixed else self.longest
        only_wildcards = bool(pattern) and not pattern.strip("*?")
        expression = _line_pattern(pattern)
        wanted = prefix.encode("utf-8")
        matched: list[tuple[str, int]] = []
        for length in range(max(0, shortest), longest + 1):
            if matched and not keep_going():
                break
            first, end = self._lengths(length, length)
            if wanted:
                first, end = self._starting_with(wanted, first, end)
            if first >= end:
                continue
            if only_wildcards:  # (a length condition, met by every word of this length)
                counts = self.frequencies[first:end]
                matched.extend(zip(self._run(first, end), map(int, counts), strict=True))
                continue
            # The pattern runs in C over the run's lines, undecoded: only matches are decoded.
            begin, stop = int(self.offsets[first]), int(self.offsets[end])
            starts = [
                found.start()
                for found in expression.finditer(self.blob, begin, stop)
                if found.start() < stop  # (not the empty "line" after the run's last break)
            ]
            if starts:
                numbers = np.searchsorted(self.offsets, np.array(starts, dtype=np.uint64))
                matched.extend((self._word(int(n)), int(self.frequencies[n])) for n in numbers)
        matched.sort(key=lambda pair: -pair[1])  # (stable: ties stay shortest first)
        return matched

    def _word(self, number: int) -> str:
        return self.blob[int(self.offsets[number]) : int(self.offsets[number + 1]) - 1].decode()


#: One character of UTF-8 other than a line break (the lexicon's separator).
_ONE_CHARACTER = (
    rb"(?:[\x00-\x09\x0b-\x7f]|[\xc0-\xdf][\x80-\xbf]"
    rb"|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3})"
)


def _piece(text: str) -> bytes:
    """A run of a pattern without `*`, as a regular expression over UTF-8 bytes."""
    return b"".join(
        _ONE_CHARACTER if part == "?" else re.escape(part.encode("utf-8"))
        for part in re.split(r"(\?)", text)
        if part
    )


def _line_pattern(pattern: str) -> re.Pattern[bytes]:
    """A wildcard pattern as a regular expression matching whole lines of a lexicon's blob.

    Each run between two `*` is found at its first place, atomically (as `fnmatch` does):
    such runs have a fixed length, so the first place leaves the most for the rest, and
    `*a*a*a*a*` cannot backtrack into polynomial time over a long word."""
    first, *middle_and_last = pattern.split("*")
    parts = [rb"^", _piece(first)]
    if middle_and_last:
        *middle, last = middle_and_last
        parts += [rb"(?>[^\n]*?" + _piece(run) + rb")" for run in middle if run]
        parts += [rb"[^\n]*", _piece(last)]
    parts.append(rb"$")
    return re.compile(b"".join(parts), re.MULTILINE)


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


_HEADER = struct.Struct("<8sQQ")  # magic, words, lengths (+ 1)


def _encode(lexicon: Lexicon) -> bytes | None:
    if not lexicon.storable:
        return None
    return b"".join(
        (
            _HEADER.pack(_MAGIC, len(lexicon), len(lexicon.length_starts)),
            lexicon.frequencies.astype("<u4").tobytes(),
            lexicon.offsets.astype("<u8").tobytes(),
            lexicon.length_starts.astype("<u8").tobytes(),
            lexicon.blob,
        )
    )


class _OtherFormat(ValueError):
    """A lexicon file written by another version of Archivist (rewritten, quietly)."""


def _decode(data: bytes) -> Lexicon:
    if not data.startswith(_MAGIC):
        if data.startswith(b"ARCLEX"):
            raise _OtherFormat("written by another version")
        raise ValueError("not a lexicon file")
    _magic, count, lengths = _HEADER.unpack_from(data)
    at = _HEADER.size

    def array(dtype: str, size: int, items: int) -> np.ndarray:
        nonlocal at
        values = np.frombuffer(data, dtype=dtype, count=items, offset=at)
        at += size * items
        return values

    frequencies = array("<u4", 4, count)
    offsets = array("<u8", 8, count + 1)
    length_starts = array("<u8", 8, lengths)
    blob = data[at:]
    if len(blob) != int(offsets[-1]) or (count and blob[-1:] != b"\n"):
        raise ValueError("a damaged lexicon file")
    return Lexicon(blob, offsets, frequencies, length_starts)


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
            except _OtherFormat:
                log.info("rewriting the lexicon file %s (another version's)", path)
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
            path.parent.mkdir(exist_ok=True, mode=0o700)
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
