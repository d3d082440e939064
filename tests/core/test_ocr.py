"""Scanned documents (importers/ocr.py, image.py, pdf.py): page images made here — text in
English and in Russian rendered with Pillow, saved as a PNG, a photographed JPEG, a multi-page
TIFF, a scanned PDF and a PDF mixing a text page with a scanned one — come out searchable
with the right words on a machine with Tesseract; without it, each such file gets a message
saying what to install and the rest of the import goes on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from archivist.archive import open_archive
from archivist.cli.main import main
from archivist.importers import ocr
from archivist.importers.pipeline import ImportOptions, import_paths
from archivist.importers.registry import extract_document

PIL = pytest.importorskip("PIL")
from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans is not installed")
needs_tesseract = pytest.mark.skipif(
    not ocr.ocr_status().available, reason="Tesseract is not installed"
)
needs_russian = pytest.mark.skipif(
    "rus" not in ocr.ocr_status().languages, reason="Tesseract's Russian is not installed"
)

ENGLISH = [
    "Protesters gathered in Almaty on Thursday",
    "as security forces closed the main square.",
]
RUSSIAN = ["Протестующие собрались в Алматы в четверг,", "когда силовики закрыли площадь."]


def page(lines: list[str], *, photographed: bool = False, height: int = 900) -> Image.Image:
    """A page of text as a scanner at 300 dpi would see it (or a phone camera: grey paper,
    slightly turned and blurred); a whole A4 page is 3508 high."""
    font = ImageFont.truetype(str(FONT), 44)
    image = Image.new("L", (2480, height), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((160, 160 + number * 90), line, font=font, fill=0)
    if photographed:
        image = image.point(lambda value: 60 + value * 0.7).rotate(0.8, fillcolor=230)
        image = image.filter(ImageFilter.GaussianBlur(1.2)).convert("RGB")
    return image


def saved(image: Image.Image, fmt: str, *more: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    if more:
        image.save(out, fmt, save_all=True, append_images=list(more), **options)
    else:
        image.save(out, fmt, **options)
    return out.getvalue()


def words(text: str) -> set[str]:
    return {w.strip(".,").lower() for w in text.split()}


pytestmark = needs_font


@needs_tesseract
def test_a_scanned_png_is_read() -> None:
    fmt, (doc,) = extract_document(saved(page(ENGLISH), "PNG"), "scan.png")
    assert fmt == "image"
    assert {"protesters", "gathered", "almaty", "thursday", "security", "square"} <= words(doc.text)
    assert doc.ocr == {"engine": f"Tesseract {ocr.ocr_status().version}",
                       "languages": "+".join(ocr.ocr_status().languages), "pages": 1}  # fmt: skip
    assert doc.language == "en" and doc.title.startswith("Protesters gathered")


@needs_tesseract
@needs_russian
def test_a_photographed_page_in_russian_is_read() -> None:
    data = saved(page(RUSSIAN, photographed=True), "JPEG", quality=70)
    fmt, (doc,) = extract_document(data, "photo.jpg")
    assert fmt == "image"
    assert {"протестующие", "собрались", "алматы", "четверг", "площадь"} <= words(doc.text)
    assert doc.language == "ru"


@needs_tesseract
@needs_russian
def test_a_scanned_pdf_and_a_multi_page_tiff_read_every_page() -> None:
    for data, name in (
        (saved(page(ENGLISH), "PDF", page(RUSSIAN), resolution=300), "scan.pdf"),
        (saved(page(ENGLISH), "TIFF", page(RUSSIAN)), "scan.tif"),
    ):
        _fmt, (doc,) = extract_document(data, name)
        found = words(doc.text)
        assert {"almaty", "thursday"} <= found and {"алматы", "четверг"} <= found, name
        assert doc.ocr["pages"] == 2
        assert doc.text.index("Almaty") < doc.text.index("Алматы")  # (pages in order)


@needs_tesseract
def test_a_pdf_mixing_text_and_a_scanned_page_reads_only_the_scan() -> None:
    import pypdfium2
    from test_importers_pdf import make_pdf

    mixed = pypdfium2.PdfDocument.new()
    mixed.import_pages(pypdfium2.PdfDocument(make_pdf([["Situation report, page one."]])))
    mixed.import_pages(pypdfium2.PdfDocument(saved(page(ENGLISH), "PDF", resolution=300)))
    out = io.BytesIO()
    mixed.save(out)
    _fmt, (doc,) = extract_document(out.getvalue(), "mixed.pdf")
    assert doc.text.startswith("Situation report, page one.")
    assert "Almaty" in doc.text and doc.ocr["pages"] == 1


@needs_tesseract
def test_imported_scans_are_searchable_and_say_how_they_were_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.png").write_bytes(saved(page(ENGLISH), "PNG"))
    (folder / "notes.txt").write_text("Notes\n\nNothing about the square.\n", "utf-8")
    root = tmp_path / "archive"
    assert main(["--archive", str(root), "import", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["imported"]) == 2 and not report["failed"]
    assert main(["--archive", str(root), "search", "Almaty protesters", "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)["hits"]
    assert main(["--archive", str(root), "show", str(hit["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["format"] == "image" and shown["ocr"]["pages"] == 1
    assert shown["ocr"]["engine"].startswith("Tesseract ")


def test_without_tesseract_each_scan_says_what_to_install_and_the_rest_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = ocr.OcrStatus(False, problem="Tesseract is not installed.")
    monkeypatch.setattr(ocr, "ocr_status", lambda: missing)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.png").write_bytes(saved(page(ENGLISH), "PNG"))
    (folder / "scan.pdf").write_bytes(saved(page(ENGLISH), "PDF", resolution=300))
    (folder / "notes.txt").write_text("Notes\n\nSomething typed.\n", "utf-8")
    with open_archive(tmp_path / "archive") as archive:
        report = import_paths(archive, [folder], options=ImportOptions(workers=0))
    assert [Path(i.path).name for i in report.imported] == ["notes.txt"]
    reasons = {Path(f.path).name: f.error for f in report.failed}
    assert set(reasons) == {"scan.png", "scan.pdf"}
    for reason in reasons.values():
        assert "Tesseract is not installed" in reason and "apt install tesseract-ocr" in reason
    assert reasons["scan.pdf"].startswith("scanned PDF without a text layer: it needs OCR.")


def test_install_hints_and_languages() -> None:
    assert "brew install tesseract" in ocr.install_hint("darwin")
    assert "UB Mannheim" in ocr.install_hint("win32")
    assert "apt install tesseract-ocr" in ocr.install_hint("linux")
    status = ocr.OcrStatus(True, "5.3.0", ("eng", "rus"))
    assert ocr.languages_to_try(status) == "eng+rus"
    assert ocr.languages_to_try(status, "rus") == "rus"
    assert ocr.languages_to_try(status, "rus+ara") == "rus"
    with pytest.raises(ocr.OcrUnavailableError, match="no OCR language asked for is installed"):
        ocr.languages_to_try(status, "ara")
    assert (
        ocr.OcrStatus(False, problem="Tesseract is not installed.")
        .describe()
        .startswith("OCR unavailable: Tesseract is not installed.")
    )


@needs_tesseract
def test_the_languages_asked_for_are_the_ones_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "scan.png").write_bytes(saved(page(ENGLISH), "PNG"))
    root = str(tmp_path / "archive")
    args = ["--archive", root, "import", str(tmp_path / "scan.png"), "--ocr-languages", "eng"]
    assert main([*args, "--json"]) == 0
    (imported,) = json.loads(capsys.readouterr().out)["imported"]
    assert main(["--archive", root, "show", str(imported["id"]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ocr"]["languages"] == "eng"
    (tmp_path / "again.png").write_bytes(saved(page(ENGLISH[:1]), "PNG"))
    bad = ["--archive", root, "import", str(tmp_path / "again.png"), "--ocr-languages", "xyz"]
    assert main([*bad, "--json"]) == 1
    (failed,) = json.loads(capsys.readouterr().out)["failed"]
    assert "no OCR language asked for is installed (xyz)" in failed["error"]


@needs_tesseract
@needs_russian
def test_reading_a_scan_again_in_another_language_keeps_the_annotations_it_can(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from archivist.annotations import add_claim, mentions_of_article, tag_entity, undo

    (tmp_path / "scan.tif").write_bytes(saved(page(ENGLISH), "TIFF", page(RUSSIAN)))
    root = tmp_path / "archive"
    options = ImportOptions(workers=0, ocr_languages="eng")
    with open_archive(root) as archive:
        (imported,) = import_paths(archive, [tmp_path / "scan.tif"], options=options).imported
        read_in_english = archive.article(imported.id).text
        assert "Алматы" not in read_in_english  # (Russian read as if it were English)
        tag_entity(archive, imported.id, name="Almaty", type="location", quote="Almaty")
        claim = add_claim(
            archive, imported.id, claimant="local media", quote="security forces closed"
        )
        # A span on the page read wrongly: it cannot be found in the right reading.
        wrong = read_in_english.split("\n\n")[-1].split()[0]
        tag_entity(archive, imported.id, name=wrong, type="organisation", quote=wrong)
    args = ["--archive", str(root), "reextract", str(imported.id), "--ocr-languages", "eng+rus"]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["changed"]
    assert report["counts"]["orphaned"] == 1 and sum(report["counts"].values()) == 3
    with open_archive(root) as archive:
        article = archive.article(imported.id)
        assert "Алматы" in article.text and "Almaty" in article.text
        assert json.loads(article.ocr)["languages"] == "eng+rus"
        mentions = {m.quote: m.anchor for m in mentions_of_article(archive, imported.id)}
        assert mentions["Almaty"] == "ok"
        assert mentions[wrong] == "orphaned"
        starts = json.loads(article.page_starts)
        assert article.text[starts[1] :].startswith("Протестующие")
        kept = [c for c in article_claims(archive, imported.id) if c.id == claim.id]
        assert kept[0].anchor == "ok" and kept[0].quote == "security forces closed"
        undo(archive)
        assert archive.article(imported.id).text == read_in_english
        assert json.loads(archive.article(imported.id).ocr)["languages"] == "eng"


def article_claims(archive: object, article_id: int) -> list:
    from archivist.annotations import list_claims

    return list_claims(archive, article_id=article_id)


def _scanned_pdf(pages: int) -> bytes:
    images = [page([f"Report page {n}.", *ENGLISH]) for n in range(1, pages + 1)]
    return saved(images[0], "PDF", *images[1:], resolution=300)


@needs_tesseract
@pytest.mark.parametrize("workers", [0, 1])
def test_an_import_reports_each_page_read(tmp_path: Path, workers: int) -> None:
    (tmp_path / "scan.pdf").write_bytes(_scanned_pdf(3))
    seen: list[str] = []
    with open_archive(tmp_path / "archive") as archive:
        report = import_paths(
            archive,
            [tmp_path / "scan.pdf"],
            options=ImportOptions(workers=workers),
            progress=lambda event: seen.append(event.message),
        )
    assert len(report.imported) == 1
    pages = [message for message in seen if "(OCR)" in message]
    assert pages == [f"scan.pdf: page {n} of 3 read (OCR)" for n in (1, 2, 3)]


@needs_tesseract
def test_cancel_stops_inside_a_long_scan_and_keeps_the_files_done(tmp_path: Path) -> None:
    from archivist.progress import CancelToken

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-notes.txt").write_text("Notes\n\nTyped before the scan.\n", "utf-8")
    (folder / "b-scan.pdf").write_bytes(_scanned_pdf(8))
    token = CancelToken()
    pages: list[str] = []

    def progress(event: object) -> None:
        if "(OCR)" in event.message:  # type: ignore[attr-defined]
            pages.append(event.message)  # type: ignore[attr-defined]
            token.cancel()

    with open_archive(tmp_path / "archive") as archive:
        report = import_paths(
            archive, [folder], options=ImportOptions(workers=1), progress=progress, cancel=token
        )
        titles = [row[0] for row in archive.db.execute("SELECT title FROM articles")]
    assert report.cancelled
    assert titles == ["Notes"]  # the text file done before the scan, kept
    assert 1 <= len(pages) < 8  # (stopped inside the scan, not after its last page)


@needs_tesseract
def test_the_time_limit_of_a_scan_counts_from_its_last_page(tmp_path: Path) -> None:
    """A scan of many pages is not stopped for its length: each page has the limit."""
    import time

    (tmp_path / "scan.pdf").write_bytes(_scanned_pdf(24))
    started = time.monotonic()
    with open_archive(tmp_path / "archive") as archive:
        report = import_paths(
            archive, [tmp_path / "scan.pdf"], options=ImportOptions(workers=1, timeout_s=2.5)
        )
    took = time.monotonic() - started
    if took <= 2.5:
        pytest.skip(f"the pages were read in {took:.1f} s: under one page's limit anyway")
    assert len(report.imported) == 1 and not report.failed


def test_the_tesseract_of_an_application_bundle_is_used_when_the_machine_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import sys

    folder = tmp_path / "bundle" / "tesseract"
    (folder / "tessdata").mkdir(parents=True)
    program = folder / "tesseract"
    program.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi\n'
        'echo "List of available languages in \\"$TESSDATA_PREFIX/\\" (2):"\n'
        "echo eng\necho osd\n",
        "utf-8",
    )
    program.chmod(0o755)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    monkeypatch.delenv(ocr.TESSERACT_VARIABLE, raising=False)
    # (Set first, so that the variable the status sets is taken away again afterwards.)
    monkeypatch.setenv("TESSDATA_PREFIX", "")
    monkeypatch.delenv("TESSDATA_PREFIX")
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/other")
    ocr.ocr_status.cache_clear()
    try:
        status = ocr.ocr_status()
    finally:
        ocr.ocr_status.cache_clear()
    assert status.available and status.bundled and status.program == str(program)
    assert status.languages == ("eng",)
    assert status.describe() == "OCR: Tesseract 5.3.0 (eng), bundled with Archivist"
    assert os.environ["TESSDATA_PREFIX"] == str(folder / "tessdata")
    assert os.environ["LD_LIBRARY_PATH"].split(os.pathsep) == [
        str(tmp_path / "bundle"),
        "/opt/other",
    ]
    monkeypatch.delattr(sys, "_MEIPASS")
    assert ocr.bundled_tesseract() is None
    monkeypatch.undo()
    assert "TESSDATA_PREFIX" not in os.environ or os.environ["TESSDATA_PREFIX"] != str(
        folder / "tessdata"
    )


@needs_tesseract
def test_reading_a_scan_again_can_be_cancelled_between_pages(tmp_path: Path) -> None:
    from archivist.importers.reextract import reextract
    from archivist.progress import Cancelled

    (tmp_path / "scan.tif").write_bytes(saved(page(ENGLISH), "TIFF", page(ENGLISH[:1])))
    with open_archive(tmp_path / "archive") as archive:
        options = ImportOptions(workers=0)
        (imported,) = import_paths(archive, [tmp_path / "scan.tif"], options=options).imported
        before = archive.article(imported.id)

        def stop(_done: int, _total: int) -> None:
            raise Cancelled("cancelled")

        ocr.listen_to_pages(stop)
        try:
            with pytest.raises(Cancelled):
                reextract(archive, imported.id, ocr_languages="eng")
        finally:
            ocr.listen_to_pages(None)
        after = archive.article(imported.id)
        assert (after.text, after.ocr, after.rev) == (before.text, before.ocr, before.rev)


@needs_tesseract
def test_pages_read_side_by_side_come_out_in_order(tmp_path: Path) -> None:
    images = [page([f"Report page {n}.", *ENGLISH]) for n in range(1, 6)]
    told: list[tuple[int, int]] = []
    ocr.listen_to_pages(lambda done, total: told.append((done, total)))
    try:
        with ocr.pages_at_once(3):
            recognised = ocr.recognise(iter(images), page_count=5)
    finally:
        ocr.listen_to_pages(None)
    assert [text.split(".")[0].strip() for text in recognised.pages] == [
        f"Report page {n}" for n in range(1, 6)
    ]
    assert told == [(n, 5) for n in range(1, 6)]
    assert ocr._pages_at_once == 1  # (as it was before the block)
