"""Every feature of the query language, on articles made in the test (real SQLite, real Whoosh)."""

from __future__ import annotations

import contextlib

import pytest

from archivist.archive import Archive
from archivist.errors import QuerySyntaxError
from archivist.importers.pipeline import import_text

ARTICLES = [
    dict(
        title="Russian troops arrive in Kazakhstan",
        text="Protesters clashed with police in Almaty as Russian troops arrived. "
        "Kassym-Jomart Tokayev called the protesters terrorists. The election commission was silent.",
        source="AFP",
        author="Chris Stein",
        published="2022-01-06",
        language="en",
        tags=["Kazakhstan", "Central Asia"],
    ),
    dict(
        title="Kazakh president orders shoot to kill",
        text="President Tokayev said he had ordered troops to shoot to kill without warning. "
        "Around 2,300 people had been arrested in Almaty alone.",
        source="Reuters",
        published="2022-01-07",
        language="en",
        tags=["Kazakhstan"],
    ),
    dict(
        title="Élections municipales à São Paulo",
        text="Les électeurs de São Paulo ont voté dimanche. La participation était faible.",
        source="Folha",
        published="2021-11-15",
        language="pt",
        tags=["São Paulo"],
    ),
    dict(
        title="Беспорядки в Алматы",
        text="В Алматы продолжаются беспорядки. Президент Токаев обратился к ОДКБ.",
        source="Интерфакс",
        published="2022-01-05",
        language="ru",
    ),
    dict(
        title="新华社报道",
        text="2月17日，中国政府宣布了新的经济政策。北京市民对此表示欢迎。",
        source="Xinhua",
        published="2020-02-17",
        language="zh",
    ),
    dict(
        title="ข่าวไทย",
        text="รัฐบาลไทยประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกร",
        source="Thai PBS",
        published="2023-06-30",
        language="th",
    ),
    dict(
        title="Διαδηλώσεις στην Αθήνα",
        text="Χιλιάδες διαδηλωτές συγκεντρώθηκαν στην πλατεία Συντάγματος.",
        source="Kathimerini",
        published="2021-03-03",
        language="el",
    ),
    dict(
        title="הפגנות בירושלים",
        text="אלפי מפגינים התאספו מול משכן הכנסת בירושלים.",
        source="Haaretz",
        published="2021-03-04",
        language="he",
    ),
    dict(
        title="تقرير من تونس",
        text="منذ بدء الاحتجاجات في تونس، تزايدت المطالب بالإصلاح.",
        source="Assabah",
        published="2023-01-10",
        language="ar",
    ),
]


@pytest.fixture
def corpus(archive: Archive) -> dict[str, int]:
    ids = {}
    for spec in ARTICLES:
        spec = dict(spec)
        tags = spec.pop("tags", [])
        report = import_text(archive, spec.pop("text"), tags=tags, **spec)
        ids[report.imported[0].title] = report.imported[0].id
    return ids


def titles(archive: Archive, query: str) -> set[str]:
    return {hit.title for hit in archive.search(query, limit=50).hits}


def test_words_are_stemmed(archive, corpus) -> None:
    assert "Russian troops arrive in Kazakhstan" in titles(archive, "protester")
    assert titles(archive, "arresting") == {"Kazakh president orders shoot to kill"}


def test_exact_phrase(archive, corpus) -> None:
    assert titles(archive, '"shoot to kill without warning"') == {
        "Kazakh president orders shoot to kill"
    }
    assert titles(archive, '"kill shoot"') == set()


def test_boolean_operators(archive, corpus) -> None:
    assert len(titles(archive, "Almaty AND troops")) == 2
    assert titles(archive, "Almaty AND troops NOT arrested") == {
        "Russian troops arrive in Kazakhstan"
    }
    assert len(titles(archive, "Tokayev OR Токаев")) == 3
    assert titles(archive, "(Xinhua OR Folha) AND source:folha") == {
        "Élections municipales à São Paulo"
    }


def test_fields(archive, corpus) -> None:
    assert titles(archive, "source:AFP") == {"Russian troops arrive in Kazakhstan"}
    assert titles(archive, "author:stein") == {"Russian troops arrive in Kazakhstan"}
    assert titles(archive, "title:president") == {"Kazakh president orders shoot to kill"}
    assert len(titles(archive, "tag:kazakhstan")) == 2
    assert titles(archive, 'tag:"central asia"') == {"Russian troops arrive in Kazakhstan"}
    assert (
        titles(archive, 'tag:"Sao Paulo"')
        == titles(archive, 'tag:"são paulo"')
        == {"Élections municipales à São Paulo"}
    )
    assert titles(archive, "tag:central") == set()  # a tag is matched whole
    assert titles(archive, "language:ru") == {"Беспорядки в Алматы"}
    assert titles(archive, "lang:pt") == {"Élections municipales à São Paulo"}


