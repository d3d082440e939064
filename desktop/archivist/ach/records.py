"""What an ACH matrix holds, as read from the archive: hypotheses, evidence rows with their
claim's live grade and status, ratings, and the scores they give."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from archivist.ach import scoring


@dataclass
class Hypothesis:
    id: int
    matrix_id: int
    position: int
    text: str
    indicators: str | None  # what to watch for: free text, one indicator a line

    @property
    def label(self) -> str:
        """ "H2": how the matrix and its legend name it."""
        return f"H{self.position}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": self.label}


@dataclass
class Evidence:
    """A row: a claim (with its live claimant, grade and status), an excerpt of an article,
    or an analyst's assumption."""

    id: int
    matrix_id: int
    position: int
    kind: str  # "claim", "excerpt", "assumption"
    relevance: str
    ratings: dict[int, str] = field(default_factory=dict)  # hypothesis id -> rating
    claim_id: int | None = None
    article_id: int | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    text: str | None = None  # the assumption, or the excerpt's note
    claimant: str | None = None
    statement: str | None = None
    reliability: str | None = None
    credibility: int | None = None
    status: str | None = None
    article_title: str | None = None
    missing: bool = False  # its claim or article is no longer in the archive
    seen_reliability: str | None = None
    seen_credibility: int | None = None
    seen_status: str | None = None

    @property
    def grade(self) -> str | None:
        if self.reliability is None and self.credibility is None:
            return None
        return f"{self.reliability or '-'}{self.credibility or '-'}"

    @property
    def weight(self) -> float:
        if self.missing:
            return 0.0
        return scoring.row_weight(self.reliability, self.credibility, self.status, self.relevance)

    @property
    def description(self) -> str:
        """One line for the matrix: the statement or quote, or the assumption."""
        if self.kind == "assumption":
            return f"Assumption: {self.text}"
        if self.missing:
            return f"({self.kind} no longer in the archive) {self.quote or ''}".strip()
        if self.kind == "claim":
            return self.statement or f"“{self.quote}”"
        return f"“{self.quote}”"

    @property
    def change(self) -> str | None:
        """What changed in its claim since the analyst last rated the row ("regraded B2 →
        D4", "now refuted"), or None."""
        if self.kind != "claim":
            return None
        if self.missing:
            return "its claim was deleted"
        changes = []
        seen = (self.seen_reliability, self.seen_credibility)
        if seen != (self.reliability, self.credibility):
            before = f"{self.seen_reliability or '-'}{self.seen_credibility or '-'}"
            changes.append(f"regraded {before} → {self.grade or '--'}")
        if self.seen_status != self.status:
            changes.append(f"now {self.status} (was {self.seen_status})")
        return "; ".join(changes) or None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratings"] = {str(h): r for h, r in self.ratings.items()}
        data.update(
            grade=self.grade,
            weight=round(self.weight, 4),
            description=self.description,
            change=self.change,
        )
        return data


@dataclass
class Matrix:
    id: int
    question: str
    created_at: str
    updated_at: str
    hypotheses: list[Hypothesis] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def scores(self) -> scoring.Scores:
        rows = [scoring.Row(e.id, e.weight, e.ratings) for e in self.evidence]
        return scoring.score(rows, [h.id for h in self.hypotheses])

    def hypothesis(self, hypothesis_id: int) -> Hypothesis:
        return next(h for h in self.hypotheses if h.id == hypothesis_id)

    def to_dict(self) -> dict[str, Any]:
        scores = self.scores()
        labels = {h.id: h.label for h in self.hypotheses}
        return {
            "id": self.id,
            "question": self.question,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "hypotheses": [h.to_dict() for h in self.hypotheses],
            "evidence": [e.to_dict() for e in self.evidence],
            "scores": {
                "inconsistency": {labels[h]: v for h, v in scores.inconsistency.items()},
                "ranking": [labels[h] for h in scores.ranking],
                "leader": labels.get(scores.leader) if scores.leader is not None else None,
                "non_diagnostic": sorted(scores.non_diagnostic),
                "critical": {str(k): v for k, v in sorted(scores.critical.items())},
                "changed": [e.id for e in self.evidence if e.change],
            },
            "legend": scoring.LEGEND,
        }


@dataclass
class MatrixSummary:
    id: int
    question: str
    hypotheses: int
    evidence: int
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
