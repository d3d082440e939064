"""How sources, claimants, grades and dates read in a brief, shared by every writer."""

from __future__ import annotations

from datetime import date, datetime

from archivist.annotations.grades import CREDIBILITY, RELIABILITY, STATUSES
from archivist.briefs.sanitize import clean_line, safe_url
from archivist.briefs.view import ClaimView, JudgmentView, SourceView
from archivist.briefs.yardsticks import Yardstick

# Characters of the original's SHA-256 quoted as the archive's reference (48 bits: plenty to
# find the original in one archive, short enough to read out).
SHA_PREFIX_CHARS = 12

# English month names, not strftime's %B: the GUI's Qt sets the process locale.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_RELIABILITY = {g.code: g.label for g in RELIABILITY}
_CREDIBILITY = {int(g.code): g.label for g in CREDIBILITY}
_STATUS = {g.code: g.label for g in STATUSES}

# A piece of a citation: its text and, for a link, the URL it points to.
Segment = tuple[str, str | None]


def format_date(value: str | None) -> str | None:
    """ "2022-01-06" → "6 January 2022", "2022-01" → "January 2022", "2022" stays; a
    timestamp shows its date; anything else is returned as it is."""
    text = clean_line(value or "")
    if not text:
        return None
    try:
        if len(text) == 4 and text.isdigit():
            return text
        if len(text) == 7 and text[4] == "-":
            parsed = date(int(text[:4]), int(text[5:]), 1)
            return f"{_MONTHS[parsed.month - 1]} {parsed.year}"
        day = datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    except ValueError:
        return text


def archive_reference(source: SourceView) -> str | None:
    """The archive's reference to the original: "sha256 1a2b3c4d5e6f (file.txt)"."""
    if not source.sha256:
        return None
    reference = f"sha256 {source.sha256[:SHA_PREFIX_CHARS]}"
    if source.filename:
        reference += f" ({clean_line(source.filename)})"
    return reference


def citation(
    source: SourceView, *, with_archive: bool = True, page: int | None = None
) -> list[Segment]:
    """A full citation as pieces of text, the URL as a link:
    AFP, “Title”, by Author, 6 January 2022, p. 3, https://…. Archive: sha256 … (file).
    (`page`: the page of a paged source that the passage cited is on.)"""
    parts: list[Segment] = []
    lead = [clean_line(source.publisher)] if source.publisher else []
    lead.append(f"“{clean_line(source.title)}”")
    if source.author and clean_line(source.author) != clean_line(source.publisher):
        lead.append(f"by {clean_line(source.author)}")
    published = format_date(source.published)
    if published:
        lead.append(published)
    if page:
        lead.append(f"p. {page}")
    text = ", ".join(part for part in lead if part)
    url = safe_url(source.url)
    if url:
        parts.append((text + ", ", None))
        parts.append((clean_line(source.url), url))
        parts.append((".", None))
    else:
        if source.url:
            text += f", {clean_line(source.url)}"
        parts.append((text + ".", None))
    reference = archive_reference(source) if with_archive else None
    if reference:
        parts.append((f" Archive: {reference}, article {source.article_id}.", None))
    return parts


def citation_text(source: SourceView, *, with_archive: bool = True) -> str:
    """The citation as plain text."""
    return "".join(text for text, _ in citation(source, with_archive=with_archive))


def short_source(source: SourceView | None) -> str:
    """ "AFP, 6 January 2022" (or the title when the publisher is unknown)."""
    if source is None:
        return ""
    name = clean_line(source.publisher) or f"“{clean_line(source.title)}”"
    published = format_date(source.published)
    return f"{name}, {published}" if published else name


def short_date(value: str | None) -> str | None:
    """ "2022-01-06" → "6 Jan 2022" (for short citations); other forms as format_date."""
    full = format_date(value)
    if full is None:
        return None
    for month in _MONTHS:
        full = full.replace(month, month[:3])
    return full


