"""Sorting a brief's evidence by article: each run of claims, excerpts and articles follows
its articles' dates and the place of each quote; everything else stays; one undo."""

from __future__ import annotations

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive
from archivist.importers.pipeline import import_text


def test_evidence_runs_follow_their_articles(archive: Archive) -> None:
    later = (
        import_text(
            archive, "Later report. Troops left on Friday.", title="Later", published="2022-01-09"
        )
        .imported[0]
        .id
    )
    earlier = import_text(
        archive, "Early report. Protests began on Sunday. Prices rose.", title="Early",
        published="2022-01-02",
    ).imported[0].id  # fmt: skip
    rose = ann.add_claim(archive, earlier, quote="Prices rose", claimant="AFP").id
    began = ann.add_claim(archive, earlier, quote="Protests began on Sunday", claimant="AFP").id
    brief = briefs.create_brief(archive, "B").id
    items = [
        briefs.add_heading(archive, brief, "First"),
        briefs.add_excerpt(archive, brief, later, quote="Troops left on Friday"),
        briefs.add_claim_item(archive, brief, rose),
        briefs.add_claim_item(archive, brief, began),
        briefs.add_text(archive, brief, "Analyst text stays."),
        briefs.add_article_item(archive, brief, later),
        briefs.add_excerpt(archive, brief, earlier, quote="Early report"),
        briefs.add_judgment(archive, brief, "J", likelihood="likely", confidence="low"),
    ]
    ids = [item.id for item in items]
    before = [i.id for i in briefs.get_brief(archive, brief).items]
    sorted_brief = briefs.sort_by_article(archive, brief)
    assert [i.id for i in sorted_brief.items] == [
        ids[0],  # heading stays
        ids[3], ids[2], ids[1],  # the early article's claims (by place), then the later one
        ids[4],  # text stays
        ids[6], ids[5],  # the early excerpt, then the later article
        ids[7],  # the judgment stays
    ]  # fmt: skip
    assert [i.position for i in sorted_brief.items] == list(range(1, 9))
    briefs.undo_brief_change(archive, brief)
    assert [i.id for i in briefs.get_brief(archive, brief).items] == before
