"""Suggestions: an entity's untagged occurrences, in one article or the whole archive.

Its name and aliases are looked up in the search index to find candidate articles, whose
text is then scanned; suggestions are accepted one by one or all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from archivist.annotations import queries
from archivist.annotations.anchoring import anchor_at
from archivist.annotations.folding import find_names, fold_text
from archivist.annotations.history import recording
from archivist.annotations.mentions import insert_mention
from archivist.annotations.records import Mention, Suggestion
from archivist.archive.archive import Archive
from archivist.errors import AnchorError
from archivist.index import articles_with_all_words_of_any

_BATCH = 200


def candidate_article_ids(archive: Archive, names: Iterable[str]) -> list[int] | None:
    """Articles whose indexed text holds every word of at least one of the names, or None
    when a name has no indexable word (all stop words) and every article must be read.

    The index only narrows the search: its stems and folding make it a superset of the
    whole-word matches, which the text scan then decides.
    """
    return articles_with_all_words_of_any(archive.index, list(names))


def find_suggestions(
    archive: Archive,
    entity_id: int,
    *,
    article_id: int | None = None,
    limit: int | None = None,
) -> list[Suggestion]:
    """Occurrences of the entity's name and aliases (whole words, case and accents ignored,
    any script) not yet tagged as this entity, in one article or in all of them.

    An occurrence overlapping a mention of the entity counts as tagged. Ordered by article,
    then position; at most `limit`.
    """
    entity = queries.get_entity(archive.db, entity_id)
    names = entity.names
    if article_id is not None:
        queries.article_text(archive.db, article_id)
        ids: list[int] | None = [article_id]
    else:
        ids = candidate_article_ids(archive, names)
    suggestions: list[Suggestion] = []
    for rows in _article_batches(archive, ids):
        tagged = _tagged_spans(archive, entity_id, [r[0] for r in rows])
        for row_id, title, text in rows:
            taken = tagged.get(row_id, [])
            for match in find_names(fold_text(text), names):
                if any(match.start < end and start < match.end for start, end in taken):
                    continue
                anchor = anchor_at(text, match.start, match.end)
                suggestions.append(
                    Suggestion(
                        article_id=row_id,
                        start=anchor.start,
                        end=anchor.end,
                        quote=anchor.quote,
                        prefix=anchor.prefix,
                        suffix=anchor.suffix,
                        name=match.name,
                        article_title=title,
                    )
                )
                if limit is not None and len(suggestions) >= limit:
                    return suggestions
    return suggestions


def _article_batches(archive: Archive, ids: list[int] | None) -> Iterable[list[tuple[Any, ...]]]:
    db = archive.db
    if ids is None:
        last = 0
        while True:
            rows = db.execute(
                "SELECT id, title, text FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                [last, _BATCH],
            ).fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]
    else:
        for begin in range(0, len(ids), _BATCH):
            chunk = ids[begin : begin + _BATCH]
            marks = ", ".join("?" for _ in chunk)
            yield db.execute(
                f"SELECT id, title, text FROM articles WHERE id IN ({marks}) ORDER BY id", chunk
            ).fetchall()


def _tagged_spans(
    archive: Archive, entity_id: int, article_ids: list[int]
) -> dict[int, list[tuple[int, int]]]:
    spans: dict[int, list[tuple[int, int]]] = {}
    if not article_ids:
        return spans
    marks = ", ".join("?" for _ in article_ids)
    for article_id, start, end in archive.db.execute(
        f"SELECT article_id, span_start, span_end FROM mentions WHERE entity_id = ? "
        f"AND anchor != 'orphaned' AND article_id IN ({marks})",
        [entity_id, *article_ids],
    ).fetchall():
        spans.setdefault(article_id, []).append((start, end))
    return spans


def accept_suggestions(
    archive: Archive, entity_id: int, suggestions: Sequence[Suggestion]
) -> list[Mention]:
    """Tag the given suggestions as mentions of the entity, as one change (one undo).

    Each is checked against the article's text as it is now; one whose text changed since
    it was suggested raises AnchorError and nothing is tagged. Suggestions already tagged
    are skipped.
    """
    entity = queries.get_entity(archive.db, entity_id)
    db = archive.db
    texts: dict[int, str] = {}
    anchors = []
    for suggestion in suggestions:
        if suggestion.article_id not in texts:
            texts[suggestion.article_id] = queries.article_text(db, suggestion.article_id)
        text = texts[suggestion.article_id]
        if text[suggestion.start : suggestion.end] != suggestion.quote:
            raise AnchorError(
                f"article {suggestion.article_id} changed since the suggestion at "
                f"{suggestion.start}–{suggestion.end}; ask for suggestions again"
            )
        anchors.append((suggestion.article_id, anchor_at(text, suggestion.start, suggestion.end)))
    created: list[int] = []
    summary = f"tag {len(anchors)} suggested mention(s) of {entity.name}"
    with recording(archive, "mention.accept_suggestions", summary) as changes:
        for article_id, anchor in anchors:
            exists = db.execute(
                "SELECT 1 FROM mentions WHERE article_id = ? AND entity_id = ? AND span_start = ? "
                "AND span_end = ? AND anchor != 'orphaned'",
                [article_id, entity_id, anchor.start, anchor.end],
            ).fetchone()
            if exists is None:
                created.append(insert_mention(changes, article_id, entity_id, anchor))
    return [queries.get_mention(db, mention_id) for mention_id in created]
