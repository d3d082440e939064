"""Briefs in the archive database: create, read, edit, reorder, duplicate, each recorded."""

from __future__ import annotations

import json
from datetime import date as _date
from typing import Any

from archivist import annotations as ann
from archivist.annotations.anchoring import resolve_span
from archivist.archive.archive import Archive
from archivist.briefs import prose, values, yardsticks
from archivist.briefs.history import BriefChanges, list_history, recording
from archivist.briefs.records import Brief, BriefHistoryEntry, BriefItem
from archivist.briefs.resolve import resolve_items
from archivist.dates import utc_now_iso
from archivist.errors import InvalidValueError, NotFoundError

_UNSET: Any = object()

_BRIEF_COLUMNS = "id, title, marking, author, date, summary, created_at, updated_at, yardstick"
_ITEM_COLUMNS = (
    "id, brief_id, position, kind, text, level, claim_id, article_id, span_start, span_end, "
    "quote, prefix, suffix, note, created_at, updated_at, likelihood, confidence, basis, "
    "evidence"
)
# Item columns a duplicate copies (everything but identity and timestamps).
_COPIED = (
    "position, kind, text, level, claim_id, article_id, span_start, span_end, quote, prefix, "
    "suffix, note, likelihood, confidence, basis, evidence"
)


def _item(row: Any) -> BriefItem:
    item = BriefItem(*row)
    if isinstance(item.evidence, str):
        item.evidence = json.loads(item.evidence)
    return item


# --- reading --------------------------------------------------------------------------------


