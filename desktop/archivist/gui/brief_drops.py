"""What can be added to a brief by drag and drop or a context menu, and its MIME encoding."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtWidgets import QMenu, QWidget

from archivist import bounded_json
from archivist.briefs import Brief
from archivist.errors import InvalidValueError

#: JSON list of BriefAddition; offsets are Python code points (see gui/text_offsets.py).
BRIEF_ITEMS_MIME = "application/x-archivist-brief-items"
#: What the article table drags (comma-separated ids); a drop on a brief adds the articles.
ARTICLE_IDS_MIME = "application/x-archivist-article-ids"


@dataclass(frozen=True)
class BriefAddition:
    """One thing to add: a claim, an excerpt (article and span) or a whole article."""

    kind: str  # "claim" | "excerpt" | "article"
    claim_id: int | None = None
    article_id: int | None = None
    start: int | None = None
    end: int | None = None


def claim_addition(claim_id: int) -> BriefAddition:
    return BriefAddition("claim", claim_id=claim_id)


def excerpt_addition(article_id: int, start: int, end: int) -> BriefAddition:
    return BriefAddition("excerpt", article_id=article_id, start=start, end=end)


def article_addition(article_id: int) -> BriefAddition:
    return BriefAddition("article", article_id=article_id)


def put_additions(mime: QMimeData, additions: Sequence[BriefAddition]) -> QMimeData:
    mime.setData(BRIEF_ITEMS_MIME, QByteArray(json.dumps([asdict(a) for a in additions]).encode()))
    return mime


def read_additions(mime: QMimeData) -> list[BriefAddition]:
    """The additions a drag carries ([] when it carries none, or garbage from elsewhere)."""
    if mime.hasFormat(BRIEF_ITEMS_MIME):
        try:
            raw = bounded_json.loads(bytes(mime.data(BRIEF_ITEMS_MIME).data()), "a drag")
            return [
                BriefAddition(
                    kind=str(r["kind"]),
                    claim_id=r.get("claim_id"),
                    article_id=r.get("article_id"),
                    start=r.get("start"),
                    end=r.get("end"),
                )
                for r in raw
                if r.get("kind") in ("claim", "excerpt", "article")
            ]
        except (InvalidValueError, ValueError, TypeError, KeyError, AttributeError):
            return []  # a drag from another program that reuses our type's name
    if mime.hasFormat(ARTICLE_IDS_MIME):
        text = bytes(mime.data(ARTICLE_IDS_MIME).data()).decode()
        return [article_addition(int(i)) for i in text.split(",") if i.strip().isdigit()]
    return []


def add_to_brief_menu(
    parent: QWidget,
    briefs: Sequence[Brief],
    chosen: Callable[[int | None], None],
    *,
    enabled: bool = True,
) -> QMenu:
    """ "Add to Brief ▸ <titles> / New Brief…"; `chosen` gets a brief id, or None for a new one."""
    menu = QMenu("Add to &Brief", parent)
    menu.setEnabled(enabled)
    for brief in briefs:
        action = menu.addAction(brief.title.replace("&", "&&"))
        action.triggered.connect(lambda _checked=False, b=brief.id: chosen(b))
    if briefs:
        menu.addSeparator()
    new = menu.addAction("&New Brief…")
    new.triggered.connect(lambda _checked=False: chosen(None))
    return menu
