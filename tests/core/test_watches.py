"""Saved searches and watch lists in the archive's database: counted after each import, in
the core and the command line; cleared when seen; the old JSON file moved in once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

from archivist.archive import Archive, open_archive, searches
from archivist.errors import InvalidValueError, NotFoundError, QuerySyntaxError
from archivist.importers.pipeline import import_text


def test_a_watch_counts_what_is_imported_after_it(archive: Archive) -> None:
    import_text(archive, "Tokayev spoke in Astana on Monday.", title="Before")
    watch = searches.save_search(archive, "Tokayev", "tokayev", watched=True)
    assert (watch.watched, watch.new) == (True, 0)
    import_text(archive, "Tokayev met envoys; Tokayev left.", title="After 1")
    import_text(archive, "Nothing about him here.", title="Unrelated")
    import_text(archive, "President Tokayev returned.", title="After 2")
    [counted] = searches.count_new(archive)
    assert counted.new == 2  # (the article from before the watch is not new)
    assert searches.new_matches_note([counted]) == ["2 new articles match 'Tokayev'"]
    seen = searches.mark_seen(archive, watch.id)
    assert seen.new == 0 and searches.count_new(archive)[0].new == 0
    import_text(archive, "Tokayev again.", title="After 3")
    assert searches.new_matches_note(searches.count_new(archive)) == [
        "1 new article matches 'Tokayev'"
    ]


def test_saved_searches_are_kept_renamed_and_deleted(archive: Archive) -> None:
    first = searches.save_search(archive, "Places", "entity:Almaty OR entity:Lunmark")
    searches.save_search(archive, "Тест", "язык")
    assert [s.name for s in searches.saved_searches(archive)] == ["Places", "Тест"]
    assert searches.watches(archive) == []
    # The same name replaces the query (and keeps its place and id).
    again = searches.save_search(archive, "Places", "entity:Almaty")
    assert again.id == first.id and again.query == "entity:Almaty"
    renamed = searches.rename_search(archive, first.id, "Cities")
    assert renamed.name == "Cities"
    with pytest.raises(InvalidValueError, match="already a saved search named"):
        searches.rename_search(archive, first.id, "Тест")
    assert searches.set_watched(archive, first.id, True).watched
    searches.delete_search(archive, first.id)
    assert [s.name for s in searches.saved_searches(archive)] == ["Тест"]
    with pytest.raises(NotFoundError):
        searches.get_search(archive, first.id)


def test_bad_saved_searches_are_refused_when_saved(archive: Archive) -> None:
    with pytest.raises(QuerySyntaxError):
        searches.save_search(archive, "Broken", "nosuchfield:x")
    with pytest.raises(InvalidValueError, match="needs a name"):
        searches.save_search(archive, "  ", "x")
    with pytest.raises(InvalidValueError, match="needs a query"):
        searches.save_search(archive, "Empty", " ")


def test_the_saved_searches_file_moves_into_the_database_once(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    with open_archive(root):
        pass
    (root / searches.LEGACY_FILE).write_text(
        json.dumps(
            {
                "searches": [
                    {"name": "Kazakhstan", "query": 'entity:"Tokayev" AND published:2022'},
                    {"name": "Тест", "query": "язык"},
                    {"name": 3},  # (damaged entries are passed over)
                ]
            }
        ),
        "utf-8",
    )
    # Read-only, before any writer moved them: still listed, from the file.
    with open_archive(root, access="read") as archive:
        assert [s.name for s in searches.saved_searches(archive)] == ["Kazakhstan", "Тест"]
    with open_archive(root) as archive:
        assert [(s.name, s.query) for s in searches.saved_searches(archive)] == [
            ("Kazakhstan", 'entity:"Tokayev" AND published:2022'),
            ("Тест", "язык"),
        ]
    assert not (root / searches.LEGACY_FILE).exists()
    assert (root / (searches.LEGACY_FILE + ".moved-into-archive-db")).exists()
    with open_archive(root) as archive:  # (once: nothing doubled)
        assert len(searches.saved_searches(archive)) == 2


def test_watch_commands_and_the_import_that_counts(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = str(tmp_path / "archive")
    code, added, _ = run(capsys, "--archive", archive, "watch", "add", "tokayev", "--json")
    assert code == 0 and added == {"id": 1, "name": "tokayev", "query": "tokayev", "new": 0}
    run(capsys, "--archive", archive, "watch", "add", "almaty", "--name", "Almaty", "--json")
    files = tmp_path / "files"
    files.mkdir()
    (files / "a.txt").write_text("Tokayev in Almaty\n\nTokayev spoke in Almaty today.\n", "utf-8")
    (files / "b.txt").write_text("Tokayev\n\nTokayev again, in Astana.\n", "utf-8")
    code, report, err = run(capsys, "--archive", archive, "import", str(files), "--json")
    assert code == 0
    assert report["watches"] == [
        {"id": 1, "name": "tokayev", "query": "tokayev", "new": 2},
        {"id": 2, "name": "Almaty", "query": "almaty", "new": 1},
    ]
    assert "2 new articles match 'tokayev'" in err and "1 new article matches 'Almaty'" in err
    code, listed, _ = run(capsys, "--archive", archive, "watch", "list", "--json")
    assert listed == {"watches": report["watches"]}
    code, seen, _ = run(capsys, "--archive", archive, "watch", "seen", "1", "--json")
    assert code == 0 and seen["new"] == 0
    code, text, _ = run(capsys, "--archive", archive, "watch", "list")
    assert text.splitlines() == ["[1] tokayev: nothing new", "[2] Almaty  (almaty): 1 new"]
    code, removed, _ = run(capsys, "--archive", archive, "watch", "remove", "2", "--json")
    assert code == 0 and removed["removed"]["name"] == "Almaty"
    code, _, err = run(capsys, "--archive", archive, "watch", "seen", "2")
    assert code == 1 and "no saved search 2" in err
    code, _, err = run(capsys, "--archive", archive, "watch", "add", "nosuchfield:x", "--json")
    assert code == 2 and "error" in err


def test_a_damaged_saved_searches_file_does_not_stop_the_archive_opening(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    with open_archive(root):
        pass
    (root / searches.LEGACY_FILE).write_text("{not json", encoding="utf-8")
    with open_archive(root) as archive:
        assert searches.saved_searches(archive) == []
