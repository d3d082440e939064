"""The import pipeline: files and folders in, articles stored, indexed and reported."""

from __future__ import annotations

import contextlib
import errno
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archivist.archive import articles, copies
from archivist.archive.archive import Archive
from archivist.archive.originals import OriginalsStore, sha256_of
from archivist.dates import normalise_published
from archivist.errors import (
    ArchiveWriteError,
    ExtractionError,
    FileTooLargeError,
)
from archivist.importers import ocr
from archivist.importers.base import ExtractedDocument
from archivist.importers.indexing import Indexer, InProcessIndexer, ProcessIndexer
from archivist.importers.prepared import PreparedDocument, prepare_documents
from archivist.importers.workers import (
    ExtractionJob,
    ExtractionOutcome,
    ExtractionPool,
    PagesRead,
    extract_in_process,
)
from archivist.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

MIB = 1024 * 1024  # sizes are shown in MiB, the unit the limits are set in
DEFAULT_MAX_BYTES = 100 * MIB


@dataclass
class ImportOptions:
    """Knobs of an import; the defaults suit an analyst's workstation."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout_s: float = 120.0
    workers: int | None = None  # None: one per core; 0: extract in this process (no isolation)
    memory_limit_mb: int | None = 3072
    batch_files: int = 64  # files per database transaction
    batch_seconds: float = 1.0
    # Documents in the first index commit of a long import; each later commit takes twice
    # as many, up to index_commit_most. Every commit makes an index segment, and searches
    # slow down with each one (100,000 articles end in 7 segments rather than 20), while the
    # first thousands are searchable early. The cap bounds the index writer's memory, which
    # grows with the documents of one commit, and what a crash leaves to re-index.
    index_commit_every: int = 5000
    index_commit_most: int = 20000
    index_process_min_files: int = 200  # from this many files on, index in a process of its own
    #: Languages to read scans in ("eng+rus"; None: every one installed, see importers.ocr).
    ocr_languages: str | None = None


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
    #: Imported articles found to be copies of another (syndicated: one story, several
    #: outlets; see archive/copies.py).
    copies: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- finding files --------------------------------------------------------------------------


def collect_files(
    paths: Sequence[str | os.PathLike[str]], recursive: bool
) -> tuple[list[Path], list[FailedItem]]:
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
    #: the feeder wrote the original to the store (and it was not there before)
    stored_now: bool = False
    stored: bool = False


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

    A feeder thread reads files and keeps the extraction worker processes busy; this thread
    stores originals, writes the database in batched transactions and feeds one index
    writer, so extraction of the next files overlaps with storing the last ones.
    Call from the archive's thread.
    """
    options = options or ImportOptions()
    report = ImportReport()
    files, missing = collect_files(paths, recursive)
    report.failed.extend(missing)
    total = len(files)
    progress(ProgressEvent(0, total, "starting"))
    if not files:
        return report

    known = {row[0] for row in archive.db.execute("SELECT DISTINCT original_sha256 FROM articles")}
    feeder = _Feeder(files, known, options, archive.originals)
    session = _ImportSession(archive, report, list(tags), options)
    session.use_index_process = options.workers != 0 and total >= options.index_process_min_files
    session.expected_articles = total
    feeder.start()
    try:
        try:
            if session.use_index_process:
                # Now, while the workers start: the writer process loads the search engine
                # beside the first extractions instead of after them.
                session.start_indexer()
            for event in feeder.events():
                if isinstance(event, _PagesEvent):
                    message = f"{event.path.name}: page {event.done} of {event.total} read (OCR)"
                else:
                    session.handle(event)
                    message = event.path.name
                progress(ProgressEvent(session.done, total, message))
                if cancel is not None and cancel.cancelled:
                    break
            session.flush()
        finally:
            feeder.stop()
            session.finish()
    except (OSError, sqlite3.Error) as exc:
        # The failed batch was rolled back; earlier batches are committed and indexed.
        raise ArchiveWriteError(write_failure_message(exc, len(report.imported)), report) from exc
    report.cancelled = bool(cancel and cancel.cancelled)
    return report


def write_failure_message(exc: BaseException, kept: int) -> str:
    """A message for a failed write to the archive that says what happened and what is kept."""
    reason = str(exc)
    code = exc.errno if isinstance(exc, OSError) else None
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or "full" in reason:
        reason = "the disk is full"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in reason:
        reason = "the archive folder is read-only"
    elif "disk I/O error" in reason:  # SQLite's word for a failed write, a full disk included
        reason = "the disk is full or cannot be written (disk I/O error)"
    return (
        f"could not write to the archive: {reason}. The import stopped; "
        f"the {kept} article(s) imported before were kept and the archive is consistent"
    )


@dataclass
class _Event:
    """What the feeder learnt about one file."""

    path: Path
    error: str | None = None  # unreadable or failed extraction
    known_sha256: str | None = None  # bytes already in the archive
    read: _ReadFile | None = None
    outcome: ExtractionOutcome | None = None


