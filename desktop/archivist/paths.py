"""Where the archive lives (ARCHIVIST_HOME, an explicit folder, or the platform's data dir),
and where derived files are cached."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Archivist"
APP_AUTHOR = "Archivist"


def default_archive_dir() -> Path:
    """The archive folder used when none is given: $ARCHIVIST_HOME or the user data dir."""
    env = os.environ.get("ARCHIVIST_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "archive"


def resolve_archive_dir(explicit: str | os.PathLike[str] | None) -> Path:
    """The archive folder for a command: the explicit one if given, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    return default_archive_dir()


def cache_dir() -> Path:
    """Where files derived from the installation are kept between runs (nothing of an
    archive's): $ARCHIVIST_CACHE or the platform's user cache folder."""
    env = os.environ.get("ARCHIVIST_CACHE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
