"""Rendering a BriefDocument into a Word document built on a template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.text.run import Run
from lxml.etree import _Element

from archivist.ach.scoring import score_text
from archivist.briefs import prose
from archivist.briefs.citations import (
    attribution,
    citation,
    claim_status,
    footnote_citation,
    format_date,
    grade_legend,
    judgment_assessment,
    short_source,
    status_label,
    yardstick_legend,
)
from archivist.briefs.footnotes import Footnotes
from archivist.briefs.hyperlinks import hyperlink
from archivist.briefs.matrices import (
    appendix_label,
    basis_sentence,
    rests_on,
    row_marks,
)
from archivist.briefs.ooxml import ParaFormat, paragraph, table, text_runs
from archivist.briefs.pages import stamp_pages
from archivist.briefs.sanitize import (
    MAX_PROPERTY_CHARS,
    clean_line,
    clean_text,
    is_rtl,
    paragraphs,
    truncate,
)
from archivist.briefs.template import StyleSheet, load_template, text_width
from archivist.briefs.view import Block, BriefDocument, Cited, ClaimView, JudgmentView, SourceView
from archivist.errors import InvalidValueError

# A claim's quote in the claims table is cut to this length (the full quote is in the body).
TABLE_QUOTE_CHARS = 300

# What becomes of analysts' notes: Word comments anchored on what they concern, paragraphs
# after it (for readers whose software shows no comments), or nothing (a brief to release).
NOTE_MODES = ("comments", "inline", "omit")

# Column shares of the claims table and the entities appendix.
_CLAIM_COLUMNS = (0.06, 0.36, 0.18, 0.08, 0.15, 0.17)
_ENTITY_COLUMNS = (0.34, 0.18, 0.48)
_YARDSTICK_COLUMNS = (0.6, 0.4)


@dataclass
class DocxStats:
    """Counts of what was written (for the export report and the tests)."""

    footnotes: int = 0
    comments: int = 0
    missing_styles: tuple[str, ...] = ()


class _Writer:
    def __init__(self, doc: BriefDocument, document: Document, notes: str = "comments") -> None:
        if notes not in NOTE_MODES:
            raise InvalidValueError(
                f"unknown notes mode {notes!r}: use one of {', '.join(NOTE_MODES)}"
            )
        self.notes = notes
        self.pending: list[tuple[str, str]] = []
        self.doc = doc
        self.document = document
        self.styles = StyleSheet(document)
        self.footnotes = Footnotes(document.part)
        self.body = document.element.body
        self.end = self.body.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"
        )
        self.width = text_width(document)
        self.comments = 0
        self.comment_author = clean_line(doc.author or "") or "Analyst"
        self.initials = "".join(word[0] for word in self.comment_author.split()[:3]).upper()
        self.reference = self.styles.character("footnote_reference")
        self.cited: set[int] = set()  # articles cited in full already
        self.link = self.styles.character("hyperlink")

    # --- plumbing -----------------------------------------------------------------------

    def add(self, element: _Element) -> _Element:
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)
        return element

    def para(
        self, role: str, text: str | None = None, *, bidi: bool | None = None, **run: object
    ) -> _Element:
        spec = self.styles.paragraph(role)
        run_format = spec.run.merged(**run) if run else spec.run
        return self.add(paragraph(spec.para, text=text, run_format=run_format, bidi=bidi))

    def comment(
        self, runs: Sequence[_Element], text: str | None, label: str = "Analyst note"
    ) -> None:
        """An analyst's note on `runs` (already in the document): a Word comment anchored on
        them, or a paragraph after the block (see NOTE_MODES)."""
        note = clean_text(text or "").strip()
        if not note or not runs or self.notes == "omit":
            return
        if self.notes == "inline":
            self.pending.append((label, note))
            return
        # python-docx only needs the w:r elements to place the range marks around them.
        wrapped = [Run(cast(CT_R, r), cast(Any, None)) for r in (runs[0], runs[-1])]
        self.document.add_comment(
            wrapped, text=note, author=self.comment_author, initials=self.initials or None
        )
        self.comments += 1

    def cite(
        self, source: SourceView, in_paragraph: int | None = None, page: int | None = None
    ) -> _Element:
        """A footnote citing `source` — in full the first time, short ("AFP, 6 Jan 2022,
        ¶ 5." or "…, p. 3.") after — and returns the reference run to place in the text."""
        note_id = self.footnotes.add(
            footnote_citation(source, in_paragraph, self.cited, page),
            self.styles.paragraph("footnote_text").para,
            self.reference,
            self.link,
        )
        return Footnotes.reference(note_id, self.reference)

    # --- parts of the brief --------------------------------------------------------------

    def title_block(self) -> None:
        doc = self.doc
        # (The marking stands in every page's header and footer: a first body line would
        # print it twice on page 1.)
        self.para("title", clean_line(doc.title) or "Untitled brief")
        byline = [part for part in (clean_line(doc.author or ""), format_date(doc.date)) if part]
        if byline:
            self.para("subtitle", " · ".join(byline))

    def summary(self) -> None:
        texts = paragraphs(self.doc.summary)
        if not texts:
            return
        self.para("heading1", "Summary")
        for text in texts:
            self.para("summary", text)

    def judgments(self) -> None:
        """Key judgments, first in the body: each statement, how likely and how confidently
        (as the brief's yardstick words it), its footnoted evidence; then the yardstick."""
        if not self.doc.judgments:
            return
        self.para("heading1", "Key judgments")
        for judgment in self.doc.judgments:
            self.judgment(judgment)
            self.flush_notes()
        self.yardstick_table()

    def judgment(self, judgment: JudgmentView) -> None:
        spec = self.styles.paragraph("body")
        text = clean_text(judgment.text).strip()
        p = self.add(paragraph(spec.para, bidi=is_rtl(text)))
        p.extend(text_runs(f"KJ{judgment.number}. ", spec.run.merged(bold=True)))
        statement = text_runs(text, spec.run.merged(bold=True))
        p.extend(statement)
        self.comment(statement, judgment.note)
        self.para("attribution", " ".join(judgment_assessment(judgment, self.doc.yardstick)))
        for evidence in judgment.evidence:
            if evidence.claim is not None:
                self.claim(evidence.claim, None)
            elif evidence.source is not None:
                self.quote(evidence.quote or "", evidence.source, evidence.paragraph, evidence.page)
                self.para("attribution", f"— {short_source(evidence.source)}", bidi=False)
        for matrix in judgment.matrices:
            self.para("attribution", basis_sentence(matrix))

    def yardstick_table(self) -> None:
        yardstick = self.doc.yardstick
        self.para(
            "caption",
            bidi=False,
            text=f"Likelihood terms of the {yardstick.name} yardstick used in this brief.",
        )
        rows = [[self.cell(t, header=True) for t in ("Term", "Probability")]]
        for term, probability in yardstick_legend(yardstick):
            rows.append([self.cell(term, bidi=False), self.cell(probability, bidi=False)])
        self.add(table(self.widths(_YARDSTICK_COLUMNS), rows, self.styles.table))

    def flush_notes(self) -> None:
        """The notes of the block just written, as paragraphs (inline mode)."""
        spec = self.styles.paragraph("note")
        for label, note in self.pending:
            for index, text in enumerate(paragraphs(note)):
                p = self.add(paragraph(spec.para, bidi=False))
                if index == 0:
                    p.extend(text_runs(f"{label}: ", spec.run.merged(bold=True)))
                p.extend(text_runs(text, spec.run))
        self.pending.clear()

    def block(self, block: Block) -> None:
        self._block(block)
        self.flush_notes()

    def _block(self, block: Block) -> None:
        if block.kind == "heading":
            role = "heading2" if block.level == 2 else "heading1"
            p = self.para(role, clean_line(block.text or ""))
            self.comment(p.findall(_R), block.note)
        elif block.kind == "text":
            runs: list[_Element] = []
            for para in prose.parse(block.text):
                runs.extend(self.prose(para, block.refs))
            self.comment(runs, block.note)
        elif block.kind == "claim" and block.claim is not None:
            self.claim(block.claim, block.note)
        elif block.kind == "excerpt" and block.source is not None:
            runs = self.quote(block.quote or "", block.source, block.paragraph, block.page)
            self.comment(runs, block.note)
            self.para("attribution", f"— {short_source(block.source)}", bidi=False)
        elif block.kind == "article" and block.source is not None:
            spec = self.styles.paragraph("body")
            label = f"Source: {short_source(block.source)}: “{clean_line(block.source.title)}”"
            p = self.add(paragraph(spec.para, text=label, run_format=spec.run, bidi=False))
            runs = p.findall(_R)
            p.append(self.cite(block.source))
            self.comment(runs, block.note)

    def prose(self, para: prose.Paragraph, refs: dict[tuple[str, int], Cited]) -> list[_Element]:
        """One paragraph (or bulleted line) of analyst text: its emphasis as run formats, its
        citations as footnotes where they stand; returns its text runs (for comments)."""
        spec = self.styles.paragraph("body")
        para_format = spec.para
        if para.bullet:  # (a hanging bullet on any template: no numbering definition needed)
            para_format = ParaFormat(
                style=spec.para.style, indent_left=567, hanging=283, space_after=60
            )
        p = self.add(paragraph(para_format, bidi=is_rtl(para.plain)))
        runs: list[_Element] = []
        if para.bullet:
            p.extend(text_runs("•\t", spec.run))
        for piece in para.pieces:
            if isinstance(piece, prose.Citation):
                ref = refs.get((piece.kind, piece.ident))
                if ref is not None:
                    p.append(self.cite(*ref))
                continue
            piece_runs = text_runs(
                piece.text,
                spec.run.merged(bold=piece.bold or spec.run.bold, italic=piece.italic)
                if piece.bold or piece.italic
                else spec.run,
            )
            p.extend(piece_runs)
            runs.extend(piece_runs)
        return runs

    def quote(
        self,
        text: str,
        source: SourceView | None,
        in_paragraph: int | None = None,
        page: int | None = None,
    ) -> list[_Element]:
        """A quote paragraph with its footnote (`in_paragraph`, `page`: where the quote is
        in its article); returns the quote's runs (for comments)."""
        spec = self.styles.paragraph("quote")
        body = clean_text(text).strip()
        p = self.add(paragraph(spec.para, text=f"“{body}”", run_format=spec.run, bidi=is_rtl(body)))
        runs = p.findall(_R)
        if source is not None:
            p.append(self.cite(source, in_paragraph, page))
        return runs

    def claim(self, claim: ClaimView, note: str | None) -> None:
        runs = self.quote(claim.quote, claim.source, claim.paragraph, claim.page)
        self.comment(runs, claim.note, "Note on the claim")
        self.comment(runs, note)
        spec = self.styles.paragraph("attribution")
        p = self.add(paragraph(spec.para, text=attribution(claim), run_format=spec.run, bidi=False))
        if claim.grade:
            p.extend(text_runs(" · ", spec.run))
            p.extend(text_runs(claim.grade, spec.run.merged(bold=True)))
        p.extend(text_runs(f" · {status_label(claim.status)}", spec.run))

    def claims_table(self) -> None:
        claims = self.doc.claims
        if not claims:
            return
        self.para("heading1", "Claims assessed")
        self.para(
            "caption",
            bidi=False,
            text=f"Table 1. The {len(claims)} claim(s) cited in this brief, graded on the NATO/Admiralty system (source reliability A–F, information credibility 1–6).",
        )
        header = ("#", "Claim", "Claimant", "Grade", "Status", "Source")
        rows = [[self.cell(text, header=True) for text in header]]
        # Only source text (quotes, names) may read right to left; the rest is the brief's.
        for claim in claims:
            quoted = truncate(clean_text(claim.quote).strip(), TABLE_QUOTE_CHARS)
            claim_cell = self.cell(f"“{quoted}”", bidi=is_rtl(quoted))
            if claim.statement:
                claim_cell += self.cell(f"In short: {claim.statement}", italic=True, bidi=False)
            source = short_source(claim.source)
            if claim.source is not None:
                source += f" [{claim.source.number}]"
            rows.append(
                [
                    self.cell(f"C{claim.number}", bidi=False),
                    claim_cell,
                    self.cell(
                        claim.claimant + (f", {claim.claimant_role}" if claim.claimant_role else "")
                    ),
                    self.cell(claim.grade or "—", bold=bool(claim.grade), bidi=False),
                    self.cell(claim_status(claim), bidi=False),
                    self.cell(source, bidi=False),
                ]
            )
        self.add(table(self.widths(_CLAIM_COLUMNS), rows, self.styles.table))
        legend = grade_legend(claims)
        if legend:
            self.para("caption", "Grades used: " + "; ".join(legend) + ".", bidi=False)

    def cell(
        self,
        text: str,
        *,
        header: bool = False,
        bold: bool = False,
        italic: bool = False,
        bidi: bool | None = None,
    ) -> list[_Element]:
        """The paragraphs of a table cell (blank lines in `text` separate paragraphs)."""
        spec = self.styles.paragraph("table_text")
        run = spec.run
        if header:
            run = run.merged(bold=True, color=None if self.styles.table.style else "FFFFFF")
        if bold or italic:
            run = run.merged(bold=bold or run.bold, italic=italic)
        texts = paragraphs(text) or [""]
        return [
            paragraph(spec.para, text=t, run_format=run, bidi=False if header else bidi)
            for t in texts
        ]

    def widths(self, shares: Sequence[float]) -> list[int]:
        widths = [int(self.width * share) for share in shares]
        widths[-1] += self.width - sum(widths)
        return widths

    def sources(self) -> None:
        if not self.doc.sources:
            return
        self.para("heading1", "Sources")
        spec = self.styles.paragraph("bibliography")
        for source in self.doc.sources:
            pieces = citation(source)
            p = self.add(paragraph(spec.para, bidi=False))
            p.extend(text_runs(f"[{source.number}]\t", spec.run))
            for text, url in pieces:
                if url:
                    p.append(hyperlink(self.document.part, url, text, self.link))
                else:
                    p.extend(text_runs(text, spec.run))

    def entities(self) -> None:
        if not self.doc.entities:
            return
        self.para("heading1", "Appendix: entities named in the sources")
        rows = [[self.cell(t, header=True) for t in ("Entity", "Type", "Also known as")]]
        for entity in self.doc.entities:
            rows.append(
                [
                    self.cell(entity.name),
                    self.cell(entity.type_label or entity.type, bidi=False),
                    self.cell(", ".join(entity.aliases) or "—"),
                ]
            )
        self.add(table(self.widths(_ENTITY_COLUMNS), rows, self.styles.table))

    def matrices(self) -> None:
        """Each matrix of competing hypotheses a judgment rests on: its hypotheses with their
        scores, the evidence rated against them (each row cited like any claim), what the
        conclusion rests on, the indicators to watch, and the legend."""
        for matrix in self.doc.matrices:
            self.para(
                "heading1", f"{appendix_label(matrix)}: competing hypotheses — {matrix.question}"
            )
            for h in matrix.hypotheses:
                lead = " — leads" if h.label == matrix.leader else ""
                self.para(
                    "body",
                    f"{h.label}. {h.text} (weighted inconsistency "
                    f"{score_text(h.inconsistency)}, rank {h.rank}{lead})",
                )
            self.para(
                "caption",
                bidi=False,
                text=f"Table A{matrix.number}. The evidence rated against each hypothesis.",
            )
            labels = [h.label for h in matrix.hypotheses]
            header = ["Evidence", "Grade", "Weight", *labels]
            rows = [[self.cell(text, header=True) for text in header]]
            for number, row in enumerate(matrix.rows, start=1):
                evidence = self.cell(f"E{number}. {row.description}", bidi=is_rtl(row.description))
                if row.source is not None:
                    evidence[0].append(self.cite(row.source, row.paragraph, row.page))
                for mark in row_marks(row):
                    evidence += self.cell(mark, italic=True, bidi=False)
                rows.append(
                    [
                        evidence,
                        self.cell(row.grade or "—", bidi=False),
                        self.cell(score_text(row.weight), bidi=False),
                        *(
                            self.cell(r or "·", bold=r in ("I", "II"), bidi=False)
                            for r in row.ratings
                        ),
                    ]
                )
            rows.append(
                [
                    self.cell("Weighted inconsistency", bold=True, bidi=False),
                    self.cell(""),
                    self.cell(""),
                    *(
                        self.cell(score_text(h.inconsistency), bold=True, bidi=False)
                        for h in matrix.hypotheses
                    ),
                ]
            )
            rows.append(
                [
                    self.cell("Rank", bidi=False),
                    self.cell(""),
                    self.cell(""),
                    *(self.cell(str(h.rank), bidi=False) for h in matrix.hypotheses),
                ]
            )
            share = 0.38 / max(len(labels), 1)
            self.add(
                table(
                    self.widths((0.44, 0.08, 0.10, *[share] * len(labels))), rows, self.styles.table
                )
            )
            critical = rests_on(matrix)
            if critical:
                self.para("body", "The conclusion rests on these items:")
                for text in critical:
                    self.para("body", f"• {text}")
            watched = [h for h in matrix.hypotheses if h.indicators]
            if watched:
                self.para("body", "Indicators to watch:")
                for h in watched:
                    for line in filter(None, map(str.strip, (h.indicators or "").splitlines())):
                        self.para("body", f"• {h.label}: {line}")
            self.para("caption", matrix.legend, bidi=False)

    def properties(self) -> None:
        props = self.document.core_properties
        props.title = truncate(clean_line(self.doc.title), MAX_PROPERTY_CHARS)
        props.author = truncate(self.comment_author, MAX_PROPERTY_CHARS)
        props.last_modified_by = props.author
        props.subject = truncate(clean_line(self.doc.marking or ""), MAX_PROPERTY_CHARS)
        props.content_status = props.subject
        props.comments = "Exported by Archivist"
        props.keywords = ""
        props.category = "Brief"
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now
        props.revision = 1

    def write(self) -> DocxStats:
        self.title_block()
        self.summary()
        self.judgments()
        for block in self.doc.blocks:
            self.block(block)
        self.claims_table()
        self.sources()
        self.matrices()
        self.entities()
        stamp_pages(self.document, self.doc.marking, self.styles)
        self.properties()
        return DocxStats(self.footnotes.count, self.comments, tuple(self.styles.missing))


_R = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}r"


