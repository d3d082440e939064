"""Archive bundles in: another analyst's articles, annotations and briefs merged into this
archive. The bundle is checked whole before anything is written; articles are matched by
their original's SHA-256, entities by id or name and type (those that may be one already here
under another type are proposed for merging), annotations by id; the analyst's own edits are
never overwritten (a claim assessed otherwise is kept beside theirs, marked, and reported);
importing the same bundle again changes nothing."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archivist import page_numbers
from archivist.annotations.webannotation import import_annotations
from archivist.archive import copies
from archivist.archive.archive import Archive
from archivist.briefs import values as brief_values
from archivist.briefs.history import recording as brief_recording
from archivist.briefs.prose import CITATION
from archivist.dates import utc_now_iso
from archivist.exchange.bundle_reading import Bundle, BundleError, read_bundle
from archivist.importers.base import ExtractedDocument
from archivist.importers.pipeline import ExtractedFile, import_extracted
from archivist.importers.prepared import PreparedDocument, prepare_document
from archivist.importers.sniff import FORMATS
from archivist.progress import ProgressCallback, ProgressEvent, no_progress

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ITEM_KINDS = frozenset({"heading", "text", "claim", "excerpt", "article", "judgment"})


@dataclass
class BundleImportReport:
    """What merging a bundle did: articles added and already here, the annotations' import
    report (with its conflicts and proposed merges), briefs added and already here."""

    path: str
    articles_added: int = 0
    articles_present: int = 0
    annotations: dict[str, Any] = field(default_factory=dict)
    briefs_added: list[str] = field(default_factory=list)
    briefs_present: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def conflicts(self) -> list[dict[str, Any]]:
        return list(self.annotations.get("conflicts", []))

    @property
    def changed(self) -> bool:
        created = self.annotations.get("created", {})
        return bool(self.articles_added or created or self.briefs_added)


def import_bundle(
    archive: Archive, path: str | Path, *, progress: ProgressCallback = no_progress
) -> BundleImportReport:
    """Merge the bundle at `path` into the archive.

    Raises:
        BundleError: not a bundle, or damaged, truncated or changed since it was written
            (nothing is imported then).
    """
    with read_bundle(path) as bundle:
        files = _extracted_files(bundle)  # (every article checked before anything is written)
        report = BundleImportReport(path=str(path))
        imported = import_extracted(
            archive,
            files,
            progress=lambda e: progress(ProgressEvent(e.done, e.total, "articles")),
        )
        report.articles_added = len(imported.imported)
        report.articles_present = len(bundle.articles) - len(imported.imported)
        progress(ProgressEvent(0, 1, "annotations"))
        claim_ids: dict[str, int] = {}
        annotations = import_annotations(archive, bundle.annotations, claim_ids=claim_ids)
        report.annotations = annotations.to_dict()
        progress(ProgressEvent(1, 1, "annotations"))
        for number, brief in enumerate(bundle.briefs, start=1):
            _import_brief(archive, brief, claim_ids, report)
            progress(ProgressEvent(number, len(bundle.briefs), "briefs"))
    return report


def _extracted_files(bundle: Bundle) -> list[ExtractedFile]:
    """The bundle's articles grouped by original, each document prepared as an import
    prepares one (every value checked: a bundle is another machine's file)."""
    name = bundle.path.name
    listed = set(bundle.manifest["files"])
    by_original: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for number, article in enumerate(bundle.articles, start=1):
        sha = article.get("original_sha256") if isinstance(article, dict) else None
        entry = article.get("entry_index") if isinstance(article, dict) else None
        if (
            not isinstance(sha, str)
            or not _SHA256.match(sha)
            or f"originals/{sha}" not in listed
            or not isinstance(entry, int)
            or isinstance(entry, bool)
            or not 0 <= entry < 100_000
            or not isinstance(article.get("text"), str)
            or article.get("format") not in FORMATS
        ):
            raise BundleError(f"{name}: article {number} of the bundle is not one it could hold")
        by_original[sha].append(article)
    files = []
    for sha, group in by_original.items():
        documents: list[PreparedDocument | None] = [None] * (
            max(a["entry_index"] for a in group) + 1
        )
        for article in group:
            doc = ExtractedDocument(
                text=article["text"],
                title=_text(article.get("title")),
                source=_text(article.get("source")),
                author=_text(article.get("author")),
                url=_text(article.get("url")),
                published=_text(article.get("published")),
                language=_text(article.get("language")),
            )
            filename = _text(article.get("original_filename")) or sha[:12]
            values = prepare_document(doc, Path(filename))
            if values is not None:
                values.update(_provenance(article, values["text"]))
                documents[article["entry_index"]] = PreparedDocument(
                    values, copies.signature(values["text"])
                )
        first = group[0]
        files.append(
            ExtractedFile(
                filename=Path(_text(first.get("original_filename")) or sha[:12]).name,
                data=bundle.original(sha),
                format=first["format"],
                documents=documents,
            )
        )
    return files


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _provenance(article: dict[str, Any], text: str) -> dict[str, str | None]:
    """How a bundled article's text was read (OCR) and where its pages start, as the
    sender's archive stored them; what is not well formed is left out."""
    try:
        ocr = json.loads(_text(article.get("ocr")) or "null")
    except ValueError:
        ocr = None
    starts = page_numbers.decode(_text(article.get("page_starts")))
    if starts and (starts != sorted(starts) or starts[0] < 0 or starts[-1] > len(text)):
        starts = None
    return {
        "ocr": json.dumps(ocr, sort_keys=True) if isinstance(ocr, dict) else None,
        "page_starts": page_numbers.encode(starts),
    }


def _import_brief(
    archive: Archive, brief: Any, claim_ids: dict[str, int], report: BundleImportReport
) -> None:
    """Add a bundled brief (once: a brief already brought in from it is left as it is, with
    whatever the analyst changed since), its claims and articles found here, its items' ids
    and citations renumbered. One change in the brief's history."""
    db = archive.db
    origin = _text(brief.get("id")) if isinstance(brief, dict) else None
    if not origin or not isinstance(brief.get("items"), list):
        report.warnings.append("a brief of the bundle was not readable: skipped")
        return
    if db.execute("SELECT 1 FROM briefs WHERE origin = ?", [origin]).fetchone():
        report.briefs_present += 1
        return
    title = brief_values.clean_title(_text(brief.get("title")) or "Imported brief")
    now = utc_now_iso()
    row = {
        "title": title,
        "marking": brief_values.clean_marking(_text(brief.get("marking"))),
        "author": brief_values.clean_author(_text(brief.get("author"))),
        "date": brief_values.clean_date(_text(brief.get("date"))),
        "summary": brief_values.clean_text(_text(brief.get("summary")), "the summary"),
        "yardstick": brief.get("yardstick")
        if brief.get("yardstick") in ("icd203", "phia")
        else "icd203",
        "origin": origin,
        "created_at": _text(brief.get("created_at")) or now,
        "updated_at": now,
    }
    with brief_recording(db, None, "brief.import", f"import brief {title!r}") as changes:
        brief_id = changes.insert("briefs", row)
        item_ids: dict[int, int] = {}
        kept: list[tuple[int, dict[str, Any]]] = []
        for item in brief["items"]:
            values = _item_values(db, item, claim_ids)
            if values is None:
                report.warnings.append(
                    f"brief {title!r}: an item whose evidence is not here was left out"
                )
                continue
            new_id = changes.insert(
                "brief_items",
                {"brief_id": brief_id, "position": len(kept) + 1, **values,
                 "created_at": now, "updated_at": now},
            )  # fmt: skip
            if isinstance(item.get("id"), int):
                item_ids[item["id"]] = new_id
            kept.append((new_id, item))
        for new_id, item in kept:  # citations and evidence name the new items and claims
            renumbered: dict[str, Any] = {}
            if item.get("kind") == "text" and isinstance(item.get("text"), str):
                renumbered["text"] = _renumber_citations(item["text"], claim_ids, item_ids)
            if item.get("kind") == "judgment":
                renumbered["evidence"] = json.dumps(_evidence(item, claim_ids, item_ids))
            if renumbered:
                changes.update("brief_items", {"id": new_id}, renumbered)
    report.briefs_added.append(title)


def _item_values(db: Any, item: Any, claim_ids: dict[str, int]) -> dict[str, Any] | None:
    """A bundled item's columns here, or None when what it rests on is not here."""
    if not isinstance(item, dict) or item.get("kind") not in _ITEM_KINDS:
        return None
    kind = item["kind"]
    values: dict[str, Any] = {"kind": kind}
    for column in ("text", "quote", "prefix", "suffix", "note", "likelihood", "basis"):
        values[column] = _text(item.get(column))
    values["level"] = item.get("level") if item.get("level") in (1, 2) else None
    values["confidence"] = (
        item.get("confidence") if item.get("confidence") in ("low", "moderate", "high") else None
    )
    for column in ("span_start", "span_end"):
        value = item.get(column)
        values[column] = (
            value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
        )
    if kind == "claim":
        values["claim_id"] = claim_ids.get(_text(item.get("claim")) or "")
        if values["claim_id"] is None:
            return None
    if kind in ("excerpt", "article"):
        values["article_id"] = _article_here(db, item.get("article"))
        if values["article_id"] is None:
            return None
    if kind == "heading" and (values["text"] is None or values["level"] is None):
        return None
    if kind == "text" and values["text"] is None:
        return None
    if kind == "excerpt" and (
        values["quote"] is None
        or values["span_start"] is None
        or values["span_end"] is None
        or values["span_end"] <= values["span_start"]
    ):
        return None  # fmt: skip
    if kind == "judgment" and (
        values["text"] is None or values["likelihood"] is None or values["confidence"] is None
    ):
        return None
    return values


def _article_here(db: Any, key: Any) -> int | None:
    if not isinstance(key, dict):
        return None
    row = (
        db.execute(
            "SELECT id FROM articles WHERE text_sha256 = ? ORDER BY id LIMIT 1",
            [key.get("text_sha256")],
        ).fetchone()
        or db.execute(
            "SELECT id FROM articles WHERE original_sha256 = ? AND entry_index = ? ORDER BY id LIMIT 1",
            [key.get("original_sha256"), key.get("entry_index")],
        ).fetchone()
    )
    return int(row[0]) if row else None


def _renumber_citations(text: str, claim_ids: dict[str, int], item_ids: dict[int, int]) -> str:
    """[@claim:N] and [@excerpt:N] of the other archive as this one numbers them (a citation
    of evidence not brought along is dropped, its text kept)."""

    def renumber(found: re.Match[str]) -> str:
        kind, number = found.group(1), int(found.group(2))
        if kind == "excerpt":
            new = item_ids.get(number)
        else:
            new = next((v for k, v in claim_ids.items() if k.endswith(f":claim:{number}")), None)
        return f"[@{kind}:{new}]" if new is not None else ""

    return CITATION.sub(renumber, text)


def _evidence(
    item: dict[str, Any], claim_ids: dict[str, int], item_ids: dict[int, int]
) -> dict[str, list[int]]:
    evidence = item.get("evidence") if isinstance(item.get("evidence"), dict) else {}
    claims = [
        claim_ids[c] for c in evidence.get("claims", []) if isinstance(c, str) and c in claim_ids
    ]
    excerpts = [
        item_ids[e] for e in evidence.get("excerpts", []) if isinstance(e, int) and e in item_ids
    ]
    return {"claims": claims, "excerpts": excerpts}
