"""What a writer renders: a brief resolved into plain blocks, claims, sources and entities."""

from __future__ import annotations

from dataclasses import dataclass, field

from archivist.briefs.yardsticks import ICD_203, Term, Yardstick


@dataclass
class SourceView:
    """An article cited by the brief, numbered in order of first citation."""

    number: int
    article_id: int
    title: str
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    sha256: str | None = None
    filename: str | None = None
    language: str | None = None


#: What an inline citation cites: the source, and the paragraph and page of the quote.
Cited = tuple[SourceView, int | None, int | None]


@dataclass
class ClaimView:
    """A claim as the brief shows it; `number` counts the brief's claims from 1."""

    number: int
    claim_id: int
    quote: str
    claimant: str
    claimant_role: str | None = None
    statement: str | None = None
    reliability: str | None = None
    credibility: int | None = None
    status: str = "unverified"
    note: str | None = None
    source: SourceView | None = None
    #: The paragraph of its article the quote is in (for short citations).
    paragraph: int | None = None
    #: The page the quote is on, when its article has pages (a PDF, a scan): cited "p. 3".
    page: int | None = None
    #: Corroborated only by syndicated copies of its own story.
    single_origin: bool = False

    @property
    def grade(self) -> str | None:
        if self.reliability is None and self.credibility is None:
            return None
        return f"{self.reliability or '-'}{self.credibility or '-'}"


@dataclass
class Block:
    """One item of the body: a heading, analyst text, a claim, an excerpt or an article.

    `note` is the analyst's remark on the item (a Word comment); a claim's own note is
    `claim.note`.
    """

    kind: str
    text: str | None = None
    level: int = 1
    claim: ClaimView | None = None
    quote: str | None = None
    source: SourceView | None = None
    note: str | None = None
    paragraph: int | None = None  # (excerpts: where the quote is in its article)
    page: int | None = None
    #: Analyst text: what its inline citations ("claim", id) / ("excerpt", item id) cite,
    #: with the paragraph and page of the quote (see briefs.prose).
    refs: dict[tuple[str, int], Cited] = field(default_factory=dict)


@dataclass
class EvidenceView:
    """What a key judgment rests on: one of the brief's claims, or an excerpt of a source."""

    claim: ClaimView | None = None
    quote: str | None = None
    source: SourceView | None = None
    paragraph: int | None = None
    page: int | None = None


@dataclass
class HypothesisView:
    """A column of a matrix of competing hypotheses, with its score."""

    label: str  # "H2"
    text: str
    inconsistency: float
    rank: int
    indicators: str | None = None


@dataclass
class MatrixRowView:
    """An evidence row of a matrix: a claim of the brief, an excerpt or an assumption."""

    description: str
    ratings: list[str]  # one per hypothesis, in their order ("" when not rated)
    weight: float
    claim: ClaimView | None = None
    quote: str | None = None
    source: SourceView | None = None
    paragraph: int | None = None
    page: int | None = None
    grade: str | None = None
    non_diagnostic: bool = False
    critical: list[str] = field(default_factory=list)  # "removal", "reversal"
    change: str | None = None


@dataclass
class MatrixView:
    """A matrix of competing hypotheses a key judgment rests on; `number` orders the
    appendices (A1, A2…)."""

    number: int
    matrix_id: int
    question: str
    hypotheses: list[HypothesisView] = field(default_factory=list)
    rows: list[MatrixRowView] = field(default_factory=list)
    leader: str | None = None  # a hypothesis label, None on a tie
    legend: str = ""


@dataclass
class JudgmentView:
    """A key judgment; `number` counts the brief's judgments from 1."""

    number: int
    text: str
    term: Term
    confidence: str
    basis: str | None = None
    evidence: list[EvidenceView] = field(default_factory=list)
    note: str | None = None
    matrices: list[MatrixView] = field(default_factory=list)


@dataclass
class EntityView:
    """An entity named in the cited articles, for the appendix."""

    name: str
    type: str
    type_label: str = ""
    aliases: list[str] = field(default_factory=list)
    description: str | None = None


@dataclass
class BriefDocument:
    """Everything an export needs, already read from the archive."""

    title: str
    marking: str | None = None
    author: str | None = None
    date: str | None = None
    summary: str | None = None
    yardstick: Yardstick = ICD_203
    judgments: list[JudgmentView] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    claims: list[ClaimView] = field(default_factory=list)
    sources: list[SourceView] = field(default_factory=list)
    entities: list[EntityView] = field(default_factory=list)
    matrices: list[MatrixView] = field(default_factory=list)
    brief_id: int | None = None
    warnings: list[str] = field(default_factory=list)
