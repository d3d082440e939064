"""Full-text index (Whoosh): derived from the database, rebuildable at any time.

This package's names below are the engine's seam: nothing outside `index/` imports its
modules or Whoosh (tests/core/test_floors.py checks it). They load on first use, so that
importing the package costs nothing until a search needs the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archivist.index.article_ids import fill_steps
    from archivist.index.engine_guard import fast_path_status
    from archivist.index.merge_process import BackgroundMerge
    from archivist.index.merging import merge_in_background, planned_merge
    from archivist.index.schema import document_for
    from archivist.index.search import (
        RankedIds,
        SearchHit,
        SearchResults,
        articles_with_all_words_of_any,
        highlight_snippets,
        query_spans,
        query_text_terms,
        ranked_ids,
    )
    from archivist.index.search import search as search_page
    from archivist.index.store import ArchiveIndex, writer_pool_mb
    from archivist.index.writer_process import IndexWriterProcess

#: Public name -> the module of this package defining it ("module:name" when named otherwise).
_HOMES = {
    # the index of an archive: open, write, search, rebuild
    "ArchiveIndex": "store",
    "writer_pool_mb": "store",
    "document_for": "schema",
    # searching: a page of hits, every id, snippets, spans, look-ups
    "search_page": "search:search",  # (not "search": that is the module's own name)
    "SearchHit": "search",
    "SearchResults": "search",
    "ranked_ids": "search",
    "RankedIds": "search",
    "highlight_snippets": "search",
    "query_text_terms": "search",
    "query_spans": "search",
    "articles_with_all_words_of_any": "search",
    "fill_steps": "article_ids",
    "fast_path_status": "engine_guard",
    # writing beside the importer, and merging segments in the background
    "IndexWriterProcess": "writer_process",
    "planned_merge": "merging",
    "merge_in_background": "merging",
    "BackgroundMerge": "merge_process",
}

__all__ = [
    "ArchiveIndex",
    "BackgroundMerge",
    "IndexWriterProcess",
    "RankedIds",
    "SearchHit",
    "SearchResults",
    "articles_with_all_words_of_any",
    "document_for",
    "fast_path_status",
    "fill_steps",
    "highlight_snippets",
    "merge_in_background",
    "planned_merge",
    "query_spans",
    "query_text_terms",
    "ranked_ids",
    "search_page",
    "writer_pool_mb",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attribute = home.partition(":")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute or name)
    globals()[name] = value  # (found directly next time)
    return value
