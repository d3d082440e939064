"""Reading a brief and what it cites from the archive into a BriefDocument for the writers."""

from __future__ import annotations

from collections.abc import Callable

from archivist import annotations as ann
from archivist import page_numbers
from archivist.archive.archive import Archive
from archivist.archive.records import Article
from archivist.briefs import prose
from archivist.briefs.citations import paragraph_of
from archivist.briefs.matrices import matrix_view
from archivist.briefs.records import Brief, BriefItem
from archivist.briefs.store import get_brief
from archivist.briefs.view import (
    Block,
    BriefDocument,
    Cited,
    ClaimView,
    EntityView,
    EvidenceView,
    JudgmentView,
    MatrixView,
    SourceView,
)
from archivist.briefs.yardsticks import yardstick
from archivist.errors import NotFoundError

# An entity's description stands as the claimant's role ("US State Department spokesman")
# only when it is short enough to read as one.
MAX_ROLE_CHARS = 120


def compose_brief(archive: Archive, brief_id: int) -> BriefDocument:
    """The brief with its claims, sources (numbered by first citation) and the entities
    named in the articles it cites.

    Items whose claim or article is gone are left out, with a warning.

    Raises:
        NotFoundError: no such brief.
    """
    return compose_document(archive, get_brief(archive, brief_id))


def compose_document(archive: Archive, brief: Brief) -> BriefDocument:
    """compose_brief for a brief already read (an export reads it once, for the document
    and for the version it issues)."""
    doc = BriefDocument(
        title=brief.title,
        marking=brief.marking,
        author=brief.author,
        date=brief.date,
        summary=brief.summary,
        yardstick=yardstick(brief.yardstick),
        brief_id=brief.id,
    )
    sources: dict[int, SourceView] = {}
    claims: dict[int, ClaimView] = {}
    roles: dict[int, str | None] = {}
    # (Kept by `source`, which reads the article anyway.)
    texts: dict[int, str] = {}
    pages: dict[int, list[int] | None] = {}

    def read(article_id: int) -> Article:
        article = archive.article(article_id)
        texts[article_id] = article.text
        pages[article_id] = page_numbers.decode(article.page_starts)
        return article

    def paragraph(article_id: int, offset: int | None) -> int | None:
        """The paragraph of the article that `offset` is in (short citations cite it)."""
        if offset is None:
            return None
        if article_id not in texts:
            read(article_id)
        return paragraph_of(texts[article_id], offset)

    def page(article_id: int, offset: int | None) -> int | None:
        """The page that `offset` is on, when the article has pages (citations cite it)."""
        if offset is None:
            return None
        if article_id not in pages:
            read(article_id)
        starts = pages[article_id]
        return page_numbers.page_at(starts, offset) if starts else None

    def source(article_id: int) -> SourceView:
        if article_id not in sources:
            article = read(article_id)
            sources[article_id] = SourceView(
                number=len(sources) + 1,
                article_id=article.id,
                title=article.title,
                publisher=article.source,
                author=article.author,
                published=article.published,
                url=article.url,
                sha256=article.original_sha256,
                filename=article.original_filename,
                language=article.language,
            )
        return sources[article_id]

    def role(entity_id: int | None) -> str | None:
        if entity_id is None:
            return None
        if entity_id not in roles:
            description = ann.get_entity(archive, entity_id).description
            first = (description or "").strip().split("\n", 1)[0].strip()
            roles[entity_id] = first if first and len(first) <= MAX_ROLE_CHARS else None
        return roles[entity_id]

    def claim_view(claim_id: int) -> ClaimView | None:
        """The brief's view of a claim (numbered at its first use); None when it is gone."""
        if claim_id in claims:
            return claims[claim_id]
        try:
            claim = ann.get_claim(archive, claim_id)
        except NotFoundError:
            return None
        if claim.anchor == "orphaned":
            doc.warnings.append(
                f"claim {claim.id} is orphaned (its text changed): quoted as last recorded"
            )
        claims[claim_id] = ClaimView(
            number=len(claims) + 1,
            claim_id=claim.id,
            quote=claim.quote,
            claimant=claim.claimant,
            claimant_role=role(claim.claimant_entity_id),
            statement=claim.statement,
            reliability=claim.reliability,
            credibility=claim.credibility,
            status=claim.status,
            note=claim.note,
            source=source(claim.article_id),
            paragraph=paragraph(claim.article_id, claim.start),
            page=page(claim.article_id, claim.start),
            single_origin=claim.single_origin,
        )
        return claims[claim_id]

    # Key judgments lead the brief: their evidence is numbered (and cited) first.
    excerpts = {item.id: item for item in brief.items if item.kind == "excerpt"}

    def cited_ref(kind: str, ident: int) -> Cited | None:
        """What an inline citation in analyst text cites, or None when it is gone."""
        if kind == "claim":
            view = claim_view(ident)
            if view is None or view.source is None:
                return None
            return view.source, view.paragraph, view.page
        excerpt = excerpts.get(ident)
        if excerpt is None or excerpt.missing or excerpt.article_id is None:
            return None
        article_id, start = excerpt.article_id, excerpt.start
        return source(article_id), paragraph(article_id, start), page(article_id, start)

    matrices: dict[int, MatrixView] = {}

    def matrix(matrix_id: int) -> MatrixView | None:
        """A matrix a judgment rests on (numbered at its first use); None when it is gone."""
        if matrix_id not in matrices:
            try:
                matrices[matrix_id] = matrix_view(
                    archive, matrix_id, len(matrices) + 1, claim_view, source, paragraph, page
                )
            except NotFoundError:
                return None
        return matrices[matrix_id]

    for item in brief.judgments:
        judgment = _judgment(
            doc, item, len(doc.judgments) + 1, claim_view, source, paragraph, page, excerpts
        )
        for matrix_id in (item.evidence or {}).get("matrices", []):
            view = matrix(matrix_id)
            if view is None:
                doc.warnings.append(
                    f"key judgment {judgment.number}: ACH matrix {matrix_id} no longer exists"
                )
            else:
                judgment.matrices.append(view)
        doc.judgments.append(judgment)
    for item in brief.items:
        if item.kind == "judgment":
            continue
        if item.missing:
            what = (
                f"claim {item.claim_id}" if item.kind == "claim" else f"article {item.article_id}"
            )
            doc.warnings.append(f"item {item.id} was left out: {what} no longer exists")
            continue
        if item.kind in ("heading", "text"):
            block = Block(item.kind, text=item.text, level=item.level or 1, note=item.note)
            if item.kind == "text":
                for cited in prose.citations(item.text):
                    ref = cited_ref(cited.kind, cited.ident)
                    if ref is None:
                        doc.warnings.append(
                            f"text item {item.id} cites {cited.kind} {cited.ident}, which no "
                            "longer exists: left out"
                        )
                    else:
                        block.refs[(cited.kind, cited.ident)] = ref
            doc.blocks.append(block)
        elif item.kind == "claim":
            assert item.claim_id is not None
            view = claim_view(item.claim_id)
            if view is not None:
                doc.blocks.append(Block("claim", claim=view, source=view.source, note=item.note))
        elif item.kind == "excerpt":
            assert item.article_id is not None
            if item.anchor == "orphaned":
                doc.warnings.append(
                    f"excerpt item {item.id}: the article's text changed and the quote is no "
                    "longer in it; quoted as excerpted"
                )
            doc.blocks.append(
                Block(
                    "excerpt",
                    quote=item.quote,
                    source=source(item.article_id),
                    note=item.note,
                    paragraph=paragraph(item.article_id, item.start),
                    page=page(item.article_id, item.start),
                )
            )
        elif item.kind == "article":
            assert item.article_id is not None
            doc.blocks.append(Block("article", source=source(item.article_id), note=item.note))
    doc.sources = sorted(sources.values(), key=lambda s: s.number)
    doc.claims = sorted(claims.values(), key=lambda c: c.number)
    doc.matrices = sorted(matrices.values(), key=lambda m: m.number)
    doc.entities = _entities(archive, [s.article_id for s in doc.sources])
    return doc


