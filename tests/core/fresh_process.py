"""Run a few lines in a fresh Python process and tell which modules it loaded: the checks
that a command, an extraction or a signature does not pay for libraries it does not need."""

from __future__ import annotations

import subprocess
import sys

_MARK = "loaded modules:"


def modules_loaded_by(code: str, *args: str) -> set[str]:
    """The modules loaded once `code` has run (with `args` as sys.argv[1:]) in a new
    interpreter; whatever `code` prints is ignored."""
    script = f"{code}\nimport sys\nprint({_MARK!r}, *sorted(sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith(_MARK), done.stdout
    return set(last[len(_MARK) :].split())
