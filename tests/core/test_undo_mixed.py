"""Annotation and brief edits in one sequence, undone and redone through the one replay engine
both histories share (archive.row_replay): everything put back, everything replayed (property)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive, open_archive
from archivist.importers.pipeline import import_text

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty. The authorities announced that around 2,300 people had been arrested."
)
WORDS = [(6, 11), (39, 45), (53, 63), (84, 90), (95, 106), (134, 139)]  # spans of TEXT

# What the sequence is made of: annotation edits and brief edits, interleaved.
EDIT = st.one_of(
    st.tuples(st.just("tag"), st.sampled_from(WORDS), st.sampled_from(["Almaty", "Police"])),
    st.tuples(st.just("claim"), st.sampled_from(WORDS), st.sampled_from(["AFP", "Reuters"])),
    st.tuples(st.just("note"), st.text("abc ", max_size=5)),
    st.tuples(st.just("text"), st.text("xyz ", min_size=1, max_size=6)),
    st.tuples(st.just("heading"), st.sampled_from(["Events", "Outlook"])),
    st.tuples(st.just("move"), st.integers(1, 4)),
    st.tuples(st.just("title"), st.sampled_from(["Kazakhstan", "Almaty unrest"])),
)


def state(archive: Archive) -> dict[str, list]:
    """Every row both histories track (an article's revision, which marks its index entry
    stale, is not the analyst's: left out)."""
    db = archive.db
    tables = [
        "entities",
        "entity_aliases",
        "mentions",
        "claims",
        "claim_entities",
        "briefs",
        "brief_items",
    ]
    found = {
        table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in tables
    }
    found["articles"] = db.execute("SELECT id, note, text FROM articles ORDER BY id").fetchall()
    return found


def _edit(archive: Archive, article_id: int, brief_id: int, edit: tuple) -> None:
    kind = edit[0]
    if kind == "tag":
        (start, end), name = edit[1], edit[2]
        ann.tag_entity(archive, article_id, name=name, type="location", start=start, end=end)
    elif kind == "claim":
        (start, end), claimant = edit[1], edit[2]
        ann.add_claim(archive, article_id, claimant=claimant, start=start, end=end)
    elif kind == "note":
        ann.set_note(archive, article_id, edit[1])
    elif kind == "text":
        briefs.add_text(archive, brief_id, edit[1].strip() or "x")
    elif kind == "heading":
        briefs.add_heading(archive, brief_id, edit[1])
    elif kind == "move":
        items = briefs.get_brief(archive, brief_id).items
        briefs.move_item(archive, brief_id, items[0].id, to=min(edit[1], len(items)))
    else:
        briefs.edit_brief(archive, brief_id, title=edit[1])


def _recorded_by(archive: Archive, brief_id: int, before: tuple) -> str | None:
    """Which history recorded the last edit (None: it changed nothing)."""
    annotation, brief = _targets(archive, brief_id)
    if annotation != before[0]:
        return "annotation"
    return "brief" if brief != before[1] else None


def _targets(archive: Archive, brief_id: int) -> tuple:
    annotation = ann.undo_target(archive)
    brief = briefs.brief_undo_target(archive, brief_id)
    return (annotation and annotation.id, brief and brief.id)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(EDIT, min_size=1, max_size=10))
def test_mixed_edits_undo_to_the_start_and_redo_to_the_end(edits: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp, open_archive(Path(tmp) / "a") as archive:
        article_id = import_text(archive, TEXT, title="Almaty").imported[0].id
        brief_id = briefs.create_brief(archive, "Start").id
        briefs.add_text(archive, brief_id, "Base")
        start = state(archive)
        made = []
        for edit in edits:
            before = _targets(archive, brief_id)
            _edit(archive, article_id, brief_id, edit)
            if history := _recorded_by(archive, brief_id, before):
                made.append(history)
        end = state(archive)
        # One undo sequence: the last edit first, whichever history recorded it.
        for history in reversed(made):
            if history == "annotation":
                ann.undo(archive)
            else:
                briefs.undo_brief_change(archive, brief_id)
        assert state(archive) == start
        for history in made:
            if history == "annotation":
                ann.redo(archive)
            else:
                briefs.redo_brief_change(archive, brief_id)
        assert state(archive) == end
