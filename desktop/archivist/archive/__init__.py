"""The archive: one folder holding the database, the originals and the search index.

`Archive` and `open_archive` load on first use: the package's light modules (copies,
page numbers...) are imported by extraction workers, which need neither SQLite's wrapper
nor the search engine that the archive itself brings in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archivist.archive.archive import Archive, open_archive

__all__ = ["Archive", "open_archive"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from archivist.archive import archive

        return getattr(archive, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
