"""The export read by other software: LibreOffice converts it to PDF (checked with pdftotext
and rendered to PNG with pdftoppm), and pandoc reads its footnotes and comments."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from test_briefs_helpers import CHINESE, MARKING, Exported, export_demo

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
PANDOC = shutil.which("pandoc")

needs_office = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT),
    reason="LibreOffice (soffice) and poppler's pdftotext are needed: apt install libreoffice-writer-nogui poppler-utils",
)
needs_pandoc = pytest.mark.skipif(not PANDOC, reason="pandoc is not installed: apt install pandoc")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    return export_demo(tmp_path_factory.mktemp("brief-render"))


def to_pdf(document: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice headless, on a private profile (concurrent runs collide on a
    shared one) and with a time limit."""
    profile = out_dir / f"lo-profile-{uuid.uuid4().hex}"
    result = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = out_dir / (document.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    shutil.rmtree(profile, ignore_errors=True)
    return pdf


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def inline_pdf(exported: Exported) -> Path:
    if not (SOFFICE and PDFTOTEXT):
        pytest.skip("LibreOffice and pdftotext are needed")
    return to_pdf(exported.inline, exported.folder)


@needs_office
def test_libreoffice_renders_every_page_with_marking_and_page_number(inline_pdf: Path) -> None:
    pages = pdf_pages(inline_pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        # Header and footer: the marking at the top and at the bottom of every page.
        assert page.count(MARKING) >= 2, f"page {number}"
        assert f"Page {number} of {len(pages)}" in page
    first = flat(pages[0])
    assert "Kazakhstan: unrest and the CSTO" in first and "Jane Analyst · 7 January 2022" in first


@needs_office
def test_libreoffice_shows_the_content_and_the_footnotes(
    inline_pdf: Path, exported: Exported
) -> None:
    text = flat("\n".join(pdf_pages(inline_pdf)))
    for expected in (
        "Key judgements",
        "Security situation in Almaty",
        "around 2,300 people had been arrested in Almaty alone",
        "— Ned Price, US State Department spokesman · B2 · Unverified",
        "Claims assessed",
        "Appendix: entities named in the sources",
        "Moscow Location",
        "Note on the claim: AFP could not verify this.",
        CHINESE[:8],
        "העולם",
        "الشرطة",
    ):
        assert expected in text, expected
    # Ten footnotes and four sources each cite the original's archive reference.
    assert text.count("Archive: sha256") == 14
    assert (
        text.count("https://www.afp.com/en/news/kazakhstan-unrest-russian-troops?utm_source=x&id=1")
        == 8
    )
    # Each footnote number is followed by its own citation.
    numbered = re.findall(r"(?m)^\s*(\d{1,2})\s*\n\s*(\S+)", "\n".join(pdf_pages(inline_pdf)))
    notes = {int(n): first for n, first in numbered if first in ("AFP,", "新华社,")}
    assert notes.get(1) == "AFP," and notes.get(10) == "新华社,"


@needs_office
def test_libreoffice_with_comments(exported: Exported, tmp_path: Path) -> None:
    """With comments as well as footnotes, every footnote keeps its own text in LibreOffice.

    LibreOffice 7.4 confuses comment and footnote ids on import (its own DOCX round trip
    shows it); the writer therefore numbers comments out of the footnotes' range."""
    pdf = to_pdf(exported.docx, tmp_path)
    pages = pdf_pages(pdf)
    text = flat("\n".join(pages))
    assert all(page.count(MARKING) >= 2 for page in pages)
    assert "Claims assessed" in text and "around 2,300 people had been arrested" in text
    assert text.count("Archive: sha256") == 14
    with zipfile.ZipFile(exported.docx) as package:
        comments = package.read("word/comments.xml").decode()
    assert re.findall(r'<w:comment [^>]*w:id="(\d+)"', comments)
    assert all(int(i) >= 10_000 for i in re.findall(r'<w:comment [^>]*w:id="(\d+)"', comments))


@needs_office
@pytest.mark.skipif(not PDFTOPPM, reason="poppler's pdftoppm is not installed")
def test_pages_render_to_png(inline_pdf: Path, tmp_path: Path) -> None:
    subprocess.run(
        [str(PDFTOPPM), "-png", "-r", "40", str(inline_pdf), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == len(pdf_pages(inline_pdf))
    assert all(
        image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 2000
        for image in images
    )


def _walk(node: object):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _stringify(node: object) -> str:
    parts = []
    for element in _walk(node):
        if element.get("t") == "Str":
            parts.append(element["c"])
        elif element.get("t") in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
    return "".join(parts)


@needs_pandoc
def test_pandoc_reads_footnotes_and_comments(exported: Exported) -> None:
    result = subprocess.run(
        [str(PANDOC), "-f", "docx", "-t", "json", "--track-changes=all", str(exported.docx)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    tree = json.loads(result.stdout)
    notes = [element for element in _walk(tree["blocks"]) if element.get("t") == "Note"]
    assert len(notes) == 10
    texts = [_stringify(note["c"]) for note in notes]
    assert all("Archive: sha256" in t for t in texts)
    assert ["kazakhstan-unrest-afp.txt" in t for t in texts] == [True] * 7 + [False] * 3
    assert "ar.txt" in texts[7] and "he.txt" in texts[8] and "zh.txt" in texts[9]
    links = [e for note in notes for e in _walk(note["c"]) if e.get("t") == "Link"]
    assert (
        links[0]["c"][2][0]
        == "https://www.afp.com/en/news/kazakhstan-unrest-russian-troops?utm_source=x&id=1"
    )
    starts = [
        e for e in _walk(tree["blocks"]) if e.get("t") == "Span" and "comment-start" in e["c"][0][1]
    ]
    assert len(starts) == 8
    assert {dict(s["c"][0][2])["author"] for s in starts} == {"Jane Analyst"}
    markdown = subprocess.run(
        [
            str(PANDOC),
            "-f",
            "docx",
            "-t",
            "markdown",
            "--wrap=none",
            "--track-changes=all",
            str(exported.docx),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    # The note sits on the quote it concerns (pandoc writes the curly quotes straight).
    assert re.search(
        r'\[AFP could not verify this\.\]\{\.comment-start[^}]*\}["“]the police had driven protesters[^\]]*'
        r'["”]\[\]\{\.comment-end',
        markdown,
    )


@needs_pandoc
def test_pandoc_reads_the_markdown_export(exported: Exported) -> None:
    result = subprocess.run(
        [str(PANDOC), "-f", "markdown", "-t", "json", str(exported.markdown)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    tree = json.loads(result.stdout)
    notes = [e for e in _walk(tree["blocks"]) if e.get("t") == "Note"]
    assert len(notes) == 10
    tables = [e for e in _walk(tree["blocks"]) if e.get("t") == "Table"]
    assert len(tables) == 2
    headers = [_stringify(e["c"]) for e in _walk(tree["blocks"]) if e.get("t") == "Header"]
    assert headers[:3] == [
        "Kazakhstan: unrest and the CSTO deployment",
        "Summary",
        "Key judgements",
    ]