def _brief_row(archive: Archive, brief_id: int) -> Brief:
    row = archive.db.execute(
        f"SELECT {_BRIEF_COLUMNS} FROM briefs WHERE id = ?", [brief_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no brief with id {brief_id}")
    return Brief(*row)


def _item_rows(archive: Archive, brief_id: int) -> list[BriefItem]:
    rows = archive.db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM brief_items WHERE brief_id = ? ORDER BY position, id",
        [brief_id],
    ).fetchall()
    return [_item(row) for row in rows]


def get_brief(archive: Archive, brief_id: int) -> Brief:
    """The brief with its items in order (NotFoundError when there is none)."""
    brief = _brief_row(archive, brief_id)
    brief.items = _item_rows(archive, brief_id)
    brief.item_count = len(brief.items)
    resolve_items(archive, brief.items)
    return brief


def list_briefs(archive: Archive) -> list[Brief]:
    """Every brief, most recently changed first, without items (see `item_count`)."""
    rows = archive.db.execute(
        f"SELECT {_BRIEF_COLUMNS}, (SELECT count(*) FROM brief_items i WHERE i.brief_id = b.id) "
        "FROM briefs b ORDER BY updated_at DESC, id DESC"
    ).fetchall()
    briefs = []
    for row in rows:
        brief = Brief(*row[:-1])
        brief.item_count = row[-1]
        briefs.append(brief)
    return briefs


def get_item(archive: Archive, brief_id: int, item_id: int) -> BriefItem:
    """One item of a brief (NotFoundError when the brief or the item does not exist)."""
    _brief_row(archive, brief_id)
    row = archive.db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM brief_items WHERE id = ? AND brief_id = ?",
        [item_id, brief_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"brief {brief_id} has no item {item_id}")
    item = _item(row)
    resolve_items(archive, [item])
    return item


def brief_of_item(archive: Archive, item_id: int) -> int:
    """The id of the brief item `item_id` belongs to (NotFoundError when there is none)."""
    row = archive.db.execute("SELECT brief_id FROM brief_items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no brief item {item_id}")
    return int(row[0])


def brief_history(
    archive: Archive, brief_id: int, *, limit: int = 100, with_changes: bool = False
) -> list[BriefHistoryEntry]:
    """The recorded changes to a brief, newest first (kept after the brief is deleted).

    Raises:
        NotFoundError: no such brief, and none ever had this id.
    """
    entries = list_history(archive.db, brief_id, limit=limit, with_changes=with_changes)
    if not entries:
        _brief_row(archive, brief_id)
    return entries


# --- the brief itself -----------------------------------------------------------------------


def create_brief(
    archive: Archive,
    title: str,
    *,
    marking: str | None = None,
    author: str | None = None,
    date: str | None = None,
    summary: str | None = None,
    yardstick: str | None = None,
) -> Brief:
    """Create an empty brief.

    Args:
        title: the brief's title (one line, not blank).
        marking: the handling marking printed in every header and footer.
        author: who writes it.
        date: its date (YYYY-MM-DD, YYYY-MM or YYYY); today when None.
        summary: the bottom line up front.
        yardstick: the probability yardstick of its key judgments ("icd203", the default,
            or "phia"; see briefs.yardsticks).

    Raises:
        InvalidValueError: blank title, unreadable date, a value too long, an unknown
            yardstick.
    """
    row = {
        "title": values.clean_title(title),
        "marking": values.clean_marking(marking),
        "author": values.clean_author(author),
        "date": values.clean_date(date) or _date.today().isoformat(),
        "summary": values.clean_text(summary, "the summary"),
        "yardstick": yardsticks.yardstick(yardstick).key,
    }
    now = utc_now_iso()
    with recording(archive.db, None, "brief.create", f"create brief {row['title']!r}") as changes:
        brief_id = changes.insert("briefs", {**row, "created_at": now, "updated_at": now})
    return get_brief(archive, brief_id)


def edit_brief(
    archive: Archive,
    brief_id: int,
    *,
    title: str | None = _UNSET,
    marking: str | None = _UNSET,
    author: str | None = _UNSET,
    date: str | None = _UNSET,
    summary: str | None = _UNSET,
) -> Brief:
    """Change the brief's title block or summary; arguments left out stay, None (or blank)
    clears marking, author, date or summary. The old values stay in the history."""
    _brief_row(archive, brief_id)
    changed: dict[str, Any] = {}
    if title is not _UNSET:
        changed["title"] = values.clean_title(title)
    if marking is not _UNSET:
        changed["marking"] = values.clean_marking(marking)
    if author is not _UNSET:
        changed["author"] = values.clean_author(author)
    if date is not _UNSET:
        changed["date"] = values.clean_date(date)
    if summary is not _UNSET:
        changed["summary"] = values.clean_text(summary, "the summary")
    with recording(archive.db, brief_id, "brief.edit", f"edit brief {brief_id}") as changes:
        changes.update("briefs", {"id": brief_id}, changed)
    return get_brief(archive, brief_id)


def delete_brief(archive: Archive, brief_id: int) -> Brief:
    """Delete a brief and its items (its history is kept)."""
    brief = get_brief(archive, brief_id)
    with recording(
        archive.db, brief_id, "brief.delete", f"delete brief {brief.title!r}"
    ) as changes:
        for item in brief.items:
            changes.delete("brief_items", {"id": item.id})
        changes.delete("briefs", {"id": brief_id})
    return brief


def duplicate_brief(archive: Archive, brief_id: int, *, title: str | None = None) -> Brief:
    """A copy of the brief with all its items (new ids), titled `title` or "Copy of …"."""
    source = _brief_row(archive, brief_id)
    new_title = values.clean_title(
        title if title is not None else f"Copy of {source.title}"[: values.MAX_TITLE_CHARS]
    )
    now = utc_now_iso()
    with recording(archive.db, None, "brief.duplicate", f"duplicate brief {brief_id}") as changes:
        new_id = changes.insert(
            "briefs",
            {
                "title": new_title,
                "marking": source.marking,
                "author": source.author,
                "date": source.date,
                "summary": source.summary,
                "yardstick": source.yardstick,
                "created_at": now,
                "updated_at": now,
            },
        )
        columns = [c.strip() for c in _COPIED.split(",")]
        for row in archive.db.execute(
            f"SELECT {_COPIED} FROM brief_items WHERE brief_id = ? ORDER BY position, id",
            [brief_id],
        ).fetchall():
            record = dict(zip(columns, row, strict=True))
            changes.insert(
                "brief_items", {"brief_id": new_id, **record, "created_at": now, "updated_at": now}
            )
    return get_brief(archive, new_id)


# --- items ----------------------------------------------------------------------------------


def _count(archive: Archive, brief_id: int) -> int:
    return int(
        archive.db.execute(
            "SELECT count(*) FROM brief_items WHERE brief_id = ?", [brief_id]
        ).fetchone()[0]
    )


def _insert_item(
    archive: Archive, brief_id: int, values_: dict[str, Any], position: int | None, summary: str
) -> BriefItem:
    _brief_row(archive, brief_id)
    count = _count(archive, brief_id)
    position = values.check_position(position, count + 1) or count + 1
    now = utc_now_iso()
    with recording(archive.db, brief_id, "item.add", summary) as changes:
        # Make room: the items from `position` on move down by one.
        _renumber(changes, archive, brief_id, shift_from=position)
        item_id = changes.insert(
            "brief_items",
            {
                "brief_id": brief_id,
                "position": position,
                **values_,
                "created_at": now,
                "updated_at": now,
            },
        )
    return get_item(archive, brief_id, item_id)


def _renumber(
    changes: BriefChanges,
    archive: Archive,
    brief_id: int,
    *,
    order: list[int] | None = None,
    shift_from: int | None = None,
) -> None:
    """Give items positions 1..n in `order` (ids), or shift those from `shift_from` by one."""
    rows = archive.db.execute(
        "SELECT id, position FROM brief_items WHERE brief_id = ? ORDER BY position, id",
        [brief_id],
    ).fetchall()
    if order is None:
        order = [row[0] for row in rows]
    current = dict(rows)
    for index, item_id in enumerate(order, start=1):
        wanted = index if shift_from is None or index < shift_from else index + 1
        if current.get(item_id) != wanted:
            changes.update("brief_items", {"id": item_id}, {"position": wanted})


def add_heading(
    archive: Archive,
    brief_id: int,
    text: str,
    *,
    level: int | str | None = 1,
    note: str | None = None,
    position: int | None = None,
) -> BriefItem:
    """Add a heading: level 1 opens a section, level 2 is a sub-heading in one."""
    row = {
        "kind": "heading",
        "text": values.clean_title(text),
        "level": values.clean_level(level),
        "note": values.clean_text(note, "the note"),
    }
    return _insert_item(archive, brief_id, row, position, f"add heading {row['text']!r}")


def add_text(
    archive: Archive,
    brief_id: int,
    text: str,
    *,
    note: str | None = None,
    position: int | None = None,
) -> BriefItem:
    """Add a passage of the analyst's own text: blank lines separate paragraphs; **bold**,
    *italic*, "- " bullets and inline citations [@claim:ID] / [@excerpt:ITEM] (see
    briefs.prose), exported as Word footnotes where they stand.

    Raises:
        NotFoundError: a cited claim or excerpt item does not exist.
    """
    row = {
        "kind": "text",
        "text": _checked_prose(archive, brief_id, values.clean_required_text(text, "the text")),
        "note": values.clean_text(note, "the note"),
    }
    return _insert_item(archive, brief_id, row, position, "add text")


def _checked_prose(archive: Archive, brief_id: int, text: str) -> str:
    """`text`, once every claim and excerpt it cites inline (see briefs.prose) exists."""
    for cited in prose.citations(text):
        if cited.kind == "claim":
            ann.get_claim(archive, cited.ident)  # NotFoundError names it
        elif get_item(archive, brief_id, cited.ident).kind != "excerpt":
            raise InvalidValueError(f"item {cited.ident} of the brief is not an excerpt")
    return text


def add_claim_item(
    archive: Archive,
    brief_id: int,
    claim_id: int,
    *,
    note: str | None = None,
    position: int | None = None,
) -> BriefItem:
    """Add a claim: exported as a quote with attribution, grade and status, cited in a
    footnote; the claim's own note and `note` become comments on the quote.

    Raises:
        NotFoundError: no such brief or claim.
    """
    ann.get_claim(archive, claim_id)
    row = {"kind": "claim", "claim_id": claim_id, "note": values.clean_text(note, "the note")}
    return _insert_item(archive, brief_id, row, position, f"add claim {claim_id}")


def add_excerpt(
    archive: Archive,
    brief_id: int,
    article_id: int,
    *,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    nth: int | None = None,
    note: str | None = None,
    position: int | None = None,
) -> BriefItem:
    """Add an excerpt: a span of an article, given by offsets or by a quote (`nth`
    occurrence), anchored like annotations.

    Raises:
        NotFoundError: no such brief or article.
        AnchorError: the span is not in the article's text.
    """
    _brief_row(archive, brief_id)
    anchor = resolve_span(
        archive.article(article_id).text, start=start, end=end, quote=quote, nth=nth
    )
    row = {
        "kind": "excerpt",
        "article_id": article_id,
        **anchor.columns(),
        "note": values.clean_text(note, "the note"),
    }
    return _insert_item(archive, brief_id, row, position, f"add excerpt of article {article_id}")


def add_article_item(
    archive: Archive,
    brief_id: int,
    article_id: int,
    *,
    note: str | None = None,
    position: int | None = None,
) -> BriefItem:
    """Add a reference to a whole article (cited in a footnote and the list of sources)."""
    archive.article(article_id)
    row = {"kind": "article", "article_id": article_id, "note": values.clean_text(note, "the note")}
    return _insert_item(archive, brief_id, row, position, f"add article {article_id}")


def edit_item(
    archive: Archive,
    brief_id: int,
    item_id: int,
    *,
    text: str | None = _UNSET,
    level: int | str | None = None,
    note: str | None = _UNSET,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    nth: int | None = None,
) -> BriefItem:
    """Change an item: the text and level of a heading, the text of an analyst-text item,
    the span of an excerpt, and the note of any item (None or blank clears the note).

    Raises:
        NotFoundError: no such brief or item.
        InvalidValueError: a change that does not fit the item's kind.
    """
    item = get_item(archive, brief_id, item_id)
    changed: dict[str, Any] = {}
    if text is not _UNSET:
        if item.kind == "heading":
            changed["text"] = values.clean_title(text)
        elif item.kind == "text":
            changed["text"] = _checked_prose(
                archive, brief_id, values.clean_required_text(text, "the text")
            )
        elif item.kind == "judgment":
            changed["text"] = values.clean_required_text(text, "the text")
        else:
            raise InvalidValueError(f"item {item_id} is {_a(item.kind)}: it has no text to edit")
    if level is not None:
        if item.kind != "heading":
            raise InvalidValueError(
                f"item {item_id} is {_a(item.kind)}, not a heading: it has no level"
            )
        changed["level"] = values.clean_level(level)
    if start is not None or end is not None or quote is not None or nth is not None:
        if item.kind != "excerpt":
            raise InvalidValueError(
                f"item {item_id} is {_a(item.kind)}, not an excerpt: it has no span"
            )
        assert item.article_id is not None
        anchor = resolve_span(
            archive.article(item.article_id).text, start=start, end=end, quote=quote, nth=nth
        )
        changed.update(
            span_start=anchor.start,
            span_end=anchor.end,
            quote=anchor.quote,
            prefix=anchor.prefix,
            suffix=anchor.suffix,
        )
    if note is not _UNSET:
        changed["note"] = values.clean_text(note, "the note")
    with recording(archive.db, brief_id, "item.edit", f"edit item {item_id}") as changes:
        if changes.update("brief_items", {"id": item_id}, changed):
            changes.update("brief_items", {"id": item_id}, {"updated_at": utc_now_iso()})
    return get_item(archive, brief_id, item_id)


def move_item(
    archive: Archive,
    brief_id: int,
    item_id: int,
    *,
    to: int | None = None,
    before: int | None = None,
    after: int | None = None,
    by: int | None = None,
) -> BriefItem:
    """Move an item: to a 1-based position, before or after another item, or `by` places
    (negative: up). Give exactly one of them.

    Raises:
        NotFoundError: no such brief or item.
        InvalidValueError: no or several destinations, or one outside the brief.
    """
    given = [
        name
        for name, value in (("to", to), ("before", before), ("after", after), ("by", by))
        if value is not None
    ]
    if len(given) != 1:
        raise InvalidValueError(
            "give one destination: a position, an item to go before or after, or a number of places"
        )
    brief = get_brief(archive, brief_id)
    if brief.item(item_id) is None:
        raise NotFoundError(f"brief {brief_id} has no item {item_id}")
    order = [i.id for i in brief.items]
    old_index = order.index(item_id)
    order.remove(item_id)
    if to is not None:
        index = values.check_position(to, len(order) + 1)
        assert index is not None
        index -= 1
    elif by is not None:
        index = old_index + by
        if not 0 <= index <= len(order):
            raise InvalidValueError(
                f"item {item_id} is at position {old_index + 1} of {len(order) + 1}: it cannot move by {by}"
            )
    else:
        other = before if before is not None else after
        assert other is not None
        if other == item_id:
            raise InvalidValueError("an item cannot move relative to itself")
        if other not in order:
            raise NotFoundError(f"brief {brief_id} has no item {other}")
        index = order.index(other) + (0 if before is not None else 1)
    order.insert(index, item_id)
    moved = next(i for i in brief.items if i.id == item_id)
    if index == old_index - 1:
        where = "up"
    elif index == old_index + 1:
        where = "down"
    else:
        where = f"to position {index + 1}"
    with recording(
        archive.db, brief_id, "item.move", f"Move {item_name(moved)} {where}"
    ) as changes:
        _renumber(changes, archive, brief_id, order=order)
    return get_item(archive, brief_id, item_id)


def item_name(item: BriefItem) -> str:
    """An item as the Edit menu names it: "‘Casualties’" (a heading), "the excerpt
    ‘…’", "claim 12"."""
    words = item.text if item.kind in ("heading", "text", "judgment") else item.quote
    if words:
        flat = " ".join(words.split())
        flat = flat if len(flat) <= 40 else flat[:39].rstrip() + "…"
        return f"‘{flat}’" if item.kind == "heading" else f"the {item.kind} ‘{flat}’"
    if item.kind == "claim" and item.claim_id is not None:
        return f"claim {item.claim_id}"
    if item.article_id is not None:
        return f"article {item.article_id}"
    return f"item {item.id}"


def remove_item(archive: Archive, brief_id: int, item_id: int) -> BriefItem:
    """Remove an item from the brief (the claim or article it cites stays in the archive)."""
    item = get_item(archive, brief_id, item_id)
    with recording(
        archive.db, brief_id, "item.remove", f"remove {item.kind} item {item_id}"
    ) as changes:
        changes.delete("brief_items", {"id": item_id})
        _renumber(changes, archive, brief_id)
    return item


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