def render_docx(
    doc: BriefDocument, template: str | Path | None = None, *, notes: str = "comments"
) -> tuple[Document, DocxStats]:
    """Build the Word document of a brief on `template` (the bundled one when None).

    Args:
        notes: "comments" (Word comments on what they concern), "inline" (paragraphs after
            it) or "omit" (left out: a brief for release).

    Raises:
        NotFoundError: the template does not exist.
        InvalidValueError: the template is not a Word document or template; unknown notes mode.
    """
    if notes not in NOTE_MODES:
        raise InvalidValueError(f"unknown notes mode {notes!r}: use one of {', '.join(NOTE_MODES)}")
    document = load_template(template)
    stats = _Writer(doc, document, notes).write()
    if stats.comments:
        separate_comment_ids(document)
    return document, stats


# Comment ids are renumbered from here on, out of the range of footnote ids.
COMMENT_ID_BASE = 10_000
_COMMENT_TAGS = ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference")


def separate_comment_ids(document: Document) -> None:
    """Give comments ids no footnote has.

    Word keeps the two numberings apart, but LibreOffice (7.4 tried here) mixes them up: a
    comment whose id equals a footnote's makes it drop or swap footnote texts on import.
    Ids only have to be unique among comments, so moving them costs nothing.
    """
    part = document.part._comments_part  # created by the comments we added
    for comment in part.element.iterchildren(qn("w:comment")):
        comment.set(qn("w:id"), str(int(comment.get(qn("w:id"))) + COMMENT_ID_BASE))
    body = document.element
    for tag in _COMMENT_TAGS:
        for mark in body.iter(qn(tag)):
            mark.set(qn("w:id"), str(int(mark.get(qn("w:id"))) + COMMENT_ID_BASE))
