"""Reordering a brief's evidence: claims, excerpts and articles in the order of their sources."""

from __future__ import annotations

from archivist import annotations as ann
from archivist.archive.archive import Archive
from archivist.briefs.history import recording
from archivist.briefs.records import Brief, BriefItem
from archivist.briefs.store import _renumber, get_brief

_EVIDENCE_KINDS = ("claim", "excerpt", "article")


def sort_by_article(archive: Archive, brief_id: int) -> Brief:
    """Put each run of evidence items (claims, excerpts, articles between two other items)
    in the order of their articles (by publication date, then id) and, within an article,
    of where their quote is; headings, text and judgments stay where they are. One recorded
    change (undo puts the old order back).

    Raises:
        NotFoundError: no such brief.
    """
    brief = get_brief(archive, brief_id)
    articles: dict[int, tuple[str, int]] = {}

    def key(item: BriefItem) -> tuple[str, int, int]:
        article_id = item.article_id
        start = item.start or 0
        if item.kind == "claim" and item.claim:
            article_id, start = item.claim["article_id"], _claim_start(archive, item.claim_id)
        if article_id is None:  # (what no longer exists goes last)
            return ("\uffff", 0, 0)
        if article_id not in articles:
            published = archive.article(article_id).published or "\uffff"
            articles[article_id] = (published, article_id)
        return (*articles[article_id], start)

    order: list[int] = []
    run: list[BriefItem] = []
    for item in [*brief.items, None]:
        if item is not None and item.kind in _EVIDENCE_KINDS:
            run.append(item)
            continue
        order.extend(i.id for i in sorted(run, key=key))  # (stable: ties keep their order)
        run = []
        if item is not None:
            order.append(item.id)
    with recording(
        archive.db, brief_id, "item.move", f"sort brief {brief_id} by article"
    ) as changes:
        _renumber(changes, archive, brief_id, order=order)
    return get_brief(archive, brief_id)


def _claim_start(archive: Archive, claim_id: int | None) -> int:
    if claim_id is None:
        return 0
    return ann.get_claim(archive, claim_id).start
