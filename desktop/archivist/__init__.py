"""Archivist: an offline archive of news and documents for analysts."""

__version__ = "0.1.0"
