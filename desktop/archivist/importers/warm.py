"""Imported by the helper-process server: loads the extractors and the language model once,
so every worker forked from it starts ready instead of spending a second warming up."""

from archivist.importers import registry  # noqa: F401 - imported for its side effect
from archivist.importers.language import detect_language

detect_language("Warm up the language identification model with a short English sentence.")
