"""The brief model: creating, editing, ordering, duplicating and deleting briefs and items,
their history, excerpts anchored like annotations, and refusals that change nothing."""

from __future__ import annotations

import pytest

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive, open_archive
from archivist.archive.migrations import known_migration_names
from archivist.errors import AnchorError, InvalidValueError, NotFoundError
from archivist.importers.pipeline import import_text

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty. The authorities announced that around 2,300 people had been arrested "
    "in Almaty alone. Protesters said the square was still occupied."
)


@pytest.fixture
def article(archive: Archive) -> int:
    return (
        import_text(archive, TEXT, title="Almaty", source="AFP", published="2022-01-06")
        .imported[0]
        .id
    )


@pytest.fixture
def claim(archive: Archive, article: int) -> int:
    return ann.add_claim(
        archive, article, quote="around 2,300 people had been arrested", claimant="the authorities"
    ).id


@pytest.fixture
def brief(archive: Archive) -> int:
    return briefs.create_brief(
        archive, "Kazakhstan", marking="OFFICIAL-SENSITIVE", date="2022-01-07"
    ).id


def _state(archive: Archive) -> tuple:
    db = archive.db
    return (
        db.execute("SELECT * FROM briefs ORDER BY id").fetchall(),
        db.execute("SELECT * FROM brief_items ORDER BY id").fetchall(),
        db.execute("SELECT count(*) FROM brief_history").fetchone()[0],
    )


def _order(archive: Archive, brief_id: int) -> list[int]:
    return [item.id for item in briefs.get_brief(archive, brief_id).items]


def test_the_briefs_migrations_come_in_order() -> None:
    assert known_migration_names()[2:6] == [
        "m0003_create_briefs",
        "m0004_key_judgments",
        "m0005_brief_versions",
        "m0006_ach_matrices",
    ]


def test_a_new_brief_has_its_title_block(archive: Archive) -> None:
    brief = briefs.create_brief(
        archive,
        "  Kazakhstan:\tunrest  ",
        marking="OFFICIAL-SENSITIVE",
        author="Jane Analyst",
        date="7 Jan 2022",
        summary="Bottom line.\r\n\r\nSecond paragraph.",
    )
    assert brief.id >= 1
    assert brief.title == "Kazakhstan: unrest"
    assert (brief.marking, brief.author, brief.date) == (
        "OFFICIAL-SENSITIVE",
        "Jane Analyst",
        "2022-01-07",
    )
    assert brief.summary == "Bottom line.\n\nSecond paragraph."
    assert brief.items == [] and brief.item_count == 0
    assert briefs.create_brief(archive, "Undated").date  # today by default
    assert [b.id for b in briefs.list_briefs(archive)][-1] == brief.id


def test_items_of_every_kind_in_order_and_sections(
    archive: Archive, brief: int, article: int, claim: int
) -> None:
    h1 = briefs.add_heading(archive, brief, "Key judgements")
    text = briefs.add_text(archive, brief, "First.\n\nSecond.", note="check")
    c = briefs.add_claim_item(archive, brief, claim)
    h2 = briefs.add_heading(archive, brief, "Detail", level=2)
    ex = briefs.add_excerpt(
        archive, brief, article, quote="Protesters said the square was still occupied"
    )
    h3 = briefs.add_heading(archive, brief, "Background")
    ref = briefs.add_article_item(archive, brief, article, note="background")
    loaded = briefs.get_brief(archive, brief)
    assert [i.position for i in loaded.items] == list(range(1, 8))
    assert [i.kind for i in loaded.items] == [
        "heading",
        "text",
        "claim",
        "heading",
        "excerpt",
        "heading",
        "article",
    ]
    assert loaded.item_count == 7
    assert (
        c.claim is not None
        and c.claim["claimant"] == "the authorities"
        and c.claim["status"] == "unverified"
    )
    assert (
        TEXT[ex.start : ex.end] == ex.quote and ex.anchor == "ok" and ex.prefix and ex.suffix == "."
    )
    assert ref.article is not None and ref.article["source"] == "AFP"
    assert text.note == "check" and h2.level == 2
    sections = loaded.sections
    assert [s.heading.id for s in sections if s.heading] == [h1.id, h3.id]
    assert [i.id for i in sections[0].items] == [text.id, c.id, h2.id, ex.id]
    assert loaded.to_dict()["items"][0]["text"] == "Key judgements"


