"""Pages of paged documents (page_numbers.py): where each page of a PDF or a scan starts in
the article's text, kept at import, carried by re-extraction (with undo) and by bundles, and
the page a character is on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_importers_pdf import make_pdf

from archivist import page_numbers
from archivist.annotations import set_article_text, undo
from archivist.archive import open_archive
from archivist.cli.main import main
from archivist.importers.pipeline import ImportOptions, import_paths
from archivist.importers.reextract import reextract

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def test_each_page_starts_where_its_text_does() -> None:
    pages = ["First page.\n", "  \n", "  Second page,  indented.\n\n\n", "", "Last."]
    text = "First page.\n\n  Second page,  indented.\n\nLast."
    starts = page_numbers.page_starts(text, pages)
    assert starts == [0, 15, 15, 40, 40]
    assert [page_numbers.page_at(starts, o) for o in (0, 10, 13, 15, 38, 40, 44)] == [
        1, 1, 1, 3, 3, 5, 5,
    ]  # fmt: skip
    # A blank page at the end starts at the end: nothing is on it.
    assert page_numbers.page_starts("Only.", ["Only.", ""]) == [0, 5]
    assert page_numbers.page_at([0, 5], 4) == 1


def test_page_starts_are_stored_and_read_back_safely() -> None:
    assert page_numbers.encode([0, 12]) == "[0, 12]"
    assert page_numbers.decode("[0, 12]") == [0, 12]
    assert page_numbers.encode(None) is None and page_numbers.encode([]) is None
    for bad in (None, "", "not json", '{"a": 1}', '[0, "x"]', "[]"):
        assert page_numbers.decode(bad) is None


def test_an_imported_pdf_knows_its_pages(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "report.pdf").write_bytes(
        make_pdf([["Situation on the border."], [], ["Troops withdrew on Monday."]])
    )
    root = str(tmp_path / "archive")
    assert main(["--archive", root, "import", str(tmp_path / "report.pdf"), "--json"]) == 0
    (imported,) = json.loads(capsys.readouterr().out)["imported"]
    assert main(["--archive", root, "show", str(imported["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    starts = shown["page_starts"]
    assert len(starts) == 3
    withdrew = shown["text"].index("Troops withdrew")
    assert page_numbers.page_at(starts, withdrew) == 3
    assert page_numbers.page_at(starts, 0) == 1


def test_a_text_without_pages_has_none(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain text.\n\nNo pages here.\n", "utf-8")
    with open_archive(tmp_path / "archive") as archive:
        report = import_paths(archive, [tmp_path / "a.txt"], options=ImportOptions(workers=0))
        assert archive.article(report.imported[0].id).page_starts is None


def test_re_extraction_brings_page_starts_to_older_articles_and_undo_takes_them_away(
    tmp_path: Path,
) -> None:
    (tmp_path / "report.pdf").write_bytes(make_pdf([["Page one text."], ["Page two text."]]))
    with open_archive(tmp_path / "archive") as archive:
        report = import_paths(archive, [tmp_path / "report.pdf"], options=ImportOptions(workers=0))
        article_id = report.imported[0].id
        stored = archive.article(article_id).page_starts
        # As an article imported before pages were kept.
        archive.db.execute("UPDATE articles SET page_starts = NULL WHERE id = ?", [article_id])
        outcome = reextract(archive, article_id)
        assert not outcome.changed  # the same text
        assert archive.article(article_id).page_starts == stored
        undo(archive)
        assert archive.article(article_id).page_starts is None


def test_a_new_text_keeps_what_it_is_given_and_only_that(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One two three.\n", "utf-8")
    with open_archive(tmp_path / "archive") as archive:
        report = import_paths(archive, [tmp_path / "a.txt"], options=ImportOptions(workers=0))
        article_id = report.imported[0].id
        set_article_text(
            archive,
            article_id,
            "One two three.\n\nFour.",
            provenance={"page_starts": "[0, 16]", "ocr": None},
        )
        article = archive.article(article_id)
        assert article.text == "One two three.\n\nFour." and article.page_starts == "[0, 16]"
        with pytest.raises(ValueError, match="may not change article columns"):
            set_article_text(archive, article_id, "Other.", provenance={"title": "x"})


@pytest.mark.skipif(not (SAMPLES / "pdf").is_dir(), reason="samples are not present")
def test_the_samples_pages_start_where_their_text_does() -> None:
    from archivist.importers import pdf
    from archivist.importers.prepared import prepare_document
    from archivist.text import normalise_text

    checked = 0
    for path in sorted((SAMPLES / "pdf").glob("*.pdf")):
        try:
            (doc,) = pdf.extract(path.read_bytes(), path.name)
        except Exception:  # (the samples' broken PDFs are tested elsewhere)
            continue
        values = prepare_document(doc, path)
        starts = page_numbers.decode(values["page_starts"])
        assert starts is not None and len(starts) == len(doc.pages), path.name
        for start, page in zip(starts, doc.pages, strict=True):
            body = normalise_text(page)
            assert not body or values["text"][start:].startswith(body), path.name
        checked += 1
    assert checked >= 5


def test_quotes_from_a_paged_source_cite_their_page(tmp_path: Path) -> None:
    from archivist import briefs
    from archivist.annotations import add_claim
    from archivist.briefs.compose import compose_brief
    from archivist.briefs.store import add_claim_item, add_excerpt, add_text, create_brief

    (tmp_path / "ruling.pdf").write_bytes(
        make_pdf(
            [["The court heard the appeal."], ["Counsel argued the point."], ["Appeal dismissed."]],
            info={"Title": "Ruling of the court", "Author": "Supreme Court"},
        )
    )
    (tmp_path / "wire.txt").write_text("Wire story\n\nThe appeal failed, AFP said.\n", "utf-8")
    with open_archive(tmp_path / "archive") as archive:
        imported = import_paths(
            archive, [tmp_path / "ruling.pdf", tmp_path / "wire.txt"],
            options=ImportOptions(workers=0),
        ).imported  # fmt: skip
        ruling = next(i.id for i in imported if i.path.endswith(".pdf"))
        wire = next(i.id for i in imported if i.path.endswith(".txt"))
        brief = create_brief(archive, "Appeal")
        claim = add_claim(archive, ruling, claimant="the court", quote="Appeal dismissed.")
        add_claim_item(archive, brief.id, claim.id)
        excerpt = add_excerpt(archive, brief.id, ruling, quote="Counsel argued the point.")
        add_excerpt(archive, brief.id, wire, quote="The appeal failed")
        add_text(archive, brief.id, f"The appeal failed [@excerpt:{excerpt.id}].")
        doc = compose_brief(archive, brief.id)
    markdown, _notes = briefs.render_markdown(doc)
    notes = [line for line in markdown.splitlines() if line.startswith("[^")]
    # The first citation of the ruling in full, with the page its quote is on; later ones
    # short, by page; the text file has no pages and is cited by paragraph.
    assert notes[0].startswith("[^1]: “Ruling of the court”, by Supreme Court, p. 3. Archive:")
    assert notes[1] == "[^2]: “Ruling of the court”, p. 2."
    assert notes[2].startswith("[^3]: “Wire story”. Archive:")
    assert notes[3] == "[^4]: “Ruling of the court”, p. 2."
    assert doc.claims[0].page == 3 and doc.claims[0].paragraph == 3
    out = tmp_path / "appeal.docx"
    document, _stats = briefs.render_docx(doc)
    document.save(str(out))
    footnotes = _footnote_texts(out)
    assert any(
        note.startswith("“Ruling of the court”, by Supreme Court, p. 3.") for note in footnotes
    )
    assert footnotes.count("“Ruling of the court”, p. 2.") == 2


def _footnote_texts(path: Path) -> list[str]:
    import zipfile

    from lxml import etree

    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    root = etree.fromstring(zipfile.ZipFile(path).read("word/footnotes.xml"))
    return [
        "".join(note.itertext()).strip()
        for note in root.findall("w:footnote", ns)
        if note.get(f"{{{ns['w']}}}type") is None
    ]