@dataclass
class _PagesEvent:
    """Pages of a file read by OCR so far (before the file's own event)."""

    path: Path
    done: int
    total: int


_END = object()


class _Feeder:
    """Reads files and runs extraction on a thread of its own, handing events over a bounded
    queue. It never touches the database (connections belong to their thread)."""

    def __init__(
        self,
        files: list[Path],
        known_sha256: set[str],
        options: ImportOptions,
        originals: OriginalsStore,
    ) -> None:
        self.files = files
        self.originals = OriginalsStore(originals.root)
        self.known = known_sha256
        self.options = options
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=256)
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="archivist-import-feeder", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop reading and extracting; kills running workers. Safe to call twice."""
        self._stopped.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):  # unblock a feeder waiting on a full queue
                self._queue.get(timeout=0.1)
        self._thread.join()

    def events(self) -> Iterator[_Event | _PagesEvent]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _put(self, item: Any) -> bool:
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _pages_read(self, job: ExtractionJob, pages: PagesRead) -> None:
        # (Never waits: a page's progress is dropped rather than hold up the workers.)
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(_PagesEvent(job.key.path, pages.done, pages.total))

    def _run(self) -> None:
        try:
            jobs = self._jobs()
            if self.options.workers == 0:
                for job in jobs:
                    ocr.listen_to_pages(
                        lambda done, total, job=job: self._pages_read(job, PagesRead(done, total))
                    )
                    try:
                        outcome = extract_in_process(
                            job.data, job.filename, self.options.ocr_languages
                        )
                    finally:
                        ocr.listen_to_pages(None)
                    if not self._put(_Event(job.key.path, read=job.key, outcome=outcome)):
                        return
            else:
                workers = min(self.options.workers or os.cpu_count() or 1, len(self.files))
                with ExtractionPool(
                    workers,
                    timeout_s=self.options.timeout_s,
                    memory_limit_mb=self.options.memory_limit_mb,
                    ocr_languages=self.options.ocr_languages,
                ) as pool:
                    for job, outcome in pool.run(
                        jobs, on_pages=self._pages_read, stopped=self._stopped.is_set
                    ):
                        if outcome.error is None:
                            self._store_original(job.key)
                        if not self._put(_Event(job.key.path, read=job.key, outcome=outcome)):
                            return
        except BaseException as exc:
            self._put(exc)
        finally:
            self._put(_END)

    def _store_original(self, read: _ReadFile) -> None:
        """Write the original here, off the database thread: its fsync then overlaps with
        the database and index work. The row that refers to it is committed later."""
        existed = self.originals.contains(read.sha256)
        self.originals.store(read.data, read.sha256)
        read.stored, read.stored_now = True, not existed

    def _jobs(self) -> Iterator[ExtractionJob]:
        """Read each file; report the unreadable, oversized and already-archived ones at
        once, and yield the rest for extraction."""
        max_bytes = self.options.max_bytes
        for path in self.files:
            if self._stopped.is_set():
                return
            try:
                size = path.stat().st_size
                if size > max_bytes:
                    raise FileTooLargeError(
                        f"the file is {size / MIB:.1f} MiB, over the import limit of "
                        f"{max_bytes / MIB:g} MiB"
                    )
                data = path.read_bytes()
            except ExtractionError as exc:
                self._put(_Event(path, error=str(exc)))
                continue
            except OSError as exc:
                self._put(_Event(path, error=f"cannot read the file: {exc.strerror or exc}"))
                continue
            sha = sha256_of(data)
            if sha in self.known:
                self._put(_Event(path, known_sha256=sha))
                continue
            yield ExtractionJob(_ReadFile(path, data, sha), data, path.name)


class _ImportSession:
    """State of one import on the archive's thread: the open batch and the index writer."""

    def __init__(
        self, archive: Archive, report: ImportReport, tags: list[str], options: ImportOptions
    ) -> None:
        self.archive = archive
        self.report = report
        self.tags = tags
        self.options = options
        self.done = 0
        self._batch: list[tuple[_ReadFile, str, list[PreparedDocument | None]]] = []
        self._batch_started = time.monotonic()
        self._indexer: Indexer | None = None
        self._uncommitted_docs = 0
        self._next_index_commit = options.index_commit_every
        self.use_index_process = False
        #: About how many articles the import brings (sizes the index writer's memory).
        self.expected_articles = 0

    def handle(self, event: _Event) -> None:
        self.done += 1
        if event.error is not None:
            self.report.failed.append(FailedItem(str(event.path), event.error))
        elif event.known_sha256 is not None:
            ids = articles.ids_with_original(self.archive.db, event.known_sha256)
            self.report.duplicates.extend(DuplicateItem(str(event.path), i) for i in ids)
        elif event.outcome is not None and event.read is not None:
            if event.outcome.error is not None:
                self.report.failed.append(FailedItem(str(event.path), str(event.outcome.error)))
            else:
                self._batch.append(
                    (event.read, event.outcome.format or "unknown", event.outcome.prepared or [])
                )
        if (
            len(self._batch) >= self.options.batch_files
            or time.monotonic() - self._batch_started > self.options.batch_seconds
        ):
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
        signed: list[tuple[int, Any]] = []  # (article id, its text's signature or None)
        unreferenced: list[str] = []
        # Reported only once the transaction commits: a batch that fails is rolled back whole.
        outcome = ImportReport()
        with db.atomic():
            for read, fmt, prepared in batch:
                same_bytes = articles.ids_with_original(db, read.sha256)
                if same_bytes:  # the same file twice in this import
                    outcome.duplicates.extend(DuplicateItem(str(read.path), i) for i in same_bytes)
                    continue
                stored_original = False
                for entry_index, document in enumerate(prepared):
                    if document is None:
                        continue
                    values = dict(document.values)
                    existing = articles.id_with_text(db, values["text_sha256"])
                    if existing is not None:
                        outcome.duplicates.append(DuplicateItem(str(read.path), existing))
                        continue
                    if not stored_original:
                        if not read.stored:
                            self.archive.originals.store(read.data, read.sha256)
                        articles.record_original(
                            db, read.sha256, len(read.data), read.path.name, fmt
                        )
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
                    outcome.imported.append(
                        ImportedItem(article_id, values["title"], str(read.path))
                    )
                    new_records.append({"id": article_id, **values})
                    signed.append((article_id, document.signature))
                if not any(prepared):
                    outcome.failed.append(FailedItem(str(read.path), "no text could be extracted"))
                if not stored_original and read.stored_now:
                    unreferenced.append(read.sha256)
            outcome.copies = copies.record_signed(db, signed)
        self.report.copies += outcome.copies
        self.report.imported.extend(outcome.imported)
        self.report.duplicates.extend(outcome.duplicates)
        self.report.failed.extend(outcome.failed)
        for sha in unreferenced:  # written by the feeder, but every article was a duplicate
            if not articles.ids_with_original(db, sha):
                self.archive.originals.path_for(sha).unlink(missing_ok=True)
        if new_records:
            self._index(new_records)

    def _index(self, new_records: list[dict[str, Any]]) -> None:
        ids = [r["id"] for r in new_records]
        rows = list(articles.iter_index_rows(self.archive.db, ids))
        indexer = self.start_indexer()
        indexer.add(rows)
        self._uncommitted_docs += len(ids)
        if self._uncommitted_docs >= self._next_index_commit:
            indexer.commit()
            self._uncommitted_docs = 0
            self._next_index_commit = min(
                self._next_index_commit * 2, self.options.index_commit_most
            )

    def start_indexer(self) -> Indexer:
        """The import's indexer, started on first use."""
        if self._indexer is None:
            if self.use_index_process:
                self._indexer = ProcessIndexer(self.archive, self.expected_articles)
            else:
                self._indexer = InProcessIndexer(self.archive, self.expected_articles)
        return self._indexer

    def finish(self) -> None:
        """Commit the index: everything flushed so far is in the database, so it belongs in
        the index too, even when the import stops on an error or a cancel."""
        if self._indexer is not None:
            indexer, self._indexer = self._indexer, None
            indexer.close()


