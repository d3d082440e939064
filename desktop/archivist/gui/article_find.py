"""The hits the reader steps through: where a search or a find-in-article lands in the
article's text, and which of them is current ("hit 2 of 7")."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from archivist.annotations import Claim, Mention

Spans = list[tuple[int, int]]


def find_in_article(
    text: str, needle: str, mentions: Iterable[Mention] = (), claims: Iterable[Claim] = ()
) -> Spans:
    """Every place `needle` is found, in text order: in the text itself (ignoring case), and
    the spans of the annotations that mention it — a mention of an entity whose name holds
    it ("Tokayev" finds the span tagged as him that reads "the president"), a claim whose
    claimant, statement or note holds it. Case is ignored; offsets are code points."""
    needle = needle.strip()
    if not needle:
        return []
    in_text = [m.span() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
    wanted = needle.casefold()
    spans = [(m.start, m.end) for m in mentions if wanted in m.entity.casefold()]
    spans += [
        (c.start, c.end)
        for c in claims
        if wanted in " ".join(part or "" for part in (c.claimant, c.statement, c.note)).casefold()
    ]
    # An annotation whose own text shows the words is found there already: one hit, not two.
    starts = [start for start, _ in in_text]
    by_annotation = {
        (start, end) for start, end in spans if start < end and not _any_within(starts, start, end)
    }
    return sorted({*in_text, *by_annotation})


def _any_within(sorted_starts: list[int], start: int, end: int) -> bool:
    at = bisect_left(sorted_starts, start)
    return at < len(sorted_starts) and sorted_starts[at] < end


class HitCursor:
    """A list of hits and the one the reader is on (None before the first step)."""

    def __init__(self, hits: Spans | None = None) -> None:
        self.hits: Spans = list(hits or [])
        self.current: int | None = None

    def __len__(self) -> int:
        return len(self.hits)

    def step(self, direction: int) -> tuple[int, int] | None:
        """The next hit (direction 1) or the previous (-1), round from the last to the
        first and back, as Word and browsers go; None when there are none."""
        if not self.hits:
            return None
        if self.current is None:
            self.current = 0 if direction > 0 else len(self.hits) - 1
        else:
            self.current = (self.current + direction) % len(self.hits)
        return self.hits[self.current]

    def first_from(self, position: int) -> tuple[int, int] | None:
        """The first hit that starts at or after `position` (else the first of all) made
        current: a find goes on from where the reader is."""
        if not self.hits:
            return None
        self.current = next((n for n, (start, _) in enumerate(self.hits) if start >= position), 0)
        return self.hits[self.current]

    def label(self) -> str:
        if not self.hits:
            return "no hits"
        if self.current is None:
            return f"{len(self.hits)} hit{'s' if len(self.hits) != 1 else ''}"
        return f"hit {self.current + 1} of {len(self.hits)}"
