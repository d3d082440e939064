"""The analyst's prose in a brief: paragraphs and bulleted lines with **bold** and *italic*,
and evidence cited inline as [@claim:12] or [@excerpt:34] (a Word footnote at that point).

The markup is a small subset of Markdown (with pandoc's citation brackets), stored as the
text item's text: what the analyst sees in any editor, what the CLI takes, what Markdown
export keeps. Parsing never fails: anything that is not markup is text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archivist.errors import InvalidValueError

#: A citation of a claim (by claim id) or of an excerpt of the same brief (by item id).
CITATION = re.compile(r"\[@(claim|excerpt):(\d+)\]")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=[^\s*])(.+?)(?<=[^\s*])\*")


@dataclass(frozen=True)
class Span:
    """Text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Citation:
    """Evidence cited at this point: ("claim", claim id) or ("excerpt", excerpt item id)."""

    kind: str
    ident: int


Piece = Span | Citation


@dataclass
class Paragraph:
    """A paragraph, or one bulleted line."""

    pieces: list[Piece]
    bullet: bool = False

    @property
    def plain(self) -> str:
        return "".join(p.text for p in self.pieces if isinstance(p, Span))


def _spans(text: str) -> list[Piece]:
    """Text, emphasis and citations of one paragraph, in order."""
    pieces: list[Piece] = []
    at = 0
    for match in CITATION.finditer(text):
        # A footnote mark follows its word: "foreigners [@claim:3]" is "foreigners³".
        pieces.extend(_emphasis(text[at : match.start()].rstrip(" ")))
        pieces.append(Citation(match.group(1), int(match.group(2))))
        at = match.end()
    pieces.extend(_emphasis(text[at:]))
    return pieces


def _emphasis(text: str) -> list[Span]:
    spans: list[Span] = []
    if not text:
        return spans
    at = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > at:
            spans.append(Span(text[at : match.start()]))
        if match.group(1) is not None:
            inner = _emphasis(match.group(1))  # (*italic* inside **bold**)
            spans.extend(Span(s.text, bold=True, italic=s.italic) for s in inner)
        else:
            spans.append(Span(match.group(2), italic=True))
        at = match.end()
    if at < len(text):
        spans.append(Span(text[at:]))
    return spans


def parse(text: str | None) -> list[Paragraph]:
    """The paragraphs of a text: blank lines separate paragraphs, a line starting with "- "
    is a bullet; other line breaks stay line breaks within their paragraph."""
    paragraphs: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        current: list[str] = []
        for line in lines:
            if _BULLET.match(line):
                if current:
                    paragraphs.append(Paragraph(_spans("\n".join(current))))
                    current = []
                paragraphs.append(Paragraph(_spans(_BULLET.sub("", line).strip()), bullet=True))
            else:
                current.append(line.strip())
        if current:
            paragraphs.append(Paragraph(_spans("\n".join(current))))
    return paragraphs


def citations(text: str | None) -> list[Citation]:
    """The evidence a text cites, in order, each once."""
    found = [Citation(m.group(1), int(m.group(2))) for m in CITATION.finditer(text or "")]
    return list(dict.fromkeys(found))


def citation_token(kind: str, ident: int) -> str:
    """How a citation is written in the text: [@claim:12]."""
    if kind not in ("claim", "excerpt"):
        raise InvalidValueError(f"only claims and excerpts are cited, not {kind!r}")
    return f"[@{kind}:{ident}]"
