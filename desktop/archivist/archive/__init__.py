"""The archive: one folder holding the database, the originals and the search index."""

from archivist.archive.archive import Archive, open_archive

__all__ = ["Archive", "open_archive"]
