"""Saved web pages: article body, metadata, encodings, and pages with no article at all."""

from __future__ import annotations

import gzip
import socket
import time
from pathlib import PurePath

import pytest
from samples import expectations, needs_samples, sample_bytes

from archivist.errors import EmptyDocumentError, FileTooLargeError
from archivist.importers import html
from archivist.importers.registry import extract_document

PARAGRAPHS = [
    "The city council voted on Tuesday to extend the night bus network to the northern "
    "suburbs, a decision campaigners had demanded for years.",
    "Officials said the first routes would open in March, with services every twenty minutes "
    "between midnight and five in the morning.",
    "Opposition members questioned the cost, estimated at four million euros a year, and asked "
    "for an independent review of ridership before any further expansion.",
]


def article_page(charset: str = "utf-8", lang: str = "en", extra_head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}">
<title>Night buses for the north | City Herald</title>
<meta property="og:site_name" content="City Herald">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2023-05-04T08:30:00+02:00">
<link rel="canonical" href="https://herald.example.org/city/night-buses">
<style>body {{ color: red; }} .secretstyle {{}}</style>
<script>var secretToken = "do-not-index";</script>
{extra_head}</head>
<body>
<nav><a href="/">Home</a> <a href="/city">City</a> <a href="/sport">Sport menu link</a></nav>
<article><h1>Night buses for the north</h1>
<p class="byline">By Jane Reporter</p>
{body}
<script>document.write("injected script text");</script>
</article>
<footer>Copyright City Herald footer text</footer>
</body></html>"""


def extract_one(data: bytes, filename: str = "page.html") -> html.ExtractedDocument:
    [document] = html.extract(data, filename)
    return document


def test_article_body_and_metadata() -> None:
    doc = extract_one(article_page().encode("utf-8"))
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    assert doc.title is not None and doc.title.startswith("Night buses for the north")
    assert doc.source == "City Herald"
    assert doc.author == "Jane Reporter"
    assert doc.published == "2023-05-04"
    assert doc.url == "https://herald.example.org/city/night-buses"
    assert doc.language == "en"


def test_paragraph_breaks_are_kept() -> None:
    doc = extract_one(article_page().encode("utf-8"))
    assert f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}\n\n{PARAGRAPHS[2]}" in doc.text


def test_scripts_styles_and_navigation_never_become_text() -> None:
    doc = extract_one(article_page().encode("utf-8"))
    for junk in ("secretToken", "injected script text", "color: red", "Sport menu link"):
        assert junk not in doc.text


def test_language_comes_from_the_html_lang_attribute() -> None:
    doc = extract_one(article_page(lang="de-AT").encode("utf-8"))
    assert doc.language == "de"


def test_wrong_meta_charset_does_not_produce_mojibake() -> None:
    page = article_page(charset="utf-8").replace("night bus", "Nachtbus für Bürger")
    doc = extract_one(page.encode("cp1252"))  # declares UTF-8, is really windows-1252
    assert "Nachtbus für Bürger" in doc.text
    assert "\ufffd" not in doc.text


def test_legacy_charset_declared_in_meta() -> None:
    page = article_page(charset="windows-1251", lang="ru").replace(
        PARAGRAPHS[1], "Городской совет продлил сеть ночных автобусов до северных районов."
    )
    doc = extract_one(page.encode("cp1251"))
    assert "Городской совет продлил сеть ночных автобусов" in doc.text


def test_xhtml_with_xml_declaration_in_latin1() -> None:
    page = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de"><head><title>Köln</title>'
        "</head><body><p>Grüße aus Köln. Die Straßenbahn fährt wieder nach Plan, sagt die "
        "Stadt, nachdem die Bauarbeiten an der Brücke früher als erwartet beendet wurden.</p>"
        "</body></html>"
    )
    doc = extract_one(page.encode("latin-1"), "koeln.xhtml")
    assert "Grüße aus Köln" in doc.text
    assert doc.language == "de"


def test_meta_refresh_stub_has_no_article() -> None:
    stub = (
        b"<script>window.location.replace('http://example.com/');</script>\n"
        b'<noscript><META http-equiv="refresh" content="0;URL=\'http://example.com\'">'
        b"</noscript>"
    )
    with pytest.raises(EmptyDocumentError, match="no article text found"):
        html.extract(stub, "redirect.html")


def test_short_page_without_article_falls_back_to_visible_text() -> None:
    page = (
        b"<html><head><title>Notice</title></head><body><p>Office closed today.</p></body></html>"
    )
    doc = extract_one(page)
    assert doc.text == "Office closed today."
    assert doc.title == "Notice"


def test_deeply_nested_html_does_not_crash() -> None:
    depth = 20_000
    page = (
        "<html><body>"
        + "<div>" * depth
        + "<p>The text at the very bottom of the nesting.</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    doc = extract_one(page.encode())
    assert "The text at the very bottom of the nesting." in doc.text


def test_truncated_html_keeps_what_is_there() -> None:
    page = article_page().encode("utf-8")
    cut = page[: page.index(PARAGRAPHS[2].encode()) + 40]
    doc = extract_one(cut)
    assert PARAGRAPHS[0] in doc.text


def test_html_to_text_structure() -> None:
    markup = (
        "<p>A <b>bold</b> word<br>next line</p><ul><li>one</li><li>two</li></ul>"
        "<table><tr><td>c1</td><td>c2</td></tr><tr><td>d1</td><td>d2</td></tr></table>"
        "<script>bad()</script><style>p{}</style><!-- hidden -->tail &amp; end"
    )
    expected = "A bold word\nnext line\n\none\ntwo\n\nc1\tc2\nd1\td2\n\ntail & end"
    assert html.html_to_text(markup) == expected


def test_html_to_text_of_nothing() -> None:
    assert html.html_to_text("") == ""
    assert html.html_to_text("<script>only()</script>") == ""


def test_extraction_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    doc = extract_one(article_page().encode("utf-8"))
    assert PARAGRAPHS[0] in doc.text


def test_many_pages_are_fast() -> None:
    data = article_page().encode("utf-8")
    extract_one(data)  # warm-up: imports and the language model
    started = time.perf_counter()
    for _ in range(20):
        extract_one(data)
    assert (time.perf_counter() - started) / 20 < 0.25


# --- the shared samples ---------------------------------------------------------------------

HTML_FOLDERS = ("html/", "encodings/", "hostile/Osthessen")


def _load(relative: str) -> html.ExtractedDocument:
    fmt, docs = extract_document(sample_bytes(relative), PurePath(relative).name)
    assert fmt == "html"
    return docs[0]


@needs_samples
@pytest.mark.parametrize(("relative", "title"), expectations("title", HTML_FOLDERS))
def test_manifest_titles(relative: str, title: str) -> None:
    assert _load(relative).title == title


@needs_samples
@pytest.mark.parametrize(("relative", "phrase"), expectations("phrase", HTML_FOLDERS))
def test_manifest_phrases(relative: str, phrase: str) -> None:
    assert phrase in _load(relative).text


@needs_samples
def test_folha_metadata() -> None:
    doc = _load("html/moz_folha.html")
    assert doc.source == "Folha de S.Paulo"
    assert doc.published == "2018-12-21"
    assert doc.language == "pt"
    assert doc.url is not None and doc.url.startswith("https://www1.folha.uol.com.br/esporte/")
    assert doc.text.count("\n\n") >= 4


@needs_samples
@pytest.mark.parametrize(
    ("relative", "language", "words"),
    [
        ("html/assabah.com.tn.article.html", "ar", "السوداني"),
        ("html/xinhuanet.com.c_1125597921.html", "zh", "武汉"),
        ("html/np4k_thai_article.html", "th", "สุรชัย"),
        ("html/np4k_burmese_article.html", "my", "သတင်းသမား"),
        ("html/np4k_latvian_article.html", "lv", "Norvēģijas glābšanas komanda"),
        ("html/np4k_japanese_article2.html", "ja", "ナイジェリア"),
        ("encodings/chardet_windows-1256_arabic.html", "ar", "القسام"),
    ],
)
def test_non_latin_pages(relative: str, language: str, words: str) -> None:
    doc = _load(relative)
    assert doc.language == language
    assert words in doc.text


@needs_samples
def test_truncated_page_with_bom_imports() -> None:
    doc = _load("hostile/Osthessen-news.de-Buergermeisterwahl.html")
    assert doc.title == "Claudia Brandes und ihr links-grünes Bündnis müssen jetzt liefern"
    assert "{" not in doc.text  # the trailing <style> block stays out


@needs_samples
def test_gzip_compressed_sample_page() -> None:
    fmt, [doc] = extract_document(
        sample_bytes("hostile/fivethirtyeight_webpage.html.gz"), "fivethirtyeight_webpage.html.gz"
    )
    assert fmt == "html"
    assert doc.title == "Could Manchin Actually Leave The Democratic Party?"
    assert "Manchin" in doc.text


def test_gzip_page_through_the_registry() -> None:
    fmt, [doc] = extract_document(gzip.compress(article_page().encode()), "saved.html.gz")
    assert fmt == "html"
    assert PARAGRAPHS[1] in doc.text


def test_a_page_swollen_by_scripts_and_embedded_images_is_read(monkeypatch) -> None:
    monkeypatch.setattr(html, "MAX_MARKUP_BYTES", 200_000)
    article = "<p>Police dispersed protesters in Almaty on Thursday, local media said.</p>"
    image = '<img src="data:image/png;base64,' + "QUJD" * 100_000 + '">'
    script = "<script>" + "var x = 1;" * 30_000 + "</script><!-- " + "c" * 50_000 + " -->"
    page = f"<html><head><title>Almaty</title>{script}</head><body>{article}{image}</body></html>"
    [doc] = html.extract(page.encode(), "saved-complete.html")
    assert "Police dispersed protesters in Almaty" in doc.text


def test_a_page_of_too_much_markup_is_refused_at_once(monkeypatch) -> None:
    monkeypatch.setattr(html, "MAX_MARKUP_BYTES", 200_000)
    page = (
        "<html><body>" + "<p>Another paragraph of a very long page.</p>" * 10_000 + "</body></html>"
    )
    with pytest.raises(FileTooLargeError, match="MiB of markup besides its scripts"):
        html.extract(page.encode(), "huge.html")
