"""Every HTML sample's metadata and text, pinned: what the importer extracts may only change
on purpose (a faster extraction must extract the same — see importers.html's dates)."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

import pytest
from fresh_process import modules_loaded_by
from samples import needs_samples, sample_bytes, sample_path

from archivist.importers.registry import extract_document

# (sample, publication date, digest of title, author, source, language, URL and text).
# Two dates differ from the extensive date search's: assabah's page dates the article
# 8 February 2019 in its markup (dc:date), which the extensive search read as 2020-02-19
# and the markup search as 2019-02-09; CNN Arabic's page says 28 August 2013, and the
# extensive search guessed 2013-01-01 where the markup search finds none.
EXPECTED = [
    (
        "encodings/Sprzeciw wobec ataków na Fundację Lux Veritatis – RadioMaryja.pl.html",
        "2021-05-05",
        "6b0856c615592abb",
    ),
    (
        "encodings/Unijne fundusze coraz bliżej. Sejm zagłosował _za_ - Polityka - rp.pl.html",
        "2021-05-05",
        "70ab3b05ce382cf5",
    ),
    ("encodings/automobilwoche.de-VW-Betriebsversammlung.html", "2021-11-03", "4dc632cc4ba25503"),
    ("encodings/badische-zeitung.de-Wohnungssuche.html", "2023-10-18", "0554778ab9aa83e1"),
    ("encodings/chardet_plane1-utf-16le.html", "2004-02-24", "89497896776ae5a9"),
    ("encodings/chardet_windows-1256_arabic.html", None, "5e83e4beed4c5d1e"),
    ("html/assabah.com.tn.article.html", "2019-02-09", "cecdf5ab1c22f3bc"),
    ("html/bbc.com.52241221.html", "2020-04-10", "766c410cd138ee90"),
    ("html/franceculture.fr.idees.html", "2020-01-14", "e9841a0a90a0ae5f"),
    ("html/goose_test_lefigaro.html", "2013-04-05", "ee6e3d5bec531ffe"),
    ("html/lanouvellerepublique.fr.martin.html", None, "4154ae68f480fdd8"),
    ("html/moz_folha.html", "2018-12-21", "2dc23e68f1cf7e3d"),
    ("html/np4k_arabic_article.html", None, "951cdcac24cdc870"),
    ("html/np4k_burmese_article.html", "2018-10-26", "1c43194ba772d03a"),
    ("html/np4k_japanese_article2.html", "2018-06-18", "f0b241d6d5691682"),
    ("html/np4k_latvian_article.html", "2021-01-03", "bb468bc32e6d0f12"),
    ("html/np4k_thai_article.html", "2019-01-21", "b85cbd0d8d3e0c4a"),
    ("html/spiegel.de.albtraum.html", "2018-12-22", "9aefaf265427658a"),
    ("html/xinhuanet.com.c_1125597921.html", "2020-02-19", "1718d4a2f0d48b21"),
    ("html/zeit.de.zugverkehr.html", "2020-01-14", "042f14543261cf4b"),
]


def _digest(document: object) -> str:
    fields = ("title", "author", "source", "language", "url", "text")
    joined = "\x00".join(str(getattr(document, name)) for name in fields)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


@needs_samples
@pytest.mark.parametrize(("relative", "published", "digest"), EXPECTED)
def test_each_html_sample_extracts_as_pinned(relative: str, published: str, digest: str) -> None:
    fmt, [document] = extract_document(sample_bytes(relative), PurePath(relative).name)
    assert fmt == "html"
    assert document.published == published
    assert _digest(document) == digest


@needs_samples
def test_extracting_a_page_never_loads_dateparser() -> None:
    """Its locale patterns cost about 0.2 s in each importing process."""
    loaded = modules_loaded_by(
        "import sys\n"
        "from archivist.importers.registry import extract_document\n"
        "extract_document(open(sys.argv[1], 'rb').read(), 'a.html')\n",
        str(sample_path(EXPECTED[6][0])),
    )
    assert "dateparser" not in loaded