def test_wildcards(archive, corpus) -> None:
    assert len(titles(archive, "Kazakh*")) == 2
    assert titles(archive, "warn?ng") == {"Kazakh president orders shoot to kill"}


def test_fuzzy_terms_find_stemmed_words(archive, corpus) -> None:
    assert "Russian troops arrive in Kazakhstan" in titles(archive, "electon~")
    assert titles(archive, "Almatyy~") >= {"Kazakh president orders shoot to kill"}
    assert titles(archive, "Tokaye~2") >= {"Kazakh president orders shoot to kill"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("published:2022", 3),
        ("published:2022-01", 3),
        ("published:2022-01-06", 1),
        ("published:[2022-01-06 TO 2022-01-07]", 2),
        ("published:[2023-01-01 TO 2023-06-29]", 1),  # not widened to the whole year
        ("published:[2023-01-01 TO 2023-06-30]", 2),
        ("published:[2023 TO *]", 2),
        ("published:2021-03", 2),
        ("published:>2022", 2),
        ("published:>=2022-01-07", 3),
        ("published:<2021", 1),
        ("published:<=2021", 4),
        ("date:2020-02", 1),
        ("Almaty AND published:2022-01-07", 1),
    ],
)
def test_date_ranges(archive, corpus, query: str, expected: int) -> None:
    assert archive.search(query).total == expected


def test_accents_fold(archive, corpus) -> None:
    assert titles(archive, "sao paulo") == {"Élections municipales à São Paulo"}
    assert titles(archive, "electeurs") == {"Élections municipales à São Paulo"}


def test_non_latin_scripts(archive, corpus) -> None:
    assert titles(archive, "Алматы") == {"Беспорядки в Алматы"}
    assert titles(archive, "ОДКБ") == {"Беспорядки в Алматы"}
    assert titles(archive, "تونس") == {"تقرير من تونس"}
    assert titles(archive, '"منذ بدء"') == {"تقرير من تونس"}
    assert titles(archive, "Συντάγματος") == {"Διαδηλώσεις στην Αθήνα"}
    assert titles(archive, "συνταγματος") == {"Διαδηλώσεις στην Αθήνα"}  # accents and case fold
    assert titles(archive, '"משכן הכנסת"') == {"הפגנות בירושלים"}


def test_cjk_and_thai_without_spaces(archive, corpus) -> None:
    assert titles(archive, "中国政府") == {"新华社报道"}
    assert titles(archive, "2月17日") == {"新华社报道"}
    assert titles(archive, "经济政策") == {"新华社报道"}
    assert titles(archive, "政府中国") == set()
    assert titles(archive, "เกษตรกร") == {"ข่าวไทย"}
    assert titles(archive, "มาตรการใหม่") == {"ข่าวไทย"}


def test_hits_have_highlighted_snippets_and_metadata(archive, corpus) -> None:
    results = archive.search("shoot to kill")
    assert results.total == 1
    hit = results.hits[0]
    assert "**shoot**" in hit.snippet and "**kill**" in hit.snippet
    assert hit.source == "Reuters" and hit.published == "2022-01-07"
    assert hit.score > 0
    assert results.took_ms >= 0
    cjk = archive.search("中国政府").hits[0]
    assert "**中国政府**" in cjk.snippet


def test_snippets_reach_beyond_32k_characters(archive) -> None:
    filler = "Nothing to see here at all. " * 2000
    import_text(archive, filler + "The needle sentence names Zhanaozen.", title="Long")
    hit = archive.search("Zhanaozen").hits[0]
    assert "**Zhanaozen**" in hit.snippet


def test_ranking_prefers_title_matches(archive, corpus) -> None:
    hits = archive.search("president").hits
    assert hits[0].title == "Kazakh president orders shoot to kill"


def test_paging(archive, corpus) -> None:
    everything = archive.search("", limit=100)
    assert everything.total == len(ARTICLES)
    first = archive.search("", limit=3)
    second = archive.search("", limit=3, offset=3)
    assert len(first.hits) == 3 and len(second.hits) == 3
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    # Everything sorts newest first.
    assert everything.hits[0].published == "2023-06-30"


@pytest.mark.parametrize(
    "query",
    [
        "published:2022-13",
        "published:[2022-02-01 TO 2022-01-01]",
        "published:[2022-01-01T10:00 TO 2022-02-01]",
        "published:yesterday",
        "autor:smith",
        "x" * 3000,
    ],
)
def test_bad_queries_give_clear_errors(archive, corpus, query: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        archive.search(query)
    assert str(caught.value)


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed phrase',
        "(unbalanced",
        "AND",
        "NOT",
        "OR OR",
        "title:",
        "~",
        "*",
        "a~9",
        "[x TO",
        "field:::",
        '"',
        "()",
        "tag:",
        "published:",
        "\x00",
        "AND NOT OR",
    ],
)
def test_odd_queries_never_raise_anything_else(archive, corpus, query: str) -> None:
    with contextlib.suppress(QuerySyntaxError):
        archive.search(query)
