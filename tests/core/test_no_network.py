"""Archivist never touches the network: import, search and show run with every internet
socket forbidden, in the CLI process and in its helper processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GUARD = """
import os, socket

_log = os.environ["ARCHIVIST_NET_LOG"]

def _refuse(what):
    with open(_log, "a") as handle:
        handle.write(f"{os.getpid()} {what}\\n")
    raise OSError("network access attempted: " + what)

_connect = socket.socket.connect

def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse(f"connect {address!r}")
    return _connect(self, address)

socket.socket.connect = connect
socket.getaddrinfo = lambda *args, **kwargs: _refuse(f"getaddrinfo {args[:2]!r}")
"""

PAGE = """<html lang="en"><head><title>Almaty airport retaken</title>
<link rel="canonical" href="https://news.example.com/almaty">
<meta property="og:image" content="https://cdn.example.com/photo.jpg">
<script src="https://tracker.example.com/t.js"></script></head>
<body><article><h1>Almaty airport retaken</h1>
<img src="https://cdn.example.com/a.jpg"><iframe src="https://video.example.com/embed"></iframe>
<p>Security forces retook the airport in Almaty on Friday, officials said, after two days of clashes.</p>
<p>Protesters had stormed the terminal on Wednesday. Flights remain suspended until further notice.</p>
</article></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<link>https://wire.example.com/</link>
<item><title>Zhanaozen calm</title><link>https://wire.example.com/1</link>
<description>Residents of Zhanaozen said the town was calm on Saturday.</description></item>
</channel></rss>"""


def test_import_search_and_show_open_no_internet_socket(tmp_path: Path) -> None:
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "network.log"
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "page.html").write_text(PAGE)
    (corpus / "feed.xml").write_text(FEED)
    (corpus / "note.txt").write_text("A note about Almaty written by an analyst.\n")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(guard_dir), *sys.path]),
        "ARCHIVIST_NET_LOG": str(log),
    }
    archive = str(tmp_path / "archive")

    def run(*args: str) -> dict:
        result = subprocess.run(
            [sys.executable, "-m", "archivist", "--archive", archive, "--json", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    report = run("import", str(corpus))
    assert len(report["imported"]) == 3
    hits = run("search", "Almaty OR Zhanaozen")["hits"]
    assert len(hits) == 3
    shown = run("show", str(hits[0]["id"]))
    assert "tracker" not in shown["text"]
    assert not log.exists(), log.read_text()


def test_the_offline_guard_refuses_any_library_that_reaches_out() -> None:
    code = (
        "from archivist.offline import forbid_network\n"
        "forbid_network()\n"
        "import socket, urllib.request\n"
        "refused = []\n"
        "for attempt in (lambda: urllib.request.urlopen('https://publicsuffix.org/list/'),\n"
        "                lambda: socket.create_connection(('203.0.113.1', 80), timeout=1),\n"
        "                lambda: socket.getaddrinfo('example.com', 443)):\n"
        "    try:\n"
        "        attempt()\n"
        "    except PermissionError as exc:\n"
        "        refused.append('offline' in str(exc))\n"
        "a, b = socket.socketpair()  # local sockets between Archivist's processes still work\n"
        "a.sendall(b'x'); assert b.recv(1) == b'x'\n"
        "print(refused)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[True, True, True]"
