"""Plain text and Markdown: encodings, titles, front matter, readable Markdown."""

from __future__ import annotations

import pytest
from samples import needs_samples, sample_bytes

from archivist.errors import EmptyDocumentError
from archivist.importers import text as text_importer
from archivist.importers.registry import extract_document
from archivist.importers.text import iso_date, markdown_to_text, split_front_matter

ARTICLE = (
    "Protesters gathered in the capital\n\n"
    "Thousands of people marched through the centre on Saturday. Police estimated the crowd "
    "at twelve thousand, organisers at thirty thousand.\n\n"
    "The government has not commented."
)


def test_plain_text_title_and_language() -> None:
    [doc] = text_importer.extract(ARTICLE.encode("utf-8"), "protest.txt")
    assert doc.text == ARTICLE
    assert doc.title == "Protesters gathered in the capital"
    assert doc.language == "en"


def test_plain_text_in_a_legacy_encoding() -> None:
    russian = (
        "Протестующие собрались в столице. Тысячи людей прошли по центру города в субботу, "
        "полиция оценила толпу в двенадцать тысяч человек."
    )
    [doc] = text_importer.extract(russian.encode("koi8-r"), "news.txt")
    assert doc.text == russian
    assert doc.language == "ru"


def test_title_skips_lines_without_words() -> None:
    subtitles = "1\n00:00:06,500 --> 00:00:09,000\nAbout two months ago I found myself\n"
    [doc] = text_importer.extract(subtitles.encode(), "talk.srt")
    assert doc.title == "About two months ago I found myself"


def test_whitespace_only_text_is_empty() -> None:
    with pytest.raises(EmptyDocumentError):
        text_importer.extract(b"  \n\t \n", "blank.txt")


MARKDOWN_YAML = """---
title: "Council votes: night buses"
date: 2024-03-05T10:00:00Z
authors:
  - Jane Doe
  - John Roe
lang: en-GB
source: City Herald
---

Night buses
===========

The council voted on *Tuesday* to extend the [night bus network](https://example.org/bus)
to the northern suburbs, a decision **campaigners** had demanded
for years.

- first routes in March
- every twenty minutes

<!-- editor's note: check figures -->

```
code  block
   keeps its spacing
```
"""


def test_markdown_with_yaml_front_matter() -> None:
    [doc] = text_importer.extract_markdown(MARKDOWN_YAML.encode(), "post.md")
    assert doc.title == "Council votes: night buses"
    assert doc.author == "Jane Doe, John Roe"
    assert doc.published == "2024-03-05T10:00:00+00:00"
    assert doc.language == "en"
    assert doc.source == "City Herald"
    assert "---" not in doc.text
    assert "title:" not in doc.text


def test_markdown_is_made_readable() -> None:
    [doc] = text_importer.extract_markdown(MARKDOWN_YAML.encode(), "post.md")
    assert doc.text.startswith("Night buses\n\n")
    # Soft-wrapped lines are one paragraph; link targets and emphasis marks are gone.
    assert (
        "The council voted on Tuesday to extend the night bus network to the northern "
        "suburbs, a decision campaigners had demanded for years." in doc.text
    )
    assert "https://example.org/bus" not in doc.text
    assert "- first routes in March\n- every twenty minutes" in doc.text
    assert "editor's note" not in doc.text
    assert "code  block\n   keeps its spacing" in doc.text


def test_markdown_title_from_first_heading_without_front_matter() -> None:
    [doc] = text_importer.extract_markdown(b"Intro line\n\n## The Real Heading\n\nBody.", "a.md")
    assert doc.title == "The Real Heading"


def test_toml_front_matter_and_date_from_path() -> None:
    source = b'+++\ntitle = "Release notes"\npath = "2025/09/12/release"\n+++\n\nText here.\n'
    meta, body = split_front_matter(source.decode())
    assert meta["title"] == "Release notes"
    assert body.strip() == "Text here."
    [doc] = text_importer.extract_markdown(source, "post.md")
    assert doc.published == "2025-09-12"