def locator(paragraph: int | None = None, page: int | None = None) -> str | None:
    """Where a quote is in its source: "p. 3" in a paged document (a PDF, a scan), where
    readers look it up by page; else "¶ 5"; None when unknown."""
    if page:
        return f"p. {page}"
    return f"¶ {paragraph}" if paragraph else None


def short_citation(
    source: SourceView, paragraph: int | None = None, page: int | None = None
) -> str:
    """A later citation of a source cited in full before: "AFP, 6 Jan 2022, ¶ 5." (where
    the passage quoted is, when known: see `locator`)."""
    name = clean_line(source.publisher) or f"“{clean_line(source.title)}”"
    parts = [name, short_date(source.published), locator(paragraph, page)]
    return ", ".join(part for part in parts if part) + "."


def footnote_citation(
    source: SourceView, in_paragraph: int | None, cited: set[int], page: int | None = None
) -> list[Segment]:
    """What a footnote citing `source` says: the full citation the first time the brief
    cites its article (noted in `cited`), the short one with the paragraph after. A quote's
    page is cited both times ("…, p. 3."): the full citation ends with it."""
    if source.article_id in cited:
        return [(short_citation(source, in_paragraph, page), None)]
    cited.add(source.article_id)
    return citation(source, page=page)


def paragraph_of(text: str, offset: int) -> int:
    """The paragraph (1 for the first; lines of text count, blank lines do not) that the
    character at `offset` of an article's text is in."""
    before = text[: max(0, offset)].split("\n")
    return sum(1 for line in before[:-1] if line.strip()) + 1


def attribution(claim: ClaimView) -> str:
    """ "— Ned Price, US State Department spokesman" or "— local media"."""
    who = clean_line(claim.claimant) or "unknown claimant"
    role = clean_line(claim.claimant_role or "")
    return f"— {who}, {role}" if role and role.casefold() != who.casefold() else f"— {who}"


def grade_meaning(reliability: str | None, credibility: int | None) -> str | None:
    """ "usually reliable source; probably true" for B2; None when ungraded."""
    parts = []
    if reliability in _RELIABILITY:
        parts.append(f"source {_RELIABILITY[reliability].lower()}")
    if credibility in _CREDIBILITY:
        parts.append(f"information {_CREDIBILITY[credibility].lower()}")
    return "; ".join(parts) or None


def status_label(status: str) -> str:
    """ "Unverified", "Corroborated"…"""
    return _STATUS.get(status, clean_line(status).capitalize())


def claim_status(claim: ClaimView) -> str:
    """The status as the brief's claims table says it: "Corroborated (single origin)" when
    only syndicated copies of its own story corroborate it."""
    label = status_label(claim.status)
    return f"{label} (single origin)" if claim.single_origin else label


def grade_legend(claims: list[ClaimView]) -> list[str]:
    """One line per grade used, e.g. "B2: source usually reliable; information probably true"."""
    seen: dict[str, str] = {}
    for claim in claims:
        grade = claim.grade
        if grade and grade not in seen:
            meaning = grade_meaning(claim.reliability, claim.credibility)
            if meaning:
                seen[grade] = meaning
    return [f"{grade}: {seen[grade]}" for grade in sorted(seen)]


def judgment_assessment(judgment: JudgmentView, yardstick: Yardstick) -> list[str]:
    """How likely and how confidently a key judgment is made, as the yardstick prescribes:
    ICD 203 keeps likelihood and confidence in separate sentences; PHIA may join them."""
    term = judgment.term
    likely = f"{term.name} ({term.range_text})"
    basis = f": {judgment.basis.strip().rstrip('.')}" if judgment.basis else ""
    if yardstick.separate_confidence:
        return [
            f"We judge this {likely}.",
            f"We have {judgment.confidence} confidence in this judgment{basis}.",
        ]
    return [f"We judge this {likely}, with {judgment.confidence} confidence{basis}."]


def yardstick_legend(yardstick: Yardstick) -> list[tuple[str, str]]:
    """(term, probability) rows of the yardstick, least likely first; a term's first
    synonym beside it ("almost no chance / remote")."""
    return [
        (" / ".join((term.name, *term.synonyms[:1])), term.range_text) for term in yardstick.terms
    ]
