"""Where the shared real-world test documents live, and helpers that skip when they are absent."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is absent")

_EXPECTED = {
    "title": re.compile(r'expected title: "([^"]+)"'),
    "phrase": re.compile(r'expected-text phrase[^:]*: "([^"]+)"'),
}


def require_samples() -> Path:
    """The samples folder, or skip the calling test when this checkout has none."""
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is absent")
    return SAMPLES


def sample_path(relative: str) -> Path:
    path = require_samples() / relative
    if not path.is_file():
        pytest.skip(f"sample {relative} is absent")
    return path


def sample_bytes(relative: str) -> bytes:
    return sample_path(relative).read_bytes()


@cache
def manifest() -> tuple[dict[str, str], ...]:
    """MANIFEST.tsv rows (file, language, format, notes...); empty without the samples."""
    path = SAMPLES / "MANIFEST.tsv"
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle, delimiter="\t"))


def expectations(kind: str, folders: tuple[str, ...]) -> list[tuple[str, str]]:
    """(file, value) pairs for every expected title or phrase the MANIFEST notes give."""
    pattern = _EXPECTED[kind]
    return [
        (row["file"], value)
        for row in manifest()
        if row["file"].startswith(folders)
        for value in pattern.findall(row["notes"])
    ]


def all_sample_files() -> list[str]:
    """Every sample file, relative to the samples folder (empty without the samples)."""
    if not SAMPLES.is_dir():
        return []
    return sorted(
        str(path.relative_to(SAMPLES))
        for path in SAMPLES.rglob("*")
        if path.is_file() and path.parent != SAMPLES
    )
