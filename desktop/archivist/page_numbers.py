"""Pages of a paged document (a PDF, a scan) in its article's text: where each page starts,
and the page that a character of the text is on (so that a quote can cite "p. 3")."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence

from archivist.text import normalise_text


def page_starts(text: str, pages: Sequence[str]) -> list[int]:
    """Where each of `pages` (their raw text, in order) starts in `text`, the article's text
    made of them (normalised as at import): one offset per page, blank pages included.

    Each page is looked for, normalised, from where the page before ended, so the text itself
    never changes for the pages' sake. A blank page starts where the next page with text
    does (or at the end), so that `page_at` names the page whose text it is.
    """
    starts: list[int | None] = []
    cursor = 0
    for page in pages:
        body = normalise_text(page)
        if not body:
            starts.append(None)
            continue
        found = text.find(body, cursor)
        # (Not found is not expected: normalising a page alone can only strip what
        # normalising the whole strips too. Then the page starts where the last one ended.)
        start = found if found >= 0 else min(cursor, len(text))
        starts.append(start)
        cursor = start + len(body) if found >= 0 else cursor
    following = len(text)
    for number in range(len(starts) - 1, -1, -1):
        start = starts[number]
        if start is None:
            starts[number] = following
        else:
            following = start
    return [start for start in starts if start is not None]


def page_at(starts: Sequence[int], offset: int) -> int:
    """The page (1 for the first) that the character at `offset` is on."""
    return max(1, bisect_right(starts, max(0, offset)))


def encode(starts: Sequence[int] | None) -> str | None:
    """Page starts as stored in the articles table (JSON); None for a text without pages."""
    return json.dumps(list(starts)) if starts else None


def decode(stored: str | None) -> list[int] | None:
    """Page starts as the articles table stores them; None for a text without pages (or a
    value that is not a list of offsets)."""
    if not stored:
        return None
    try:
        starts = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(starts, list) or not all(isinstance(s, int) for s in starts):
        return None
    return starts or None