def test_items_before_the_first_heading_form_an_untitled_section(
    archive: Archive, brief: int
) -> None:
    briefs.add_text(archive, brief, "Lead.")
    briefs.add_heading(archive, brief, "One")
    sections = briefs.get_brief(archive, brief).sections
    assert sections[0].heading is None and [i.text for i in sections[0].items] == ["Lead."]


def test_insert_at_a_position_and_move_every_way(archive: Archive, brief: int) -> None:
    a, b, c, d = (briefs.add_text(archive, brief, t).id for t in "ABCD")
    e = briefs.add_text(archive, brief, "E", position=1).id
    assert _order(archive, brief) == [e, a, b, c, d]
    assert briefs.move_item(archive, brief, e, to=5).position == 5
    assert _order(archive, brief) == [a, b, c, d, e]
    briefs.move_item(archive, brief, d, before=a)
    assert _order(archive, brief) == [d, a, b, c, e]
    briefs.move_item(archive, brief, d, after=c)
    assert _order(archive, brief) == [a, b, c, d, e]
    briefs.move_item(archive, brief, a, by=1)
    briefs.move_item(archive, brief, e, by=-1)
    assert _order(archive, brief) == [b, a, c, e, d]
    positions = [i.position for i in briefs.get_brief(archive, brief).items]
    assert positions == [1, 2, 3, 4, 5]


def test_remove_renumbers_and_keeps_the_claim(archive: Archive, brief: int, claim: int) -> None:
    first = briefs.add_text(archive, brief, "A")
    item = briefs.add_claim_item(archive, brief, claim)
    last = briefs.add_text(archive, brief, "B")
    removed = briefs.remove_item(archive, brief, item.id)
    assert removed.id == item.id and removed.kind == "claim"
    assert [(i.id, i.position) for i in briefs.get_brief(archive, brief).items] == [
        (first.id, 1),
        (last.id, 2),
    ]
    assert ann.get_claim(archive, claim).id == claim


