"""Re-anchoring spans when an article's text changes; what cannot be found is orphaned.

Each span is looked for by position (through a diff of the old and new text), then by its
quote and context, then approximately; one not found is kept and flagged orphaned, never
attached to other text.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass

from archivist.annotations.anchoring import Anchor, anchor_at, exact_occurrences
from archivist.annotations.fuzzy import approximate_matches, distance_profile
from archivist.annotations.history import recording
from archivist.annotations.records import SpanOutcome, TextChangeReport
from archivist.archive.archive import Archive
from archivist.dates import utc_now_iso
from archivist.errors import ExtractionError, NotFoundError
from archivist.text import normalise_text, text_fingerprint

# A quote found again by text alone must keep at least this share of its old context (see
# context_score), unless it is long enough to be unmistakable; an approximate match always.
MIN_CONTEXT = 0.5
UNMISTAKABLE_QUOTE = 24
MAX_OCCURRENCES = 2000
# Approximate matching: quotes shorter than this are too ambiguous; at most this share of
# the quote's characters may differ; searched this far around where the span should be.
MIN_FUZZY_QUOTE = 8
MAX_FUZZY_SHARE = 0.25
MIN_FUZZY_CONTEXT = 0.6
FUZZY_WINDOW = 2000


@dataclass(frozen=True)
class Reanchored:
    """Where a span is in the new text, and how it was found (`anchor` None: orphaned)."""

    anchor: Anchor | None
    method: str  # position, quote, fuzzy, orphaned
    distance: int = 0


class TextMap:
    """Maps offsets of an old text onto a new one, through a word-level diff.

    The unchanged head and tail are matched directly, so the diff only runs over the part
    that changed.
    """

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        head = 0
        limit = min(len(old), len(new))
        while head < limit and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        blocks: list[tuple[int, int, int]] = []  # (old start, new start, length)
        if head:
            blocks.append((0, 0, head))
        old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]
        if old_mid and new_mid:
            old_tokens = _tokens(old_mid)
            new_tokens = _tokens(new_mid)
            matcher = difflib.SequenceMatcher(
                None, [t for t, _ in old_tokens], [t for t, _ in new_tokens], autojunk=True
            )
            for i, j, size in matcher.get_matching_blocks():
                if size == 0:
                    continue
                old_start = head + old_tokens[i][1]
                new_start = head + new_tokens[j][1]
                last_old = old_tokens[i + size - 1]
                length = last_old[1] + len(last_old[0]) - old_tokens[i][1]
                blocks.append((old_start, new_start, length))
        if tail:
            blocks.append((len(old) - tail, len(new) - tail, tail))
        self.blocks = blocks
        self._starts = [b[0] for b in blocks]

    def _block(self, position: int) -> tuple[int, int, int] | None:
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return None
        block = self.blocks[index]
        return block if position < block[0] + block[2] else None

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of old [start, end) when it lies within one unchanged stretch."""
        block = self._block(start)
        if block is None or end > block[0] + block[2]:
            return None
        shift = block[1] - block[0]
        return start + shift, end + shift

    def expected(self, position: int) -> int:
        """Where old `position` most likely is in the new text."""
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return min(position, len(self.new))
        old_start, new_start, length = self.blocks[index]
        return min(new_start + min(position - old_start, length), len(self.new))


_TOKEN = re.compile(r"\S+\s*|\s+")


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in _TOKEN.finditer(text)]


