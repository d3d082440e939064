"""Sources for citation managers (briefs/bibliography.py, `archivist sources export`): CSL-JSON
formatted by pandoc's --citeproc, BibTeX read back by pandoc, RIS by rispy's reader; the
sources of a brief, of a search, of the whole archive."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from archivist import annotations as ann
from archivist.archive import Archive, open_archive
from archivist.briefs import bibliography
from archivist.briefs.store import add_article_item, add_claim_item, create_brief
from archivist.cli.main import main
from archivist.errors import InvalidValueError
from archivist.importers.pipeline import import_text

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")

# A title with every character LaTeX treats specially, and text in two other scripts.
AWKWARD_TITLE = "Protests & 50% {rise} in_Almaty #1 ~ costs $3^2 \\ more; «Токаев» 中国"


@pytest.fixture
def archive(tmp_path: Path):
    with open_archive(tmp_path / "archive") as opened:
        yield opened


def _articles(archive: Archive) -> dict[str, int]:
    ids = {}
    ids["news"] = (
        import_text(
            archive,
            "Security forces cleared the square in Almaty on Thursday.",
            title="Kazakh forces clear Almaty square",
            source="Reuters",
            author="By Jane Doe and John Smith",
            url="https://www.reuters.com/world/asia-pacific/almaty-2022-01-06/",
            published="2022-01-06",
            language="en",
            name="reuters.txt",
        )
        .imported[0]
        .id
    )
    ids["awkward"] = (
        import_text(
            archive,
            "A text whose title is hard on every format.",
            title=AWKWARD_TITLE,
            source="Agence France-Presse",
            author="AFP",
            published="2022-01",
            name="afp.txt",
        )
        .imported[0]
        .id
    )
    ids["bare"] = import_text(archive, "Notes typed without any metadata.").imported[0].id
    return ids


def test_authors_dates_and_keys() -> None:
    assert bibliography.parse_authors("By Jane Doe and John Smith") == [
        bibliography.Name(family="Doe", given="Jane"),
        bibliography.Name(family="Smith", given="John"),
    ]
    assert bibliography.parse_authors("Anna Ūdre; Ivan Petrov") == [
        bibliography.Name(family="Ūdre", given="Anna"),
        bibliography.Name(family="Petrov", given="Ivan"),
    ]
    assert bibliography.parse_authors("Reuters") == [bibliography.Name(literal="Reuters")]
    assert bibliography.parse_authors("Staff of the Financial Times in London") == [
        bibliography.Name(literal="Staff of the Financial Times in London")
    ]
    assert bibliography.parse_authors("  ") == []
    assert bibliography.date_parts("2022-01-06T10:00:00+00:00") == (2022, 1, 6)
    assert bibliography.date_parts("2022-01") == (2022, 1)
    assert bibliography.date_parts("2022") == (2022,)
    assert bibliography.date_parts("last Tuesday") is None


def test_records_are_stable_and_readable(archive: Archive, tmp_path: Path) -> None:
    ids = _articles(archive)
    records = bibliography.records_for(archive, [ids["news"], ids["bare"], ids["news"]])
    assert [r.article_id for r in records] == [ids["news"], ids["bare"]]
    news, bare = records
    sha = archive.article(ids["news"]).original_sha256
    assert news.key == f"doe2022-{sha[:8]}"
    assert news.type == "article-newspaper" and bare.type == "document"
    assert bare.key.startswith("notestypedwithou") and "nd-" in bare.key
    # The same file in another archive gets the same key.
    with open_archive(tmp_path / "other") as other:
        import_text(other, "Something else first.")
        again = _articles(other)
        assert bibliography.records_for(other, [again["news"]])[0].key == news.key


@needs_pandoc
def test_csl_json_is_formatted_by_pandoc_citeproc(archive: Archive, tmp_path: Path) -> None:
    ids = _articles(archive)
    records = bibliography.records_for(archive, ids.values())
    sources = tmp_path / "sources.json"
    sources.write_text(bibliography.export_text(records, "csl-json"), "utf-8")
    document = tmp_path / "brief.md"
    keys = "; ".join(f"@{r.key}" for r in records)
    document.write_text(f"As reported [{keys}].\n", "utf-8")
    done = subprocess.run(
        ["pandoc", "--citeproc", "--bibliography", str(sources), "-t", "plain", str(document)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rendered = " ".join(done.stdout.split())
    assert "[WARNING]" not in done.stderr, done.stderr
    assert "Doe, Jane, and John Smith. 2022" in rendered
    assert "“Kazakh Forces Clear Almaty Square.” Reuters, January 6, 2022" in rendered
    assert "https://www.reuters.com/world/asia-pacific/almaty-2022-01-06/" in rendered
    # (Chicago's title case; every special character kept as typed)
    assert "“Protests & 50% {Rise} in_Almaty #1 ~ Costs $3^2 \\ More; «Токаев» 中国.”" in rendered
    assert "Agence France-Presse, January 2022. sha256" in rendered
    assert "(Doe and Smith 2022; AFP 2022;" in rendered


@needs_pandoc
def test_bibtex_reads_back_through_pandoc(archive: Archive, tmp_path: Path) -> None:
    ids = _articles(archive)
    records = bibliography.records_for(archive, ids.values())
    bib = tmp_path / "sources.bib"
    bib.write_text(bibliography.export_text(records, "bibtex"), "utf-8")
    done = subprocess.run(
        ["pandoc", "-f", "bibtex", "-t", "csljson", str(bib)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    read = {item["id"]: item for item in json.loads(done.stdout)}
    expected = {item["id"]: item for item in bibliography.csl_items(records)}
    assert read.keys() == expected.keys()
    for key, item in expected.items():
        back = read[key]
        assert back["title"] == item["title"]
        assert back.get("author") == item.get("author")
        assert back.get("issued") == item.get("issued")
        assert back.get("URL") == item.get("URL")
    news = read[records[0].key]
    assert news["type"] == "article-journal" and news["container-title"] == "Reuters"


def test_ris_reads_back(archive: Archive) -> None:
    import rispy

    ids = _articles(archive)
    records = bibliography.records_for(archive, ids.values())
    text = bibliography.export_text(records, "ris")
    assert text.startswith("TY  - NEWS\n")  # (no "1." before a record: that is not RIS)
    read = rispy.loads(text)
    assert [r["id"] for r in read] == [r.key for r in records]
    news, awkward, bare = read
    assert news["authors"] == ["Doe, Jane", "Smith, John"]
    assert news["date"] == "2022/01/06/" and news["secondary_title"] == "Reuters"
    assert news["urls"] == ["https://www.reuters.com/world/asia-pacific/almaty-2022-01-06/"]
    assert awkward["title"] == AWKWARD_TITLE and awkward["authors"] == ["AFP"]
    assert bare["type_of_reference"] == "GEN" and "authors" not in bare


def test_unknown_format_is_refused(archive: Archive) -> None:
    with pytest.raises(InvalidValueError, match="csl-json, ris, bibtex"):
        bibliography.export_text([], "endnote")


def test_cli_exports_a_brief_a_search_and_everything(
    archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _articles(archive)
    brief = create_brief(archive, "Almaty")
    add_article_item(archive, brief.id, ids["awkward"])
    claim = ann.add_claim(archive, ids["news"], quote="cleared the square", claimant="Reuters")
    add_claim_item(archive, brief.id, claim.id)
    root = str(archive.root)
    archive.close()

    out = tmp_path / "brief.bib"
    assert (
        main(
            [
                "--archive",
                root,
                "sources",
                "export",
                "--brief",
                str(brief.id),
                "-o",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["format"] == "bibtex" and summary["count"] == 2
    assert [s["article_id"] for s in summary["sources"]] == [ids["awkward"], ids["news"]]
    assert out.read_text("utf-8").count("@") == 2

    assert main(["--archive", root, "sources", "export", "square", "--format", "ris"]) == 0
    assert capsys.readouterr().out.count("TY  - ") == 1

    assert main(["--archive", root, "sources", "export", "--json"]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert everything["count"] == 3 and json.loads(everything["text"])[0]["id"]

    assert main(["--archive", root, "sources", "export", "-o", str(tmp_path / "x.docx")]) == 2
    assert "name the file .json, .ris or .bib" in capsys.readouterr().err
    assert main(["--archive", root, "sources", "export", "x", "--brief", "1"]) == 2
    assert "not both" in capsys.readouterr().err


@pytest.mark.skipif(not (SAMPLES / "html").is_dir(), reason="samples not present")
def test_real_pages_give_newspaper_records(archive: Archive) -> None:
    from archivist.importers.pipeline import import_paths

    import_paths(archive, [SAMPLES / "html" / "bbc.com.52241221.html"])
    (record,) = bibliography.records_for(archive, [1])
    item = bibliography.csl_items([record])[0]
    assert item["type"] == "article-newspaper" and item["container-title"] == "BBC News"
    assert item["issued"] == {"date-parts": [[2020, 4, 10]]}
    assert item["URL"] == "https://www.bbc.com/news/world-us-canada-52241221"
