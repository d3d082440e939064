"""Hypothesis annotations in: a Hypothesis API search result (`{"rows": [...]}`) or a list of
its rows, each attached to the archived article at its address (`uri`, normalised), anchored
by its quote and context, as the analyst's note on that span with its tags; a page note (no
quote) joins the article's note. Rows that find no article, or no text, are reported."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from archivist.annotations.anchoring import CONTEXT_CHARS, Anchor
from archivist.annotations.history import ChangeSet, recording
from archivist.annotations.labels import attach_tag
from archivist.annotations.reanchor import reanchor
from archivist.annotations.records import AnnotationImportReport
from archivist.annotations.span_notes import insert_span_note
from archivist.annotations.values import clean_note
from archivist.archive.archive import Archive
from archivist.errors import InvalidValueError

ORIGIN = "hypothesis"

# Query parameters that say how a reader came to a page, not which page it is: campaign
# tags, click ids, share sources.
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|"
    r"igshid|ocid|cmpid|smid|ref|ref_src|ref_url|src|spm|at_medium|at_campaign|rss|"
    r"s_cid|cid|mkt_tok)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_MAX_TAGS = 50


def url_key(url: str | None) -> str | None:
    """A web address as a key that another copy of the same address shares: without its
    scheme, `www.`, default port, trailing slash, fragment or tracking parameters, the host
    in lower case; None for what is no web address."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host or parts.scheme.lower() not in ("http", "https", ""):
        return None
    host = host.removeprefix("www.")
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    kept = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    query = f"?{urlencode(kept)}" if kept else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def is_hypothesis(data: Any) -> bool:
    """Whether `data` is Hypothesis's (a search result, or a list of its rows) rather than
    Web Annotation JSON-LD."""
    if isinstance(data, dict):
        return isinstance(data.get("rows"), list) and "type" not in data
    if isinstance(data, list) and data:
        return all(isinstance(row, dict) and "uri" in row and "type" not in row for row in data)
    return False


def import_hypothesis(archive: Archive, data: Any) -> AnnotationImportReport:
    """Import Hypothesis rows as one undoable change (importing them again changes nothing).

    Raises:
        InvalidValueError: not Hypothesis annotations.
    """
    if not is_hypothesis(data):
        raise InvalidValueError(
            'not Hypothesis annotations: expected {"rows": [...]} or a list of rows with a "uri"'
        )
    rows = data["rows"] if isinstance(data, dict) else data
    report = AnnotationImportReport()
    with recording(
        archive, "annotations.hypothesis", f"import {len(rows)} Hypothesis annotation(s)"
    ) as changes:
        importer = _HypothesisImporter(archive, changes, report)
        for row in rows:
            if isinstance(row, dict):
                importer.add(row)
            else:
                report.skipped.append({"id": None, "reason": "not an annotation (an object)"})
    return report


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class _HypothesisImporter:
    def __init__(
        self, archive: Archive, changes: ChangeSet, report: AnnotationImportReport
    ) -> None:
        self.db = archive.db
        self.changes = changes
        self.report = report
        self._articles: dict[str, int] | None = None

    def count(self, kind: str) -> None:
        self.report.created[kind] = self.report.created.get(kind, 0) + 1

    def article_at(self, uri: str | None) -> int | None:
        """The article whose address is `uri` (normalised; the first imported of several)."""
        if self._articles is None:
            self._articles = {}
            for article_id, url in self.db.execute(
                "SELECT id, url FROM articles WHERE url IS NOT NULL ORDER BY id DESC"
            ):
                key = url_key(url)
                if key:
                    self._articles[key] = article_id
        key = url_key(uri)
        return self._articles.get(key) if key else None

    def add(self, row: dict[str, Any]) -> None:
        row_id = _text(row.get("id"))
        targets = [t for t in row.get("target") or [] if isinstance(t, dict)]
        uri = _text(row.get("uri")) or next((_text(t.get("source")) for t in targets), None)
        where = {"id": row_id, "uri": uri}
        if row.get("references"):
            self.report.skipped.append({**where, "reason": "a reply to another annotation"})
            return
        article_id = self.article_at(uri)
        if article_id is None:
            self.report.unmatched.append(
                {**where, "reason": "no archived article has this address"}
            )
            return
        if (
            row_id
            and self.db.execute(
                "SELECT 1 FROM span_notes WHERE origin = ? AND origin_id = ?", [ORIGIN, row_id]
            ).fetchone()
        ):
            self.report.duplicates += 1
            return
        selectors = [s for t in targets for s in t.get("selector") or [] if isinstance(s, dict)]
        quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        note = clean_note(_text(row.get("text"))) or ""
        tags = [
            clean_note(t) for t in row.get("tags") or [] if isinstance(t, str) and clean_note(t)
        ]
        author = _author(_text(row.get("user")))
        if quote is None or not _text(quote.get("exact")):
            self.page_note(article_id, row_id, note, tags, author, where)
            return
        text = self.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        anchor = self.anchor(quote, selectors, text)
        if anchor is None:
            self.report.unanchored.append(
                {**where, "article_id": article_id, "quote": quote["exact"][:200],
                 "reason": "its quote is not in the archived article's text"}
            )  # fmt: skip
            return
        insert_span_note(
            self.changes,
            article_id,
            *anchor,
            text=note,
            tags=tags[:_MAX_TAGS],
            origin=ORIGIN,
            origin_id=row_id,
            author=author,
            created_at=_text(row.get("created")),
        )
        self.count("notes")

    def anchor(
        self, quote: dict[str, Any], selectors: list[dict[str, Any]], text: str
    ) -> tuple[Anchor, str] | None:
        """The span the quote names in the archived text, by quote and context (the page's
        offsets are of another text: at most a hint of where to look)."""
        exact = " ".join(str(quote["exact"]).split())
        position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
        start = position.get("start") if isinstance(position.get("start"), int) else 0
        start = max(0, min(start, len(text)))
        old = Anchor(
            start,
            start + len(exact),
            exact,
            " ".join((_text(quote.get("prefix")) or "").split())[-CONTEXT_CHARS:],
            " ".join((_text(quote.get("suffix")) or "").split())[:CONTEXT_CHARS],
        )
        found = reanchor(old, text, None, trust_position=False)
        if found.anchor is None:
            return None
        if found.method == "fuzzy":
            self.report.reanchored += 1
        return found.anchor, "fuzzy" if found.method == "fuzzy" else "ok"

    def page_note(
        self,
        article_id: int,
        row_id: str | None,
        note: str,
        tags: list[str],
        author: str | None,
        where: dict[str, Any],
    ) -> None:
        """A note on the whole page: appended to the article's note (never replacing the
        analyst's own), its tags as the article's tags."""
        current = self.db.execute(
            "SELECT note FROM articles WHERE id = ?", [article_id]
        ).fetchone()[0]
        added = False
        if note and (not current or note not in current):
            by = f" ({author})" if author else ""
            line = f"Hypothesis{by}: {note}"
            self.changes.update(
                "articles",
                {"id": article_id},
                {"note": f"{current}\n\n{line}" if current else line},
            )
            added = True
        for tag in tags:
            added = attach_tag(self.changes, article_id, tag) or added
        if added:
            self.count("page notes")
        elif note or tags:
            self.report.duplicates += 1
        else:
            self.report.skipped.append({**where, "reason": "neither a quote, a note nor a tag"})


def _author(user: str | None) -> str | None:
    """ "acct:jdoe@hypothes.is" → "jdoe"."""
    if not user:
        return None
    name = user.removeprefix("acct:")
    return name.split("@", 1)[0] or None
