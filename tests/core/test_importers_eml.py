"""E-mail: headers, body choice, charsets, odd MIME structures, attachments ignored."""

from __future__ import annotations

import time
from email.message import EmailMessage
from email.policy import SMTP

import pytest
from samples import needs_samples, sample_bytes

from archivist.errors import EmptyDocumentError
from archivist.importers import eml
from archivist.importers.registry import extract_document

BODY = (
    "Dear colleagues,\n\nThe ministry confirmed this morning that the border crossing will "
    "reopen on Monday.\n\nRegards,\nDesk"
)


def message(**headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.get("sender", "Desk Editor <desk@newsroom.example.org>")
    msg["To"] = "analysts@example.org"
    msg["Subject"] = headers.get("subject", "Border crossing to reopen")
    msg["Date"] = headers.get("date", "Tue, 11 Jan 2022 08:15:00 +0600")
    return msg


def extract_one(msg: EmailMessage) -> eml.ExtractedDocument:
    [document] = eml.extract(msg.as_bytes(policy=SMTP), "mail.eml")
    return document


def test_headers_become_metadata() -> None:
    msg = message(subject="Grenzübergang öffnet wieder — Bestätigung")
    msg.set_content(BODY)
    doc = extract_one(msg)
    assert doc.title == "Grenzübergang öffnet wieder — Bestätigung"  # RFC 2047 decoded
    assert doc.author == "Desk Editor"
    assert doc.source == "newsroom.example.org"
    assert doc.published == "2022-01-11T08:15:00+06:00"
    assert "border crossing will reopen on Monday" in doc.text


def test_plain_text_preferred_over_html() -> None:
    msg = message()
    msg.set_content(BODY)
    msg.add_alternative("<html><body><p>HTML version only</p></body></html>", subtype="html")
    doc = extract_one(msg)
    assert "border crossing will reopen" in doc.text
    assert "HTML version only" not in doc.text


def test_html_only_mail_is_converted_without_scripts() -> None:
    msg = message()
    msg.set_content(
        "<html><head><style>p{color:red}</style><script>steal()</script></head><body>"
        "<p>First paragraph of the newsletter.</p><p>Second paragraph.</p></body></html>",
        subtype="html",
    )
    doc = extract_one(msg)
    assert doc.text == "First paragraph of the newsletter.\n\nSecond paragraph."


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("koi8-r", "Министерство подтвердило, что пограничный переход откроется в понедельник."),
        ("iso-2022-jp", "国境検問所は月曜日に再開されると省が確認した。"),
        ("windows-1250", "Ministerstvo potvrdilo, že hraniční přechod bude v pondělí otevřen."),
        ("big5", "外交部今天證實，邊境口岸將於星期一重新開放。"),
    ],
)
def test_body_charsets(charset: str, text: str) -> None:
    msg = message()
    msg.set_content(text, charset=charset, cte="base64" if charset != "iso-2022-jp" else "7bit")
    doc = extract_one(msg)
    assert text in doc.text


def test_wrong_charset_label_is_survived() -> None:
    raw = (
        b"From: a@example.org\nSubject: test\nContent-Type: text/plain; charset=us-ascii\n"
        b"Content-Transfer-Encoding: 8bit\n\n"
        + "Le ministère a confirmé la réouverture du poste frontière lundi prochain.".encode(
            "cp1252"
        )
    )
    [doc] = eml.extract(raw, "m.eml")
    assert "Le ministère a confirmé la réouverture" in doc.text


def test_large_attachment_is_ignored_quickly() -> None:
    msg = message()
    msg.set_content(BODY)
    msg.add_attachment(
        bytes(range(256)) * 20_000,
        maintype="application",
        subtype="ms-tnef",
        filename="winmail.dat",
    )
    data = msg.as_bytes(policy=SMTP)
    started = time.perf_counter()
    [doc] = eml.extract(data, "m.eml")
    assert time.perf_counter() - started < 2
    assert doc.text.replace("\r\n", "\n").strip() == BODY
    assert "winmail" not in doc.text


def test_mail_with_attachment_only_is_empty() -> None:
    msg = message()
    msg.add_attachment(b"%PDF-1.4 ...", maintype="application", subtype="pdf", filename="a.pdf")
    with pytest.raises(EmptyDocumentError, match="no text body"):
        eml.extract(msg.as_bytes(policy=SMTP), "m.eml")


def test_undecodable_headers_do_not_crash() -> None:
    raw = (
        b"From: =?bogus-charset?B?Zm9v?= <@@>\nSubject: =?utf-8?Q?broken=ZZ?=\n"
        b"Date: not a date\n\nBody of a message with broken headers."
    )
    [doc] = eml.extract(raw, "m.eml")
    assert doc.text == "Body of a message with broken headers."
    assert doc.published is None


# --- the shared samples ---------------------------------------------------------------------


def _load(relative: str) -> eml.ExtractedDocument:
    fmt, [doc] = extract_document(sample_bytes(relative), relative.rsplit("/", 1)[-1])
    assert fmt == "eml"
    return doc


@needs_samples
def test_iso_2022_jp_sample() -> None:
    doc = _load("eml/mimekit_japanese_iso-2022-jp.eml")
    assert doc.title == "日本語メールテスト (testing Japanese emails)"
    assert "正常に" in doc.text
    assert doc.author == "Atsushi Eno"
    assert doc.published == "2015-07-22T01:02:29+09:00"


@needs_samples
def test_tnef_sample_reads_text_and_skips_winmail_dat() -> None:
    started = time.perf_counter()
    doc = _load("eml/mimekit_rich-text_tnef.eml")
    assert time.perf_counter() - started < 2
    assert doc.title == "Rich Text"
    assert "What a Christmas to remember" in doc.text
    assert doc.source == "microsoft.com"


@needs_samples
def test_bounce_sample_uses_the_human_readable_part() -> None:
    doc = _load("eml/mimekit_bounce.eml")
    assert doc.title == "Undelivered Mail Returned to Sender"
    assert "could not" in doc.text and "be delivered" in doc.text


@needs_samples
def test_broken_boundary_sample_recovers_the_text_part() -> None:
    doc = _load("eml/mime4j_badbound.eml")
    assert doc.title == "Mail System Error - Returned Mail"
    assert "This Message was undeliverable" in doc.text
    assert "Content-type:" not in doc.text
    assert doc.published == "1996-12-22T17:21:12-05:00"


@needs_samples
def test_digest_sample_reads_the_embedded_messages() -> None:
    doc = _load("eml/mimekit_multipart-digest.eml")
    assert doc.title == "submsg"
    assert "m1 body" in doc.text and "m2 body" in doc.text


@needs_samples
def test_mhtml_sample_reads_the_html_root() -> None:
    doc = _load("eml/mimekit_multipart-related-mhtml.eml")
    assert doc.text == "def"
    assert "cs2654AE3A" not in doc.text  # its <style> stays out
