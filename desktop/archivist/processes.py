"""How Archivist starts helper processes (extraction workers, the import's index writer)."""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing import forkserver
from multiprocessing.context import BaseContext


def process_context() -> BaseContext:
    """The multiprocessing context for helper processes.

    fork is unsafe in a process with threads (the GUI, the import feeder); on Linux the
    forkserver forks helpers from a clean single-threaded server that has the extractors
    imported once. Elsewhere, spawn.
    """
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        # (Not the index: the writer process of a long import loads it itself, rather than
        # every import waiting for the server to load the search engine it does not use.)
        ctx.set_forkserver_preload(["archivist.importers.warm"])
        return ctx
    return multiprocessing.get_context("spawn")


def light_process_context() -> BaseContext:
    """For a helper that needs none of the extractors (the query process): spawned afresh,
    it imports only what it uses, rather than sharing the forkserver's preloaded importers
    (and does not start that server in a window that has not imported anything yet)."""
    return multiprocessing.get_context("spawn")


def start_extraction_server() -> None:
    """Start the forkserver now, on Linux, so that it imports the extractors while this
    process imports what its command needs: importing one file otherwise waits for both,
    one after the other (0.4 s of a one-file import's 1.3-1.7 s). Elsewhere nothing: the
    workers are spawned when the import starts them."""
    if not sys.platform.startswith("linux"):
        return
    process_context()  # (names the modules the server preloads)
    forkserver.ensure_running()
