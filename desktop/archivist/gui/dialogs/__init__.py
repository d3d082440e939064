"""Dialogs and popups: import progress and report, tagging, claims, welcome."""
