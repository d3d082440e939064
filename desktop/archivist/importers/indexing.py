"""Indexing an import's rows: in this thread for small imports, in a writer process of its
own for long ones (Whoosh's pure-Python indexing then runs on the other core)."""

from __future__ import annotations

from typing import Any

from archivist.archive.archive import Archive
from archivist.index import writer_pool_mb


class Indexer:
    """Where an import's rows go to be indexed: add, commit what was added, close."""

    def add(self, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class InProcessIndexer(Indexer):
    """The archive's own index writer, on this thread (small imports)."""

    def __init__(self, archive: Archive, expected_articles: int) -> None:
        self.archive = archive
        self.pool_mb = writer_pool_mb(expected_articles)
        self._cm: Any = None
        self._writer: Any = None

    def add(self, rows: list[dict[str, Any]]) -> None:
        if self._cm is None:
            self._cm = self.archive.index.writer(limitmb=self.pool_mb)
            self._writer = self._cm.__enter__()
        self.archive.index.add(self._writer, rows)

    def commit(self) -> None:
        if self._cm is not None:
            cm, self._cm, self._writer = self._cm, None, None
            cm.__exit__(None, None, None)

    def close(self) -> None:
        self.commit()


class ProcessIndexer(Indexer):
    """An index writer process (long imports): Whoosh's pure-Python indexing runs on the
    other core while this thread writes the database."""

    def __init__(self, archive: Archive, expected_articles: int) -> None:
        from archivist.index import IndexWriterProcess

        self.archive = archive
        self.process = IndexWriterProcess(
            archive.layout.index_dir, limitmb=writer_pool_mb(expected_articles)
        )

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.process.add(rows)

    def commit(self) -> None:
        self.process.commit()

    def close(self) -> None:
        self.process.close()
