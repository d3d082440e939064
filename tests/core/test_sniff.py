"""Format sniffing: content decides, the extension only hints, unsupported types are named."""

from __future__ import annotations

import gzip
import io
import zipfile

import docx
import pytest
from samples import needs_samples, sample_bytes

from archivist.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    FileTooLargeError,
    HostileContentError,
    UnsupportedFormatError,
)
from archivist.importers import sniff
from archivist.importers.sniff import sniff_format, unwrap_compression

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HTML = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello.</p></body></html>"
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title></channel></rss>'


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Hello from Word.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- supported formats ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (HTML, "page.html", "html"),
        (HTML, "page.txt", "html"),  # content first: markup wins over the name
        (b"\xef\xbb\xbf  \n<html><body>x</body></html>", "", "html"),
        ("<html><body><p>Grüße</p></body></html>".encode("utf-16"), "p.htm", "html"),
        (b"<!-- saved -->\n<html><p>x</p></html>", "saved", "html"),
        (b"<script>go()</script><p>Redirecting</p>", "stub.html", "html"),
        (
            b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML'
            b' 1.0 Strict//EN" "x.dtd"><html xmlns="http://www.w3.org/1999/xhtml"></html>',
            "x.xhtml",
            "html",
        ),
        (RSS, "news.xml", "feed"),
        (RSS, "news.html", "feed"),
        (b"<!-- test harness comment -->\n" + RSS, "f.xml", "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title></feed>', "a.atom", "feed"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "r.rdf", "feed"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS'
            b' 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss></rss>',
            "old.rss",
            "feed",
        ),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "paper.pdf", "pdf"),
        (b"\x00\x05MacBinary wrapper\n%PDF-1.7\n", "paper", "pdf"),
        (b"HTTP junk before the header\n%PDF-1.7\n", "paper.pdf", "pdf"),
        (b"The header of a PDF is %PDF-1.7, says the spec.", "notes.txt", "text"),
        (b"Plain words only.\nSecond line.", "notes.txt", "text"),
        (b"Plain words only.", "", "text"),
        (b"<3 this starts with a bracket but is prose", "love.txt", "text"),
        (b"# A heading\n\nSome *markdown*.", "readme.md", "markdown"),
        (b"+++\ntitle = 'x'\n+++\nBody", "post", "markdown"),
        (b"---\ntitle: x\n---\nBody", "", "markdown"),
        (b"# Not markdown because it is .txt", "a.txt", "text"),
        (
            b"From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: Hi\n\nBody text.",
            "mail.txt",
            "eml",
        ),
        (b"From someone Fri Feb 22 17:06:23 2008\nFrom: a@b.c\nDate: x\n\nbody", "m", "eml"),
        (b"Subject: lonely header\n\nNot enough to be a mail.", "note.txt", "text"),
        (b"MIME-Version: 1.0\nContent-Type: multipart/related\n\n", "page.mht", "eml"),
    ],
)
def test_formats_recognised_by_content(data: bytes, filename: str, expected: str) -> None:
    assert sniff_format(data, filename) == expected


def test_docx_is_recognised_whatever_its_name() -> None:
    data = make_docx()
    assert sniff_format(data, "report.docx") == "docx"
    assert sniff_format(data, "report.zip") == "docx"
    assert sniff_format(data, "report") == "docx"


def test_gzip_compressed_html_is_looked_into() -> None:
    data = gzip.compress(HTML)
    assert sniff_format(data, "page.html.gz") == "html"
    inner, name = unwrap_compression(data, "page.html.gz")
    assert inner == HTML
    assert name == "page.html"
    assert unwrap_compression(HTML, "page.html") == (HTML, "page.html")


def test_gzip_expansion_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sniff, "MAX_DECOMPRESSED_BYTES", 10_000)
    bomb = gzip.compress(b"<p>" + b"A" * 200_000)
    with pytest.raises(FileTooLargeError, match="expands to more than"):
        sniff_format(bomb, "bomb.html.gz")


