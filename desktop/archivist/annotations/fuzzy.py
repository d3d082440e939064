"""Approximate substring search (edit distance), for finding a quote the text slightly changed.

Myers' bit-vector algorithm (Hyyrö's formulation) runs over the text once with Python's big
integers as bit vectors, so a window of tens of thousands of characters costs milliseconds
whatever the quote's length.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApproxMatch:
    """A span of the text within `distance` edits of the pattern."""

    start: int
    end: int
    distance: int


def _peq(pattern: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for index, char in enumerate(pattern):
        table[char] = table.get(char, 0) | (1 << index)
    return table


def distance_profile(pattern: str, text: str, *, anchored: bool) -> list[int]:
    """For each j, the edit distance between `pattern` and the best span of `text` ending at
    j+1: starting anywhere (search), or, when `anchored`, starting at 0 (so the last value is
    the edit distance between `pattern` and the whole `text`)."""
    m = len(pattern)
    peq = _peq(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out: list[int] = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | (1 if anchored else 0)) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        out.append(score)
    return out


def approximate_matches(
    pattern: str,
    text: str,
    max_distance: int,
    lo: int = 0,
    hi: int | None = None,
    limit: int = 8,
) -> list[ApproxMatch]:
    """Non-overlapping spans of text[lo:hi] within `max_distance` edits of `pattern`.

    Best first (fewest edits, then earliest), at most `limit` of them. Each span is the
    tightest one for its end.
    """
    hi = len(text) if hi is None else min(hi, len(text))
    lo = max(0, lo)
    if not pattern or lo >= hi or max_distance < 0:
        return []
    window = text[lo:hi]
    scores = distance_profile(pattern, window, anchored=False)
    ends = [(s, j + 1) for j, s in enumerate(scores) if s <= max_distance]
    ends.sort()
    chosen: list[ApproxMatch] = []
    reach = len(pattern) + max_distance
    for _distance, end in ends:
        if len(chosen) >= limit:
            break
        if any(c.start - lo < end and end <= c.end - lo for c in chosen):
            continue  # this end lies inside a span already taken
        begin = max(0, end - reach)
        back = distance_profile(pattern[::-1], window[begin:end][::-1], anchored=True)
        best_len, best_score = None, None
        for length, score in enumerate(back, start=1):
            if (
                best_score is None
                or score < best_score
                or (
                    score == best_score
                    and abs(length - len(pattern)) < abs(best_len - len(pattern))  # type: ignore[operator]
                )
            ):
                best_len, best_score = length, score
        if best_len is None or best_score is None or best_score > max_distance:
            continue
        match = ApproxMatch(lo + end - best_len, lo + end, best_score)
        if any(match.start < c.end and c.start < match.end for c in chosen):
            continue
        chosen.append(match)
    chosen.sort(key=lambda c: (c.distance, c.start))
    return chosen


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (plain dynamic programming; for short strings and tests)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
