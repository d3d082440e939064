"""Hypothesis annotations in (annotations/hypothesis_import.py, `archivist annotations import`):
rows shaped as the Hypothesis API returns them attach to the archived article at their
address, as span notes with their tags; what finds no article or no text is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archivist import annotations as ann
from archivist.annotations.hypothesis_import import import_hypothesis, is_hypothesis, url_key
from archivist.archive import Archive, open_archive
from archivist.cli.main import main
from archivist.errors import InvalidValueError
from archivist.importers.pipeline import import_paths, import_text

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
BBC = SAMPLES / "html" / "bbc.com.52241221.html"

PAGE = "https://www.reuters.com/world/asia-pacific/almaty-2022-01-06/"
TEXT = (
    "Security forces cleared the main square in Almaty on Thursday.\n\n"
    "The authorities said around 2,300 people had been arrested, the president's office added."
)


def _row(row_id: str, uri: str, exact: str | None, **extra: object) -> dict:
    """A row as Hypothesis's search API gives it (GET /api/search)."""
    selectors: list[dict] = [
        {"type": "RangeSelector", "startContainer": "/main[1]/div[2]/p[2]", "startOffset": 4,
         "endContainer": "/main[1]/div[2]/p[2]", "endOffset": 61},
        {"type": "TextPositionSelector", "start": 4811, "end": 4868},
    ]  # fmt: skip
    if exact is not None:
        selectors.append({"type": "TextQuoteSelector", "exact": exact, **extra.pop("context", {})})
    return {
        "id": row_id,
        "created": "2022-01-07T09:12:44.046311+00:00",
        "updated": "2022-01-07T09:12:44.046311+00:00",
        "user": "acct:analyst@hypothes.is",
        "uri": uri,
        "text": extra.pop("text", "Check against the AFP count."),
        "tags": extra.pop("tags", ["arrests", "kazakhstan"]),
        "group": "__world__",
        "permissions": {"read": ["group:__world__"]},
        "target": [{"source": uri, "selector": selectors if exact is not None else []}],
        "document": {"title": ["Kazakh forces clear Almaty square"]},
        "links": {"html": f"https://hypothes.is/a/{row_id}"},
        "flagged": False,
        "hidden": False,
        "references": extra.pop("references", []),
        "user_info": {"display_name": "An Analyst"},
    }


@pytest.fixture
def archive(tmp_path: Path):
    with open_archive(tmp_path / "archive") as opened:
        yield opened


def _article(archive: Archive) -> int:
    return import_text(archive, TEXT, title="Almaty", source="Reuters", url=PAGE).imported[0].id


def test_addresses_are_normalised() -> None:
    key = url_key(PAGE)
    for same in (
        "http://reuters.com/world/asia-pacific/almaty-2022-01-06",
        "https://WWW.Reuters.com:443/world/asia-pacific/almaty-2022-01-06/?utm_source=twitter&fbclid=x#top",
    ):
        assert url_key(same) == key
    assert url_key("https://www.reuters.com/world/asia-pacific/almaty-2022-01-06?page=2") != key
    assert url_key("urn:sha256:abc") is None and url_key("") is None


def test_rows_become_span_notes_with_tags(archive: Archive) -> None:
    article = _article(archive)
    rows = {
        "total": 3,
        "rows": [
            _row("a1", PAGE + "?utm_campaign=x", "around 2,300 people had been arrested",
                 context={"prefix": "The authorities said ", "suffix": ", the president"}),
            # Hypothesis's quote of a page where the lines broke elsewhere.
            _row("a2", "http://reuters.com/world/asia-pacific/almaty-2022-01-06",
                 "cleared the main\n  square in Almaty", tags=["sorting"], text=""),
            _row("a3", "https://example.org/elsewhere", "not archived"),
        ],
    }  # fmt: skip
    assert is_hypothesis(rows) and is_hypothesis(rows["rows"])
    report = import_hypothesis(archive, rows)
    assert report.created == {"notes": 2}
    assert report.unmatched == [
        {"id": "a3", "uri": "https://example.org/elsewhere",
         "reason": "no archived article has this address"}
    ]  # fmt: skip
    notes = ann.span_notes_of_article(archive, article)
    assert [(n.quote, n.text, n.tags, n.author) for n in notes] == [
        ("cleared the main square in Almaty", "", ["sorting"], "analyst"),
        ("around 2,300 people had been arrested", "Check against the AFP count.",
         ["arrests", "kazakhstan"], "analyst"),
    ]  # fmt: skip
    text = archive.article(article).text
    assert all(text[n.start : n.end] == n.quote for n in notes)
    # Importing again changes nothing; the import is one undoable change.
    again = import_hypothesis(archive, rows)
    assert again.created == {} and again.duplicates == 2
    assert ann.undo(archive).action == "annotations.hypothesis"
    assert ann.span_notes_of_article(archive, article) == []


