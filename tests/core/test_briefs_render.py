"""The export read by other software: LibreOffice converts it to PDF (checked with pdftotext
and rendered to PNG with pdftoppm), and pandoc reads its footnotes and comments.

What the PDF shows is compared with whitespace removed: where LibreOffice wraps a line
depends on the fonts a machine has, what the page says does not. A script no installed font
can draw leaves its characters out of the PDF's text, and so still fails these tests (.ci/run
installs the Noto fonts that cover the scripts of the demo brief)."""

from __future__ import annotations

import html
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
PDFFONTS = shutil.which("pdffonts")
FC_LIST = shutil.which("fc-list")

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


def squashed(text: str) -> str:
    """`text` without whitespace and bidirectional marks: what a reader sees, wherever the
    lines wrap (pdftotext marks right-to-left runs with embedding characters)."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", text)


def check_footnotes_shown(document: Path, pdf_text: str) -> None:
    """Each footnote of `document` is on the page: a left-to-right one after its number, as a
    reader sees it; a right-to-left one (which pdftotext reorders) by its citation's URL and
    archive reference."""
    notes = footnotes_in_order(document)
    assert len(notes) == 10
    for number, note in enumerate(notes, start=1):
        if re.match(r"[\u0590-\u08ff]", note) and "https://" in note:
            tail = squashed(note[note.index("https://") :])
            assert tail in pdf_text, (number, note)
        elif re.match(r"[\u0590-\u08ff]", note):  # (short: its date and paragraph)
            assert squashed(note.split(",", 1)[1]) in pdf_text, (number, note)
        else:
            assert f"{number}{squashed(note)[:24]}" in pdf_text, (number, note)


def embedded_fonts(pdf: Path) -> set[str]:
    """The PostScript names of the fonts embedded in `pdf` (without the subset prefix)."""
    listing = subprocess.run(
        [str(PDFFONTS), str(pdf)], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}


def fonts_drawing(char: str) -> set[str]:
    """The PostScript names of the installed fonts that have a glyph for `char`."""
    listing = subprocess.run(
        [str(FC_LIST), f":charset={ord(char):x}", "-f", "%{postscriptname}\n"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return set(listing.split())


def undrawn(pdf: Path, text: str) -> list[str]:
    """The characters of `text` that no font embedded in `pdf` can draw.

    LibreOffice writes the text of a glyph it has no font for into the PDF all the same (as
    a box, with its character in the text layer), so finding the text is not enough."""
    fonts = embedded_fonts(pdf)

    def drawn(char: str) -> bool:
        # (An embedded CJK font may carry a suffix: NotoSerifCJKjp-Regular-VKana.)
        return any(
            font == name or font.startswith(name + "-")
            for font in fonts
            for name in fonts_drawing(char)
        )

    return [char for char in sorted(set(text) - {" "}) if not drawn(char)]


def _paragraph_texts(xml: str) -> list[str]:
    return [
        html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)))
        for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    ]


def footnotes_in_order(document: Path) -> list[str]:
    """The text of each footnote of a .docx, in the order of their references (the numbers
    a reader sees: 1, 2, 3...)."""
    with zipfile.ZipFile(document) as package:
        body = package.read("word/document.xml").decode()
        notes = package.read("word/footnotes.xml").decode()
    texts = {
        note_id: " ".join(_paragraph_texts(content)).strip()
        for note_id, content in re.findall(
            r'<w:footnote(?: [^>]*)? w:id="(\d+)"[^>]*>(.*?)</w:footnote>', notes, flags=re.S
        )
    }
    return [texts[i] for i in re.findall(r'<w:footnoteReference [^>]*w:id="(\d+)"', body)]


def count_in_xml(document: Path, needle: str) -> int:
    """How often `needle` is in the text of the body and the footnotes of a .docx."""
    with zipfile.ZipFile(document) as package:
        parts = [package.read(f"word/{part}.xml").decode() for part in ("document", "footnotes")]
    return sum(text.count(needle) for part in parts for text in _paragraph_texts(part))


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
        assert f"Page{number}of{len(pages)}" in squashed(page)
    first = squashed(pages[0])
    assert squashed("Kazakhstan: unrest and the CSTO") in first
    assert squashed("Jane Analyst · 7 January 2022") in first


@needs_office
def test_libreoffice_shows_the_content_and_the_footnotes(
    inline_pdf: Path, exported: Exported
) -> None:
    pages = pdf_pages(inline_pdf)
    text = squashed("".join(pages))
    for expected in (
        "Key judgements",
        "Security situation in Almaty",
        "around 2,300 people had been arrested in Almaty alone",
        "— Ned Price, US State Department spokesman · B2 · Unverified",
        "Claims assessed",
        "Appendix: entities named in the sources",
        "Moscow Location",
        "Note on the claim: AFP could not verify this.",
        CHINESE,
        "העולם",
        "الشرطة",
    ):
        assert squashed(expected) in text, expected
    # Every citation of the document is on the page: each of the four sources is cited in
    # full (with the original's archive reference) at its first footnote and in the list of
    # sources, later footnotes are short; the article's URL as often as the document has it.
    url = "https://www.afp.com/en/news/kazakhstan-unrest-russian-troops?utm_source=x&id=1"
    assert count_in_xml(exported.inline, "Archive: sha256") == 8
    assert text.count("Archive:sha256") == 8
    assert count_in_xml(exported.inline, url) == 2
    assert text.count(url) == 2
    notes = footnotes_in_order(exported.inline)
    assert notes[0].startswith("AFP,") and notes[9].startswith("新华社,")
    check_footnotes_shown(exported.inline, text)


@needs_office
@pytest.mark.skipif(not (PDFFONTS and FC_LIST), reason="pdffonts and fc-list are needed")
def test_libreoffice_draws_every_script(inline_pdf: Path) -> None:
    """Chinese, Hebrew and Arabic drawn with fonts that have their glyphs, not as boxes
    (.ci/run installs fonts-noto-core and fonts-noto-cjk)."""
    for sample in (CHINESE, "העולם", "الشرطة"):
        assert undrawn(inline_pdf, sample) == [], (sample, embedded_fonts(inline_pdf))


@needs_office
def test_libreoffice_with_comments(exported: Exported, tmp_path: Path) -> None:
    """With comments as well as footnotes, every footnote keeps its own text in LibreOffice.

    LibreOffice 7.4 confuses comment and footnote ids on import (its own DOCX round trip
    shows it); the writer therefore numbers comments out of the footnotes' range."""
    pdf = to_pdf(exported.docx, tmp_path)
    pages = pdf_pages(pdf)
    text = squashed("".join(pages))
    assert all(page.count(MARKING) >= 2 for page in pages)
    assert "Claimsassessed" in text and squashed("around 2,300 people had been arrested") in text
    assert text.count("Archive:sha256") == 8
    check_footnotes_shown(exported.docx, text)
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
    # The first citation of each source in full, later ones short ("AFP, 6 Jan 2022, ¶ 3.").
    assert ["Archive: sha256" in t for t in texts] == [True] + [False] * 6 + [True] * 3
    assert "kazakhstan-unrest-afp.txt" in texts[0]
    # (¶: the paragraph of the quote; an article cited whole has none.)
    assert all(re.fullmatch(r"AFP, 6 Jan 2022(, ¶ \d+)?\.", t) for t in texts[1:7]), texts[1:7]
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
