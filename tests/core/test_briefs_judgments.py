"""Key judgments: a statement with a likelihood from the brief's yardstick (ICD 203 or UK
PHIA), a confidence with its basis, and the claims and excerpts it rests on; recorded,
undoable, kept through a yardstick change, and carried forward from older archives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive, open_archive
from archivist.archive.migrations import MIGRATIONS
from archivist.errors import InvalidValueError, NotFoundError
from archivist.importers.pipeline import import_text

TEXT = (
    "Russian troops arrived in Almaty on Thursday. The president said the protests were "
    "organised by terrorists trained abroad. Around 2,300 people were arrested."
)


@pytest.fixture
def setup(archive: Archive) -> tuple[Archive, int, int, int]:
    article = import_text(archive, TEXT, title="Troops arrive", source="AFP").imported[0].id
    claim = ann.add_claim(
        archive,
        article,
        quote="organised by terrorists trained abroad",
        claimant="the president",
        reliability="C",
        credibility="3",
    ).id
    brief = briefs.create_brief(archive, "Kazakhstan", marking="OFFICIAL").id
    return archive, article, claim, brief


def test_a_brief_has_a_yardstick_icd203_by_default(archive: Archive) -> None:
    assert briefs.create_brief(archive, "A").yardstick == "icd203"
    assert briefs.create_brief(archive, "B", yardstick="PHIA").yardstick == "phia"
    with pytest.raises(InvalidValueError, match="use one of: icd203, phia"):
        briefs.create_brief(archive, "C", yardstick="nato")


def test_a_judgment_holds_its_terms_and_evidence(setup) -> None:  # type: ignore[no-untyped-def]
    archive, article, claim, brief = setup
    excerpt = briefs.add_excerpt(archive, brief, article, quote="Around 2,300 people").id
    item = briefs.add_judgment(
        archive,
        brief,
        "  Organised groups drove the violence.  ",
        likelihood="Probable",  # ICD 203's synonym of "likely"
        confidence="Moderate",
        basis="Two sources, one of them the government.",
        claims=[claim, claim],
        excerpts=[excerpt],
    )
    assert item.kind == "judgment" and item.text == "Organised groups drove the violence."
    assert (item.likelihood, item.confidence) == ("likely", "moderate")
    assert item.basis == "Two sources, one of them the government."
    assert item.evidence == {"claims": [claim], "excerpts": [excerpt]}
    assert briefs.get_brief(archive, brief).judgments == [item]
    assert item.to_dict()["evidence"] == {"claims": [claim], "excerpts": [excerpt]}


@pytest.mark.parametrize(
    ("yardstick", "term", "valid"),
    [
        ("icd203", "roughly even chance", True),
        ("icd203", "realistic possibility", False),
        ("icd203", "probably", False),
        ("phia", "realistic possibility", True),
        ("phia", "probably", True),
        ("phia", "roughly even chance", False),
        ("phia", "may", False),
    ],
)
def test_a_likelihood_outside_the_yardstick_is_refused_with_its_terms(
    archive: Archive, yardstick: str, term: str, valid: bool
) -> None:
    brief = briefs.create_brief(archive, "B", yardstick=yardstick).id
    if valid:
        briefs.add_judgment(archive, brief, "J", likelihood=term, confidence="low")
        return
    with pytest.raises(InvalidValueError) as refused:
        briefs.add_judgment(archive, brief, "J", likelihood=term, confidence="low")
    listed = briefs.YARDSTICKS[yardstick].terms
    assert all(t.name in str(refused.value) for t in listed)
    assert briefs.get_brief(archive, brief).items == []


def test_confidence_evidence_and_statement_are_checked(setup) -> None:  # type: ignore[no-untyped-def]
    archive, _article, _claim, brief = setup
    with pytest.raises(InvalidValueError, match="confidence is one of low, moderate, high"):
        briefs.add_judgment(archive, brief, "J", likelihood="likely", confidence="certain")
    with pytest.raises(NotFoundError):
        briefs.add_judgment(archive, brief, "J", likelihood="likely", confidence="low", claims=[99])
    heading = briefs.add_heading(archive, brief, "Section").id
    with pytest.raises(InvalidValueError, match="is not an excerpt"):
        briefs.add_judgment(
            archive, brief, "J", likelihood="likely", confidence="low", excerpts=[heading]
        )
    with pytest.raises(InvalidValueError, match="cannot be empty"):
        briefs.add_judgment(archive, brief, "  ", likelihood="likely", confidence="low")


def test_editing_a_judgment_changes_what_is_given_and_undo_puts_it_back(setup) -> None:  # type: ignore[no-untyped-def]
    archive, _article, claim, brief = setup
    item = briefs.add_judgment(
        archive, brief, "J", likelihood="likely", confidence="low", claims=[claim]
    )
    edited = briefs.edit_judgment(
        archive, brief, item.id, likelihood="very likely", confidence="high", claims=[]
    )
    assert (edited.text, edited.likelihood, edited.confidence) == ("J", "very likely", "high")
    assert edited.evidence == {"claims": [], "excerpts": []}
    briefs.undo_brief_change(archive, brief)
    back = briefs.get_item(archive, brief, item.id)
    assert (back.likelihood, back.confidence, back.evidence) == (
        "likely",
        "low",
        {"claims": [claim], "excerpts": []},
    )
    briefs.redo_brief_change(archive, brief)
    assert briefs.get_item(archive, brief, item.id).confidence == "high"
    with pytest.raises(InvalidValueError, match="not a key judgment"):
        briefs.edit_judgment(
            archive, brief, briefs.add_text(archive, brief, "t").id, confidence="low"
        )


def test_a_new_yardstick_translates_every_judgment_and_undo_restores_them(archive: Archive) -> None:
    brief = briefs.create_brief(archive, "B").id
    terms = ["almost no chance", "unlikely", "roughly even chance", "likely", "almost certain"]
    ids = [
        briefs.add_judgment(archive, brief, f"J{n}", likelihood=t, confidence="low").id
        for n, t in enumerate(terms)
    ]
    changed = briefs.set_yardstick(archive, brief, "phia")
    assert changed.yardstick == "phia"
    assert [briefs.get_item(archive, brief, i).likelihood for i in ids] == [
        "remote chance",
        "unlikely",
        "realistic possibility",
        "likely",
        "almost certain",
    ]
    briefs.undo_brief_change(archive, brief)
    assert briefs.get_brief(archive, brief).yardstick == "icd203"
    assert [briefs.get_item(archive, brief, i).likelihood for i in ids] == terms


def test_a_duplicate_keeps_the_yardstick_and_the_judgments(setup) -> None:  # type: ignore[no-untyped-def]
    archive, _article, claim, brief = setup
    briefs.set_yardstick(archive, brief, "phia")
    briefs.add_judgment(
        archive, brief, "J", likelihood="highly likely", confidence="high", claims=[claim]
    )
    copy = briefs.duplicate_brief(archive, brief)
    assert copy.yardstick == "phia"
    (judgment,) = copy.judgments
    assert (judgment.likelihood, judgment.evidence) == (
        "highly likely",
        {"claims": [claim], "excerpts": []},
    )


def test_briefs_made_before_key_judgments_are_carried_forward(tmp_path: Path) -> None:
    """An archive at the briefs migration (m0003), with a brief, migrates unchanged."""
    root = tmp_path / "old"
    with open_archive(root) as archive:
        article = import_text(archive, TEXT, title="Troops").imported[0].id
    db_path = root / "archive.db"
    # Rebuild the database as m0003 left it: drop what m0004 added by migrating a fresh copy
    # only up to it, then copy the articles over.
    fresh = tmp_path / "m0003.db"
    from sqlite_utils import Database

    old_db = Database(fresh)
    MIGRATIONS.apply(old_db, stop_before="m0004_key_judgments")
    old_db.execute("PRAGMA foreign_keys = OFF")
    old_db.execute(f"ATTACH DATABASE '{db_path}' AS current")
    columns = ", ".join(c.name for c in old_db["articles"].columns)  # (as m0003 had them)
    old_db.execute(f"INSERT INTO articles ({columns}) SELECT {columns} FROM current.articles")
    old_db.execute(
        "INSERT INTO briefs (title, marking, created_at, updated_at) "
        "VALUES ('Old brief', 'SECRET', '2026-01-01', '2026-01-01')"
    )
    old_db.execute(
        "INSERT INTO brief_items (brief_id, position, kind, text, level, created_at, updated_at) "
        "VALUES (1, 1, 'heading', 'Situation', 1, '2026-01-01', '2026-01-01')"
    )
    old_db.execute(
        "INSERT INTO brief_items (brief_id, position, kind, article_id, span_start, span_end, "
        "quote, created_at, updated_at) VALUES (1, 2, 'excerpt', ?, 0, 14, 'Russian troops', "
        "'2026-01-01', '2026-01-01')",
        [article],
    )
    old_db.conn.commit()
    old_db.execute("DETACH DATABASE current")
    before = old_db.execute("SELECT * FROM brief_items ORDER BY id").fetchall()
    old_db.close()
    db_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    fresh.rename(db_path)
    with open_archive(root) as archive:
        brief = briefs.get_brief(archive, 1)
        assert (brief.title, brief.marking, brief.yardstick) == ("Old brief", "SECRET", "icd203")
        assert [i.kind for i in brief.items] == ["heading", "excerpt"]
        after = archive.db.execute(
            "SELECT id, brief_id, position, kind, text, level, claim_id, article_id, span_start, "
            "span_end, quote, prefix, suffix, note, created_at, updated_at FROM brief_items "
            "ORDER BY id"
        ).fetchall()
        assert [tuple(row) for row in after] == [tuple(row) for row in before]
        # ...and the archive takes judgments from now on.
        briefs.add_judgment(archive, 1, "J", likelihood="likely", confidence="low")
    with pytest.raises(sqlite3.IntegrityError):
        conn = sqlite3.connect(db_path)
        conn.execute(
            "INSERT INTO brief_items (brief_id, position, kind, text, created_at, updated_at) "
            "VALUES (1, 9, 'judgment', 'no terms', '', '')"
        )
