"""PDF text layers: text, metadata, junk titles, scans, damage, encryption and traps."""

from __future__ import annotations

import time

import pytest
from samples import needs_samples, sample_bytes

from archivist.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractionTimeoutError,
    FileTooLargeError,
    NoTextLayerError,
)
from archivist.importers import pdf
from archivist.importers.registry import extract_document


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A minimal valid PDF: Helvetica text lines per page, an optional Info dictionary."""
    objects: list[str] = []
    page_ids = [4 + 2 * index for index in range(len(pages))]
    objects.append("<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    objects.append(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for lines in pages:
        content_id = len(objects) + 2
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        )
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops.append(f"{_pdf_string(line)} Tj T*")
        ops.append("ET")
        stream = "\n".join(ops)
        objects.append(
            f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream"
        )
    trailer = ""
    if info:
        entries = " ".join(f"/{key} {_pdf_string(value)}" for key, value in info.items())
        objects.append(f"<< {entries} >>")
        trailer = f" /Info {len(objects)} 0 R"
    return assemble_pdf(objects, trailer)


def assemble_pdf(objects: list[str], trailer: str = "") -> bytes:
    """Number the objects from 1 (the first is the catalog) and write a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{trailer} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


REPORT = [
    ["Kazakhstan unrest: situation report", "", "Troops arrived in Almaty on Thursday."],
    ["Second page: the airport reopened on Saturday."],
]


def extract_one(data: bytes) -> pdf.ExtractedDocument:
    [document] = pdf.extract(data, "test.pdf")
    return document


def test_text_of_every_page_in_order() -> None:
    doc = extract_one(make_pdf(REPORT))
    assert "Kazakhstan unrest: situation report" in doc.text
    assert doc.text.index("Troops arrived in Almaty") < doc.text.index("Second page")
    assert doc.language == "en"


def test_metadata_from_info_dictionary() -> None:
    info = {
        "Title": "Situation report 7",
        "Author": "Analyst One",
        "CreationDate": "D:20220107093000+06'00'",
    }
    doc = extract_one(make_pdf(REPORT, info))
    assert doc.title == "Situation report 7"
    assert doc.author == "Analyst One"
    assert doc.published == "2022-01-07T09:30:00+06:00"


@pytest.mark.parametrize(
    "junk",
    ["10811.exe", "Microsoft Word - report.doc", "Untitled", "905_Precinct_NoOU", "C:\\tmp\\x.pdf"],
)
def test_junk_metadata_titles_are_replaced_by_the_text(junk: str) -> None:
    doc = extract_one(make_pdf(REPORT, {"Title": junk}))
    assert doc.title == "Kazakhstan unrest: situation report"


def test_a_page_without_text_or_image_holds_nothing() -> None:
    with pytest.raises(NoTextLayerError, match="neither a text layer nor pages scanned"):
        pdf.extract(make_pdf([[]]), "blank.pdf")


def test_garbage_after_header_is_corrupt() -> None:
    with pytest.raises(CorruptDocumentError, match="could not read this PDF"):
        extract_document(b"%PDF-1.4\n" + b"\x00\xff garbage " * 200, "broken.pdf")


