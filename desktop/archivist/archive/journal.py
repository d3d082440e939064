"""The archive's one journal of changes: every annotation and brief edit is a row of `history`
holding each row it changed, before and after — for audit, undo and redo.

Two journals share the table. Annotations keep one undo stack for the whole archive (each
entry done, undone or discarded: see annotations.history); each brief keeps its own chain,
its undo and redo recorded as entries of their own (see briefs.undo). Both replay their rows
through archive.row_replay.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from archivist.dates import utc_now_iso

ANNOTATIONS = "annotations"
BRIEFS = "briefs"


def current_user() -> str:
    """The OS user name, recorded as the author of each change."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


def record(
    db: Database,
    journal: str,
    action: str,
    summary: str,
    changes: list[dict[str, Any]],
    *,
    brief_id: int | None = None,
    article_ids: Iterable[int] = (),
    at: str | None = None,
) -> int:
    """Write one change to `journal` (ANNOTATIONS, or BRIEFS with the brief it changed),
    inside the change's own transaction; returns its id.

    Args:
        article_ids: the articles whose index entries the change touches (annotations).
        at: when it was made (default: now).
    """
    cursor = db.execute(
        "INSERT INTO history (journal, brief_id, at, user, action, summary, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            journal,
            brief_id,
            at or utc_now_iso(),
            current_user(),
            action,
            summary,
            json.dumps(changes, ensure_ascii=False),
        ],
    )
    history_id = int(cursor.lastrowid or 0)
    for article_id in sorted(set(article_ids)):
        db.execute(
            "INSERT INTO history_articles (history_id, article_id) VALUES (?, ?)",
            [history_id, article_id],
        )
    return history_id
