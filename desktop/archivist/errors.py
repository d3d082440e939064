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


class ArchiveWriteError(ArchiveError):
    """Writing to the archive failed (disk full, read-only folder...); committed work is kept.

    `report` holds what the interrupted operation had done, when it has a report.
    """

    def __init__(self, message: str, report: object | None = None) -> None:
        super().__init__(message)
        self.report = report


class RestoreShrinksError(ArchiveError):
    """The backup holds far fewer articles or annotations than the archive: restoring it
    needs an explicit confirmation. `backup` and `current` are their counts."""

    def __init__(self, message: str, backup: object, current: object) -> None:
        super().__init__(message)
        self.backup = backup
        self.current = current


class ExportWriteError(ArchivistError):
    """An export's file could not be written (its disk full or read-only, no permission)."""


class NotFoundError(ArchivistError):
    """An article, entity, claim or brief with the given id does not exist."""


class InvalidValueError(ArchivistError):
    """A value given by the user is not acceptable (bad date, unknown field, ...)."""


# --- annotations -------------------------------------------------------------


class AnchorError(InvalidValueError):
    """A span cannot be anchored: offsets outside the text, a quote that is not there..."""


class AmbiguousNameError(InvalidValueError):
    """A name matches several entities; the caller must pick one by id."""


class EntityInUseError(InvalidValueError):
    """An entity still has mentions or claims, and deleting it was not asked to cascade."""


class HistoryError(ArchivistError):
    """Nothing to undo or redo, or the recorded change no longer applies."""


class HistoryConflictError(HistoryError):
    """The rows a history entry changed were changed since; undoing it would lose work."""


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
