"""Sources as records for the analyst's citation manager: CSL-JSON (which Zotero imports and
pandoc's --citeproc formats), RIS (through rispy) and BibTeX (through bibtexparser)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivist.archive import articles
from archivist.archive.archive import Archive
from archivist.errors import InvalidValueError, NotFoundError

FORMATS = ("csl-json", "ris", "bibtex")
#: The file name ending each format is saved under.
SUFFIXES = {"csl-json": ".json", "ris": ".ris", "bibtex": ".bib"}

# What kind of source an article is, by the file it came from: saved web pages and feed
# entries are news; a mail is a personal communication; text with a publisher is news, a PDF
# or Word file with one a report; anything else a document. Each kind in each format's words:
# (CSL type, RIS type, BibTeX entry type, the BibTeX field that names the publisher).
_KINDS = {
    "article-newspaper": ("article-newspaper", "NEWS", "article", "journal"),
    "personal_communication": ("personal_communication", "PCOMM", "misc", "howpublished"),
    "report": ("report", "RPRT", "techreport", "institution"),
    "document": ("document", "GEN", "misc", "publisher"),
}


def _kind(file_format: str, publisher: str | None) -> str:
    if file_format in ("html", "feed"):
        return "article-newspaper"
    if file_format == "eml":
        return "personal_communication"
    if publisher and file_format in ("text", "markdown"):
        return "article-newspaper"
    if publisher and file_format in ("pdf", "docx"):
        return "report"
    return "document"


# An author string names people when it splits into pieces of two to four words; a single
# word ("Reuters") or a long phrase ("Staff of the Financial Times") stays as written.
_NAME_SEPARATORS = re.compile(r"\s*(?:;|,|\band\b|&)\s*", re.IGNORECASE)
_BYLINE_LEAD = re.compile(r"^\s*by\s+", re.IGNORECASE)
_MAX_WORDS_IN_A_NAME = 4
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# A citation key: readable (who, when) and stable (the original's fingerprint), in the
# characters pandoc and BibTeX accept in a key.
_KEY_CHARS = 16
#: What a record is made of (_record's arguments after the id).
_RECORD_COLUMNS = (
    "title", "source", "author", "url", "published", "language", "format", "imported_at",
    "original_sha256", "original_filename", "entry_index",
)  # fmt: skip


@dataclass(frozen=True)
class Name:
    """An author: a person's family and given names, or a name as written (`literal`)."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None


@dataclass(frozen=True)
class SourceRecord:
    """One archived article as a citation manager sees it."""

    key: str
    type: str  # a CSL item type, one of _KINDS
    title: str
    publisher: str | None
    authors: tuple[Name, ...]
    issued: tuple[int, ...] | None  # (year[, month[, day]])
    url: str | None
    accessed: tuple[int, ...] | None
    language: str | None
    reference: str  # where the original is in the archive: "sha256 1a2b3c4d5e6f (file.html)"
    article_id: int = field(compare=False, default=0)


def brief_article_ids(archive: Archive, brief_id: int) -> list[int]:
    """The articles a brief cites, in the order its Word export numbers them.

    Raises:
        NotFoundError: no such brief.
    """
    from archivist.briefs.compose import compose_brief

    return [source.article_id for source in compose_brief(archive, brief_id).sources]


def query_article_ids(archive: Archive, query: str) -> list[int]:
    """Every article matching a search, best first.

    Raises:
        QuerySyntaxError: a query that cannot be understood.
    """
    from archivist.archive.listing import search_ids

    return search_ids(archive, query).ids


def records_for(archive: Archive, article_ids: Iterable[int]) -> list[SourceRecord]:
    """The records of these articles, in the order given (each once); their metadata is read
    without their texts.

    Raises:
        NotFoundError: an id names no article.
    """
    wanted = list(dict.fromkeys(article_ids))
    rows = articles.columns_of(archive.db, wanted, _RECORD_COLUMNS)
    missing = [article_id for article_id in wanted if article_id not in rows]
    if missing:
        raise NotFoundError(f"no article {missing[0]}")
    return [_record(article_id, *rows[article_id]) for article_id in wanted]


