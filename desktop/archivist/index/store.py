"""The index on disk: open or create it, check its version, write batches, hand out searchers."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index, LockError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from archivist.errors import ArchiveLockedError
from archivist.index import postings, vocabulary, whoosh_private
from archivist.index.lexicons import FOLDER as LEXICON_FOLDER
from archivist.index.lexicons import Lexicons
from archivist.index.limits import QueryBudget
from archivist.index.merging import merge_running
from archivist.index.query import parse_query
from archivist.index.schema import DEFAULT_FIELDS, INDEX_VERSION, build_schema, document_for
from archivist.index.vocabulary import Vocabulary

log = logging.getLogger(__name__)

_VERSION_FILE = "archivist-index.json"
WRITER_TIMEOUT_S = 15.0
# Memory for a writer's posting pool before it spills to disk. Whoosh's pool is Python objects,
# so the process grows to several times this. Measured on 100k-article imports: 32 MB keeps
# all of the import's processes at 388 MB (PSS; 408 MB with 48 MB, 470 MB with 96 MB), and
# the rate did not drop (182 articles/s, against 160 with 48 MB in the run before).
INDEX_WRITER_MB = 32
# Once Whoosh's pool spills, every posting is pickled to a run file and read back to be
# merged at commit: indexing 2,000 articles took 18 s with the 32 MB pool, 10.5 s with a
# pool that held them all (217 MB RSS instead of 108). A batch that fits in WHOLE_POOL_MB
# gets a pool that holds all of it; a longer one spills whatever the pool, so it keeps the
# small pool, which bounds its memory.
WHOLE_POOL_MB = 192
# Whoosh's own estimate of a pooled posting is ~170 bytes; a news article of ~700 words
# has ~330 distinct words in its text and title: ~56 KB, and longer articles more.
ARTICLES_PER_POOL_MB = 12


def writer_pool_mb(articles: int) -> int:
    """Megabytes of posting pool for a writer that will add about `articles` articles."""
    whole = articles // ARTICLES_PER_POOL_MB + 1
    return max(whole, INDEX_WRITER_MB) if whole <= WHOLE_POOL_MB else INDEX_WRITER_MB


class ArchiveIndex:
    """One archive's Whoosh index. Writers are serialised by Whoosh's lock: one at a time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._ix: Index | None = None
        self._searcher: Searcher | None = None
        self.vocabulary = Vocabulary(directory)
        self.lexicons = Lexicons(directory / LEXICON_FOLDER)
        #: True when the index was (re)created empty and must be filled from the database.
        self.created_empty = False
        #: Why `open` created the index afresh ("it could not be read (...)"), or None.
        self.rebuild_reason: str | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def open(self) -> None:
        """Open the index, creating it empty when it is missing, unreadable or of another
        version (`rebuild_reason` then says which, for the caller that refills it)."""
        version = self._version_on_disk()
        if version == INDEX_VERSION:
            try:
                ix = whoosh_index.open_dir(str(self.directory))
                ix.doc_count()  # reads the segments: damage shows here, not at the first search
                self._ix = ix
                return
            except Exception as exc:  # any damage: the index is derived data, rebuilt below
                reason = f"it could not be read ({type(exc).__name__}: {exc})"
                # (Said to the analyst by whoever refills it: see maintenance.heal_index_if_needed.)
                log.info("the search index at %s: %s; created afresh", self.directory, reason)
        elif not self.directory.exists():
            reason = "it was missing"
        elif version is None:
            reason = "its version file was missing or damaged"
        else:
            reason = f"it was in another format (version {version}, this Archivist writes {INDEX_VERSION})"
        self.recreate()
        self.rebuild_reason = reason

    def open_existing(self) -> None:
        """Open for searching only, never recreating (read-only access: the writer heals).
        A missing or damaged index searches as empty."""
        try:
            self._ix = whoosh_index.open_dir(str(self.directory))
        except Exception as exc:  # read-only: no rebuild here, so searching finds nothing
            log.warning(
                "the search index at %s could not be opened (%s: %s); searches find nothing "
                "until the archive is opened for writing, which rebuilds it",
                self.directory,
                type(exc).__name__,
                exc,
            )
            from whoosh.filedb.filestore import RamStorage

            self._ix = RamStorage().create_index(build_schema())

    def recreate(self) -> None:
        """Replace the index by an empty one of the current version (its content is rebuilt by
        the caller from the database)."""
        self.close()
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True, mode=0o700)
        self._ix = whoosh_index.create_in(str(self.directory), build_schema())
        (self.directory / _VERSION_FILE).write_text(json.dumps({"version": INDEX_VERSION}))
        self.created_empty = True

    def close(self) -> None:
        self.vocabulary.close()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def _version_on_disk(self) -> int | None:
        try:
            return int(json.loads((self.directory / _VERSION_FILE).read_text())["version"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @property
    def ix(self) -> Index:
        if self._ix is None:
            self.open()
        assert self._ix is not None
        return self._ix

    # --- writing ----------------------------------------------------------------------------

    @contextmanager
    def writer(
        self,
        *,
        limitmb: int = 128,
        procs: int = 1,
        multisegment: bool = False,
        merge: bool = True,
    ) -> Iterator[SegmentWriter]:
        """A writer for one batch; commits on success, cancels on error.

        `merge=False` skips Whoosh's merge of small segments at commit: an annotation edit
        then costs only its own document, at the price of one more small segment, which
        `merge_segments` folds in at a quiet moment.
        Raises ArchiveLockedError when another writer holds the index for too long.
        """
        if merge and merge_running(self.ix):
            # Whoosh would merge small segments that a background merge is copying: it
            # would find them gone and throw minutes of work away.
            merge = False
        try:
            writer = self.ix.writer(
                timeout=WRITER_TIMEOUT_S,
                limitmb=limitmb,
                procs=procs,
                multisegment=multisegment,
                # Separate segment files, read on demand: whoosh-reloaded copies a compound
                # segment whole into memory when it opens it (150 MB per 30k articles).
                compound=False,
            )
        except LockError as exc:
            raise ArchiveLockedError(
                "the search index is being written by another Archivist process; try again later"
            ) from exc
        whoosh_private.keep_field_lengths_in_memory(writer)
        words = vocabulary.start_collecting()
        try:
            yield writer
        except BaseException:
            vocabulary.stop_collecting()
            writer.cancel()
            raise
        vocabulary.stop_collecting()
        try:
            # Words first: a vocabulary entry without its documents is harmless, the reverse
            # would make fuzzy terms miss committed documents.
            self.vocabulary.add(words)
            writer.commit(merge=merge)
        except BaseException:
            # A failed commit must not keep the index locked for every later writer.
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        self._refresh_searcher()
        self._prepare_lexicons()

    def add(self, writer: SegmentWriter, records: Iterable[dict[str, Any]]) -> int:
        """Add documents known to be new (faster than update: no delete look-up)."""
        count = 0
        for record in records:
            writer.add_document(**document_for(record))
            count += 1
        return count

    def update(self, writer: SegmentWriter, records: Iterable[dict[str, Any]]) -> int:
        """Add or replace documents by id."""
        count = 0
        for record in records:
            writer.update_document(**document_for(record))
            count += 1
        return count

    def delete(self, writer: SegmentWriter, ids: Iterable[int]) -> int:
        count = 0
        for article_id in ids:
            count += writer.delete_by_term("id", str(article_id))
        return count

    def optimize(self) -> None:
        """Merge all segments into one (slow on big indexes: run at quiet moments)."""
        try:
            writer = self.ix.writer(timeout=WRITER_TIMEOUT_S, compound=False)
        except LockError as exc:
            raise ArchiveLockedError("the search index is busy; try again later") from exc
        writer.commit(optimize=True)
        self._refresh_searcher()
        self._prepare_lexicons()

    def _prepare_lexicons(self) -> None:
        """The new segments' word lists for fuzzy and wildcard terms, written after a commit
        rather than at their first search (a segment of 20,000 articles takes about a
        second). The commit stands whatever happens here: a list not written now is read
        from its segment, and written, at first use."""
        try:
            self.lexicons.prepare(self.searcher().reader(), DEFAULT_FIELDS)
        except Exception:
            log.warning("could not write the index's word lists after a commit", exc_info=True)

    def segment_count(self) -> int:
        return len(whoosh_private.segments(self.ix))

    def merge_segments(self, *, max_segments: int = 12) -> bool:
        """Merge small segments when there are more than `max_segments` (searches slow down
        with every segment). Call at quiet moments; True when a merge ran."""
        if self.segment_count() <= max_segments or merge_running(self.ix):
            return False
        with self.writer(merge=True):
            pass
        return True

    # --- reading ----------------------------------------------------------------------------

    def searcher(self) -> Searcher:
        """A searcher kept open between searches and refreshed when the index changed."""
        if self._searcher is None:
            self._searcher = self.ix.searcher()
        else:
            self._refresh_searcher()
        return self._searcher

    def _refresh_searcher(self) -> None:
        # Searcher.refresh() trips over an empty index's reader in Whoosh 2.7.5; reopening
        # only when the index changed is as cheap and always works.
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = self.ix.searcher()

    def parse(self, text: str, budget: QueryBudget | None = None) -> Any:
        """`text` as a query on this index: its schema, vocabulary and word lists (see
        index.query.parse_query); fuzzy and wildcard terms expand within `budget`."""
        return parse_query(text, self.searcher().schema, self.vocabulary, budget, self.lexicons)

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def revs(self) -> dict[int, int]:
        """Every indexed article id with the rev it was indexed at."""
        result: dict[int, int] = {}
        for fields in self.searcher().all_stored_fields():
            result[int(fields["id"])] = int(fields["rev"])
        return result

    def max_rev(self) -> int:
        """The largest rev among the indexed articles (0 when there are none)."""
        searcher = self.searcher()
        if searcher.doc_count() == 0:
            return 0
        leaves = searcher.reader().leaf_readers()
        largest = [postings.largest_numeric(leaf, "rev") for leaf, _ in leaves]
        if None not in largest:
            return max(value for value in largest if value is not None)
        from whoosh.query import Every

        hits = searcher.search(Every(), limit=1, sortedby="rev", reverse=True)
        return int(hits[0]["rev"]) if len(hits) else 0