def test_rows_without_text_replies_and_page_notes(archive: Archive) -> None:
    article = _article(archive)
    ann.set_note(archive, article, "My own note.")
    rows = [
        _row("b1", PAGE, "a sentence that is not in the article"),
        _row("b2", PAGE, None, text="Whole page: compare with AFP.", tags=["follow-up"]),
        _row("b3", PAGE, "around 2,300 people", references=["b1"]),
    ]
    report = import_hypothesis(archive, rows)
    assert report.created == {"page notes": 1}
    assert [(s["id"], s["reason"]) for s in report.unanchored] == [
        ("b1", "its quote is not in the archived article's text")
    ]
    assert [(s["id"], s["reason"]) for s in report.skipped] == [
        ("b3", "a reply to another annotation")
    ]
    note = ann.get_note(archive, article)
    assert note == "My own note.\n\nHypothesis (analyst): Whole page: compare with AFP."
    assert "follow-up" in archive.article(article).tags
    assert import_hypothesis(archive, rows).duplicates == 1


def test_not_hypothesis_is_refused(archive: Archive) -> None:
    for data in ({"type": "AnnotationCollection"}, [], "rows", {"rows": "x"}):
        with pytest.raises(InvalidValueError, match="not Hypothesis annotations"):
            import_hypothesis(archive, data)


def test_cli_reads_hypothesis_and_show_lists_the_notes(
    archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = _article(archive)
    root = str(archive.root)
    archive.close()
    exported = tmp_path / "hypothesis.json"
    exported.write_text(
        json.dumps({"total": 2, "rows": [
            _row("c1", PAGE, "around 2,300 people had been arrested"),
            _row("c2", "https://example.org/x", "nothing"),
        ]}),
        "utf-8",
    )  # fmt: skip
    assert main(["--archive", root, "annotations", "import", str(exported), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["created"] == {"notes": 1} and report["unmatched"][0]["id"] == "c2"
    assert main(["--archive", root, "show", str(article), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    (note,) = shown["span_notes"]
    assert note["quote"] == "around 2,300 people had been arrested"
    assert note["text"] == "Check against the AFP count."
    assert note["tags"] == ["arrests", "kazakhstan"] and note["origin"] == "hypothesis"
    assert shown["text"][note["start"] : note["end"]] == note["quote"]


@pytest.mark.skipif(not BBC.exists(), reason="samples not present")
def test_a_real_page_annotated_in_hypothesis(archive: Archive) -> None:
    (article,) = [a.id for a in import_paths(archive, [BBC]).imported]
    quote = "Workers in hazmat outfits were seen stacking wooden coffins in deep trenches"
    row = _row(
        "d1",
        "https://www.bbc.com/news/world-us-canada-52241221?at_medium=RSS&at_campaign=KARANGA",
        quote,
        context={"prefix": "the coronavirus continues to rise.\n", "suffix": " in Hart Island."},
    )
    report = import_hypothesis(archive, {"rows": [row]})
    assert report.created == {"notes": 1}, report
    (note,) = ann.span_notes_of_article(archive, article)
    assert archive.article(article).text[note.start : note.end] == quote


def test_notes_follow_the_text_when_it_changes(archive: Archive) -> None:
    article = _article(archive)
    rows = [
        _row("e1", PAGE, "around 2,300 people had been arrested"),
        _row("e2", PAGE, "cleared the main square in Almaty"),
    ]
    assert import_hypothesis(archive, rows).created == {"notes": 2}
    new_text = "Breaking. " + TEXT.replace("cleared the main square in Almaty", "left")
    report = ann.set_article_text(archive, article, new_text)
    assert sorted((s.kind, s.method) for s in report.spans) == [
        ("note", "orphaned"),
        ("note", "position"),
    ]
    kept, lost = sorted(ann.span_notes_of_article(archive, article), key=lambda n: n.anchor)
    assert lost.anchor == "orphaned" and kept.anchor == "ok"
    assert archive.article(article).text[kept.start : kept.end] == kept.quote
    # Deleting a note is undoable.
    ann.delete_span_note(archive, kept.id)
    assert [n.id for n in ann.span_notes_of_article(archive, article)] == [lost.id]
    ann.undo(archive)
    assert len(ann.span_notes_of_article(archive, article)) == 2
