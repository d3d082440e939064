"""Core test fixtures: a fresh archive on disk, and small articles made in the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archivist.archive import Archive, open_archive


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    return tmp_path / "archive"


@pytest.fixture
def archive(archive_dir: Path) -> Iterator[Archive]:
    with open_archive(archive_dir) as opened:
        yield opened