@dataclass
class ExtractedFile:
    """A file whose documents were extracted elsewhere (by another archive, whose bundle
    holds them): its original, format, and documents by entry index (None where another
    entry of the file is not carried)."""

    filename: str
    data: bytes
    format: str
    documents: list[PreparedDocument | None]


def import_extracted(
    archive: Archive, files: Sequence[ExtractedFile], *, progress: ProgressCallback = no_progress
) -> ImportReport:
    """Import files with their documents as given: the text as the other archive holds it,
    so that the annotations made on it there anchor here as they did (no extraction runs).
    A file whose original is already here is a duplicate, as in any import; each batch is
    one transaction, then indexed."""
    report = ImportReport()
    session = _ImportSession(archive, report, [], ImportOptions())
    session.expected_articles = len(files)
    try:
        for done, file in enumerate(files, start=1):
            read = _ReadFile(Path(file.filename), file.data, sha256_of(file.data))
            existing = articles.ids_with_original(archive.db, read.sha256)
            if existing:
                report.duplicates.extend(DuplicateItem(file.filename, i) for i in existing)
            else:
                session._batch.append((read, file.format, file.documents))
            if len(session._batch) >= session.options.batch_files:
                session.flush()
            progress(ProgressEvent(done, len(files), file.filename))
        session.flush()
    finally:
        session.finish()
    return report


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
        text=text,
        title=title,
        source=source,
        author=author,
        url=url,
        published=normalise_published(published),
        language=language,
    )
    session = _ImportSession(archive, report, list(tags), ImportOptions())
    session._batch.append((read, "text", prepare_documents([doc], read.path)))
    try:
        session.flush()
    finally:
        session.finish()
    if not report.imported and not report.duplicates:
        report.failed = [FailedItem(name, "the text is empty")]
    return report
