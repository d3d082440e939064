"""Undo and redo of brief changes: every kind of change put back exactly and replayed, the
redo chain, conflicts refused without a change, and random edits all undone (property)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist import briefs
from archivist.archive import Archive, open_archive
from archivist.errors import ArchiveLockedError, HistoryConflictError, HistoryError, NotFoundError
from archivist.importers.pipeline import import_text

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty. The authorities announced that around 2,300 people had been arrested."
)


def rows(archive: Archive) -> tuple[list, list]:
    """Every brief and item row, every column (timestamps included)."""
    db = archive.db
    return (
        db.execute("SELECT * FROM briefs ORDER BY id").fetchall(),
        db.execute("SELECT * FROM brief_items ORDER BY id").fetchall(),
    )


@pytest.fixture
def article(archive: Archive) -> int:
    return import_text(archive, TEXT, title="Almaty", source="AFP").imported[0].id


@pytest.fixture
def brief(archive: Archive, article: int) -> int:
    made = briefs.create_brief(archive, "Kazakhstan", marking="OFFICIAL", date="2022-01-07")
    briefs.add_heading(archive, made.id, "Events")
    briefs.add_text(archive, made.id, "First paragraph.")
    briefs.add_excerpt(archive, made.id, article, quote="around 2,300 people")
    return made.id


def _item(archive: Archive, brief_id: int, position: int) -> int:
    return briefs.get_brief(archive, brief_id).items[position - 1].id


CHANGES = {
    "brief.edit": lambda a, b: briefs.edit_brief(a, b, title="Renamed", summary="BLUF"),
    "brief.delete": lambda a, b: briefs.delete_brief(a, b),
    "brief.duplicate": lambda a, b: briefs.duplicate_brief(a, b),
    "item.add": lambda a, b: briefs.add_text(a, b, "Inserted.", position=2),
    "item.edit": lambda a, b: briefs.edit_item(a, b, _item(a, b, 2), text="Changed", note="n"),
    "item.move": lambda a, b: briefs.move_item(a, b, _item(a, b, 3), to=1),
    "item.remove": lambda a, b: briefs.remove_item(a, b, _item(a, b, 1)),
}


@pytest.mark.parametrize("action", sorted(CHANGES))
def test_each_change_is_undone_exactly_and_redone(
    archive: Archive, brief: int, action: str
) -> None:
    before = rows(archive)
    CHANGES[action](archive, brief)
    after = rows(archive)
    assert after != before
    target = briefs.brief_undo_target(archive)
    assert target is not None and target.action == action
    undone = briefs.undo_brief_change(archive)
    assert undone.action == action
    assert rows(archive) == before
    assert briefs.brief_redo_target(archive).id == undone.id
    redone = briefs.redo_brief_change(archive)
    assert redone.id == undone.id
    assert rows(archive) == after
    assert briefs.brief_redo_target(archive) is None


def test_creating_a_brief_is_undone_and_redone_with_the_same_id(archive: Archive) -> None:
    made = briefs.create_brief(archive, "New")
    briefs.undo_brief_change(archive)
    assert rows(archive) == ([], [])
    with pytest.raises(NotFoundError):
        briefs.get_brief(archive, made.id)
    briefs.redo_brief_change(archive, made.id)
    assert briefs.get_brief(archive, made.id).title == "New"
    assert briefs.change_label(briefs.brief_undo_target(archive)) == "Create brief"


def test_undo_walks_back_in_order_and_is_recorded(archive: Archive, brief: int) -> None:
    start = rows(archive)
    first = _item(archive, brief, 1)
    briefs.move_item(archive, brief, first, to=3)
    middle = rows(archive)
    briefs.edit_brief(archive, brief, title="Renamed")
    assert briefs.undo_brief_change(archive, brief).action == "brief.edit"
    assert rows(archive) == middle
    assert briefs.undo_brief_change(archive, brief).action == "item.move"
    assert rows(archive) == start
    history = briefs.brief_history(archive, brief, with_changes=True)
    assert [e.action for e in history[:2]] == ["brief.undo", "brief.undo"]
    assert history[0].summary.startswith("undo Move ")
    assert all(c["entry"] for c in history[0].changes)
    # Redo replays the change undone last first.
    assert briefs.redo_brief_change(archive, brief).action == "item.move"
    assert briefs.redo_brief_change(archive, brief).action == "brief.edit"
    with pytest.raises(HistoryError):
        briefs.redo_brief_change(archive, brief)


def test_a_new_change_discards_the_redo_chain_but_keeps_the_audit_rows(
    archive: Archive, brief: int
) -> None:
    briefs.edit_brief(archive, brief, title="One")
    briefs.undo_brief_change(archive, brief)
    assert briefs.brief_redo_target(archive, brief) is not None
    count = len(briefs.brief_history(archive, brief))
    briefs.edit_brief(archive, brief, title="Two")
    assert briefs.brief_redo_target(archive, brief) is None
    with pytest.raises(HistoryError, match="nothing to redo"):
        briefs.redo_brief_change(archive, brief)
    assert len(briefs.brief_history(archive, brief)) == count + 1
    assert briefs.get_brief(archive, brief).title == "Two"


def test_undo_in_one_brief_leaves_the_others(archive: Archive, brief: int) -> None:
    other = briefs.create_brief(archive, "Other").id
    briefs.edit_brief(archive, brief, title="Renamed")
    briefs.add_text(archive, other, "Later, in the other brief.")
    # The global undo takes the other brief's newer change; the scoped one takes this one.
    assert briefs.brief_undo_target(archive).brief_id == other
    assert briefs.undo_brief_change(archive, brief).action == "brief.edit"
    assert briefs.get_brief(archive, other).item_count == 1
    assert briefs.get_brief(archive, brief).title == "Kazakhstan"
    # Across briefs, redo takes what was undone last.
    briefs.undo_brief_change(archive, other)
    assert briefs.brief_redo_target(archive).brief_id == other


def test_a_conflict_is_refused_and_changes_nothing(archive: Archive, brief: int) -> None:
    item = briefs.add_text(archive, brief, "Mine")
    # A change that history did not record (another tool, a restored backup...).
    archive.db.execute("UPDATE brief_items SET text = 'Theirs' WHERE id = ?", [item.id])
    before = rows(archive)
    count = len(briefs.brief_history(archive, brief))
    with pytest.raises(HistoryConflictError):
        briefs.undo_brief_change(archive, brief)
    assert rows(archive) == before
    assert len(briefs.brief_history(archive, brief)) == count
    assert briefs.brief_undo_target(archive, brief).id == briefs.brief_history(archive, brief)[0].id


def test_redo_is_refused_when_the_row_came_back_otherwise(
    archive: Archive, brief: int, article: int
) -> None:
    briefs.delete_brief(archive, brief)
    briefs.undo_brief_change(archive)
    # Deleting the article cascades to the excerpt, unrecorded.
    archive.db.execute("DELETE FROM articles WHERE id = ?", [article])
    before = rows(archive)
    with pytest.raises(HistoryConflictError):
        briefs.redo_brief_change(archive)
    assert rows(archive) == before


def test_nothing_to_undo_unknown_brief_and_read_only(archive: Archive, archive_dir: Path) -> None:
    with pytest.raises(HistoryError, match="nothing to undo"):
        briefs.undo_brief_change(archive)
    assert briefs.brief_undo_target(archive) is None
    with pytest.raises(NotFoundError):
        briefs.undo_brief_change(archive, 999)
    briefs.create_brief(archive, "B")
    archive.readonly = True
    with pytest.raises(ArchiveLockedError):
        briefs.undo_brief_change(archive)


# --- property: any sequence of edits, then undo all ------------------------------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["heading", "text", "edit", "note", "move", "remove", "title", "dup", "undo", "redo"]
        ),
        st.integers(min_value=0, max_value=20),
        st.integers(min_value=0, max_value=20),
    ),
    max_size=25,
)


def _run(archive: Archive, brief_id: int, baseline: int, op: str, a: int, b: int) -> None:
    items = briefs.get_brief(archive, brief_id).items
    pick = items[a % len(items)].id if items else None
    try:
        if op == "heading":
            briefs.add_heading(
                archive, brief_id, f"H{a}", level=1 + b % 2, position=1 + a % (len(items) + 1)
            )
        elif op == "text":
            briefs.add_text(archive, brief_id, f"T{a}")
        elif op == "edit" and pick is not None:
            briefs.edit_item(archive, brief_id, pick, note=f"N{b}" if b % 3 else None)
        elif op == "note" and pick is not None:
            briefs.edit_item(archive, brief_id, pick, note="same")
        elif op == "move" and pick is not None:
            briefs.move_item(archive, brief_id, pick, to=1 + b % len(items))
        elif op == "remove" and pick is not None:
            briefs.remove_item(archive, brief_id, pick)
        elif op == "title":
            briefs.edit_brief(archive, brief_id, title=f"Title {a}", author=f"A{b}" if b else None)
        elif op == "dup":
            briefs.duplicate_brief(archive, brief_id)
        elif op == "undo":
            scope = brief_id if a % 2 else None
            target = briefs.brief_undo_target(archive, scope)
            # Stay above the baseline, so that the brief itself is always there.
            if target is not None and target.id > baseline:
                briefs.undo_brief_change(archive, scope)
        elif op == "redo":
            briefs.redo_brief_change(archive, brief_id if a % 2 else None)
    except HistoryError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS)
def test_random_edits_then_undo_all_returns_the_original_state(ops: list) -> None:
    with tempfile.TemporaryDirectory() as tmp, open_archive(Path(tmp) / "a") as archive:
        brief_id = briefs.create_brief(archive, "Start").id
        briefs.add_text(archive, brief_id, "Base")
        original = rows(archive)
        baseline = archive.db.execute("SELECT max(id) FROM brief_history").fetchone()[0]
        for op in ops:
            _run(archive, brief_id, baseline, *op)
        # Undo every change made since the baseline (the brief's and the duplicates').
        while True:
            target = briefs.brief_undo_target(archive)
            if target is None or target.id <= baseline:
                break
            briefs.undo_brief_change(archive)
        assert rows(archive) == original


def test_a_move_is_named_by_what_moved_and_where(archive: Archive) -> None:
    """Edit ▸ Undo reads "Move ‘Casualties’ up", not "Move item"."""
    brief = briefs.create_brief(archive, "Unrest").id
    briefs.add_heading(archive, brief, "Situation")
    casualties = briefs.add_heading(archive, brief, "Casualties").id
    briefs.add_text(archive, brief, "Figures from the health ministry, not yet confirmed.")
    briefs.move_item(archive, brief, casualties, by=-1)
    target = briefs.brief_undo_target(archive, brief)
    assert target is not None and briefs.change_label(target) == "Move ‘Casualties’ up"
    text = briefs.get_brief(archive, brief).items[2].id
    briefs.move_item(archive, brief, text, to=1)
    target = briefs.brief_undo_target(archive, brief)
    assert target is not None and briefs.change_label(target) == (
        "Move the text ‘Figures from the health ministry, not y…’ to position 1"
    )
