"""The import pipeline: files and folders in, articles stored, indexed and reported."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archivist.archive import articles
from archivist.archive.archive import Archive
from archivist.archive.originals import sha256_of
from archivist.dates import normalise_published
from archivist.errors import ExtractionError, FileTooLargeError, InvalidValueError
from archivist.importers.base import ExtractedDocument
from archivist.importers.workers import ExtractionJob, ExtractionOutcome, ExtractionPool, extract_in_process
from archivist.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from archivist.text import derive_title, normalise_field, normalise_text, text_fingerprint

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


@dataclass
class ImportOptions:
    """Knobs of an import; the defaults suit an analyst's workstation."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout_s: float = 120.0
    workers: int | None = None  # None: one per core; 0: extract in this process (no isolation)
    memory_limit_mb: int | None = 3072
    batch_files: int = 64  # files per database transaction
    batch_seconds: float = 1.0
    index_commit_every: int = 2000  # documents per index commit during a long import


@dataclass
class ImportedItem:
    id: int
    title: str
    path: str


@dataclass
class DuplicateItem:
    path: str
    id: int


@dataclass
class FailedItem:
    path: str
    error: str


@dataclass
class ImportReport:
    imported: list[ImportedItem] = field(default_factory=list)
    duplicates: list[DuplicateItem] = field(default_factory=list)
    failed: list[FailedItem] = field(default_factory=list)
    cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- finding files --------------------------------------------------------------------------


