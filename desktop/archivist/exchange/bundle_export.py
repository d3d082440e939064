"""Archive bundles out: the articles of the whole archive, of a search or of a brief, with
their originals, extracted text and metadata, their annotations (as Web Annotation JSON-LD:
entities, mentions, claims with links, notes, tags) and the briefs on them, in one zip with a
manifest of checksums, written whole or not at all."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from archivist import __version__
from archivist.annotations.webannotation import archive_uuid, export_annotations
from archivist.archive import articles as article_rows
from archivist.archive.archive import Archive
from archivist.briefs import bibliography
from archivist.briefs.export import checked_destination, write_atomically
from archivist.briefs.store import get_brief
from archivist.dates import utc_now_iso
from archivist.exchange.bundle_reading import (
    ANNOTATIONS,
    ARTICLES,
    BRIEFS,
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    MANIFEST,
    ORIGINALS,
)
from archivist.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

#: The article columns a bundle carries (the receiving archive keeps the text as it is here,
#: so that annotations anchor there as they do here).
ARTICLE_COLUMNS = (
    "title", "source", "author", "url", "published", "language", "text", "text_sha256",
    "original_sha256", "original_filename", "entry_index", "format", "imported_at", "ocr",
    "page_starts",
)  # fmt: skip
_BRIEF_COLUMNS = ("title", "marking", "author", "date", "summary", "yardstick", "created_at")
_ITEM_COLUMNS = (
    "kind", "text", "level", "span_start", "span_end", "quote", "prefix", "suffix", "note",
    "likelihood", "confidence", "basis",
)  # fmt: skip


@dataclass
class BundleExportReport:
    """What a bundle holds."""

    path: str
    articles: int
    originals: int
    annotations: int
    briefs: int
    size: int = 0
    scope: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def export_bundle(
    archive: Archive,
    path: str | Path,
    *,
    query: str | None = None,
    brief_id: int | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> BundleExportReport:
    """Write a bundle of every article (neither `query` nor `brief_id`), of the articles a
    search finds, or of those a brief cites (with the brief); briefs citing only bundled
    articles go with them.

    Raises:
        InvalidValueError: a bad path; QuerySyntaxError: a bad query; NotFoundError: no
            such brief. ExportWriteError: the file could not be written (nothing is left).
        Cancelled: `cancel` was set (nothing is written).
    """
    destination = checked_destination(path)
    db = archive.db
    if brief_id is not None:
        get_brief(archive, brief_id)  # (NotFoundError names it)
        ids = _brief_articles(archive, brief_id)
        scope: dict[str, Any] = {"brief": brief_id}
    elif query:
        ids = bibliography.query_article_ids(archive, query)
        scope = {"query": query}
    else:
        ids = article_rows.all_ids(db)
        scope = {"everything": True}
    ids = sorted(set(ids))
    by_id = _articles(archive, ids)
    articles = list(by_id.values())
    annotations = export_annotations(archive, ids)
    base = f"urn:archivist:{archive_uuid(archive)}"
    briefs = _briefs(archive, base, by_id, only=brief_id)
    originals = sorted({a["original_sha256"] for a in articles})

    def write(stream: BinaryIO) -> None:
        files: dict[str, dict[str, Any]] = {}
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:

            def add(name: str, data: bytes) -> None:
                bundle.writestr(name, data)
                files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

            add(ARTICLES, _dumps(articles))
            add(ANNOTATIONS, _dumps(annotations))
            add(BRIEFS, _dumps(briefs))
            for done, sha in enumerate(originals, start=1):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                add(f"{ORIGINALS}{sha}", archive.originals.read(sha))
                progress(ProgressEvent(done, len(originals), "originals"))
            manifest = {
                "format": BUNDLE_FORMAT,
                "version": BUNDLE_VERSION,
                "generator": f"Archivist {__version__}",
                "created": utc_now_iso(),
                "archive": base,
                "scope": scope,
                "counts": {
                    "articles": len(articles),
                    "originals": len(originals),
                    "annotations": annotations["total"],
                    "briefs": len(briefs),
                },
                "files": files,
            }
            bundle.writestr(MANIFEST, _dumps(manifest))

    size = write_atomically(destination, write)
    return BundleExportReport(
        path=str(destination),
        articles=len(articles),
        originals=len(originals),
        annotations=int(annotations["total"]),
        briefs=len(briefs),
        size=size,
        scope=scope,
    )


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


def _articles(archive: Archive, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The bundled columns of these articles (sorted ids), by id, in id order."""
    rows = article_rows.columns_of(archive.db, ids, ARTICLE_COLUMNS)
    return {i: dict(zip(ARTICLE_COLUMNS, rows[i], strict=True)) for i in ids if i in rows}


def _brief_articles(archive: Archive, brief_id: int) -> list[int]:
    """The articles a brief rests on: those it cites, and those of every claim it holds or
    a judgment of it weighs."""
    ids = set(bibliography.brief_article_ids(archive, brief_id))
    for item in get_brief(archive, brief_id).items:
        claims = [item.claim_id] if item.claim_id else []
        claims += (item.evidence or {}).get("claims", []) if item.kind == "judgment" else []
        for claim_id in claims:
            row = archive.db.execute(
                "SELECT article_id FROM claims WHERE id = ?", [claim_id]
            ).fetchone()
            if row:
                ids.add(int(row[0]))
        if item.article_id:
            ids.add(item.article_id)
    return sorted(ids)


def _briefs(
    archive: Archive, base: str, bundled: dict[int, dict[str, Any]], *, only: int | None
) -> list[dict[str, Any]]:
    """The briefs to carry (the one asked for; else every brief whose articles all travel),
    their claims and articles named as the annotations and articles of the bundle name them
    (`bundled`: the bundle's articles by id)."""
    db = archive.db
    keys = {
        article_id: {key: article[key] for key in ("original_sha256", "entry_index", "text_sha256")}
        for article_id, article in bundled.items()
    }
    wanted = [only] if only is not None else [r[0] for r in db.execute("SELECT id FROM briefs")]
    briefs = []
    for brief_id in wanted:
        if only is None and not set(_brief_articles(archive, brief_id)) <= bundled.keys():
            continue
        row = db.execute(
            f"SELECT {', '.join(_BRIEF_COLUMNS)} FROM briefs WHERE id = ?", [brief_id]
        ).fetchone()
        items = []
        for item in db.execute(
            f"SELECT id, claim_id, article_id, evidence, {', '.join(_ITEM_COLUMNS)} "
            "FROM brief_items WHERE brief_id = ? ORDER BY position, id",
            [brief_id],
        ).fetchall():
            item_id, claim_id, article_id, evidence, *rest = item
            values = dict(zip(_ITEM_COLUMNS, rest, strict=True))
            values["id"] = item_id
            if claim_id is not None:
                values["claim"] = f"{base}:claim:{claim_id}"
            if article_id is not None:
                values["article"] = keys.get(article_id)
            if evidence:
                parsed = json.loads(evidence)
                values["evidence"] = {
                    "claims": [f"{base}:claim:{c}" for c in parsed.get("claims", [])],
                    "excerpts": parsed.get("excerpts", []),
                }
            items.append(values)
        briefs.append(
            {"id": f"{base}:brief:{brief_id}", **dict(zip(_BRIEF_COLUMNS, row, strict=True)),
             "items": items}
        )  # fmt: skip
    return briefs