def test_truncated_pdf_never_crashes() -> None:
    data = make_pdf(REPORT)
    for cut in (20, len(data) // 3, len(data) // 2, len(data) - 30):
        try:
            fmt, docs = extract_document(data[:cut], "cut.pdf")
        except (CorruptDocumentError, NoTextLayerError):
            continue
        assert fmt == "pdf" and docs[0].text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("D:20140101120000+01'00'", "2014-01-01T12:00:00+01:00"),
        ("D:20140101120000Z", "2014-01-01T12:00:00+00:00"),
        ("D:20140101", "2014-01-01"),
        ("D:2014", "2014-01-01"),
        ("20140101120000", "2014-01-01T12:00:00"),
        ("D:20141399", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_pdf_date(raw: str | None, expected: str | None) -> None:
    assert pdf.parse_pdf_date(raw) == expected


def test_visual_order_right_to_left_is_restored() -> None:
    assert pdf._visual_to_logical("ملاعلاب ابحرم") == "مرحبا بالعالم"
    assert pdf._visual_to_logical("ملاعلاب 2022 ابحرم") == "مرحبا 2022 بالعالم"


# --- the shared samples ---------------------------------------------------------------------


def _load(relative: str) -> pdf.ExtractedDocument:
    fmt, [doc] = extract_document(sample_bytes(relative), relative.rsplit("/", 1)[-1])
    assert fmt == "pdf"
    return doc


@needs_samples
def test_rc4_encrypted_with_empty_password_and_vertical_japanese() -> None:
    doc = _load("pdf/kampo.pdf")
    assert "道路交通法施行令の一部を改正する政令" in doc.text
    assert doc.language == "ja"
    assert doc.published == "2008-04-24T14:24:24+09:00"


@needs_samples
def test_password_protected_sample() -> None:
    with pytest.raises(EncryptedDocumentError, match="this PDF is password-protected"):
        extract_document(sample_bytes("hostile/libreoffice-writer-password.pdf"), "p.pdf")


@needs_samples
def test_exe_title_is_ignored() -> None:
    doc = _load("pdf/scotus-transcript-p1.pdf")
    assert doc.title != "10811.exe"
    assert "SUPREME COURT OF THE UNITED STATES" in doc.text
    assert "KNOWLES" in doc.text


@needs_samples
def test_multilingual_page() -> None:
    doc = _load("pdf/multilang.pdf")
    for words in ("Hello World", "Привет, мир", "你好世界", "สวัสดีชาวโลก", "こんにちは世界"):
        assert words in doc.text
    assert "مرحبا بالعالم" in doc.text  # logical order, not the visual order of the glyphs


@needs_samples
@pytest.mark.parametrize(
    ("relative", "words"),
    [
        ("pdf/Seige_of_Vicksburg_Sample_OCR.pdf", "Johnston is coming with fifty thousand men"),
        ("pdf/google-doc-document.pdf", "Beautiful is better than ugly."),
        ("pdf/la-precinct-bulletin-2014-p1.pdf", "BALLOTS CAST"),
        ("pdf/VIA_Nytt_1402.pdf", "Dagsavisen"),
        ("pdf/test Orient.pdf", "This is box text at top written down from top"),
    ],
)
def test_sample_text(relative: str, words: str) -> None:
    assert words in _load(relative).text


@needs_samples
def test_self_referencing_xobjects_finish_quickly() -> None:
    started = time.perf_counter()
    doc = _load("hostile/issue-1113-evil-xobjects.pdf")
    assert "Hello world" in doc.text
    assert time.perf_counter() - started < 10


def test_a_damaged_page_does_not_cost_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    real_page_text = pdf._page_text
    calls: list[int] = []

    def second_page_breaks(page: object, resources: object) -> str:
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("bad content stream")
        return real_page_text(page, resources)

    monkeypatch.setattr(pdf, "_page_text", second_page_breaks)
    doc = extract_one(make_pdf(REPORT))
    assert "Troops arrived in Almaty" in doc.text
    assert "Second page" not in doc.text


def test_no_readable_page_is_corrupt_not_a_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def always_breaks(page: object, resources: object) -> str:
        raise ValueError("bad content stream")

    monkeypatch.setattr(pdf, "_page_text", always_breaks)
    with pytest.raises(CorruptDocumentError, match="could not read the pages"):
        pdf.extract(make_pdf(REPORT), "broken.pdf")


def test_page_and_time_budgets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    with pytest.raises(FileTooLargeError, match="more than 1 pages"):
        pdf.extract(make_pdf(REPORT), "long.pdf")
    monkeypatch.setattr(pdf, "MAX_PAGES", 100)
    monkeypatch.setattr(pdf, "MAX_SECONDS", -1.0)
    with pytest.raises(ExtractionTimeoutError, match="took longer than"):
        pdf.extract(make_pdf(REPORT), "slow.pdf")


def _stream(content: str, extra: str = "") -> str:
    return f"<< /Length {len(content)}{extra} >>\nstream\n{content}\nendstream"


def test_long_chain_of_nested_form_xobjects_is_cut_short() -> None:
    depth = 3000  # far deeper than Python's stack allows pdfminer to recurse
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 3 0 R >> /XObject << /X 6 0 R >> >> /Contents 5 0 R >>",
        _stream("BT /F1 12 Tf 72 720 Td (Text above the trap.) Tj ET /X Do"),
    ]
    for level in range(depth):
        child = len(objects) + 2
        resources = f"/Resources << /XObject << /X {child} 0 R >> >>" if level < depth - 1 else ""
        objects.append(
            _stream("/X Do", f" /Type /XObject /Subtype /Form /BBox [0 0 10 10] {resources}")
        )
    started = time.perf_counter()
    doc = extract_one(assemble_pdf(objects))
    assert "Text above the trap." in doc.text
    assert time.perf_counter() - started < 10
