"""Archivist never uses the network: an audit hook refuses every internet connection and name
look-up in this process, whatever library asks.

Libraries Archivist relies on can reach for the network on their own (a URL normaliser that
downloads the public-suffix list when its bundled copy is missing, say). Analysts work offline
and with sensitive material: that must fail closed, not leak a request.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

_INTERNET = (socket.AF_INET, socket.AF_INET6)
_installed = False


class NetworkForbiddenError(PermissionError):
    """Something tried to use the network."""


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        sock = args[0]
        if getattr(sock, "family", None) in _INTERNET:
            raise NetworkForbiddenError(
                f"Archivist works offline: refused a connection to {args[1]!r}"
            )
    elif event in (
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
    ):
        raise NetworkForbiddenError(f"Archivist works offline: refused to look up {args[0]!r}")
    elif event == "urllib.Request":
        raise NetworkForbiddenError(f"Archivist works offline: refused to fetch {args[0]!r}")


def forbid_network() -> None:
    """Install the hook in this process (once; audit hooks cannot be removed). Local sockets
    (AF_UNIX, used between Archivist's own processes) keep working."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