def collect_files(paths: Sequence[str | os.PathLike[str]], recursive: bool) -> tuple[list[Path], list[FailedItem]]:
    """Files to import from the given files and folders, in a stable order.

    A folder contributes its files (and, when `recursive`, its sub-folders' files; symbolic
    links to folders are not followed, so link loops cannot trap the walk). Hidden files and
    Office lock files (`~$…`) in folders are skipped; given explicitly, they are tried.
    """
    files: list[Path] = []
    failed: list[FailedItem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _walk(path, recursive)
        elif path.is_file():
            found = [path]
        elif path.exists():
            failed.append(FailedItem(str(raw), "not a regular file (device, socket or pipe)"))
            continue
        else:
            failed.append(FailedItem(str(raw), "no such file or folder"))
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, failed


def _walk(folder: Path, recursive: bool) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")) if recursive else []
        for name in sorted(filenames):
            if name.startswith((".", "~$")):
                continue
            candidate = Path(dirpath) / name
            if candidate.is_file():
                found.append(candidate)
    return found


# --- the pipeline ---------------------------------------------------------------------------


@dataclass
class _ReadFile:
    path: Path
    data: bytes
    sha256: str


def import_paths(
    archive: Archive,
    paths: Sequence[str | os.PathLike[str]],
    *,
    recursive: bool = False,
    tags: Sequence[str] = (),
    options: ImportOptions | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Import files and folders into the archive; every file ends up imported, duplicate or
    failed (with a reason) in the report. Cancelling keeps what was committed.

    Extraction runs in worker processes; this thread stores originals, writes the database in
    batched transactions and feeds one index writer. Call from the archive's thread.
    """
    options = options or ImportOptions()
    report = ImportReport()
    files, missing = collect_files(paths, recursive)
    report.failed.extend(missing)
    total = len(files)
    progress(ProgressEvent(0, total, "starting"))
    if not files:
        return report

    session = _ImportSession(archive, report, list(tags), options)
    jobs = _jobs(files, session, options, cancel)
    try:
        if options.workers == 0:
            outcomes: Iterator[tuple[ExtractionJob, ExtractionOutcome]] = (
                (job, extract_in_process(job.data, job.filename)) for job in jobs
            )
            session.consume(outcomes, total, progress, cancel)
        else:
            workers = min(options.workers or os.cpu_count() or 1, max(1, total))
            with ExtractionPool(workers, timeout_s=options.timeout_s, memory_limit_mb=options.memory_limit_mb) as pool:
                session.consume(pool.run(jobs), total, progress, cancel)
    finally:
        session.finish()
    report.cancelled = bool(cancel and cancel.cancelled)
    return report


def _jobs(
    files: list[Path], session: _ImportSession, options: ImportOptions, cancel: CancelToken | None
) -> Iterator[ExtractionJob]:
    """Read each file, report the unreadable, oversized and already-archived ones at once,
    and yield the rest for extraction."""
    for path in files:
        if cancel is not None and cancel.cancelled:
            return
        try:
            size = path.stat().st_size
            if size > options.max_bytes:
                raise FileTooLargeError(
                    f"the file is {size / 1e6:.1f} MB, over the import limit of "
                    f"{options.max_bytes / 1e6:.0f} MB"
                )
            data = path.read_bytes()
        except ExtractionError as exc:
            session.fail(path, str(exc))
            continue
        except OSError as exc:
            session.fail(path, f"cannot read the file: {exc.strerror or exc}")
            continue
        sha = sha256_of(data)
        existing = articles.ids_with_original(session.archive.db, sha)
        if existing:
            session.duplicate_file(path, existing)
            continue
        yield ExtractionJob(_ReadFile(path, data, sha), data, path.name)


class _ImportSession:
    """State of one import: the open transaction batch and the index writer."""

    def __init__(self, archive: Archive, report: ImportReport, tags: list[str], options: ImportOptions) -> None:
        self.archive = archive
        self.report = report
        self.tags = tags
        self.options = options
        self.done = 0
        self._batch: list[tuple[_ReadFile, str, list[ExtractedDocument]]] = []
        self._batch_started = time.monotonic()
        self._writer_cm: Any = None
        self._writer: Any = None
        self._uncommitted_docs = 0

    # reporting outside the pipeline's extraction step
    def fail(self, path: Path, error: str) -> None:
        self.report.failed.append(FailedItem(str(path), error))
        self.done += 1

    def duplicate_file(self, path: Path, ids: list[int]) -> None:
        self.report.duplicates.extend(DuplicateItem(str(path), i) for i in ids)
        self.done += 1

    def consume(
        self,
        outcomes: Iterator[tuple[ExtractionJob, ExtractionOutcome]],
        total: int,
        progress: ProgressCallback,
        cancel: CancelToken | None,
    ) -> None:
        for job, outcome in outcomes:
            read: _ReadFile = job.key
            if outcome.error is not None:
                self.fail(read.path, str(outcome.error))
            else:
                self._batch.append((read, outcome.format or "unknown", outcome.documents or []))
                self.done += 1
            if (
                len(self._batch) >= self.options.batch_files
                or time.monotonic() - self._batch_started > self.options.batch_seconds
            ):
                self.flush()
            progress(ProgressEvent(self.done, total, read.path.name))
            if cancel is not None and cancel.cancelled:
                break
        self.flush()

    def flush(self) -> None:
        """Commit the batch: originals first (durable), then the rows in one transaction,
        then the index. A crash after the database commit leaves the index behind, which the
        check on the next open detects and heals."""
        batch, self._batch = self._batch, []
        self._batch_started = time.monotonic()
        if not batch:
            return
        db = self.archive.db
        new_records: list[dict[str, Any]] = []
        with db.atomic():
            for read, fmt, docs in batch:
                prepared = [_prepare(doc, read.path) for doc in docs]
                stored_original = False
                for entry_index, values in enumerate(prepared):
                    if values is None:
                        continue
                    existing = articles.id_with_text(db, values["text_sha256"])
                    if existing is not None:
                        self.report.duplicates.append(DuplicateItem(str(read.path), existing))
                        continue
                    if not stored_original:
                        self.archive.originals.store(read.data, read.sha256)
                        articles.record_original(db, read.sha256, len(read.data), read.path.name, fmt)
                        stored_original = True
                    values.update(
                        original_sha256=read.sha256,
                        original_filename=read.path.name,
                        format=fmt,
                        entry_index=entry_index,
                    )
                    article_id = articles.insert_article(db, values)
                    if self.tags:
                        articles.add_tags(db, article_id, self.tags)
                    self.report.imported.append(ImportedItem(article_id, values["title"], str(read.path)))
                    new_records.append({"id": article_id, **values})
                if not any(prepared):
                    self.report.failed.append(FailedItem(str(read.path), "no text could be extracted"))
        if new_records:
            self._index(new_records)

    def _index(self, new_records: list[dict[str, Any]]) -> None:
        db = self.archive.db
        ids = [r["id"] for r in new_records]
        if self._writer is None:
            self._writer_cm = self.archive.index.writer(limitmb=256)
            self._writer = self._writer_cm.__enter__()
        self.archive.index.add(self._writer, articles.iter_index_rows(db, ids))
        self._uncommitted_docs += len(ids)
        if self._uncommitted_docs >= self.options.index_commit_every:
            self._commit_index()

    def _commit_index(self) -> None:
        if self._writer_cm is not None:
            cm, self._writer_cm, self._writer = self._writer_cm, None, None
            cm.__exit__(None, None, None)
            self._uncommitted_docs = 0

    def finish(self) -> None:
        self._commit_index()


def _prepare(doc: ExtractedDocument, path: Path) -> dict[str, Any] | None:
    """Normalised column values for one extracted document; None when it has no text."""
    text = normalise_text(doc.text or "")
    if not text:
        return None
    title = normalise_field(doc.title) or derive_title(text) or path.stem
    try:
        published = normalise_published(doc.published)
    except InvalidValueError:
        published = None  # a date the document got wrong is dropped, not fatal
    language = normalise_field(doc.language)
    return {
        "title": title,
        "source": normalise_field(doc.source),
        "author": normalise_field(doc.author),
        "url": normalise_field(doc.url),
        "published": published,
        "language": language.lower() if language else None,
        "text": text,
        "text_sha256": text_fingerprint(text),
    }


def import_text(
    archive: Archive,
    text: str,
    *,
    title: str | None = None,
    source: str | None = None,
    author: str | None = None,
    url: str | None = None,
    published: str | None = None,
    language: str | None = None,
    tags: Sequence[str] = (),
    name: str = "pasted-text.txt",
) -> ImportReport:
    """Import pasted text as an article (its UTF-8 bytes are kept as the original).

    A bad `published` value raises InvalidValueError: here it was typed by the analyst.
    """
    report = ImportReport()
    data = text.encode("utf-8")
    read = _ReadFile(Path(name), data, sha256_of(data))
    existing = articles.ids_with_original(archive.db, read.sha256)
    if existing:
        report.duplicates.extend(DuplicateItem(name, i) for i in existing)
        return report
    if not language:
        from archivist.importers.language import detect_language

        language = detect_language(text)
    doc = ExtractedDocument(
        text=text, title=title, source=source, author=author, url=url,
        published=normalise_published(published), language=language,
    )
    session = _ImportSession(archive, report, list(tags), ImportOptions())
    session._batch.append((read, "text", [doc]))
    try:
        session.flush()
    finally:
        session.finish()
    if not report.imported and not report.duplicates:
        report.failed = [FailedItem(name, "the text is empty")]
    return report
