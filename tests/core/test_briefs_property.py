"""Any Unicode in titles, quotes, names and notes yields a .docx that opens, with every
footnote and comment resolved, and Markdown that renders (property-based)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_briefs_docx import check_references

from archivist import briefs
from archivist.archive import open_archive
from archivist.briefs.docx_writer import render_docx
from archivist.briefs.view import Block, BriefDocument, ClaimView, EntityView, SourceView
from archivist.errors import InvalidValueError

# Every code point, surrogates and controls included.
ANY = st.text(st.characters(exclude_categories=()), max_size=60)
SOME = st.text(st.characters(exclude_categories=()), min_size=1, max_size=300)
SCRIPTS = st.sampled_from(
    [
        "",
        "مرحبا بالعالم",
        "שלום עולם",
        "你好，世界",
        "こんにちは",
        "한국어",
        "Ελληνικά",
        "\u202eRLO",
        "👩‍💻",
    ]
)


@st.composite
def documents(draw: st.DrawFn) -> BriefDocument:
    def text(strategy: st.SearchStrategy[str] = ANY) -> str:
        return draw(SCRIPTS) + draw(strategy) + draw(SCRIPTS)

    source = SourceView(
        number=1,
        article_id=1,
        title=text(),
        publisher=text(),
        author=text(),
        published=draw(st.sampled_from([None, "2022", "2022-01", "2022-01-06", "garbage"])),
        url=draw(st.one_of(st.none(), st.just("https://example.org/" + draw(ANY)), ANY)),
        sha256="f" * 64,
        filename=text(),
    )
    claim = ClaimView(
        number=1,
        claim_id=1,
        quote=text(SOME),
        claimant=text(),
        claimant_role=text(),
        statement=text(),
        reliability=draw(st.sampled_from([None, "A", "F"])),
        credibility=draw(st.sampled_from([None, 1, 6])),
        note=text(),
        source=source,
    )
    return BriefDocument(
        title=text(),
        marking=text(),
        author=text(),
        date=draw(st.sampled_from([None, "2022-01-07", "x"])),
        summary=text(SOME),
        blocks=[
            Block("heading", text=text(), level=draw(st.sampled_from([1, 2])), note=text()),
            Block("text", text=text(SOME), note=text()),
            Block("claim", claim=claim, source=source, note=text()),
            Block("excerpt", quote=text(SOME), source=source, note=text()),
            Block("article", source=source, note=text()),
        ],
        claims=[claim],
        sources=[source],
        entities=[EntityView(text(), "person", "Person", [text()])],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), notes=st.sampled_from(["comments", "inline"]))
def test_any_unicode_gives_a_docx_that_reopens(doc: BriefDocument, notes: str) -> None:
    document, stats = render_docx(doc, notes=notes)
    buffer = io.BytesIO()
    document.save(buffer)
    reopened = docx.Document(io.BytesIO(buffer.getvalue()))
    assert reopened.paragraphs and len(reopened.tables) == 2
    assert stats.footnotes == 3  # the claim, the excerpt, the article
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.docx"
        path.write_bytes(buffer.getvalue())
        counts = check_references(path)
    assert counts["footnotes"] == 3
    assert counts["comments"] == stats.comments
    text, notes_count = briefs.render_markdown(doc)
    assert notes_count == 3 and "\x00" not in text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=ANY, note=ANY)
def test_any_unicode_through_the_archive(tmp_path_factory, title: str, note: str) -> None:
    folder = tmp_path_factory.mktemp("prop")
    with open_archive(folder / "archive") as archive:
        try:
            brief = briefs.create_brief(archive, title, marking=note[:100] or None)
        except InvalidValueError:
            assert (
                not title.strip()
                or len(title) > 300
                or not "".join(c for c in title if c.isprintable()).strip()
            )
            return
        try:
            briefs.add_text(archive, brief.id, note or "x", note=note)
        except InvalidValueError:
            return
        report = briefs.export_brief(archive, brief.id, folder / "b.docx")
    assert docx.Document(str(folder / "b.docx")).paragraphs
    assert report.bytes > 0
