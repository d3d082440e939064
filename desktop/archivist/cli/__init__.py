"""The `archivist` command line: a thin shell over the core."""
