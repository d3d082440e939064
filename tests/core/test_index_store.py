"""The index store: a failed commit never leaves the index locked."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from whoosh.writing import SegmentWriter

from archivist.index.store import ArchiveIndex


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
