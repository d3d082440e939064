"""Batch search: a list of queries summed up a row each (total as the single search gives it,
articles with syndicated copies once, dates, top hits), a bad line its own error; read from
text and CSV; written to CSV and Excel; on the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_run import run

from archivist.archive import Archive, batch_search
from archivist.errors import InvalidValueError
from archivist.importers import query_lists
from archivist.importers.pipeline import import_text

WIRE = (
    "Kazakh authorities said on Thursday that troops had restored order in Almaty after "
    "days of unrest, as President Tokayev thanked the allied contingent for its help and "
    "promised that those responsible for the violence would be found and punished. "
) * 4


def _fill(archive: Archive) -> None:
    import_text(archive, WIRE, title="Wire", published="2022-01-06")
    import_text(
        archive, "AFP: " + WIRE + " Reporting by AFP.", title="Copy", published="2022-01-07"
    )
    import_text(archive, "Tokayev met envoys in Astana.", title="Envoys", published="2022-02-01")
    import_text(archive, "Rain in Lunmark; no news of Tokayev.", title="Rain")


def test_each_query_gets_its_row(archive: Archive) -> None:
    _fill(archive)
    rows = batch_search.run_batch(archive, ["tokayev", "nosuchfield:x", "almaty", "zzzz"])
    assert [r.query for r in rows] == ["tokayev", "nosuchfield:x", "almaty", "zzzz"]
    tokayev, bad, almaty, nothing = rows
    assert tokayev.total == archive.search("tokayev").total == 4
    assert tokayev.articles == 3  # (the wire story and its copy count once)
    assert (tokayev.first, tokayev.last) == ("2022-01-06", "2022-02-01")
    assert len(tokayev.hits) == 3 and all(hit.title for hit in tokayev.hits)
    assert bad.error and "nosuchfield" in bad.error and bad.total is None
    assert (almaty.total, almaty.articles) == (2, 1)
    assert (nothing.total, nothing.articles, nothing.first, nothing.hits) == (0, 0, None, [])


def test_queries_are_read_from_text_and_csv(tmp_path: Path) -> None:
    text = tmp_path / "names.txt"
    text.write_text("Tokayev\n\n# a comment\n  Nazarbayev  \r\nentity:Almaty\n", "utf-8-sig")
    assert query_lists.read_queries(text) == ["Tokayev", "Nazarbayev", "entity:Almaty"]
    table = tmp_path / "people.csv"
    table.write_text('name,role\nTokayev,president\n"Smith, John",envoy\n,\n', "utf-8")
    assert query_lists.read_queries(table) == ["Tokayev", "Smith, John"]
    assert query_lists.read_queries(table, "role") == ["president", "envoy"]
    assert query_lists.read_queries(table, "2") == ["role", "president", "envoy"]
    with pytest.raises(InvalidValueError, match="no column named 'age'"):
        query_lists.read_queries(table, "age")
    latin = tmp_path / "latin1.txt"
    names = ["São Paulo", "Créteil", "Besançon", "Château-Thierry", "Évry", "Bâle", "Ñuñoa"]
    latin.write_bytes(("\n".join(names * 3) + "\n").encode("latin-1"))
    assert query_lists.read_queries(latin) == names * 3
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InvalidValueError, match="not a text file"):
        query_lists.read_queries(tmp_path / "binary.txt")
    with pytest.raises(InvalidValueError, match="cannot read"):
        query_lists.read_queries(tmp_path / "missing.txt")


def test_the_table_exports_to_csv_and_excel(archive: Archive, tmp_path: Path) -> None:
    _fill(archive)
    import_text(archive, '=HYPERLINK("http://x") Tokayev', title="=cmd|' /C calc'!A0")
    rows = batch_search.run_batch(archive, ["tokayev", "nosuchfield:x", "=1+1"])
    batch_search.write_csv(rows, tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == batch_search.COLUMNS
    assert table[1][:5] == ["tokayev", "5", "4", "2022-01-06", "2022-02-01"]
    # No cell starts as a formula would (a title or query from outside stays text).
    assert not [cell for line in table for cell in line if cell and cell[0] in "=+-@"]
    assert table[2][6] and table[3][0] == "'=1+1"
    batch_search.write_xlsx(rows, tmp_path / "out.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out.xlsx").active
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0] == batch_search.COLUMNS
    assert values[1][:3] == ["tokayev", 5, 4]
    assert values[2][6] and values[2][1] is None
    assert sheet.freeze_panes == "A2"


def test_cancel_keeps_the_rows_done(archive: Archive) -> None:
    from archivist.progress import CancelToken

    _fill(archive)
    cancel = CancelToken()
    seen: list[int] = []

    def progress(event):  # type: ignore[no-untyped-def]
        seen.append(event.done)
        if event.done == 2:
            cancel.cancel()

    rows = batch_search.run_batch(archive, ["a", "b", "c", "d"], progress=progress, cancel=cancel)
    assert [r.query for r in rows] == ["a", "b", "c"] and seen == [0, 1, 2]


def test_search_batch_command(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "archive"
    files = tmp_path / "files"
    files.mkdir()
    (files / "a.txt").write_text("Tokayev in Almaty\n\nTokayev spoke in Almaty today.\n", "utf-8")
    (files / "b.txt").write_text("Envoys\n\nTokayev met envoys.\n", "utf-8")
    run(capsys, "--archive", str(archive), "import", str(files))
    queries = tmp_path / "q.txt"
    queries.write_text("tokayev\nnosuchfield:x\nalmaty\n", "utf-8")
    out_csv, out_xlsx = tmp_path / "t.csv", tmp_path / "t.xlsx"
    code, data, _ = run(
        capsys, "--archive", str(archive), "search", "--batch", str(queries),
        "--csv", str(out_csv), "--xlsx", str(out_xlsx), "--json",
    )  # fmt: skip
    assert code == 1  # (one query failed; the others ran)
    rows = data["queries"]
    assert [r["query"] for r in rows] == ["tokayev", "nosuchfield:x", "almaty"]
    for row in (rows[0], rows[2]):
        _, single, _ = run(capsys, "--archive", str(archive), "search", row["query"], "--json")
        assert row["total"] == single["total"] and row["error"] is None
        assert [h["id"] for h in row["hits"]] == [h["id"] for h in single["hits"]][:3]
    assert rows[1]["error"] and rows[1]["total"] is None
    assert out_csv.exists() and out_xlsx.exists()
    code, text, _ = run(capsys, "--archive", str(archive), "search", "--batch", str(queries))
    assert "tokayev: 2 match(es)" in text and "nosuchfield:x: error:" in text
    code, _, err = run(capsys, "--archive", str(archive), "search")
    assert code == 2 and "--batch" in err
    json.dumps(rows)  # (plain JSON all through)


def test_batches_are_kept_with_the_archive(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(archive)
    rows = batch_search.run_batch(archive, ["tokayev", "nosuchfield:x"])
    kept = batch_search.save_batch(archive, rows)
    assert batch_search.saved_batches(archive) == [kept] and kept.queries == 2
    assert batch_search.load_batch(archive, kept.id) == rows
    monkeypatch.setattr(batch_search, "KEPT_BATCHES", 2)
    for _ in range(3):
        latest = batch_search.save_batch(archive, rows[:1])
    assert [b.id for b in batch_search.saved_batches(archive)] == [latest.id, latest.id - 1]
