"""History: every annotation change recorded (who, when, what, before/after), undo and redo
back to the exact same rows, a conflicting undo refused without damage."""

from __future__ import annotations

import getpass
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archivist import annotations as ann
from archivist.annotations.history import TRACKED
from archivist.archive import Archive, open_archive
from archivist.archive.maintenance import index_drift
from archivist.errors import HistoryConflictError, HistoryError
from archivist.importers.pipeline import import_text

TEXT = (
    "Kazakh President Kassym-Jomart Tokayev said order was restored in Almaty. Local media "
    "said the police had cleared the square. Mr Tokayev thanked Vladimir Putin."
)


@pytest.fixture
def article(archive: Archive) -> int:
    return import_text(archive, TEXT).imported[0].id


def snapshot(archive: Archive) -> dict[str, list[tuple]]:
    """Every row history can touch (article bookkeeping such as rev left out)."""
    state = {}
    for table in TRACKED:
        if table == "articles":
            rows = archive.db.execute(
                "SELECT id, note, text, text_sha256 FROM articles ORDER BY id"
            )
        else:
            rows = archive.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
        state[table] = rows.fetchall()
    return state


def test_each_change_is_recorded_with_user_time_and_rows(archive: Archive, article: int) -> None:
    result = ann.tag_entity(archive, article, quote="Almaty", name="Almaty", type="location")
    [entry] = ann.list_history(archive, with_changes=True)
    assert entry.user == getpass.getuser()
    assert entry.at and entry.action == "mention.create" and entry.state == "done"
    assert entry.article_ids == [article]
    tables = [c["table"] for c in entry.changes]
    assert tables == ["entities", "mentions"]
    assert entry.changes[1]["before"] is None
    assert entry.changes[1]["after"]["quote"] == "Almaty"
    assert entry.changes[1]["key"] == {"id": result.mention.id}
    assert ann.list_history(archive, article_id=article)[0].id == entry.id
    assert ann.list_history(archive, article_id=article + 1) == []


def test_undo_and_redo_walk_the_history(archive: Archive, article: int) -> None:
    empty = snapshot(archive)
    ann.tag_entity(
        archive, article, quote="Kassym-Jomart Tokayev", name="Kassym-Jomart Tokayev", type="person"
    )
    one = snapshot(archive)
    ann.add_claim(
        archive,
        article,
        quote="the police had cleared the square",
        claimant="Local media",
        reliability="C",
    )
    two = snapshot(archive)
    assert ann.undo_target(archive).action == "claim.create"
    assert ann.undo(archive).state == "undone"
    assert snapshot(archive) == one
    ann.undo(archive)
    assert snapshot(archive) == empty
    with pytest.raises(HistoryError, match="nothing to undo"):
        ann.undo(archive)
    assert ann.redo_target(archive).action == "mention.create"
    ann.redo(archive)
    assert snapshot(archive) == one
    ann.redo(archive)
    assert snapshot(archive) == two  # same ids, same rows
    with pytest.raises(HistoryError, match="nothing to redo"):
        ann.redo(archive)
    assert index_drift(archive).empty


def test_a_new_change_discards_the_redo_chain_but_keeps_it_in_the_audit(
    archive: Archive, article: int
) -> None:
    ann.set_note(archive, article, "first")
    ann.undo(archive)
    ann.set_note(archive, article, "second")
    with pytest.raises(HistoryError):
        ann.redo(archive)
    states = [e.state for e in ann.list_history(archive)]
    assert states == ["done", "discarded"]


def test_ids_are_never_reused_after_undo(archive: Archive, article: int) -> None:
    first = ann.tag_entity(archive, article, quote="Almaty", name="Almaty", type="location")
    ann.undo(archive)
    second = ann.tag_entity(archive, article, quote="Almaty", name="Almaty", type="location")
    assert second.mention.id > first.mention.id and second.entity.id > first.entity.id


def test_undo_refuses_when_rows_changed_behind_its_back(archive: Archive, article: int) -> None:
    claim = ann.add_claim(
        archive, article, quote="order was restored", claimant="Tokayev", note="mine"
    )
    archive.db.execute("UPDATE claims SET note = 'changed elsewhere' WHERE id = ?", [claim.id])
    before = snapshot(archive)
    with pytest.raises(HistoryConflictError):
        ann.undo(archive)
    assert snapshot(archive) == before
    assert ann.undo_target(archive).state == "done"


def test_text_typed_is_never_lost(archive: Archive, article: int) -> None:
    entity = ann.create_entity(
        archive, "Putin", "person", description="Long description typed by the analyst"
    )
    ann.edit_entity(archive, entity.id, description="")
    ann.set_note(archive, article, "A careful note")
    ann.set_note(archive, article, "Replaced")
    ann.undo(archive)
    assert ann.get_note(archive, article) == "A careful note"
    ann.undo(archive)
    ann.undo(archive)
    assert ann.get_entity(archive, entity.id).description == "Long description typed by the analyst"


