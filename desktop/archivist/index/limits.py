"""What one query may cost: the fuzzy edit distance, and how many index words and how much
time its fuzzy and wildcard terms may expand to.

A fuzzy or wildcard term is answered by walking the index's list of words. Unbounded, that
walk explodes: Whoosh builds a Levenshtein automaton whose size grows exponentially with the
edit distance (`ภาษาalmaty~7` ran for minutes), and `x~2` or `*a*` match most of the
vocabulary. As Lucene does, the distance is capped at 2 and each term expands to at most
MAX_EXPANSIONS words; on top, all of one query's expansions share a time budget. What was
cut short is said in `QueryBudget.notes`, which searches hand on to the analyst.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

#: Lucene's and Elasticsearch's cap: beyond two edits nearly every short word matches, and
#: the automaton that finds them grows exponentially.
MAX_EDIT_DISTANCE = 2
#: Longer words are searched exactly, not fuzzily (the automaton grows with the length, and
#: no misspelling is that long).
MAX_FUZZY_WORD = 64
#: Words one wildcard term may stand for, in each field (Lucene's max clause count is 1,024).
MAX_EXPANSIONS = 1_000
#: Words one fuzzy term may stand for, in each field: the closest (then the most common),
#: as Lucene's and Elasticsearch's `max_expansions` (50 by default) keep them.
MAX_FUZZY_EXPANSIONS = 64
#: Postings (document entries) the words one fuzzy or wildcard term stands for may hold
#: together, per field, beyond its first word: each is read and scored, and `?*` or `a*`
#: match the most common words of the archive.
MAX_POSTINGS = 200_000
#: Seconds the expansions of one query (and reading their postings) may take together.
EXPANSION_SECONDS = 0.25
#: The same for a preview: the window's first page, shown within 200 ms while the whole
#: list (expanded within EXPANSION_SECONDS) is computed to replace it.
PREVIEW_EXPANSION_SECONDS = 0.1

T = TypeVar("T")

#: Candidates looked at between two looks at the clock.
_CLOCK_EVERY = 256


class QueryBudget:
    """The expansion budget of one query, shared by its fuzzy and wildcard terms, and the
    notes saying what was cut short (each once).

    Copies of a query (Whoosh deep-copies them) share their budget: it is never copied.
    """

    def __init__(self, seconds: float | None = None, max_terms: int | None = None) -> None:
        # (The module's values are read here, not frozen as defaults: tests lower them.)
        self.seconds = EXPANSION_SECONDS if seconds is None else seconds
        self.max_terms = MAX_EXPANSIONS if max_terms is None else max_terms
        self.max_fuzzy_terms = MAX_FUZZY_EXPANSIONS if max_terms is None else max_terms
        self.max_postings = MAX_POSTINGS
        self.deadline = time.monotonic() + self.seconds
        self.notes: list[str] = []
        self._admitted: dict[Any, set[Any]] = {}
        self._postings: dict[Any, int] = {}

    def __copy__(self) -> QueryBudget:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> QueryBudget:
        return self

    def expired(self) -> bool:
        return time.monotonic() > self.deadline

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def take(
        self, items: Iterable[T], label: str, max_terms: int | None = None
    ) -> tuple[list[T], bool]:
        """At most `max_terms` (this budget's when None) of `items`, fewer when the time is
        up first; and whether the list is whole. A list cut short is noted (naming `label`,
        the term as typed)."""
        cap = self.max_terms if max_terms is None else max_terms
        taken: list[T] = []
        for count, item in enumerate(items, start=1):
            if len(taken) == cap:
                self.note_too_many(label, cap)
                return taken, False
            if count % _CLOCK_EVERY == 0 and self.expired():
                self.note_too_slow(label)
                return taken, False
            taken.append(item)
        return taken, True

    def capped(self, items: list[T], label: str) -> list[T]:
        """`items` cut to `max_terms` (noted when that cuts anything)."""
        if len(items) > self.max_terms:
            self.note_too_many(label)
            return items[: self.max_terms]
        return items

    def admit(
        self,
        term: Any,
        candidates: Iterable[tuple[T, int]],
        label: str,
        max_terms: int | None = None,
    ) -> list[T]:
        """Of one segment's `candidates` for `term` (a field and what was typed) — words
        with their document frequencies, best first — those the whole query may search: the
        words other segments already admitted, and new ones while fewer than `max_terms`
        (this budget's when None) are and their postings stay within `max_postings`.
        Segments are asked one after the other, so the caps hold for the whole index, not
        for each segment."""
        cap = self.max_terms if max_terms is None else max_terms
        admitted = self._admitted.setdefault(term, set())
        kept: list[T] = []
        seen: set[T] = set()
        for word, frequency in candidates:
            if word in seen:
                continue
            seen.add(word)
            if word not in admitted:
                postings = self._postings.get(term, 0)
                if len(admitted) >= cap:
                    self.note_too_many(label, cap)
                    continue
                if admitted and postings + frequency > self.max_postings:
                    self.note_too_common(label)
                    continue
                admitted.add(word)
                self._postings[term] = postings + frequency
            kept.append(word)
        return kept

    def watch(self, candidates: Iterable[T], label: str) -> Iterator[T]:
        """`candidates`, ending early (noted) when the time is up: for walks over the word
        list that yield nothing for long stretches."""
        for count, item in enumerate(candidates, start=1):
            if count % _CLOCK_EVERY == 0 and self.expired():
                self.note_too_slow(label)
                return
            yield item

    def note_too_many(self, label: str, cap: int | None = None) -> None:
        cap = self.max_terms if cap is None else cap
        self.note(f"{label} matches more than {cap:,} words: only {cap:,} of them were searched")

    def note_too_common(self, label: str) -> None:
        self.note(
            f"{label} matches too many words to search them all: only the most common were searched"
        )

    def note_too_slow(self, label: str) -> None:
        self.note(
            f"{label} took too long to look up (over {self.seconds:g} s): "
            "only the words found by then were searched"
        )


def clamped_distance(maxdist: int, label: str, budget: QueryBudget | None) -> int:
    """`maxdist` capped at MAX_EDIT_DISTANCE, noted in `budget` when it was larger."""
    if maxdist <= MAX_EDIT_DISTANCE:
        return maxdist
    if budget is not None:
        budget.note(
            f"fuzzy terms allow at most {MAX_EDIT_DISTANCE} edits: "
            f"{label}~{maxdist} was searched as {label}~{MAX_EDIT_DISTANCE}"
        )
    return MAX_EDIT_DISTANCE
