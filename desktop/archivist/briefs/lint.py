"""Advice on a brief's judgments and prose: hedges outside the yardstick, judgments without
evidence or resting on one source, on weak grades or on refuted or disputed claims, and
likelihood and confidence in one sentence where the yardstick forbids it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from archivist import ach
from archivist import annotations as ann
from archivist.archive.archive import Archive
from archivist.briefs import prose
from archivist.briefs.records import Brief, BriefItem
from archivist.briefs.store import get_brief
from archivist.briefs.yardsticks import YARDSTICKS, Yardstick
from archivist.errors import NotFoundError

#: Hedges no yardstick defines: they leave the reader to guess the probability.
HEDGES = (
    "may",
    "might",
    "could",
    "possibly",
    "perhaps",
    "maybe",
    "potentially",
    "conceivably",
    "probably",
    "possible",
)
_WEAK_RELIABILITY = {"E", "F"}
_WEAK_CREDIBILITY = {5, 6}


@dataclass(frozen=True)
class LintWarning:
    """One piece of advice about one item of a brief."""

    item: int
    kind: str  # hedge, no_evidence, single_source, weak_evidence, contested_evidence, mixed
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _words(yardstick: Yardstick) -> set[str]:
    return {word for term in yardstick.terms for word in (term.name, *term.synonyms)}


def _found(phrases: set[str], text: str) -> list[str]:
    """The phrases that occur in `text` as whole words (longest first, each once)."""
    lowered = " ".join(text.casefold().split())
    found: list[str] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered) and not any(
            phrase in longer for longer in found
        ):
            found.append(phrase)
    return found


def _outside_yardstick(text: str, yardstick: Yardstick) -> list[str]:
    """Hedges and other yardsticks' terms in `text` that this yardstick does not define."""
    own = _words(yardstick)
    others = set().union(*(_words(y) for y in YARDSTICKS.values() if y is not yardstick))
    # ("likely" and "unlikely" are every yardstick's: only the phrases not defined here.)
    return _found((set(HEDGES) | others) - own, text)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def lint_brief(archive: Archive, brief_id: int) -> list[LintWarning]:
    """Advice on brief `brief_id`, item by item (lint is advice: nothing is refused).

    Raises:
        NotFoundError: no such brief.
    """
    brief = get_brief(archive, brief_id)
    yardstick = YARDSTICKS[brief.yardstick]
    warnings: list[LintWarning] = []
    for item in brief.items:
        if item.kind == "judgment":
            warnings.extend(_judgment(archive, brief, item, yardstick))
        elif item.kind == "text":
            plain = " ".join(p.plain for p in prose.parse(item.text))
            words = _outside_yardstick(plain, yardstick)
            if words:
                warnings.append(_hedge(item, words, yardstick))
    return warnings


def _hedge(item: BriefItem, words: list[str], yardstick: Yardstick) -> LintWarning:
    quoted = ", ".join(f"“{w}”" for w in words)
    return LintWarning(
        item.id,
        "hedge",
        f"item {item.id}: {quoted} {'is' if len(words) == 1 else 'are'} not a term of the "
        f"{yardstick.name} yardstick: say how likely with one of its terms",
    )


def _judgment(
    archive: Archive, brief: Brief, item: BriefItem, yardstick: Yardstick
) -> list[LintWarning]:
    found: list[LintWarning] = []
    text = item.text or ""
    words = _outside_yardstick(f"{text} {item.basis or ''}", yardstick)
    if words:
        found.append(_hedge(item, words, yardstick))
    if yardstick.separate_confidence:
        for sentence in _sentences(f"{text} {item.basis or ''}"):
            terms = _found(_words(yardstick), sentence)
            if terms and "confiden" in sentence.casefold():
                found.append(
                    LintWarning(
                        item.id,
                        "mixed",
                        f"item {item.id}: “{sentence.strip()}” joins a likelihood "
                        f"(“{terms[0]}”) and a confidence in one sentence, which "
                        f"{yardstick.name} forbids",
                    )
                )
    evidence = item.evidence or {}
    claims = []
    # The claims of the matrices it rests on are its evidence too.
    for claim_id in [*evidence.get("claims", []), *_matrix_claims(archive, evidence)]:
        try:
            claims.append(ann.get_claim(archive, claim_id))
        except NotFoundError:
            continue
    excerpts = [brief.item(e) for e in evidence.get("excerpts", [])]
    excerpts = [e for e in excerpts if e is not None and not e.missing]
    if not claims and not excerpts:
        return [
            *found,
            LintWarning(item.id, "no_evidence", f"item {item.id}: the judgment cites no evidence"),
        ]
    articles = {c.article_id for c in claims} | {e.article_id for e in excerpts}
    if len(articles) == 1:
        found.append(
            LintWarning(
                item.id,
                "single_source",
                f"item {item.id}: the judgment rests on a single source (article "
                f"{next(iter(articles))})",
            )
        )
    if (
        claims
        and not excerpts
        and all(
            c.reliability in _WEAK_RELIABILITY or c.credibility in _WEAK_CREDIBILITY for c in claims
        )
    ):
        grades = ", ".join(sorted({c.grade or "?" for c in claims}))
        found.append(
            LintWarning(
                item.id,
                "weak_evidence",
                f"item {item.id}: the judgment rests only on claims graded {grades} "
                "(unreliable source or improbable information)",
            )
        )
    for claim in claims:
        if claim.status in ("refuted", "disputed"):
            found.append(
                LintWarning(
                    item.id,
                    "contested_evidence",
                    f"item {item.id}: claim {claim.id} (“{claim.quote[:60]}”) is {claim.status} "
                    "but cited as support",
                )
            )
        elif claim.single_origin:
            found.append(
                LintWarning(
                    item.id,
                    "single_origin",
                    f"item {item.id}: claim {claim.id} (“{claim.quote[:60]}”) is corroborated "
                    "only by syndicated copies of its own story: one origin, not several",
                )
            )
    return found


def _matrix_claims(archive: Archive, evidence: dict[str, Any]) -> list[int]:
    found: list[int] = []
    for matrix_id in evidence.get("matrices", []):
        try:
            matrix = ach.get_matrix(archive, matrix_id)
        except NotFoundError:
            continue
        found += [e.claim_id for e in matrix.evidence if e.claim_id is not None and not e.missing]
    return found