def _record(
    article_id: int,
    title: str,
    source: str | None,
    author: str | None,
    url: str | None,
    published: str | None,
    language: str | None,
    file_format: str,
    imported_at: str,
    sha256: str,
    filename: str,
    entry: int,
) -> SourceRecord:
    authors = parse_authors(author)
    issued = date_parts(published)
    who = (authors[0].family or authors[0].literal) if authors else None
    readable = next((slug for slug in map(_slug, (who, source, title)) if slug), "source")
    fingerprint = sha256[:8] + (f"-{entry}" if entry else "")
    return SourceRecord(
        key=f"{readable}{issued[0] if issued else 'nd'}-{fingerprint}",
        type=_kind(file_format, source),
        title=_one_line(title),
        publisher=_one_line(source) or None,
        authors=tuple(authors),
        issued=issued,
        url=url,
        accessed=date_parts(imported_at),
        language=language,
        reference=f"sha256 {sha256[:12]} ({filename})",
        article_id=article_id,
    )


def write_sources(
    archive: Archive, article_ids: Iterable[int], path: str | Path, format_name: str
) -> list[SourceRecord]:
    """Write the records of these articles to `path` in `format_name`, whole or not at all
    (see briefs.export.write_atomically); returns them.

    Raises:
        InvalidValueError: an unknown format, or a path that cannot be a file.
        ExportWriteError: the file could not be written (the previous one is kept).
    """
    from archivist.briefs.export import checked_destination, write_atomically

    destination = checked_destination(path)
    records = records_for(archive, article_ids)
    text = export_text(records, format_name)
    write_atomically(destination, lambda stream: stream.write(text.encode("utf-8")))
    return records


def format_for(path: str | Path) -> str:
    """The format a file's suffix names (.json, .ris, .bib).

    Raises:
        InvalidValueError: a suffix that names none.
    """
    suffix = Path(path).suffix.lower()
    for name, known in SUFFIXES.items():
        if suffix == known:
            return name
    raise InvalidValueError(
        f"cannot tell the format from {Path(path).name!r}: name the file .json, .ris or .bib, "
        "or give the format"
    )


def parse_authors(byline: str | None) -> list[Name]:
    """An article's author string as names: "By Jane Doe and John Smith" is two people;
    "Reuters" or a phrase is one name as written."""
    text = _BYLINE_LEAD.sub("", _one_line(byline))
    if not text:
        return []
    pieces = [p for p in _NAME_SEPARATORS.split(text) if p]
    if not all(1 < len(p.split()) <= _MAX_WORDS_IN_A_NAME for p in pieces):
        return [Name(literal=text)]
    names = []
    for piece in pieces:
        *given, family = piece.split()
        names.append(Name(family=family, given=" ".join(given)))
    return names


def date_parts(value: str | None) -> tuple[int, ...] | None:
    """ "2022-01-06…" → (2022, 1, 6); "2022-01" → (2022, 1); "2022" → (2022,); else None."""
    found = _DATE.match((value or "").strip())
    if not found:
        return None
    return tuple(int(part) for part in found.groups() if part is not None)


def _one_line(text: str | None) -> str:
    """Text with its runs of white space (line breaks too: RIS is a line per field) as one
    space."""
    return " ".join((text or "").split())


def _slug(text: str | None) -> str:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())[:_KEY_CHARS]


# CSL-JSON -----------------------------------------------------------------------------------


def csl_items(records: Sequence[SourceRecord]) -> list[dict[str, Any]]:
    """The records as CSL-JSON items (the Citation Style Language's data schema)."""
    items = []
    for record in records:
        item: dict[str, Any] = {"id": record.key, "type": record.type, "title": record.title}
        if record.authors:
            item["author"] = [_csl_name(name) for name in record.authors]
        if record.publisher:
            place = "container-title" if record.type == "article-newspaper" else "publisher"
            item[place] = record.publisher
        if record.issued:
            item["issued"] = {"date-parts": [list(record.issued)]}
        if record.url:
            item["URL"] = record.url
        if record.accessed:
            item["accessed"] = {"date-parts": [list(record.accessed)]}
        if record.language:
            item["language"] = record.language
        item["archive"] = "Archivist"
        item["archive_location"] = record.reference
        items.append(item)
    return items


