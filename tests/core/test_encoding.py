"""Decoding text in any common encoding: BOMs, wide encodings, legacy code pages, wrong labels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import needs_samples, sample_bytes

from archivist.importers.encoding import (
    declared_charset_in_markup,
    decode_bytes,
    normalise_codec,
)

# Sentences long enough (two or three lines) for a detector to have something to go on.
TEXTS = {
    "polish": "Sejm przyjął ustawę o funduszach unijnych. Premier powiedział, że to przełomowy "
    "moment dla całego kraju, a opozycja zażądała głosowania nad wotum zaufania dla rządu.",
    "czech": "Vláda schválila nový rozpočet na příští rok. Ministr financí řekl, že schodek bude "
    "nižší než letos a že se zvýší výdaje na obranu a školství v celé zemi.",
    "russian": "Президент Казахстана Касым-Жомарт Токаев заявил, что в стране наведён порядок "
    "после массовых беспорядков, в которых погибли десятки людей, а тысячи были задержаны.",
    "french": "L'économie française a connu une croissance plus forte que prévu au troisième "
    "trimestre, selon l'Insee, grâce à la consommation des ménages et à l'investissement.",
    "german": "Der Bürgermeister hat angekündigt, dass die Straßenbahn künftig öfter fährt; die "
    "Grünen begrüßen die Entscheidung ausdrücklich und fordern mehr Radwege in der Stadt.",
    "greek": "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την αντιμετώπιση της ακρίβειας, τα οποία θα "
    "τεθούν σε ισχύ από τον επόμενο μήνα σε όλη τη χώρα, είπε ο υπουργός οικονομικών.",
    "turkish": "Türkiye Cumhurbaşkanı, ekonomik reform paketinin önümüzdeki hafta meclise "
    "sunulacağını açıkladı ve muhalefet partilerini sert bir dille eleştirdi.",
    "hebrew": "ראש הממשלה הודיע היום על צעדים חדשים להתמודדות עם יוקר המחיה, והאופוזיציה מתחה "
    "ביקורת חריפה על התוכנית הכלכלית של הממשלה ועל העיתוי שלה.",
    "arabic": "أعلنت الحكومة اليوم عن إجراءات جديدة لمواجهة ارتفاع الأسعار، وقال الوزير إن هذه "
    "الخطوات ستدخل حيز التنفيذ في الشهر المقبل في جميع أنحاء البلاد.",
    "chinese_traditional": "台灣總統今天表示，政府將持續推動經濟改革，並加強與國際社會的合作，"
    "以確保國家的長期發展與人民的福祉。行政院也宣布新的預算方案。",
    "chinese_simplified": "新华社北京电 国务院总理今天主持召开国务院常务会议，部署进一步稳定"
    "经济增长的措施，推动高质量发展，会议还研究了就业和民生保障问题。",
    "japanese": "日本政府は本日、新たな経済対策を発表した。首相は記者会見で、物価高騰への対応を"
    "最優先にすると述べ、来月から補助金を拡充する方針を示した。",
    "korean": "정부는 오늘 새로운 경제 대책을 발표했다. 대통령은 기자회견에서 물가 안정을 최우선 "
    "과제로 삼겠다고 밝혔으며 다음 달부터 지원금을 확대할 방침이다.",
    "english": "Russian troops arrived in Kazakhstan on Thursday to support the ruling power, "
    "which is facing riots that have left dozens dead. Shots were fired in Almaty.",
}

CASES = [
    ("cp1250", "polish"),
    ("cp1250", "czech"),
    ("cp1251", "russian"),
    ("cp1252", "french"),
    ("cp1252", "german"),
    ("latin-1", "german"),
    ("cp1253", "greek"),
    ("cp1254", "turkish"),
    ("cp1255", "hebrew"),
    ("cp1256", "arabic"),
    ("koi8-r", "russian"),
    ("big5", "chinese_traditional"),
    ("gb18030", "chinese_simplified"),
    ("gb2312", "chinese_simplified"),
    ("shift_jis", "japanese"),
    ("euc-jp", "japanese"),
    ("iso-2022-jp", "japanese"),
    ("euc-kr", "korean"),
    ("utf-8", "japanese"),
    ("utf-8-sig", "russian"),
    ("utf-16", "russian"),  # with BOM
    ("utf-16-le", "english"),
    ("utf-16-be", "english"),
    ("utf-32", "japanese"),  # with BOM
    ("utf-32-le", "english"),
    ("utf-32-be", "english"),
]


@pytest.mark.parametrize(("codec", "language"), CASES)
def test_every_encoding_family_round_trips_without_a_declaration(codec: str, language: str) -> None:
    text = TEXTS[language]
    assert decode_bytes(text.encode(codec)) == text


@pytest.mark.parametrize(("codec", "language"), CASES)
def test_a_correct_declaration_is_followed(codec: str, language: str) -> None:
    text = TEXTS[language]
    assert decode_bytes(text.encode(codec), declared=codec) == text


def test_utf16_without_bom_keeps_astral_characters() -> None:
    text = "Gothic letters 𐌰𐌱𐌲 and Deseret 𐐀𐐁 in an English sentence about Unicode planes."
    assert decode_bytes(text.encode("utf-16-le")) == text


def test_wrong_single_byte_declaration_does_not_make_mojibake() -> None:
    text = TEXTS["russian"]
    decoded = decode_bytes(text.encode("cp1251"), declared="iso-8859-1")
    assert decoded == text


def test_valid_utf8_wins_over_a_legacy_declaration() -> None:
    text = TEXTS["polish"]
    assert decode_bytes(text.encode("utf-8"), declared="windows-1250") == text


def test_declared_utf8_with_a_few_bad_bytes_keeps_the_rest() -> None:
    text = TEXTS["polish"] * 3
    data = text.encode("utf-8") + b" papieros\xe2\x80..." + text.encode("utf-8")
    decoded = decode_bytes(data, declared="utf-8")
    assert decoded.count("\ufffd") == 1
    assert decoded.startswith(text)
    assert decoded.endswith(text)


def test_declared_utf8_that_is_really_cp1252_is_detected() -> None:
    text = TEXTS["french"] * 2
    assert decode_bytes(text.encode("cp1252"), declared="utf-8") == text


def test_gb2312_label_reads_characters_only_gb18030_has() -> None:
    # 镕 (U+9555) is in GBK/GB18030 but not in GB2312: a feed labelled gb2312 may hold it.
    text = TEXTS["chinese_simplified"] + "朱镕基曾任国务院总理。"
    assert decode_bytes(text.encode("gb18030"), declared="gb2312") == text


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("big5", "big5hkscs"),
        ("Shift_JIS", "cp932"),
        ("euc-kr", "cp949"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("windows-1251", "cp1251"),
        ("koi8-r", "koi8_r"),
        ("UTF-8", "utf_8"),
        ("utf-16", None),
        ("no-such-charset", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_codec(label: str | None, codec: str | None) -> None:
    assert normalise_codec(label) == codec


@pytest.mark.parametrize(
    ("markup", "charset"),
    [
        (b'<html><head><meta charset="windows-1250"></head>', "windows-1250"),
        (b"<meta http-equiv='Content-Type' content='text/html; charset=KOI8-R'>", "KOI8-R"),
        (b'<?xml version="1.0" encoding="gb2312"?><rss/>', "gb2312"),
        (b"<!-- harness -->\n<?xml version='1.0' encoding='koi8-r'?><rss/>", "koi8-r"),
        (b"<html><body>no declaration</body></html>", None),
    ],
)
def test_declared_charset_in_markup(markup: bytes, charset: str | None) -> None:
    assert declared_charset_in_markup(markup) == charset


def test_empty_bytes_give_empty_text() -> None:
    assert decode_bytes(b"") == ""


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from([None, "utf-8", "gb2312", "bogus", "utf-16"]))
def test_any_bytes_decode_without_raising(data: bytes, declared: str | None) -> None:
    assert isinstance(decode_bytes(data, declared), str)


# --- the shared samples ---------------------------------------------------------------------


@needs_samples
@pytest.mark.parametrize(
    ("relative", "words"),
    [
        ("encodings/chardet_koi8-r_ude_1.txt", ["гимназии", "учеников"]),
        ("encodings/chardet_iso-2022-jp_ude_1.txt", ["アプリケーション", "プロジェクト"]),
        ("encodings/chardet_windows-1256_arabic.html", ["القسام", "غزة"]),
        ("encodings/chardet_plane1-utf-16le.html", ["Unicode Plane 1", "𐌰"]),
        ("encodings/cn_sample-english.bom.txt", ["About 2 months ago"]),
        ("encodings/badische-zeitung.de-Wohnungssuche.html", ["Tübingen"]),
        ("encodings/automobilwoche.de-VW-Betriebsversammlung.html", ["Aufsichtsräten"]),
        (
            "encodings/Unijne fundusze coraz bliżej. Sejm zagłosował _za_ - Polityka - rp.pl.html",
            ["zagłosował", "To jest moment fundamentalny"],
        ),
        ("feeds/feedparser_windows1255_undeclared.xml", ["אינטרנט"]),
        ("feeds/chardet_acnnewswire.gb2312.xml", ["中国银联"]),
        ("feeds/chardet_newsru.com.koi8-r.xml", ["Минюста"]),
    ],
)
def test_sample_encodings_decode_to_real_words(relative: str, words: list[str]) -> None:
    data = sample_bytes(relative)
    text = decode_bytes(data, declared_charset_in_markup(data))
    for word in words:
        assert word in text
    assert text.count("\ufffd") == 0


@needs_samples
def test_cp1252_sample_equals_its_utf8_twin() -> None:
    legacy = decode_bytes(sample_bytes("encodings/cn_sample-french-1.txt"))
    twin = decode_bytes(sample_bytes("txt/cn_sample-french.txt"))
    assert legacy == twin
    assert "MOLIÈRE" in legacy


@needs_samples
def test_mislabelled_utf8_sample_keeps_polish_letters() -> None:
    name = "encodings/Sprzeciw wobec ataków na Fundację Lux Veritatis – RadioMaryja.pl.html"
    data = sample_bytes(name)
    text = decode_bytes(data, declared_charset_in_markup(data))
    assert "Watchdog wytoczył" in text
    assert text.count("\ufffd") <= 2
