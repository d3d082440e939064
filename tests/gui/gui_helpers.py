"""Helpers for GUI tests: archives generated quickly, straight through the core's row layer."""

from __future__ import annotations

import hashlib
from pathlib import Path

from archivist.archive import articles, open_archive

SOURCES = ("AFP", "Reuters", "BBC News", "Eurasianet", None)


def generate_archive(root: Path, count: int) -> Path:
    """An archive of `count` small articles, without a search index (tests of the table only).

    Rows go in through the core's insert functions in one transaction: thousands in a second.
    """
    with open_archive(root, heal_index=False) as archive, archive.db.atomic():
        for i in range(count):
            sha = hashlib.sha256(f"article {i}".encode()).hexdigest()
            articles.record_original(archive.db, sha, 10, f"article-{i}.txt", "txt")
            articles.insert_article(
                archive.db,
                {
                    "title": f"Article {i:05d}",
                    "source": SOURCES[i % len(SOURCES)],
                    "published": f"{2000 + i % 24}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "language": "en",
                    "text": f"Text of article {i}.",
                    "text_sha256": sha,
                    "original_sha256": sha,
                    "original_filename": f"article-{i}.txt",
                    "format": "txt",
                },
            )
    return root
