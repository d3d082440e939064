"""Exporting a brief to a file: .docx or Markdown, written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from archivist.archive.archive import Archive
from archivist.briefs.compose import compose_document
from archivist.briefs.docx_writer import NOTE_MODES, render_docx
from archivist.briefs.markdown_writer import render_markdown
from archivist.briefs.records import ExportReport
from archivist.briefs.store import get_brief
from archivist.briefs.versions import issue_version, version_details, version_document
from archivist.briefs.view import BriefDocument
from archivist.errors import ExportWriteError, InvalidValueError

FORMATS = ("docx", "markdown")
_SUFFIXES = {".docx": "docx", ".md": "markdown", ".markdown": "markdown"}


def export_format(path: str | Path, format: str | None = None) -> str:
    """The format to write: `format` when given, else from the file's suffix.

    Raises:
        InvalidValueError: an unknown format, or a suffix that says none.
    """
    if format is not None:
        wanted = format.strip().lower()
        wanted = {"md": "markdown"}.get(wanted, wanted)
        if wanted not in FORMATS:
            raise InvalidValueError(f"unknown export format {format!r}: use docx or markdown")
        return wanted
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise InvalidValueError(
            f"cannot tell the format from {Path(path).name!r}: name the file .docx or .md "
            "(or give the format)"
        )
    return _SUFFIXES[suffix]


def checked_destination(path: str | Path) -> Path:
    """The file to write, its folder checked (InvalidValueError: a folder, or no folder)."""
    dest = Path(path).expanduser()
    if dest.is_dir():
        raise InvalidValueError(f"{dest} is a folder: give a file name")
    if not dest.parent.is_dir():
        raise InvalidValueError(f"the folder {dest.parent} does not exist")
    return dest


def write_atomically(dest: Path, write: Callable[[BinaryIO], object]) -> int:
    """Write a file through a temporary file in the same folder, renamed at the end, so the
    destination is never half written (a crash or error leaves the old file, or none).
    Returns the size written."""
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent
        )
    except OSError as exc:
        raise ExportWriteError(f"cannot write in {dest.parent}: {exc.strerror}") from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; an export is a document to share like any other.
        mode = dest.stat().st_mode & 0o777 if dest.exists() else 0o644
        temp.chmod(mode)
        size = temp.stat().st_size
        os.replace(temp, dest)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise ExportWriteError(
                f"cannot write {dest}: {exc.strerror or exc} (the previous file, if any, is kept)"
            ) from exc
        raise
    return size


def write_document(
    doc: BriefDocument,
    path: str | Path,
    *,
    format: str | None = None,
    template: str | Path | None = None,
    notes: str = "comments",
) -> ExportReport:
    """Write an already composed brief (see compose_brief) to `path`.

    Raises:
        InvalidValueError: bad destination, format or template.
        NotFoundError: the template does not exist.
    """
    started = time.perf_counter()
    kind = export_format(path, format)
    dest = checked_destination(path)
    if kind == "markdown" and template is not None:
        raise InvalidValueError("a template applies to .docx exports only")
    if notes not in NOTE_MODES:
        raise InvalidValueError(f"unknown notes mode {notes!r}: use one of {', '.join(NOTE_MODES)}")
    report = ExportReport(
        brief_id=doc.brief_id or 0,
        path=str(dest),
        format=kind,
        template=str(template) if template is not None else None,
        sections=sum(1 for b in doc.blocks if b.kind == "heading" and b.level == 1),
        claims=len(doc.claims),
        excerpts=sum(1 for b in doc.blocks if b.kind == "excerpt"),
        sources=len(doc.sources),
        entities=len(doc.entities),
        warnings=list(doc.warnings),
    )
    if kind == "docx":
        document, stats = render_docx(doc, template, notes=notes)
        report.bytes = write_atomically(dest, document.save)
        report.footnotes, report.comments = stats.footnotes, stats.comments
        if template is not None and stats.missing_styles:
            report.warnings.append(
                "the template lacks styles for: "
                + ", ".join(stats.missing_styles)
                + " (direct formatting used instead)"
            )
    else:
        text, footnotes = render_markdown(doc, notes=notes)
        report.bytes = write_atomically(dest, lambda stream: stream.write(text.encode("utf-8")))
        report.footnotes = footnotes
    report.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return report


def _checked(path: str | Path, format: str | None, template: object, notes: str) -> None:
    kind = export_format(path, format)
    checked_destination(path)
    if kind == "markdown" and template is not None:
        raise InvalidValueError("a template applies to .docx exports only")
    if notes not in NOTE_MODES:
        raise InvalidValueError(f"unknown notes mode {notes!r}: use one of {', '.join(NOTE_MODES)}")


def export_brief(
    archive: Archive,
    brief_id: int,
    path: str | Path,
    *,
    format: str | None = None,
    template: str | Path | None = None,
    notes: str = "comments",
    issue: bool = True,
) -> ExportReport:
    """Export a brief as .docx (on the bundled template or `template`) or Markdown, and
    issue it: the export is recorded as the brief's next numbered version, with what every
    cited claim and excerpt was (see briefs.versions), unless nothing changed since the
    last version. A draft (`issue` False) records nothing and only reads the archive.

    The format follows the file's suffix (.docx, .md) unless `format` is given. The file
    is written to a temporary name in the same folder and renamed when complete; the
    version is recorded once the file is written. Call from the archive's thread (its
    writer thread when issuing).

    Args:
        notes: what becomes of the analyst's notes: "comments" (Word comments; Markdown
            shows them as paragraphs), "inline" (paragraphs after what they concern) or
            "omit" (left out, for a brief to be released).

    Raises:
        NotFoundError: no such brief, or no template at `template`.
        InvalidValueError: bad destination, format or template.
    """
    started = time.perf_counter()
    _checked(path, format, template, notes)
    brief = get_brief(archive, brief_id)
    doc = compose_document(archive, brief)
    report = write_document(doc, path, format=format, template=template, notes=notes)
    if issue:
        version, new = issue_version(archive, brief, doc, report, notes=notes)
        report.version, report.issued = version.version, new
    report.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return report


def export_version(
    archive: Archive,
    brief_id: int,
    version: int,
    path: str | Path,
    *,
    format: str | None = None,
    template: str | Path | None = None,
) -> ExportReport:
    """Write an issued version again, as it was issued: its document as recorded then (the
    archive's claims and articles as they are now do not enter), with its notes mode, on
    `template` (else the template it was issued on, when that file is still there; else
    the bundled one, with a warning). Only reads the archive.

    Raises:
        NotFoundError: no such brief or version.
        InvalidValueError: bad destination, format or template.
    """
    started = time.perf_counter()
    details = version_details(archive, brief_id, version)
    warnings = []
    kind = export_format(path, format)
    if template is None and kind == "docx" and details.template:
        if Path(details.template).is_file():
            template = details.template
        else:
            warnings.append(
                f"version {version} was issued on the template {details.template}, which is "
                "no longer there: written on the bundled template"
            )
    _checked(path, format, template, details.notes)
    doc = version_document(archive, brief_id, version)
    report = write_document(doc, path, format=format, template=template, notes=details.notes)
    report.version = version
    report.warnings = warnings + report.warnings
    report.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return report