def test_edit_the_brief_and_its_items(archive: Archive, brief: int, article: int) -> None:
    edited = briefs.edit_brief(archive, brief, title="New title", marking=None, summary="BLUF")
    assert (edited.title, edited.marking, edited.summary, edited.date) == (
        "New title",
        None,
        "BLUF",
        "2022-01-07",
    )
    heading = briefs.add_heading(archive, brief, "Old")
    text = briefs.add_text(archive, brief, "Old text")
    excerpt = briefs.add_excerpt(archive, brief, article, quote="Almaty", nth=2)
    assert briefs.edit_item(archive, brief, heading.id, text="New", level=2).level == 2
    assert (
        briefs.edit_item(archive, brief, text.id, text="New text", note="a note").note == "a note"
    )
    assert briefs.edit_item(archive, brief, text.id, note=None).note is None
    moved = briefs.edit_item(archive, brief, excerpt.id, quote="main square")
    assert moved.quote == "main square" and TEXT[moved.start : moved.end] == "main square"


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda a, b, i, t, x: briefs.create_brief(a, "   "), InvalidValueError),
        (lambda a, b, i, t, x: briefs.create_brief(a, "x", date="not a date"), InvalidValueError),
        (lambda a, b, i, t, x: briefs.create_brief(a, "x" * 301), InvalidValueError),
        (lambda a, b, i, t, x: briefs.edit_brief(a, 999, title="x"), NotFoundError),
        (lambda a, b, i, t, x: briefs.edit_brief(a, b, title=""), InvalidValueError),
        (lambda a, b, i, t, x: briefs.add_text(a, 999, "x"), NotFoundError),
        (lambda a, b, i, t, x: briefs.add_text(a, b, " \n "), InvalidValueError),
        (lambda a, b, i, t, x: briefs.add_heading(a, b, "x", level=3), InvalidValueError),
        (lambda a, b, i, t, x: briefs.add_heading(a, b, "x", position=9), InvalidValueError),
        (lambda a, b, i, t, x: briefs.add_claim_item(a, b, 999), NotFoundError),
        (lambda a, b, i, t, x: briefs.add_article_item(a, b, 999), NotFoundError),
        (lambda a, b, i, t, x: briefs.add_excerpt(a, b, x, quote="not in the text"), AnchorError),
        (lambda a, b, i, t, x: briefs.add_excerpt(a, b, x, start=5, end=9999), AnchorError),
        (lambda a, b, i, t, x: briefs.add_excerpt(a, b, 999, quote="x"), NotFoundError),
        (lambda a, b, i, t, x: briefs.move_item(a, b, i, to=3), InvalidValueError),
        (lambda a, b, i, t, x: briefs.move_item(a, b, i, to=1, by=1), InvalidValueError),
        (lambda a, b, i, t, x: briefs.move_item(a, b, i, by=-1), InvalidValueError),
        (lambda a, b, i, t, x: briefs.move_item(a, b, i, before=999), NotFoundError),
        (lambda a, b, i, t, x: briefs.move_item(a, b, 999, to=1), NotFoundError),
        (lambda a, b, i, t, x: briefs.remove_item(a, b, 999), NotFoundError),
        (lambda a, b, i, t, x: briefs.remove_item(a, 999, i), NotFoundError),
        (lambda a, b, i, t, x: briefs.edit_item(a, b, i, level=2), InvalidValueError),
        (lambda a, b, i, t, x: briefs.edit_item(a, b, t, quote="Almaty"), InvalidValueError),
        (lambda a, b, i, t, x: briefs.edit_item(a, b, i, text="   "), InvalidValueError),
        (lambda a, b, i, t, x: briefs.duplicate_brief(a, 999), NotFoundError),
        (lambda a, b, i, t, x: briefs.delete_brief(a, 999), NotFoundError),
    ],
)
def test_refusals_are_typed_and_change_nothing(
    archive: Archive, brief: int, article: int, call, error
) -> None:
    item = briefs.add_text(archive, brief, "Only item").id
    heading = briefs.add_heading(archive, brief, "Heading").id
    before = _state(archive)
    with pytest.raises(error):
        call(archive, brief, item, heading, article)
    assert _state(archive) == before


def test_an_item_of_another_brief_is_not_found(archive: Archive, brief: int) -> None:
    other = briefs.create_brief(archive, "Other").id
    item = briefs.add_text(archive, other, "x").id
    with pytest.raises(NotFoundError, match=f"brief {brief} has no item {item}"):
        briefs.edit_item(archive, brief, item, text="y")


def test_duplicate_copies_items_with_new_ids(archive: Archive, brief: int, claim: int) -> None:
    briefs.add_heading(archive, brief, "One")
    briefs.add_claim_item(archive, brief, claim, note="n")
    copy = briefs.duplicate_brief(archive, brief)
    original = briefs.get_brief(archive, brief)
    assert (
        copy.id != brief
        and copy.title == "Copy of Kazakhstan"
        and copy.marking == "OFFICIAL-SENSITIVE"
    )
    assert [(i.kind, i.text, i.claim_id, i.note, i.position) for i in copy.items] == [
        (i.kind, i.text, i.claim_id, i.note, i.position) for i in original.items
    ]
    assert not {i.id for i in copy.items} & {i.id for i in original.items}
    briefs.add_text(archive, copy.id, "only in the copy")
    assert briefs.get_brief(archive, brief).item_count == 2
    assert briefs.duplicate_brief(archive, brief, title="Named").title == "Named"


