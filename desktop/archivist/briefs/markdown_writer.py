"""Rendering a BriefDocument as Markdown (pandoc/GitHub flavour: footnotes, pipe tables)."""

from __future__ import annotations

import re

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
from archivist.briefs.matrices import (
    appendix_label,
    basis_sentence,
    rests_on,
    row_marks,
)
from archivist.briefs.sanitize import clean_line, clean_text, paragraphs, truncate
from archivist.briefs.view import Block, BriefDocument, Cited, ClaimView, MatrixView, SourceView

TABLE_QUOTE_CHARS = 300

_INLINE = re.compile(r"([\\`*_\[\]<>|~^$])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))", re.MULTILINE)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    # "1." starts a list; "1\." does not.
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


def escape(text: str) -> str:
    """Text that Markdown shows as it is: markup characters backslash-escaped."""
    return _LINE_START.sub(_escape_start, _INLINE.sub(r"\\\1", text))


def _destination(url: str) -> str:
    """A link target that cannot end the link early (parentheses and spaces encoded)."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _escape_block(text: str) -> str:
    """Escaped text whose line breaks stay line breaks (a backslash before the newline)."""
    return "\\\n".join(escape(line) for line in text.split("\n"))


def _cell(text: str) -> str:
    return escape(clean_line(text)) or " "


class _MarkdownWriter:
    def __init__(self, doc: BriefDocument, notes: str) -> None:
        self.doc = doc
        self.omit_notes = notes == "omit"
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.cited: set[int] = set()  # articles cited in full already

    def out(self, *lines: str) -> None:
        self.lines.extend(lines)

    def cite(
        self, source: SourceView, paragraph: int | None = None, page: int | None = None
    ) -> str:
        """A footnote citing `source`: in full the first time, short after (as in .docx)."""
        self.notes.append(self.segments(footnote_citation(source, paragraph, self.cited, page)))
        return f"[^{len(self.notes)}]"

    @staticmethod
    def segments(pieces: list[tuple[str, str | None]]) -> str:
        """A citation's pieces as Markdown, the URL as a link."""
        parts = []
        for text, url in pieces:
            parts.append(f"[{escape(text)}]({_destination(url)})" if url else escape(text))
        return "".join(parts)

    def quote(
        self,
        text: str,
        source: SourceView | None,
        paragraph: int | None = None,
        page: int | None = None,
    ) -> None:
        body = _escape_block(clean_text(text).strip())
        mark = self.cite(source, paragraph, page) if source is not None else ""
        self.out("> “" + body.replace("\n", "\n> ") + "”" + mark)

    def prose(self, para: prose.Paragraph, refs: dict[tuple[str, int], Cited]) -> str:
        """One paragraph (or bulleted line) of analyst text, its emphasis kept as Markdown
        and its citations as footnotes where they stand."""
        parts: list[str] = []
        for piece in para.pieces:
            if isinstance(piece, prose.Citation):
                ref = refs.get((piece.kind, piece.ident))
                if ref is not None:
                    parts.append(self.cite(*ref))
                continue
            text = _escape_block(clean_text(piece.text))
            if piece.bold and piece.italic:
                text = f"***{text}***"
            elif piece.bold:
                text = f"**{text}**"
            elif piece.italic:
                text = f"*{text}*"
            parts.append(text)
        return ("- " if para.bullet else "") + "".join(parts)

    def note(self, text: str | None, label: str = "Analyst note") -> None:
        """A note (a Word comment in .docx) as a labelled paragraph after what it concerns."""
        if self.omit_notes:
            return
        for number, para in enumerate(paragraphs(text)):
            lead = f"*{label}:* " if number == 0 else ""
            self.out(lead + _escape_block(para), "")

    def claim(self, claim: ClaimView) -> None:
        self.quote(claim.quote, claim.source, claim.paragraph, claim.page)
        grade = f" · **{escape(claim.grade)}**" if claim.grade else ""
        self.out(">", f"> {escape(attribution(claim))}{grade} · {status_label(claim.status)}", "")
        self.note(claim.note, "Note on the claim")

    def judgments(self) -> None:
        """Key judgments first, as in .docx: statement, assessment, evidence, yardstick."""
        if not self.doc.judgments:
            return
        self.out("## Key judgments", "")
        for judgment in self.doc.judgments:
            statement = _escape_block(clean_text(judgment.text).strip())
            self.out(f"**KJ{judgment.number}. {statement}**", "")
            self.out(escape(" ".join(judgment_assessment(judgment, self.doc.yardstick))), "")
            for evidence in judgment.evidence:
                if evidence.claim is not None:
                    self.claim(evidence.claim)
                elif evidence.source is not None:
                    self.quote(
                        evidence.quote or "", evidence.source, evidence.paragraph, evidence.page
                    )
                    self.out(">", f"> — {escape(short_source(evidence.source))}", "")
            for matrix in judgment.matrices:
                self.out(escape(basis_sentence(matrix)), "")
            self.note(judgment.note)
        yardstick = self.doc.yardstick
        self.out(f"*Likelihood terms of the {escape(yardstick.name)} yardstick:*", "")
        self.out("| Term | Probability |", "|---|---|")
        for term, probability in yardstick_legend(yardstick):
            self.out(f"| {_cell(term)} | {_cell(probability)} |")
        self.out("")

    def matrix(self, matrix: MatrixView) -> None:
        """A matrix of competing hypotheses, as in .docx: hypotheses, table, sensitivity,
        indicators, legend."""
        title = f"{appendix_label(matrix)}: competing hypotheses — {clean_line(matrix.question)}"
        self.out(f"## {escape(title)}", "")
        for h in matrix.hypotheses:
            lead = " — leads" if h.label == matrix.leader else ""
            self.out(
                f"- **{h.label}.** {escape(clean_line(h.text))} (weighted inconsistency "
                f"{score_text(h.inconsistency)}, rank {h.rank}{lead})"
            )
        labels = [h.label for h in matrix.hypotheses]
        self.out("", "| Evidence | Grade | Weight | " + " | ".join(labels) + " |")
        self.out("|---|---|---|" + "---|" * len(labels))
        for number, row in enumerate(matrix.rows, start=1):
            cite = self.cite(row.source, row.paragraph, row.page) if row.source is not None else ""
            marks = "".join(f" *({escape(mark)})*" for mark in row_marks(row))
            ratings = " | ".join(_cell(r or "·") for r in row.ratings)
            self.out(
                f"| E{number}. {_cell(row.description)}{cite}{marks} | {_cell(row.grade or '—')} "
                f"| {score_text(row.weight)} | {ratings} |"
            )
        scores = " | ".join(f"**{score_text(h.inconsistency)}**" for h in matrix.hypotheses)
        ranks = " | ".join(str(h.rank) for h in matrix.hypotheses)
        self.out(f"| **Weighted inconsistency** | | | {scores} |", f"| Rank | | | {ranks} |", "")
        critical = rests_on(matrix)
        if critical:
            self.out("The conclusion rests on these items:", "")
            self.out(*(f"- {escape(clean_line(text))}" for text in critical), "")
        watched = [h for h in matrix.hypotheses if h.indicators]
        if watched:
            self.out("Indicators to watch:", "")
            for h in watched:
                for line in filter(None, map(str.strip, (h.indicators or "").splitlines())):
                    self.out(f"- {h.label}: {escape(line)}")
            self.out("")
        self.out(f"*{escape(matrix.legend)}*", "")

    def block(self, block: Block) -> None:
        if block.kind == "heading":
            level = "###" if block.level == 2 else "##"
            self.out(f"{level} {escape(clean_line(block.text or ''))}", "")
            self.note(block.note)
        elif block.kind == "text":
            lines = [self.prose(para, block.refs) for para in prose.parse(block.text)]
            for at, line in enumerate(lines):
                # (a run of bullets is one list: no blank line between its items)
                bullets = line.startswith("- ") and at + 1 < len(lines)
                self.out(line, *([] if bullets and lines[at + 1].startswith("- ") else [""]))
            self.note(block.note)
        elif block.kind == "claim" and block.claim is not None:
            self.claim(block.claim)
            self.note(block.note)
        elif block.kind == "excerpt" and block.source is not None:
            self.quote(block.quote or "", block.source, block.paragraph, block.page)
            self.out(">", f"> — {escape(short_source(block.source))}", "")
            self.note(block.note)
        elif block.kind == "article" and block.source is not None:
            title = escape(clean_line(block.source.title))
            self.out(
                f"Source: {escape(short_source(block.source))}: “{title}”{self.cite(block.source)}",
                "",
            )
            self.note(block.note)

    def write(self) -> str:
        doc = self.doc
        marking = clean_line(doc.marking or "")
        if marking:
            self.out(f"**{escape(marking)}**", "")
        self.out(f"# {escape(clean_line(doc.title) or 'Untitled brief')}", "")
        byline = [part for part in (clean_line(doc.author or ""), format_date(doc.date)) if part]
        if byline:
            self.out(f"*{escape(' · '.join(byline))}*", "")
        if paragraphs(doc.summary):
            self.out("## Summary", "")
            for para in paragraphs(doc.summary):
                self.out(_escape_block(para), "")
        self.judgments()
        for block in doc.blocks:
            self.block(block)
        if doc.claims:
            self.out("## Claims assessed", "")
            self.out(
                "| # | Claim | Claimant | Grade | Status | Source |", "|---|---|---|---|---|---|"
            )
            for claim in doc.claims:
                quote = "“" + truncate(clean_line(claim.quote), TABLE_QUOTE_CHARS) + "”"
                claimant = claim.claimant + (
                    f", {claim.claimant_role}" if claim.claimant_role else ""
                )
                source = short_source(claim.source) + (
                    f" [{claim.source.number}]" if claim.source else ""
                )
                self.out(
                    f"| C{claim.number} | {_cell(quote)} | {_cell(claimant)} | "
                    f"{_cell(claim.grade or '—')} | {_cell(claim_status(claim))} | {_cell(source)} |"
                )
            self.out("")
            legend = grade_legend(doc.claims)
            if legend:
                self.out(f"*Grades used: {escape('; '.join(legend))}.*", "")
        if doc.sources:
            self.out("## Sources", "")
            for cited in doc.sources:
                self.out(f"{cited.number}. {self.segments(citation(cited))}")
            self.out("")
        for matrix in doc.matrices:
            self.matrix(matrix)
        if doc.entities:
            self.out("## Appendix: entities named in the sources", "")
            self.out("| Entity | Type | Also known as |", "|---|---|---|")
            for entity in doc.entities:
                self.out(
                    f"| {_cell(entity.name)} | {_cell(entity.type_label or entity.type)} | "
                    f"{_cell(', '.join(entity.aliases) or '—')} |"
                )
            self.out("")
        for number, note in enumerate(self.notes, start=1):
            self.out(f"[^{number}]: {note}")
        if self.notes:
            self.out("")
        if marking:
            self.out(f"**{escape(marking)}**", "")
        return "\n".join(self.lines).rstrip("\n") + "\n"


def render_markdown(doc: BriefDocument, *, notes: str = "comments") -> tuple[str, int]:
    """The brief as Markdown, and the number of footnotes in it.

    Markdown has no comments: notes are paragraphs after what they concern, unless `notes`
    is "omit".
    """
    writer = _MarkdownWriter(doc, notes)
    text = writer.write()
    return text, len(writer.notes)
