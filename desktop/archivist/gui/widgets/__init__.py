"""Widgets of the main window; each receives its dependencies in its constructor."""