def test_history_records_every_change_and_outlives_the_brief(archive: Archive, brief: int) -> None:
    item = briefs.add_text(archive, brief, "A")
    briefs.add_text(archive, brief, "B")
    briefs.edit_item(archive, brief, item.id, text="A2")
    briefs.move_item(archive, brief, item.id, to=2)
    briefs.edit_brief(archive, brief, title="Renamed")
    briefs.edit_brief(archive, brief, title="Renamed")  # no change: not recorded
    briefs.remove_item(archive, brief, item.id)
    entries = briefs.brief_history(archive, brief, with_changes=True)
    assert [e.action for e in entries] == [
        "item.remove",
        "brief.edit",
        "item.move",
        "item.edit",
        "item.add",
        "item.add",
        "brief.create",
    ]
    edit = next(e for e in entries if e.action == "item.edit")
    change = next(c for c in edit.changes if "text" in (c["after"] or {}))
    assert (change["before"]["text"], change["after"]["text"]) == ("A", "A2")
    assert all(e.user and e.at for e in entries)
    briefs.delete_brief(archive, brief)
    with pytest.raises(NotFoundError):
        briefs.get_brief(archive, brief)
    assert briefs.brief_history(archive, brief, limit=1)[0].action == "brief.delete"
    with pytest.raises(NotFoundError):
        briefs.brief_history(archive, 999)


def test_a_deleted_claim_is_reported_missing_and_comes_back_with_undo(
    archive: Archive, brief: int, claim: int
) -> None:
    item = briefs.add_claim_item(archive, brief, claim)
    ann.delete_claim(archive, claim)
    loaded = briefs.get_item(archive, brief, item.id)
    assert loaded.missing and loaded.claim is None
    doc = briefs.compose_brief(archive, brief)
    assert doc.claims == [] and "no longer exists" in doc.warnings[0]
    ann.undo(archive)
    assert not briefs.get_item(archive, brief, item.id).missing


def test_an_excerpt_is_found_again_when_the_text_changes(
    archive: Archive, brief: int, article: int
) -> None:
    item = briefs.add_excerpt(archive, brief, article, quote="the square was still occupied")
    ann.set_article_text(archive, article, "New first sentence. " + TEXT)
    moved = briefs.get_item(archive, brief, item.id)
    assert moved.anchor == "moved" and moved.start == item.start + len("New first sentence. ")
    ann.set_article_text(archive, article, "Something else entirely.")
    assert briefs.get_item(archive, brief, item.id).anchor == "orphaned"
    doc = briefs.compose_brief(archive, brief)
    assert doc.blocks[0].quote == "the square was still occupied"
    assert any("no longer in it" in w for w in doc.warnings)


def test_briefs_survive_reopening(archive_dir) -> None:
    with open_archive(archive_dir) as archive:
        brief = briefs.create_brief(archive, "Persisted", marking="SECRET")
        briefs.add_heading(archive, brief.id, "H")
    with open_archive(archive_dir, access="read") as archive:
        loaded = briefs.get_brief(archive, brief.id)
    assert loaded.title == "Persisted" and loaded.items[0].text == "H"


def test_compose_numbers_sources_and_claims_in_order_of_citation(
    archive: Archive, brief: int, article: int, claim: int
) -> None:
    other = (
        import_text(
            archive, "Another report about Almaty and Tokayev.", title="Other", source="Reuters"
        )
        .imported[0]
        .id
    )
    second = ann.add_claim(
        archive, other, quote="Almaty", claimant="Reuters", reliability="A", credibility=1
    ).id
    ann.tag_entity(archive, other, quote="Tokayev", name="Kassym-Jomart Tokayev", type="person")
    briefs.add_claim_item(archive, brief, second)
    briefs.add_excerpt(archive, brief, article, quote="Almaty")
    briefs.add_claim_item(archive, brief, claim)
    briefs.add_claim_item(archive, brief, second)  # cited twice: one claim, one source
    doc = briefs.compose_brief(archive, brief)
    assert [s.article_id for s in doc.sources] == [other, article]
    assert [s.number for s in doc.sources] == [1, 2]
    assert [c.claim_id for c in doc.claims] == [second, claim]
    assert doc.claims[0].grade == "A1" and doc.claims[1].grade is None
    assert [b.kind for b in doc.blocks] == ["claim", "excerpt", "claim", "claim"]
    assert [(e.name, e.type_label) for e in doc.entities] == [("Kassym-Jomart Tokayev", "Person")]
