"""Typed exceptions of the core; the CLI maps them to exit codes, the GUI to messages."""

from __future__ import annotations


class ArchivistError(Exception):
    """Base class of every error Archivist raises on purpose."""


# --- archive -----------------------------------------------------------------


class ArchiveError(ArchivistError):
    """The archive folder cannot be opened or used."""


class ArchiveTooNewError(ArchiveError):
    """The archive was written by a newer Archivist with migrations this build does not know."""


class ArchiveLockedError(ArchiveError):
    """Another process is writing to the archive."""


class NotFoundError(ArchivistError):
    """An article, entity, claim or brief with the given id does not exist."""


class InvalidValueError(ArchivistError):
    """A value given by the user is not acceptable (bad date, unknown field, ...)."""


# --- import ------------------------------------------------------------------


class ExtractionError(ArchivistError):
    """A file could not be turned into articles. The message is shown to the user as is."""


class UnsupportedFormatError(ExtractionError):
    """The file is of a type Archivist does not import."""


class EmptyDocumentError(ExtractionError):
    """The file is empty or holds no text."""


class CorruptDocumentError(ExtractionError):
    """The file is truncated, damaged or not what its name says."""


class EncryptedDocumentError(ExtractionError):
    """The file is protected by a password."""


class NoTextLayerError(ExtractionError):
    """A PDF whose pages are images only (scanned, no text layer)."""


class FileTooLargeError(ExtractionError):
    """The file exceeds the configured size cap."""


class HostileContentError(ExtractionError):
    """The file contains constructs used in attacks (entity expansion, external entities...)."""


class ExtractionTimeoutError(ExtractionError):
    """Extraction took longer than the per-file time limit and was stopped."""


# --- search ------------------------------------------------------------------


class QuerySyntaxError(ArchivistError):
    """The search query cannot be understood."""