def test_malformed_front_matter_is_removed_without_crashing() -> None:
    source = b'+++\ntitle = "unterminated\n+++\nBody survives.\n'
    [doc] = text_importer.extract_markdown(source, "post.md")
    assert doc.text == "Body survives."


def test_markdown_with_only_front_matter_is_empty() -> None:
    with pytest.raises(EmptyDocumentError):
        text_importer.extract_markdown(b"---\ntitle: nothing else\n---\n\n", "empty.md")


def test_markdown_hard_break_and_setext() -> None:
    assert markdown_to_text("line one  \nline two") == "line one\nline two"
    assert markdown_to_text("Heading\n---\n\npara") == "Heading\n\npara"
    assert markdown_to_text("a * b * c and 2*3*4") == "a * b * c and 2*3*4"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:00:00Z", "2024-03-05T10:00:00+00:00"),
        ("2024-03-05 10:00", "2024-03-05T10:00:00"),
        ("5 March 2024", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value: str | None, expected: str | None) -> None:
    assert iso_date(value) == expected


# --- the shared samples ---------------------------------------------------------------------


@needs_samples
def test_demo_article() -> None:
    fmt, [doc] = extract_document(sample_bytes("txt/kazakhstan-unrest-afp.txt"), "k.txt")
    assert fmt == "text"
    assert doc.title is not None
    assert doc.title.startswith("Russian troops arrived in Kazakhstan on Thursday")
    assert "Almaty" in doc.text
    assert "’" in doc.text  # typographic quotes survive
    assert doc.language == "en"


@needs_samples
def test_rust_blog_markdown_with_toml_front_matter() -> None:
    name = "txt/rust-blog_2025-09-crates-io-phishing-campaign.md"
    fmt, [doc] = extract_document(sample_bytes(name), name.rsplit("/", 1)[-1])
    assert fmt == "markdown"
    assert doc.title == "crates.io phishing campaign"
    assert doc.author == "Rust Security Response WG, crates.io team"
    assert doc.published == "2025-09-12"
    assert "+++" not in doc.text and "aliases" not in doc.text
    assert "phishing campaign targeting crates.io users (from the" in doc.text


@needs_samples
@pytest.mark.parametrize(
    ("relative", "language", "words"),
    [
        ("txt/factru_book_142.txt", "ru", "Стратегический совет"),
        ("txt/factru_book_402.txt", "ru", "Лукашенко"),
        ("txt/np4k_korean_article.txt", "ko", "최태원"),
        ("txt/np4k_thai_article.txt", "th", "สุรชัย"),
        ("txt/np4k_japanese_article2.txt", "ja", "ボコ・ハラム"),
        ("txt/np4k_cnn_001.txt", "en", "Alito"),
        ("encodings/chardet_koi8-r_ude_1.txt", "ru", "гимназии"),
        ("encodings/chardet_iso-2022-jp_ude_1.txt", "ja", "アプリケーション"),
        ("encodings/cn_sample-french-1.txt", "fr", "MOLIÈRE"),
    ],
)
def test_sample_texts(relative: str, language: str, words: str) -> None:
    fmt, [doc] = extract_document(sample_bytes(relative), relative.rsplit("/", 1)[-1])
    assert fmt == "text"
    assert doc.language == language
    assert words in doc.text
    assert doc.title


@needs_samples
def test_very_short_text() -> None:
    _, [doc] = extract_document(sample_bytes("txt/np_dailystar.co.uk1.txt"), "d.txt")
    assert doc.title == "ONLY EXTRACTS ARTICLE UP UNTIL THE FIRST IMAGE"


@needs_samples
def test_utf8_bom_text_is_not_kept_in_the_text() -> None:
    _, [doc] = extract_document(sample_bytes("encodings/cn_sample-english.bom.txt"), "s.txt")
    assert not doc.text.startswith("\ufeff")
    assert doc.title == "About 2 months ago I found myself on"
