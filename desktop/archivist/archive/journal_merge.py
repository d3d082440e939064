"""The data move of migration m0008: the two journals of before (annotation_history with
its articles, brief_history) copied into the one `history` table."""

from __future__ import annotations

import heapq
import json

from sqlite_utils import Database


def merge_journals(db: Database) -> None:
    """Copy both old journals into `history`, one sequence in the order of their times
    (heapq.merge keeps each journal's own order even where its clock went back)."""
    annotations = db.conn.execute(
        "SELECT id, at, user, action, summary, changes, state, undone_at, undone_by, "
        "redone_at, redone_by FROM annotation_history ORDER BY id"
    )
    brief_entries = db.conn.execute(
        "SELECT id, at, user, action, summary, changes, brief_id FROM brief_history ORDER BY id"
    )
    numbers: dict[str, dict[int, int]] = {"annotations": {}, "briefs": {}}
    merged = heapq.merge(
        (("annotations", row) for row in annotations),
        (("briefs", row) for row in brief_entries),
        key=lambda entry: entry[1][1],
    )
    for number, (journal, row) in enumerate(merged, start=1):
        old_id, at, user, action, summary, changes, *rest = row
        numbers[journal][old_id] = number
        if journal == "annotations":
            db.execute(
                "INSERT INTO history (id, journal, at, user, action, summary, changes, state, "
                "undone_at, undone_by, redone_at, redone_by) "
                "VALUES (?, 'annotations', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [number, at, user, action, summary, changes, *rest],
            )
            continue
        if action in ("brief.undo", "brief.redo"):
            changes = _renumbered_entries(changes, numbers["briefs"])
        db.execute(
            "INSERT INTO history (id, journal, brief_id, at, user, action, summary, changes) "
            "VALUES (?, 'briefs', ?, ?, ?, ?, ?, ?)",
            [number, rest[0], at, user, action, summary, changes],
        )
    db.conn.executemany(
        "INSERT INTO history_articles (history_id, article_id) VALUES (?, ?)",
        (
            (numbers["annotations"][history_id], article_id)
            for history_id, article_id in db.conn.execute(
                "SELECT history_id, article_id FROM annotation_history_articles"
            ).fetchall()
        ),
    )


def _renumbered_entries(raw: str, numbers: dict[int, int]) -> str:
    """A brief undo or redo's changes, naming the entry they replayed by its new number."""
    changes = json.loads(raw)
    for change in changes:
        if "entry" in change:
            change["entry"] = numbers.get(int(change["entry"]), change["entry"])
    return json.dumps(changes, ensure_ascii=False)