def _kept(old: str, new: str) -> int:
    """How many characters of `old` survive in `new` (its length minus the edit distance)."""
    if not old or not new:
        return 0
    if old == new:
        return len(old)
    return max(0, len(old) - distance_profile(old, new, anchored=True)[-1])


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How much of the old context (prefix + suffix) still surrounds [start, end), from 0 to
    1, by edit distance: a changed space or comma next to the span costs one character, an
    unrelated sentence scores about a quarter."""
    total = len(prefix) + len(suffix)
    if total == 0:
        return 1.0
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return (_kept(prefix, before) + _kept(suffix, after)) / total


def reanchor(
    anchor: Anchor,
    new_text: str,
    text_map: TextMap | None = None,
    *,
    trust_position: bool = True,
) -> Reanchored:
    """Find a span again in `new_text`.

    1. by position: through `text_map` (a diff from the old text) when there is one, else at
       the same offsets, the quote must be there (and, without a diff, its context too);
    2. by quote and context: an exact occurrence of the quote whose surroundings agree with
       the old context better than any other occurrence;
    3. approximately: text within a quarter of the quote's length in edits, near where the
       span should be, with its context agreeing, and no equally good rival.
    Otherwise the span is orphaned. `trust_position` false skips step 1 (an orphan's
    offsets mean nothing any more).
    """
    quote = anchor.quote
    if trust_position:
        if text_map is not None:
            mapped = text_map.map_span(anchor.start, anchor.end)
            if mapped is not None and new_text[mapped[0] : mapped[1]] == quote:
                return Reanchored(anchor_at(new_text, *mapped), "position")
        elif new_text[anchor.start : anchor.end] == quote and (
            context_score(new_text, anchor.start, anchor.end, anchor.prefix, anchor.suffix) >= 0.5
        ):
            return Reanchored(anchor_at(new_text, anchor.start, anchor.end), "position")
    expected = (
        text_map.expected(anchor.start)
        if text_map is not None
        else min(anchor.start, len(new_text))
    )

    found = _by_quote(anchor, new_text, expected)
    if found is not None:
        return Reanchored(anchor_at(new_text, *found), "quote")
    fuzzy = _by_approximation(anchor, new_text, expected)
    if fuzzy is not None:
        start, end, distance = fuzzy
        return Reanchored(anchor_at(new_text, start, end), "fuzzy", distance)
    return Reanchored(None, "orphaned")


def _by_quote(anchor: Anchor, text: str, expected: int) -> tuple[int, int] | None:
    spans = exact_occurrences(text, anchor.quote, limit=MAX_OCCURRENCES)
    if not spans:
        return None
    scored = sorted(
        ((context_score(text, s, e, anchor.prefix, anchor.suffix), s, e) for s, e in spans),
        key=lambda item: (-item[0], abs(item[1] - expected)),
    )
    best_score, start, end = scored[0]
    if len(scored) == 1:
        if best_score >= MIN_CONTEXT or len(anchor.quote) >= UNMISTAKABLE_QUOTE:
            return start, end
        return None
    runner_up = scored[1][0]
    if best_score >= MIN_CONTEXT and best_score > runner_up:
        return start, end
    # Occurrences in identical surroundings (a repeated paragraph): the nearest to where
    # the span was is the same text in every respect that can be checked.
    if best_score >= 0.75 and best_score == runner_up:
        return start, end
    return None


def _by_approximation(anchor: Anchor, text: str, expected: int) -> tuple[int, int, int] | None:
    quote = anchor.quote
    if len(quote) < MIN_FUZZY_QUOTE:
        return None
    max_distance = max(1, int(len(quote) * MAX_FUZZY_SHARE))
    reach = FUZZY_WINDOW + 2 * len(quote)
    matches = approximate_matches(
        quote, text, max_distance, lo=expected - reach, hi=expected + len(quote) + reach
    )
    if not matches:
        return None
    ranked = sorted(
        (
            (m.distance, -context_score(text, m.start, m.end, anchor.prefix, anchor.suffix), m)
            for m in matches
        ),
        key=lambda item: (item[0], item[1], abs(item[2].start - expected)),
    )
    distance, negative_score, best = ranked[0]
    score = -negative_score
    if len(ranked) > 1 and ranked[1][0] == distance and ranked[1][1] == negative_score:
        return None  # two equally good candidates: guessing could pick the wrong one
    if score < MIN_FUZZY_CONTEXT:
        return None
    return best.start, best.end, distance


# --- applying a new text to an article ------------------------------------------------------

_SPAN_TABLES = (("mentions", "mention"), ("claims", "claim"), ("span_notes", "note"))


def set_article_text(
    archive: Archive,
    article_id: int,
    new_text: str,
    *,
    action: str = "article.text",
    summary: str | None = None,
    provenance: dict[str, str | None] | None = None,
) -> TextChangeReport:
    """Replace an article's text and re-anchor every mention, claim and span note on it, in one
    recorded change (undo restores the old text and the old anchors).

    The text is normalised as at import. Spans found again get the new offsets, quote and
    context; spans not found are marked orphaned, keeping their last offsets and quote.
    `provenance` holds what comes with a text extracted again (the columns "ocr" and
    "page_starts", stored as the importer stores them), changed in the same record even
    when the text is not.
    """
    db = archive.db
    row = db.execute(
        "SELECT text, ocr, page_starts FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    old_text = str(row[0])
    new_text = normalise_text(new_text)
    if not new_text:
        raise ExtractionError("the new text is empty; the article keeps its text")
    report = TextChangeReport(article_id=article_id, changed=new_text != old_text)
    provided = {
        column: value
        for column, value in (provenance or {}).items()
        if value != {"ocr": row[1], "page_starts": row[2]}.get(column)
    }
    if not report.changed and not provided:
        return report
    text_map = TextMap(old_text, new_text)
    now = utc_now_iso()
    with recording(archive, action, summary or f"new text for article {article_id}") as changes:
        if provided:
            changes.update("articles", {"id": article_id}, provided)
        if not report.changed:
            return report
        changes.update(
            "articles",
            {"id": article_id},
            {"text": new_text, "text_sha256": text_fingerprint(new_text)},
        )
        for table, kind in _SPAN_TABLES:
            rows = db.execute(
                f"SELECT id, span_start, span_end, quote, prefix, suffix, anchor FROM {table} "
                "WHERE article_id = ? ORDER BY id",
                [article_id],
            ).fetchall()
            for span_id, start, end, quote, prefix, suffix, state in rows:
                old = Anchor(start, end, quote, prefix, suffix)
                result = reanchor(old, new_text, text_map, trust_position=state != "orphaned")
                if result.anchor is None:
                    values: dict[str, object] = {"anchor": "orphaned"}
                else:
                    values = {
                        **result.anchor.columns(),
                        "anchor": "fuzzy" if result.method == "fuzzy" else "ok",
                    }
                if changes.update(table, {"id": span_id}, values):
                    changes.update(table, {"id": span_id}, {"updated_at": now})
                new = result.anchor
                report.spans.append(
                    SpanOutcome(
                        kind=kind,
                        id=span_id,
                        method=result.method,
                        old_start=start,
                        old_end=end,
                        start=new.start if new else None,
                        end=new.end if new else None,
                        quote=new.quote if new else quote,
                    )
                )
    return report
