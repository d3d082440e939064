"""The index's vocabulary of unstemmed words, so fuzzy and wildcard terms can reach stems.

The index holds stems ("election" -> "elect"), but a misspelling or a pattern is written
against the whole word ("electon~", "warn?ng"). Whoosh's own answer, a spelling sub-field,
analyses every text twice and doubled indexing time here; instead the stemmer reports each
word it changes while documents are indexed, and the distinct (word, stem) pairs are kept in
a small SQLite file beside the index. It only grows (a word whose documents were deleted
leads to a stem the index no longer has, which the caller filters out).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from rapidfuzz.distance import OSA

from archivist.index.limits import QueryBudget

FILE_NAME = "vocabulary.db"

_local = threading.local()


def start_collecting() -> dict[str, str]:
    """Begin recording (word -> stem) pairs stemmed on this thread; returns the record."""
    _local.collected = {}
    return _local.collected


def stop_collecting() -> dict[str, str]:
    collected = getattr(_local, "collected", None) or {}
    _local.collected = None
    return collected


def collector() -> dict[str, str] | None:
    """The record of the current thread, or None when nothing is being indexed on it."""
    return getattr(_local, "collected", None)


class Vocabulary:
    """Distinct unstemmed words of the index with their stems. One per thread (SQLite)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / FILE_NAME
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(str(self.path), timeout=10, check_same_thread=False)
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, stem TEXT NOT NULL, "
                "length INTEGER NOT NULL, initial TEXT NOT NULL) WITHOUT ROWID"
            )
            self._conn.execute("CREATE INDEX IF NOT EXISTS words_initial ON words(initial, length)")
            self._conn.commit()
        return self._conn

    def __deepcopy__(self, memo: dict[int, object]) -> Vocabulary:
        # A handle on a file, shared by the queries that use it (Whoosh copies queries).
        return self

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def add(self, pairs: dict[str, str]) -> None:
        if not pairs:
            return
        db = self._db()
        with db:
            db.executemany(
                "INSERT OR IGNORE INTO words (word, stem, length, initial) VALUES (?, ?, ?, ?)",
                ((w, s, len(w), w[:1]) for w, s in pairs.items()),
            )

    def similar(
        self,
        word: str,
        maxdist: int,
        prefix: int = 0,
        *,
        budget: QueryBudget | None = None,
        label: str = "",
    ) -> list[str]:
        """Stems of the words within `maxdist` edits of `word`; the scan ends early (noted
        under `label`) when `budget`'s time is up.

        Candidates share the first letter (or have it second, for a transposition), as in
        most spelling correctors; this keeps the scan to a few hundred words at 100k.
        """
        if not word:
            return []
        db = self._db()
        low, high = len(word) - maxdist, len(word) + maxdist
        initials = {word[:1], word[1:2]} if prefix == 0 else {word[:1]}
        stems: set[str] = set()
        for initial in initials:
            rows = db.execute(
                "SELECT word, stem FROM words WHERE initial = ? AND length BETWEEN ? AND ?",
                (initial, low, high),
            )
            if budget is not None:
                rows = budget.watch(rows, label)
            for candidate, stem in rows:
                if prefix and candidate[:prefix] != word[:prefix]:
                    continue
                # (Transpositions count as one edit, as Whoosh's automaton counts them.)
                if OSA.distance(word, candidate, score_cutoff=maxdist) <= maxdist:
                    stems.add(stem)
        return sorted(stems)

    def matching(
        self, pattern: str, *, budget: QueryBudget | None = None, label: str = ""
    ) -> list[str]:
        """Stems of the words matching a wildcard pattern (`*` any run, `?` one character):
        at most `budget.max_terms` of them, and those found before its time is up (what was
        cut is noted under `label`)."""
        glob = pattern.replace("[", "[[]")
        initial = pattern[:1]
        limit = -1 if budget is None else budget.max_terms + 1
        db = self._db()
        if budget is not None:
            # A pattern with a leading wildcard scans every word: SQLite asks this handler
            # every few thousand steps, and stops the statement when it answers true.
            db.set_progress_handler(budget.expired, 10_000)
        try:
            if initial and initial not in "*?[":
                rows = db.execute(
                    "SELECT DISTINCT stem FROM words WHERE initial = ? AND word GLOB ? LIMIT ?",
                    (initial, glob, limit),
                ).fetchall()
            else:
                rows = db.execute(
                    "SELECT DISTINCT stem FROM words WHERE word GLOB ? LIMIT ?", (glob, limit)
                ).fetchall()
        except sqlite3.OperationalError as exc:
            if budget is None or "interrupted" not in str(exc):
                raise
            budget.note_too_slow(label)
            return []
        finally:
            if budget is not None:
                db.set_progress_handler(None, 0)
        stems = sorted(r[0] for r in rows)
        return stems if budget is None else budget.capped(stems, label)

    def __len__(self) -> int:
        return int(self._db().execute("SELECT count(*) FROM words").fetchone()[0])
