"""Imported by the helper-process server: loads the extractors, what prepares their documents
for the archive, and the language model once, so every worker forked from it starts ready
instead of spending a second warming up."""

from archivist.offline import forbid_network

# Every helper process is forked from the server that imports this module: all of them
# inherit the offline guard.
forbid_network()

from archivist.importers import prepared, registry  # noqa: E402, F401 - imported for its side effect
from archivist.importers.language import detect_language  # noqa: E402

detect_language("Warm up the language identification model with a short English sentence.")
