"""Annotation and brief changes in one journal (migration m0008): an archive with the two
journals of before migrates into one, in the order the changes were made, every entry kept,
and what was undoable still undoes and redoes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive, open_archive
from archivist.archive.migrations import MIGRATIONS
from archivist.importers.pipeline import import_text

TEXT = (
    "Local media said Thursday evening that the police had driven protesters from the main "
    "square in Almaty. The authorities announced that around 2,300 people had been arrested."
)


def _edits(archive: Archive) -> int:
    """A day's work in both journals, with undone changes in each; the brief's id."""
    article = import_text(archive, TEXT, title="Almaty").imported[0].id
    almaty, police = TEXT.index("Almaty"), TEXT.index("police")
    ann.tag_entity(archive, article, name="Almaty", type="location", start=almaty, end=almaty + 6)
    brief = briefs.create_brief(archive, "Kazakhstan").id
    briefs.add_heading(archive, brief, "Events")
    ann.add_claim(archive, article, claimant="Local media", start=police, end=police + 6)
    briefs.add_text(archive, brief, "Arrests reported.")
    briefs.undo_brief_change(archive, brief)  # (a brief.undo naming the entry it undid)
    ann.set_note(archive, article, "check the figure")
    ann.undo(archive)
    briefs.redo_brief_change(archive, brief)
    briefs.add_text(archive, brief, "Troops arrived.")
    briefs.undo_brief_change(archive, brief)
    return brief


def _journals(archive: Archive, brief: int) -> dict:
    """What the analyst sees of both journals (their entries' ids aside)."""
    annotations = [(e.action, e.summary, e.state, e.article_ids) for e in ann.list_history(archive)]
    brief_entries = [(e.action, e.summary) for e in briefs.brief_history(archive, brief)]
    undo, redo = ann.undo_target(archive), ann.redo_target(archive)
    brief_undo = briefs.brief_undo_target(archive, brief)
    brief_redo = briefs.brief_redo_target(archive, brief)
    return {
        "annotations": annotations,
        "brief": brief_entries,
        "targets": [e and e.summary for e in (undo, redo, brief_undo, brief_redo)],
    }


def _rows(archive: Archive) -> dict[str, list]:
    db = archive.db
    tables = ["entities", "mentions", "claims", "briefs", "brief_items"]
    found = {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    found["notes"] = db.execute("SELECT id, note FROM articles ORDER BY id").fetchall()
    return found


def _as_before_the_migration(root: Path, work: Path) -> list[tuple[str, str]]:
    """Rewrite the archive's database as m0007 left it: the same rows, but the changes in
    the two journals of then, each numbered from 1 (a brief undo names the entry it
    replayed by its number there), each change a minute after the one before. Returns the
    changes (journal, action) in the order they were made."""
    current = root / "archive.db"
    old_path = work / "m0007.db"
    old = Database(old_path)
    MIGRATIONS.apply(old, stop_before="m0008_one_journal")
    old.execute("PRAGMA foreign_keys = OFF")
    old.execute(f"ATTACH DATABASE '{current}' AS current")
    skip = {"annotation_history", "annotation_history_articles", "brief_history"}
    for table in old.table_names():
        if table in skip or table.startswith(("_sqlite", "sqlite_")):
            continue
        # (the columns of then: later migrations added some)
        columns = ", ".join(c.name for c in old[table].columns)
        old.execute(
            f"INSERT OR REPLACE INTO main.{table} ({columns}) SELECT {columns} FROM current.{table}"
        )
    rows = old.execute(
        "SELECT id, journal, brief_id, user, action, summary, changes, state, "
        "undone_at, undone_by, redone_at, redone_by FROM current.history ORDER BY id"
    ).fetchall()
    numbers: dict[str, dict[int, int]] = {"annotations": {}, "briefs": {}}
    made = []
    for minute, (hid, journal, brief, user, action, summary, raw, state, *times) in enumerate(rows):
        number = numbers[journal][hid] = len(numbers[journal]) + 1
        at = f"2026-01-01T{minute // 60:02d}:{minute % 60:02d}:00+00:00"
        made.append((journal, action))
        if journal == "annotations":
            old.execute(
                "INSERT INTO annotation_history (id, at, user, action, summary, changes, state, "
                "undone_at, undone_by, redone_at, redone_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)",
                [number, at, user, action, summary, raw, state, *times],
            )
            old.execute(
                "INSERT INTO annotation_history_articles (history_id, article_id) "
                "SELECT ?, article_id FROM current.history_articles WHERE history_id = ?",
                [number, hid],
            )
        else:
            changes = json.loads(raw)
            for change in changes:
                if "entry" in change:
                    change["entry"] = numbers["briefs"][change["entry"]]
            old.execute(
                "INSERT INTO brief_history (id, brief_id, at, user, action, summary, changes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [number, brief, at, user, action, summary, json.dumps(changes)],
            )
    old.execute("DETACH DATABASE current")
    old.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{current}{suffix}").unlink(missing_ok=True)
    old_path.rename(current)
    return made


def test_both_journals_of_before_migrate_into_one_in_the_order_of_the_changes(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        brief = _edits(archive)
        seen = _journals(archive, brief)
        rows = _rows(archive)
    made = _as_before_the_migration(root, tmp_path)
    assert {journal for journal, _ in made} == {"annotations", "briefs"}

    with open_archive(root) as archive:
        assert _journals(archive, brief) == seen
        assert _rows(archive) == rows
        merged = archive.db.execute("SELECT journal, action FROM history ORDER BY id").fetchall()
        assert [tuple(row) for row in merged] == made  # (one sequence, as the changes were made)
        # The old names still read, for the analyst's own queries.
        counts = [
            archive.db.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
            for view in ("annotation_history", "brief_history")
        ]
        assert counts == [
            sum(journal == "annotations" for journal, _ in made),
            sum(journal == "briefs" for journal, _ in made),
        ]
        # Undoable as before: the brief's undo trail points at the renumbered entries.
        briefs.redo_brief_change(archive, brief)
        assert [i.text for i in briefs.get_brief(archive, brief).items][-1] == "Troops arrived."
        briefs.undo_brief_change(archive, brief)
        briefs.undo_brief_change(archive, brief)
        assert [i.text for i in briefs.get_brief(archive, brief).items] == ["Events"]
        ann.redo(archive)
        assert archive.db.execute("SELECT note FROM articles").fetchone()[0] == "check the figure"
        ann.undo(archive)
        ann.undo(archive)
        assert archive.db.execute("SELECT count(*) FROM claims").fetchone()[0] == 0


def test_a_new_archive_keeps_every_change_in_one_journal(archive: Archive) -> None:
    brief = _edits(archive)
    journals = archive.db.execute(
        "SELECT journal, count(*) FROM history GROUP BY journal ORDER BY journal"
    ).fetchall()
    assert [tuple(row) for row in journals] == [
        ("annotations", len(ann.list_history(archive))),
        ("briefs", len(briefs.brief_history(archive, brief))),
    ]
    with pytest.raises(Exception, match="CHECK constraint"):
        archive.db.execute(
            "INSERT INTO history (journal, at, user, action, summary, changes) "
            "VALUES ('briefs', '2026-01-01', 'x', 'brief.edit', 'no brief', '[]')"
        )
