"""Guards against known defects of the Qt binding on the Python versions Archivist supports.

PySide6 6.12.0 on CPython 3.10/3.11 returns `None` from every void method and `True` from
every `Signal.emit` without taking a reference (on CPython ≥ 3.12 these objects are immortal,
so the missing reference does not matter there). Each call then steals one reference, and
after a few thousand calls CPython aborts with "Fatal Python error: none_dealloc" (or
bool_dealloc). 6.11.3 does not have the defect; the project should pin
`PySide6-Essentials!=6.12.0` while it supports Python 3.11.

When the defect is detected, `install_guards` does for these three singletons what
CPython 3.12 does for them anyway: it gives them a reference count so large that the
stolen references can never bring it to zero.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

# Far more references than an application could lose in a lifetime (one per Qt call).
_BALLAST = 1 << 40
_installed = False


def binding_steals_singleton_references() -> bool:
    """Whether calling into the binding loses references to None or True (tried, not guessed)."""
    if sys.version_info >= (3, 12):
        return False  # immortal singletons: nothing can be lost
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        poked = Signal()

    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(32):
        probe.setObjectName("probe")  # a void method: returns None
        probe.poked.emit()  # returns True
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    return lost_none >= 16 or lost_true >= 16


def install_guards() -> bool:
    """Protect None, True and False if the binding steals their references; True if it did."""
    global _installed
    if _installed:
        return True
    if not binding_steals_singleton_references():
        return False
    for singleton in (None, True, False):
        # CPython < 3.12 keeps ob_refcnt as the first field of every object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _BALLAST
    _installed = True
    import PySide6

    log.warning(
        "PySide6 %s loses references to None/True on Python %d.%d; guarded. "
        "Use another PySide6 version (6.11.x works).",
        PySide6.__version__,
        *sys.version_info[:2],
    )
    return True