def test_history_survives_reopening(archive_dir) -> None:
    with open_archive(archive_dir) as archive:
        article = import_text(archive, TEXT).imported[0].id
        ann.tag_article(archive, article, ["kazakhstan"])
    with open_archive(archive_dir) as archive:
        ann.undo(archive)
        assert archive.article(article).tags == []
        ann.redo(archive)
        assert archive.article(article).tags == ["kazakhstan"]


# --- any sequence of changes undoes to the start and redoes to the end ----------------------

OPERATIONS = st.lists(
    st.sampled_from(
        [
            "tag",
            "alias",
            "rename",
            "claim",
            "edit",
            "link",
            "note",
            "tags",
            "merge",
            "delete",
            "untag",
        ]
    ),
    min_size=1,
    max_size=10,
)


def _apply(archive: Archive, article: int, op: str, step: int) -> None:
    entities = ann.list_entities(archive)
    claims = ann.list_claims(archive)
    words = ["Tokayev", "Almaty", "Putin", "square", "media", "police"]
    word = words[step % len(words)]
    if op == "tag" or (not entities and op in ("alias", "rename", "merge", "delete", "untag")):
        ann.tag_entity(archive, article, quote=word, name=f"{word} {step}", type="person")
    elif op == "alias":
        ann.add_alias(archive, entities[0].id, f"alias {step}")
    elif op == "rename":
        ann.rename_entity(archive, entities[-1].id, f"renamed {step}")
    elif op == "merge" and len(entities) > 1:
        ann.merge_entities(archive, entities[0].id, entities[1].id)
    elif op == "delete":
        ann.delete_entity(archive, entities[-1].id, cascade=True)
    elif op == "untag":
        mentions = ann.mentions_of_article(archive, article)
        if mentions:
            ann.delete_mention(archive, mentions[0].id)
    elif op == "claim" or not claims:
        ann.add_claim(
            archive,
            article,
            quote=word,
            claimant=f"source {step}",
            about=[e.id for e in entities[:1]],
        )
    elif op == "edit":
        ann.edit_claim(
            archive, claims[0].id, note=f"note {step}", status="disputed", reliability="B"
        )
    elif op == "link" and len(claims) > 1:
        ann.link_claims(archive, claims[0].id, claims[-1].id, "contradicts")
    elif op == "note":
        ann.set_note(archive, article, f"note {step}", append=True)
    else:
        ann.tag_article(archive, article, [f"tag{step}"])


@settings(max_examples=25, deadline=None)
@given(OPERATIONS)
def test_any_sequence_undoes_and_redoes_exactly(operations: list[str]) -> None:
    # A fresh archive per example: Hypothesis seeds `random`, which Whoosh uses to name
    # segments, so examples sharing one index would reuse segment names.
    with tempfile.TemporaryDirectory() as folder, open_archive(Path(folder) / "archive") as archive:
        article_id = import_text(archive, TEXT).imported[0].id
        start = snapshot(archive)
        recorded = 0
        for step, op in enumerate(operations):
            before = len(ann.list_history(archive, limit=1000))
            _apply(archive, article_id, op, step)
            recorded += len(ann.list_history(archive, limit=1000)) - before
        end = snapshot(archive)
        for _ in range(recorded):
            ann.undo(archive)
        assert snapshot(archive) == start
        for _ in range(recorded):
            ann.redo(archive)
        assert snapshot(archive) == end
        assert archive.db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert index_drift(archive).empty


def test_history_names_changes_in_the_analysts_words(archive: Archive) -> None:
    """Edit ▸ Undo reads "Undo Tag ‘Mr Tokayev’ as Kassym-Jomart Tokayev", not ids."""
    article_id = (
        import_text(
            archive,
            "Mr Tokayev said order was restored. Officials in Almaty said troops had left.",
            title="Order restored",
        )
        .imported[0]
        .id
    )

    def last() -> str:
        entry = ann.undo_target(archive)
        assert entry is not None
        return entry.summary

    mention = ann.tag_entity(
        archive, article_id, quote="Mr Tokayev", name="Kassym-Jomart Tokayev", type="person"
    ).mention
    assert last() == "Tag ‘Mr Tokayev’ as Kassym-Jomart Tokayev"
    first = ann.add_claim(archive, article_id, claimant="Mr Tokayev", quote="order was restored")
    assert last() == "Record claim by Mr Tokayev: ‘order was restored’"
    second = ann.add_claim(archive, article_id, claimant="Officials", quote="troops had left")
    ann.edit_claim(archive, first.id, status="refuted")
    assert last() == "Mark claim by Mr Tokayev refuted"
    ann.edit_claim(archive, first.id, note="Denied by witnesses", status="refuted")
    assert last() == "Edit claim by Mr Tokayev"
    ann.link_claims(archive, first.id, second.id, "contradicts")
    assert last() == "Link claim by Mr Tokayev (contradicts claim by Officials)"
    ann.set_note(archive, article_id, "Check the timeline")
    assert last() == "Note on ‘Order restored’"
    ann.delete_claim(archive, second.id)
    assert last() == "Delete claim by Officials: ‘troops had left’"
    ann.delete_mention(archive, mention.id)
    assert last() == "Untag ‘Mr Tokayev’ (Kassym-Jomart Tokayev)"
    assert all("article" not in e.summary for e in ann.list_history(archive))
