"""A composed brief as JSON and back: what an issued version keeps, so that it can be written
again exactly as issued whatever has changed in the archive (or in Archivist's yardsticks)."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from archivist.briefs.view import (
    Block,
    BriefDocument,
    ClaimView,
    EntityView,
    EvidenceView,
    HypothesisView,
    JudgmentView,
    MatrixRowView,
    MatrixView,
    SourceView,
)
from archivist.briefs.yardsticks import Term, Yardstick

#: Bumped when the shape below changes; a reader refuses shapes it does not know.
SHAPE = 1


def document_to_json(doc: BriefDocument) -> dict[str, Any]:
    """`doc` as plain JSON values. Sources and claims are written once and referred to by
    their numbers (a claim cited by a judgment and quoted in the body is one claim)."""
    return {
        "shape": SHAPE,
        "title": doc.title,
        "marking": doc.marking,
        "author": doc.author,
        "date": doc.date,
        "summary": doc.summary,
        "brief_id": doc.brief_id,
        "warnings": list(doc.warnings),
        "yardstick": _yardstick_json(doc.yardstick),
        "sources": [asdict(source) for source in doc.sources],
        "claims": [_claim_json(claim) for claim in doc.claims],
        "judgments": [_judgment_json(judgment) for judgment in doc.judgments],
        "blocks": [_block_json(block) for block in doc.blocks],
        "entities": [asdict(entity) for entity in doc.entities],
        "matrices": [_matrix_json(matrix) for matrix in doc.matrices],
    }


def document_from_json(data: dict[str, Any]) -> BriefDocument:
    """The document `document_to_json` wrote.

    Raises:
        ValueError: a shape this version of Archivist does not know.
    """
    if data.get("shape") != SHAPE:
        raise ValueError(f"an issued brief of an unknown shape ({data.get('shape')!r})")
    sources = {s["number"]: SourceView(**s) for s in data["sources"]}
    claims = {c["number"]: _claim(c, sources) for c in data["claims"]}
    # (Versions issued before matrices existed have none.)
    matrices = {m["number"]: _matrix(m, claims, sources) for m in data.get("matrices", [])}
    return BriefDocument(
        title=data["title"],
        marking=data["marking"],
        author=data["author"],
        date=data["date"],
        summary=data["summary"],
        yardstick=_yardstick(data["yardstick"]),
        judgments=[_judgment(j, claims, sources, matrices) for j in data["judgments"]],
        blocks=[_block(b, claims, sources) for b in data["blocks"]],
        claims=list(claims.values()),
        sources=list(sources.values()),
        entities=[EntityView(**e) for e in data["entities"]],
        matrices=list(matrices.values()),
        brief_id=data["brief_id"],
        warnings=list(data["warnings"]),
    )


def _number(view: SourceView | ClaimView | None) -> int | None:
    return None if view is None else view.number


def _term_json(term: Term) -> dict[str, Any]:
    return {"name": term.name, "low": term.low, "high": term.high, "synonyms": list(term.synonyms)}


def _term(data: dict[str, Any]) -> Term:
    return Term(data["name"], data["low"], data["high"], tuple(data["synonyms"]))


def _yardstick_json(yardstick: Yardstick) -> dict[str, Any]:
    return {
        "key": yardstick.key,
        "name": yardstick.name,
        "terms": [_term_json(term) for term in yardstick.terms],
        "separate_confidence": yardstick.separate_confidence,
    }


def _yardstick(data: dict[str, Any]) -> Yardstick:
    terms = tuple(_term(term) for term in data["terms"])
    return Yardstick(data["key"], data["name"], terms, data["separate_confidence"])


def _claim_json(claim: ClaimView) -> dict[str, Any]:
    data = {f.name: getattr(claim, f.name) for f in fields(claim)}
    data["source"] = _number(claim.source)
    return data


def _claim(data: dict[str, Any], sources: dict[int, SourceView]) -> ClaimView:
    source = data["source"]
    return ClaimView(**{**data, "source": None if source is None else sources[source]})


def _evidence_json(evidence: EvidenceView) -> dict[str, Any]:
    return {
        "claim": _number(evidence.claim),
        "quote": evidence.quote,
        "source": _number(evidence.source),
        "paragraph": evidence.paragraph,
        "page": evidence.page,
    }


def _judgment_json(judgment: JudgmentView) -> dict[str, Any]:
    return {
        "number": judgment.number,
        "text": judgment.text,
        "term": _term_json(judgment.term),
        "confidence": judgment.confidence,
        "basis": judgment.basis,
        "evidence": [_evidence_json(e) for e in judgment.evidence],
        "note": judgment.note,
        "matrices": [matrix.number for matrix in judgment.matrices],
    }


def _judgment(
    data: dict[str, Any],
    claims: dict[int, ClaimView],
    sources: dict[int, SourceView],
    matrices: dict[int, MatrixView],
) -> JudgmentView:
    evidence = [
        EvidenceView(
            claim=None if e["claim"] is None else claims[e["claim"]],
            quote=e["quote"],
            source=None if e["source"] is None else sources[e["source"]],
            paragraph=e["paragraph"],
            page=e.get("page"),  # (versions issued before pages were cited have none)
        )
        for e in data["evidence"]
    ]
    return JudgmentView(
        number=data["number"],
        text=data["text"],
        term=_term(data["term"]),
        confidence=data["confidence"],
        basis=data["basis"],
        evidence=evidence,
        note=data["note"],
        matrices=[matrices[number] for number in data.get("matrices", [])],
    )


def _matrix_json(matrix: MatrixView) -> dict[str, Any]:
    data = asdict(matrix)
    data["rows"] = [
        {**asdict(row), "claim": _number(row.claim), "source": _number(row.source)}
        for row in matrix.rows
    ]
    return data


def _matrix(
    data: dict[str, Any], claims: dict[int, ClaimView], sources: dict[int, SourceView]
) -> MatrixView:
    rows = [
        MatrixRowView(
            **{
                **row,
                "claim": None if row["claim"] is None else claims[row["claim"]],
                "source": None if row["source"] is None else sources[row["source"]],
            }
        )
        for row in data["rows"]
    ]
    hypotheses = [HypothesisView(**h) for h in data["hypotheses"]]
    return MatrixView(**{**data, "hypotheses": hypotheses, "rows": rows})


def _block_json(block: Block) -> dict[str, Any]:
    return {
        "kind": block.kind,
        "text": block.text,
        "level": block.level,
        "claim": _number(block.claim),
        "quote": block.quote,
        "source": _number(block.source),
        "note": block.note,
        "paragraph": block.paragraph,
        "page": block.page,
        # (JSON has no tuple keys: each inline citation as [kind, id, source, paragraph,
        # page].)
        "refs": [
            [kind, ident, source.number, paragraph, page]
            for (kind, ident), (source, paragraph, page) in block.refs.items()
        ],
    }


def _block(
    data: dict[str, Any], claims: dict[int, ClaimView], sources: dict[int, SourceView]
) -> Block:
    return Block(
        kind=data["kind"],
        text=data["text"],
        level=data["level"],
        claim=None if data["claim"] is None else claims[data["claim"]],
        quote=data["quote"],
        source=None if data["source"] is None else sources[data["source"]],
        note=data["note"],
        paragraph=data["paragraph"],
        page=data.get("page"),
        # (Versions issued before pages were cited hold [kind, id, source, paragraph].)
        refs={
            (ref[0], ref[1]): (sources[ref[2]], ref[3], ref[4] if len(ref) > 4 else None)
            for ref in data["refs"]
        },
    )
