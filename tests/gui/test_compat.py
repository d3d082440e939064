"""The guard against the binding stealing references to None and True."""

from __future__ import annotations

import subprocess
import sys

from archivist.gui.compat import install_guards

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from archivist.gui.compat import binding_steals_singleton_references, install_guards
guarded = install_guards()
from PySide6.QtCore import QObject, Signal
class O(QObject):
    poked = Signal()
o = O()
# Far more void calls and emits than None (~5,000) and True (~600) have references.
for _ in range(40_000):
    o.setObjectName("x")
    o.poked.emit()
print("survived", guarded, binding_steals_singleton_references())
"""


def test_many_qt_calls_do_not_abort_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("survived")


def test_install_guards_is_idempotent() -> None:
    first = install_guards()
    assert install_guards() == first
