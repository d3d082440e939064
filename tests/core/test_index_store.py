"""The index store: a failed commit never leaves the index locked; writers' pools."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from samples import SAMPLES, needs_samples
from whoosh.writing import SegmentWriter

from archivist.index.store import (
    ARTICLES_PER_POOL_MB,
    INDEX_WRITER_MB,
    WHOLE_POOL_MB,
    ArchiveIndex,
    writer_pool_mb,
)


def test_failed_commit_releases_the_writer_lock(tmp_path: Path) -> None:
    index = ArchiveIndex(tmp_path / "index")
    index.recreate()
    record = {"id": 1, "rev": 1, "title": "Almaty", "text": "Protesters in Almaty."}
    with (
        mock.patch.object(
            SegmentWriter, "commit", side_effect=OSError(28, "No space left on device")
        ),
        pytest.raises(OSError),
        index.writer() as writer,
    ):
        index.add(writer, [record])
    with index.writer() as writer:  # would raise ArchiveLockedError after 15 s if still locked
        index.add(writer, [record])
    assert index.doc_count() == 1
    index.close()


# --- the writer's posting pool --------------------------------------------------------------


def test_a_batch_that_fits_gets_a_pool_that_holds_all_of_it() -> None:
    """Whoosh's pool, once spilled, pickles every posting and reads it back at commit (18 s
    rather than 10.5 for 2,000 articles): a batch that can be held whole is; a longer one
    spills whatever the pool, and keeps the small pool that bounds its memory."""
    assert writer_pool_mb(1) == INDEX_WRITER_MB
    assert writer_pool_mb(200) == INDEX_WRITER_MB  # (fits in the small pool)
    assert writer_pool_mb(2000) * ARTICLES_PER_POOL_MB >= 2000
    assert writer_pool_mb(2000) <= WHOLE_POOL_MB
    longest_held = WHOLE_POOL_MB * ARTICLES_PER_POOL_MB - 1
    assert writer_pool_mb(longest_held) == WHOLE_POOL_MB
    assert writer_pool_mb(longest_held + 1) == INDEX_WRITER_MB
    assert writer_pool_mb(100_000) == INDEX_WRITER_MB


@needs_samples
def test_the_pool_estimate_covers_real_news_articles(tmp_path: Path) -> None:
    """ARTICLES_PER_POOL_MB against Whoosh's own accounting of its pool, on the samples'
    articles: on average each takes less than the share of a megabyte it is allotted."""
    from archivist.errors import ExtractionError
    from archivist.importers.registry import extract_document

    index = ArchiveIndex(tmp_path / "index")
    index.recreate()
    pooled: list[int] = []
    files = sorted((SAMPLES / "txt").glob("*.txt")) + sorted((SAMPLES / "html").glob("*.html"))
    with index.writer(limitmb=512) as writer:
        for number, path in enumerate(files, start=1):
            try:
                document = extract_document(path.read_bytes(), path.name)[1][0]
            except ExtractionError:
                continue
            before = writer.pool.currentsize
            record = {"id": number, "rev": 1, "title": document.title, "text": document.text}
            index.add(writer, [record])
            pooled.append(writer.pool.currentsize - before)
    index.close()
    assert len(pooled) >= 10
    assert sum(pooled) / len(pooled) < 1024 * 1024 / ARTICLES_PER_POOL_MB
