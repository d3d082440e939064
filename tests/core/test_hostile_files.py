"""Hostile, damaged and odd files: the registry answers with a reason or sensible articles,
never a crash, a hang or a library's exception."""

from __future__ import annotations

import time
from pathlib import PurePath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import all_sample_files, needs_samples, sample_bytes

from archivist.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
    FileTooLargeError,
    HostileContentError,
    UnsupportedFormatError,
)
from archivist.importers import registry
from archivist.importers.base import ExtractedDocument
from archivist.importers.registry import (
    SUPPORTED_EXTENSIONS,
    describe_formats,
    extract_document,
    is_supported_filename,
)

# Every file in hostile/ and what it must give: (error class, words in the message) or
# (format, words in the text).
HOSTILE = {
    "hostile/empty.pdf": (EmptyDocumentError, "empty"),
    "hostile/~$strict.docx": (CorruptDocumentError, "lock file"),
    "hostile/defusedxml_quadratic.xml": (HostileContentError, "entity"),
    "hostile/libreoffice-writer-password.pdf": (EncryptedDocumentError, "password-protected"),
    "hostile/np4k_google_meta_refresh.html": (EmptyDocumentError, "no article text found"),
    "hostile/feedparser_rss_incomplete_cdata.xml": (CorruptDocumentError, "no entries"),
    "hostile/feedrs_rss_2.0_invalid_1.xml": (CorruptDocumentError, "no entries"),
    "hostile/feedparser_bozo_invalid-bytes-with-bom.xml": (CorruptDocumentError, "no entries"),
    "hostile/issue-1113-evil-xobjects.pdf": ("pdf", "Hello world"),
    "hostile/feedparser_entry_content_script.xml": ("feed", "safe description"),
    "hostile/fivethirtyeight_webpage.html.gz": ("html", "Manchin"),
    "hostile/Osthessen-news.de-Buergermeisterwahl.html": ("html", "Zunächst ist festzustellen"),
}

OTHER_REJECTIONS = {
    "docx/pandoc_accent.rtf": (UnsupportedFormatError, "RTF documents are not supported"),
    "docx/pandoc_unicode.rtf": (UnsupportedFormatError, "RTF documents are not supported"),
    "docx/pandoc_footnote.odt": (UnsupportedFormatError, "OpenDocument text files (.odt)"),
    "docx/mammoth_empty.docx": (EmptyDocumentError, "no text"),
}


@needs_samples
@pytest.mark.parametrize(("relative", "outcome"), sorted({**HOSTILE, **OTHER_REJECTIONS}.items()))
def test_hostile_and_unsupported_samples(relative: str, outcome: tuple[object, str]) -> None:
    expected, words = outcome
    data = sample_bytes(relative)
    name = PurePath(relative).name
    if isinstance(expected, str):
        fmt, docs = extract_document(data, name)
        assert fmt == expected
        assert any(words in doc.text for doc in docs)
        assert all("<script" not in doc.text for doc in docs)
    else:
        with pytest.raises(expected) as caught:  # type: ignore[call-overload]
            extract_document(data, name)
        assert words in str(caught.value)


@needs_samples
def test_every_hostile_sample_has_an_expectation() -> None:
    on_disk = {name for name in all_sample_files() if name.startswith("hostile/")}
    assert on_disk <= set(HOSTILE), on_disk - set(HOSTILE)


@needs_samples
@pytest.mark.parametrize("relative", all_sample_files())
def test_every_sample_imports_or_is_refused_with_a_reason(relative: str) -> None:
    data = sample_bytes(relative)
    started = time.perf_counter()
    try:
        fmt, docs = extract_document(data, PurePath(relative).name)
    except ExtractionError as error:
        assert len(str(error)) > 10
    else:
        assert fmt in {"html", "text", "markdown", "docx", "pdf", "eml", "feed"}
        assert docs and all(doc.text.strip() for doc in docs)
        assert all(doc.title for doc in docs)
    assert time.perf_counter() - started < 30


@needs_samples
@pytest.mark.parametrize("relative", all_sample_files())
def test_truncated_samples_never_crash(relative: str) -> None:
    data = sample_bytes(relative)
    for cut in (len(data) // 2, len(data) * 9 // 10):
        try:
            extract_document(data[:cut], PurePath(relative).name)
        except ExtractionError as error:
            assert str(error)


# --- the registry's own guarantees ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raised", "error", "words"),
    [
        (ValueError("library bug"), CorruptDocumentError, "could not read this text file: library"),
        (KeyError("x"), CorruptDocumentError, "could not read this text file"),
        (RecursionError(), CorruptDocumentError, "nested too deeply"),
        (MemoryError(), CorruptDocumentError, "more memory"),
    ],
)
def test_library_exceptions_become_extraction_errors(
    monkeypatch: pytest.MonkeyPatch, raised: BaseException, error: type[Exception], words: str
) -> None:
    def broken(data: bytes, filename: str) -> list[ExtractedDocument]:
        raise raised

    monkeypatch.setitem(registry._EXTRACTORS, "text", broken)
    with pytest.raises(error, match=words):
        extract_document(b"Some plain text.", "a.txt")


def test_blank_documents_are_dropped_and_all_blank_is_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def blank(data: bytes, filename: str) -> list[ExtractedDocument]:
        return [ExtractedDocument(text=" \n "), ExtractedDocument(text="")]

    monkeypatch.setitem(registry._EXTRACTORS, "text", blank)
    with pytest.raises(EmptyDocumentError, match="no text found"):
        extract_document(b"Some plain text.", "a.txt")


def test_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "MAX_FILE_BYTES", 100)
    with pytest.raises(FileTooLargeError, match="larger than"):
        extract_document(b"x" * 101, "big.txt")


def test_supported_extensions_and_filenames() -> None:
    for extension in (".html", ".htm", ".txt", ".md", ".docx", ".pdf", ".eml", ".rss", ".xml",
                      ".png", ".jpg", ".tif"):  # fmt: skip
        assert extension in SUPPORTED_EXTENSIONS
    assert is_supported_filename("Report.PDF")
    assert is_supported_filename("page.html.gz")
    assert not is_supported_filename("backup.tar.gz")
    assert not is_supported_filename("~$report.docx")
    assert is_supported_filename("photo.jpg")  # (read by OCR)
    assert not is_supported_filename("clip.gif")


def test_describe_formats_names_every_format() -> None:
    help_text = describe_formats()
    for words in (".html", ".txt", ".md", ".docx", ".pdf", ".eml", "RSS", "Atom", ".png", "OCR"):
        assert words in help_text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=4096),
        st.builds(
            lambda head, tail: head + tail,
            st.sampled_from(
                [
                    b"%PDF-1.4\n",
                    b"PK\x03\x04",
                    b"<rss>",
                    b"<html>",
                    b"From: a@b\nSubject: x\n\n",
                    b"\x1f\x8b\x08\x00",
                    b"---\ntitle: x\n---\n",
                ]
            ),
            st.binary(max_size=2048),
        ),
    ),
    st.sampled_from(["a.txt", "a.html", "a.pdf", "a.docx", "a.eml", "a.xml", "a.md", "noext"]),
)
def test_random_bytes_only_ever_raise_extraction_errors(data: bytes, filename: str) -> None:
    try:
        _fmt, docs = extract_document(data, filename)
    except ExtractionError:
        return
    assert docs and all(doc.text.strip() for doc in docs)
