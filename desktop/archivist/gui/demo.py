"""The demo archive: shipped demo articles imported into a throwaway folder and tagged.

No Qt here: it runs on a worker thread.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from archivist import ach, briefs
from archivist import annotations as ann
from archivist.archive import Archive, open_archive
from archivist.importers.pipeline import import_text


def demo_folder() -> Traversable:
    return resources.files("archivist").joinpath("resources/demo")


def demo_manifest() -> dict[str, Any]:
    return json.loads(demo_folder().joinpath("demo.json").read_text(encoding="utf-8"))


def make_demo_dir() -> Path:
    """A new, empty temporary folder for a demo archive (the caller removes it)."""
    return Path(tempfile.mkdtemp(prefix="archivist-demo-")) / "archive"


def remove_demo_dir(root: Path) -> None:
    shutil.rmtree(
        root.parent if root.parent.name.startswith("archivist-demo-") else root, ignore_errors=True
    )


def fill_demo_archive(archive: Archive) -> int:
    """Import the demo articles into `archive` and tag them; returns the number of articles.

    Call from the archive's thread.
    """
    manifest = demo_manifest()
    folder = demo_folder()
    claim_ids: dict[str, int] = {}
    count = 0
    for spec in manifest["articles"]:
        text = folder.joinpath(spec["file"]).read_text(encoding="utf-8").strip()
        report = import_text(
            archive,
            text,
            title=spec.get("title"),
            source=spec.get("source"),
            author=spec.get("author"),
            url=spec.get("url"),
            published=spec.get("published"),
            language=spec.get("language"),
            tags=spec.get("tags", []),
            name=spec["file"],
        )
        if not report.imported:
            continue  # already there (a second fill): leave it as it is
        article_id = report.imported[0].id
        count += 1
        for entity in spec.get("entities", []):
            for quote, nth in entity["quotes"]:
                result = ann.tag_entity(
                    archive,
                    article_id,
                    name=entity["name"],
                    type=entity["type"],
                    quote=quote,
                    nth=nth,
                    add_alias=bool(entity.get("alias_from_quote")),
                )
            for alias in entity.get("aliases", []):
                ann.add_alias(archive, result.entity.id, alias)
        for claim in spec.get("claims", []):
            created = ann.add_claim(
                archive,
                article_id,
                claimant=claim["claimant"],
                quote=claim["quote"],
                statement=claim.get("statement"),
                reliability=claim.get("reliability"),
                credibility=claim.get("credibility"),
                status=claim.get("status", "unverified"),
                note=claim.get("note"),
            )
            claim_ids[claim["key"]] = created.id
    for link in manifest.get("links", []):
        if link["claim"] in claim_ids and link["other"] in claim_ids:
            ann.link_claims(
                archive, claim_ids[link["claim"]], claim_ids[link["other"]], link["relation"]
            )
    if count:
        matrix_ids = _fill_matrices(archive, manifest.get("matrices", []), claim_ids)
        _fill_briefs(archive, manifest.get("briefs", []), claim_ids, matrix_ids)
        _forget_setup(archive)
    return count


def _forget_setup(archive: Archive) -> None:
    """The demo's own setup is no change of the analyst's: Edit ▸ Undo must not offer to
    take its tags and claims away one by one, so its journal entries are dropped (the demo
    archive is a throwaway; an analyst's archive keeps every entry)."""
    with archive.db.atomic():
        archive.db.execute("DELETE FROM history_articles")
        archive.db.execute("DELETE FROM history")


def _fill_matrices(
    archive: Archive, specs: list[dict[str, Any]], claim_ids: dict[str, int]
) -> dict[str, int]:
    """The demo's matrices of competing hypotheses, rated; their ids by key."""
    made: dict[str, int] = {}
    for spec in specs:
        matrix = ach.create_matrix(archive, spec["question"])
        hypotheses = [
            ach.add_hypothesis(archive, matrix.id, h["text"], h.get("indicators")).id
            for h in spec["hypotheses"]
        ]
        for row in spec["evidence"]:
            if "claim" in row and row["claim"] not in claim_ids:
                continue
            evidence = ach.add_evidence(
                archive,
                matrix.id,
                claim_id=claim_ids[row["claim"]] if "claim" in row else None,
                assumption=row.get("assumption"),
                relevance=row.get("relevance", "medium"),
            )
            for hypothesis, rating in zip(hypotheses, row["ratings"], strict=True):
                ach.rate(archive, evidence.id, hypothesis, rating)
        made[spec["key"]] = matrix.id
    return made


def _fill_briefs(
    archive: Archive,
    specs: list[dict[str, Any]],
    claim_ids: dict[str, int],
    matrix_ids: dict[str, int],
) -> None:
    """The demo's example briefs, composed through the briefs API."""
    for spec in specs:
        brief = briefs.create_brief(
            archive, spec["title"], marking=spec.get("marking"), summary=spec.get("summary")
        )
        for item in spec.get("items", []):
            if "heading" in item:
                briefs.add_heading(archive, brief.id, item["heading"])
            elif "text" in item:
                briefs.add_text(archive, brief.id, item["text"])
            elif "judgment" in item:
                briefs.add_judgment(
                    archive,
                    brief.id,
                    item["judgment"],
                    likelihood=item["likelihood"],
                    confidence=item["confidence"],
                    basis=item.get("basis"),
                    claims=[claim_ids[c] for c in item.get("claims", []) if c in claim_ids],
                    matrices=[matrix_ids[m] for m in item.get("matrices", []) if m in matrix_ids],
                )
            elif item.get("claim") in claim_ids:
                briefs.add_claim_item(archive, brief.id, claim_ids[item["claim"]])


def create_demo_archive(root: Path | None = None) -> Path:
    """A new demo archive in `root` (a fresh temporary folder when None); returns its root."""
    root = root or make_demo_dir()
    with open_archive(root) as archive:
        fill_demo_archive(archive)
    return root