def test_truncated_gzip_is_corrupt() -> None:
    data = gzip.compress(HTML * 50)
    with pytest.raises(CorruptDocumentError, match=r"truncated|damaged"):
        sniff_format(data[: len(data) // 2], "page.html.gz")


def test_compressed_tar_is_rejected_as_archive() -> None:
    tar = bytearray(1024)
    tar[257:262] = b"ustar"
    with pytest.raises(UnsupportedFormatError, match="TAR archives"):
        sniff_format(gzip.compress(bytes(tar)), "backup.tar.gz")


# --- empty ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n", "\ufeff  \n".encode("utf-8"), " \n\n".encode("utf-16")]
)
def test_empty_and_blank_files(data: bytes) -> None:
    with pytest.raises(EmptyDocumentError):
        sniff_format(data, "empty.txt")


# --- unsupported, named -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"{\\rtf1\\ansi Hello}", "letter.rtf", "RTF documents are not supported"),
        (OLE2 + bytes(504), "old.doc", "legacy Word .doc"),
        (OLE2 + bytes(504), "sheet.xls", "Excel"),
        (OLE2 + bytes(504), "mail.msg", "Outlook .msg"),
        (OLE2 + bytes(504), "mystery", "legacy Microsoft Office"),
        (
            make_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""}),
            "text.odt",
            "OpenDocument text files (.odt)",
        ),
        (
            make_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "a.xml": b""}),
            "sheet.ods",
            "OpenDocument spreadsheets",
        ),
        (make_zip({"xl/workbook.xml": b"<x/>"}), "book.xlsx", "Excel workbooks"),
        (make_zip({"ppt/presentation.xml": b"<x/>"}), "deck.pptx", "PowerPoint"),
        (make_zip({"mimetype": b"application/epub+zip"}), "book.epub", "EPUB"),
        (make_zip({"a.txt": b"hello"}), "files.zip", "ZIP archives are not supported"),
        (b"GIF89a" + bytes(64), "a.gif", "GIF images"),
        (b"MZ\x90\x00" + bytes(64), "setup.exe", "Windows program"),
        (b"\x7fELF" + bytes(64), "tool", "Linux program"),
        (b"7z\xbc\xaf\x27\x1c" + bytes(64), "a.7z", "7-Zip archives"),
        (b"Rar!\x1a\x07\x00" + bytes(64), "a.rar", "RAR archives"),
        (b"ID3\x03" + bytes(64), "song.mp3", "audio"),
        (b"\x00\x01\x02\x03\xfe\xff\x00\x10" * 64, "blob.bin", "unrecognised binary file"),
        (b'<?xml version="1.0"?><catalog><book/></catalog>', "books.xml", "root element is"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.svg", "SVG images"),
    ],
)
def test_unsupported_types_are_named(data: bytes, filename: str, words: str) -> None:
    with pytest.raises(UnsupportedFormatError) as caught:
        sniff_format(data, filename)
    assert words in str(caught.value)


def test_password_protected_office_file_is_encrypted_not_unsupported() -> None:
    data = OLE2 + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(64)
    with pytest.raises(EncryptedDocumentError, match="password-protected"):
        sniff_format(data, "secret.docx")


# --- not what the name says ---------------------------------------------------------------


def test_office_lock_file_is_reported_as_such() -> None:
    data = b"\x09Shay Hill" + bytes(40) + "Shay Hill".encode("utf-16-le") + bytes(80)
    with pytest.raises(CorruptDocumentError, match="lock file"):
        sniff_format(data, "~$strict.docx")


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"Just some text, not a document.", "report.docx", "named .docx"),
        (b"<html><body>404 Not Found</body></html>", "paper.pdf", "web page"),
        (b"\x00\x13\x99junk" * 40, "paper.pdf", "named .pdf"),
        (b"\x00\x13\x99junk" * 40, "report.docx", "named .docx"),
        (b"PK\x03\x04 this zip is cut short", "report.docx", "damaged"),
        (make_zip({"a.txt": b"x"}), "report.docx", "not a Word document"),
    ],
)
def test_files_that_are_not_what_their_name_says(data: bytes, filename: str, words: str) -> None:
    with pytest.raises(CorruptDocumentError) as caught:
        sniff_format(data, filename)
    assert words in str(caught.value)


def test_xml_with_entity_declarations_is_hostile() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>'
    )
    with pytest.raises(HostileContentError, match="entity"):
        sniff_format(laughs, "laughs.xml")


# --- the shared samples ---------------------------------------------------------------------

SAMPLE_FORMATS = {
    "docx/pandoc_comments.docx": "docx",
    "docx/mammoth_empty.docx": "docx",
    "eml/mime4j_badbound.eml": "eml",
    "eml/mimekit_multipart-digest.eml": "eml",
    "encodings/chardet_koi8-r_ude_1.txt": "text",
    "encodings/chardet_plane1-utf-16le.html": "html",
    "encodings/chardet_windows-1256_arabic.html": "html",
    "feeds/feedparser_windows1255_undeclared.xml": "feed",
    "feeds/feedrs_atom_mediarss_reddit_1.xml": "feed",
    "hostile/feedparser_rss_incomplete_cdata.xml": "feed",
    "hostile/fivethirtyeight_webpage.html.gz": "html",
    "hostile/np4k_google_meta_refresh.html": "html",
    "hostile/Osthessen-news.de-Buergermeisterwahl.html": "html",
    "pdf/kampo.pdf": "pdf",
    "txt/rust-blog_2025-09-crates-io-phishing-campaign.md": "markdown",
    "txt/kazakhstan-unrest-afp.txt": "text",
}

SAMPLE_REJECTIONS = {
    "docx/pandoc_accent.rtf": (UnsupportedFormatError, "RTF"),
    "docx/pandoc_unicode.rtf": (UnsupportedFormatError, "RTF"),
    "docx/pandoc_footnote.odt": (UnsupportedFormatError, "OpenDocument"),
    "hostile/~$strict.docx": (CorruptDocumentError, "lock file"),
    "hostile/empty.pdf": (EmptyDocumentError, "empty"),
    "hostile/defusedxml_quadratic.xml": (HostileContentError, "entity"),
}


@needs_samples
@pytest.mark.parametrize(("relative", "expected"), sorted(SAMPLE_FORMATS.items()))
def test_sample_formats(relative: str, expected: str) -> None:
    assert sniff_format(sample_bytes(relative), relative.rsplit("/", 1)[-1]) == expected


@needs_samples
@pytest.mark.parametrize(("relative", "outcome"), sorted(SAMPLE_REJECTIONS.items()))
def test_sample_rejections(relative: str, outcome: tuple[type[Exception], str]) -> None:
    error, words = outcome
    with pytest.raises(error, match=words):
        sniff_format(sample_bytes(relative), relative.rsplit("/", 1)[-1])
