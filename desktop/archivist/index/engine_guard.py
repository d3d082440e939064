"""Whether the fast path over Whoosh's private internals may run on the installed Whoosh.

The fast path (index.fast_ranking, index.postings, the background merge's segment writing)
reads Whoosh's on-disk structures directly. It was verified — by the differential tests,
tests/core/test_fast_path_differential.py — against the releases in VERIFIED only. On any
other release it turns itself off, says so once in the log and in `archivist check`, and
Whoosh's own searcher answers: slower, never wrong. ARCHIVIST_FAST_PATH=off turns it off
on a verified release too (the suite's search tests run that way as well).
"""

from __future__ import annotations

import functools
import logging
import os

import whoosh

log = logging.getLogger(__name__)

#: Releases of the Whoosh distribution the fast path was verified against.
VERIFIED = frozenset({"2.7.5"})
SWITCH = "ARCHIVIST_FAST_PATH"


def installed_version() -> str:
    """The installed Whoosh's release, as its package declares it. (Asking the
    distribution's metadata instead, importlib.metadata, costs a command-line search
    10 ms.)"""
    return str(whoosh.versionstring())


def fast_path_enabled() -> bool:
    """True when the fast path may run (checked once a process; logged once when off)."""
    return _off_because() is None


def fast_path_status() -> str:
    """One line for `archivist check`: on, or off and why."""
    why = _off_because()
    version = installed_version()
    if why is None:
        return f"fast search path on (Whoosh {version}, verified)"
    return f"fast search path off: {why}; Whoosh's own searcher answers (slower)"


@functools.cache
def _off_because() -> str | None:
    if os.environ.get(SWITCH, "").strip().lower() in ("0", "off", "no", "false"):
        reason = f"{SWITCH} turns it off"
    else:
        version = installed_version()
        if version in VERIFIED:
            return None
        verified = ", ".join(sorted(VERIFIED))
        reason = f"Whoosh {version} is not a release it was verified against ({verified})"
    log.warning("the fast search path is off: %s", reason)
    return reason


def forget() -> None:
    """Check again at the next call (tests that change the switch)."""
    _off_because.cache_clear()
