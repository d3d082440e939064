"""Fixtures shared by every test: never touch the user's real archive or settings."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests: random examples locally (each run tries new ones); in CI (which sets CI)
# Hypothesis's own derandomized "ci" profile, the same examples on every run of a release.
# Said here rather than left to Hypothesis's detection, so that a reader knows which runs.
settings.register_profile("local", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ARCHIVIST_HOME", str(home / "default-archive"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