def _csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    return {"family": name.family or "", "given": name.given or ""}


# RIS ----------------------------------------------------------------------------------------


def ris_text(records: Sequence[SourceRecord]) -> str:
    """The records as RIS, the tagged format every reference manager reads."""
    import rispy
    from rispy.writer import RisWriter

    class _Writer(RisWriter):  # (rispy numbers its records "1.", which RIS does not)
        def set_header(self, count: int) -> str:
            return ""

    entries = []
    for record in records:
        entry: dict[str, Any] = {
            "type_of_reference": _KINDS[record.type][1],
            "id": record.key,
            "title": record.title,
        }
        if record.authors:
            entry["authors"] = [_family_first(name) for name in record.authors]
        if record.issued:
            entry["year"] = str(record.issued[0])
            entry["date"] = "/".join(f"{part:02d}" for part in record.issued) + "/"
        if record.publisher:
            # (the newspaper's name is the secondary title; PB is read as the publisher)
            if record.type == "article-newspaper":
                entry["secondary_title"] = record.publisher
            entry["publisher"] = record.publisher
        if record.url:
            entry["urls"] = [record.url]
        if record.accessed:
            entry["access_date"] = "/".join(f"{part:02d}" for part in record.accessed)
        if record.language:
            entry["language"] = record.language
        entry["notes"] = [f"Archivist: {record.reference}"]
        entries.append(entry)
    return rispy.dumps(entries, implementation=_Writer)


def _family_first(name: Name) -> str:
    if name.literal:
        return name.literal
    return f"{name.family}, {name.given}" if name.given else name.family or ""


# BibTeX -------------------------------------------------------------------------------------

# LaTeX's special characters, as BibTeX values must write them (a brace left unbalanced would
# break the whole file).
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("|".join(map(re.escape, _LATEX_SPECIALS)))


def bibtex_text(records: Sequence[SourceRecord]) -> str:
    """The records as BibTeX (biblatex's date and urldate beside BibTeX's year and month)."""
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for record in records:
        fields = [Field("title", "{" + _latex(record.title) + "}")]  # (its case kept)
        if record.authors:
            fields.append(Field("author", " and ".join(map(_bibtex_name, record.authors))))
        _csl, _ris, entry_type, publisher_field = _KINDS[record.type]
        if record.publisher:
            fields.append(Field(publisher_field, _latex(record.publisher)))
        if record.issued:
            fields.append(Field("year", str(record.issued[0])))
            if len(record.issued) > 1:
                fields.append(Field("month", str(record.issued[1])))
            fields.append(Field("date", "-".join(f"{part:02d}" for part in record.issued)))
        if record.url:
            # (a URL is written as it is, but for braces: the url package reads it raw)
            fields.append(Field("url", record.url.replace("{", "%7B").replace("}", "%7D")))
        if record.accessed:
            fields.append(Field("urldate", "-".join(f"{part:02d}" for part in record.accessed)))
        if record.language:
            fields.append(Field("language", _latex(record.language)))
        fields.append(Field("note", _latex(f"Archivist: {record.reference}")))
        library.add(Entry(entry_type, record.key, fields))
    return bibtexparser.write_string(library)


def _latex(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda found: _LATEX_SPECIALS[found.group()], text)


def _bibtex_name(name: Name) -> str:
    if name.literal:  # (braced: BibTeX then never splits it into given and family names)
        return "{" + _latex(name.literal) + "}"
    family = _latex(name.family or "")
    return f"{family}, {_latex(name.given)}" if name.given else family


# ------------------------------------------------------------------------------------------


def export_text(records: Sequence[SourceRecord], format_name: str) -> str:
    """The records in `format_name` (one of FORMATS).

    Raises:
        InvalidValueError: not a format this writes.
    """
    if format_name == "csl-json":
        return json.dumps(csl_items(records), ensure_ascii=False, indent=2) + "\n"
    if format_name == "ris":
        return ris_text(records)
    if format_name == "bibtex":
        return bibtex_text(records)
    raise InvalidValueError(f"no source format {format_name!r}; choose one of {', '.join(FORMATS)}")