def _judgment(
    doc: BriefDocument,
    item: BriefItem,
    number: int,
    claim_view: Callable[[int], ClaimView | None],
    source: Callable[[int], SourceView],
    paragraph: Callable[[int, int | None], int | None],
    page: Callable[[int, int | None], int | None],
    excerpts: dict[int, BriefItem],
) -> JudgmentView:
    """A judgment with its evidence (what no longer exists is left out, with a warning)."""
    evidence: list[EvidenceView] = []
    wanted = item.evidence or {}
    for claim_id in wanted.get("claims", []):
        view = claim_view(claim_id)
        if view is None:
            doc.warnings.append(f"key judgment {number}: claim {claim_id} no longer exists")
        else:
            evidence.append(
                EvidenceView(
                    claim=view,
                    quote=view.quote,
                    source=view.source,
                    paragraph=view.paragraph,
                    page=view.page,
                )
            )
    for item_id in wanted.get("excerpts", []):
        excerpt = excerpts.get(item_id)
        if excerpt is None or excerpt.missing or excerpt.article_id is None:
            doc.warnings.append(f"key judgment {number}: excerpt item {item_id} is gone")
        else:
            evidence.append(
                EvidenceView(
                    quote=excerpt.quote,
                    source=source(excerpt.article_id),
                    paragraph=paragraph(excerpt.article_id, excerpt.start),
                    page=page(excerpt.article_id, excerpt.start),
                )
            )
    assert item.text is not None and item.likelihood is not None
    return JudgmentView(
        number=number,
        text=item.text,
        term=doc.yardstick.term(item.likelihood),
        confidence=item.confidence or "low",
        basis=item.basis,
        evidence=evidence,
        note=item.note,
    )


def _entities(archive: Archive, article_ids: list[int]) -> list[EntityView]:
    """Entities mentioned in, claiming in or concerned by claims of these articles."""
    types = {t.name: (t.position, t.label) for t in ann.list_entity_types(archive)}
    found: dict[int, EntityView] = {}
    for article_id in article_ids:
        for entity in ann.list_entities(archive, article_id=article_id):
            if entity.id not in found:
                found[entity.id] = EntityView(
                    name=entity.name,
                    type=entity.type,
                    type_label=types.get(entity.type, (0, entity.type))[1],
                    aliases=list(entity.aliases),
                    description=entity.description,
                )
    return sorted(
        found.values(),
        key=lambda e: (types.get(e.type, (len(types), ""))[0], e.name.casefold(), e.name),
    )
