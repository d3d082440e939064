"""GUI benchmark: time until the window is ready on a large archive, the longest stall of
the GUI thread while scrolling the library and searching (the window stays responsive when
no stall is long), how soon a search shows its first page and its whole list, and memory.

Run:  python tests/benchmarks/bench_gui.py ARCHIVE_DIR [--json out.json]
(make a large archive first, e.g. with bench_scale.py --keep DIR, or `archivist import`).
Runs offscreen; reports the peak RSS of the GUI process and the memory of its query helper.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from procmem import family_memory_mb
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from archivist.gui.app import ArchivistApp, configure_application
from archivist.gui.compat import install_guards

QUERIES = ["protesters", '"security forces"', "Almaty AND troops", "electon~", "published:2022"]


class StallMeter:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the longest stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest_ms = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.longest_ms = 0.0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.longest_ms = max(self.longest_ms, self.clock.restart() - 5)

    def stop(self) -> float:
        self.timer.stop()
        return self.longest_ms


def rss_mb() -> float:
    """Current resident memory of this process (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pump(app: QApplication, ms: int) -> None:
    deadline = time.perf_counter() + ms / 1000
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)


SAMPLER = """
import os, sys, threading, time
from procmem import family_memory_mb
pid, peak, done = int(sys.argv[1]), [0.0] * 4, threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), done.set()), daemon=True).start()
while not done.wait(0.25):
    own_rss, own_pss = family_memory_mb()  # (this sampler is one of the window's children)
    helpers = family_memory_mb(pid, include_self=False)
    everything = family_memory_mb(pid)
    now = [helpers[0] - own_rss, helpers[1] - own_pss, everything[0] - own_rss, everything[1] - own_pss]
    peak = [max(a, b) for a, b in zip(peak, now)]
print(*peak)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    started = time.perf_counter()
    install_guards()
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)
    settings = QSettings(str(Path("/tmp") / "archivist-bench-gui.ini"), QSettings.Format.IniFormat)
    controller = ArchivistApp(settings)
    window = controller.open_window(args.archive, create=False)
    assert window is not None
    # The helpers' memory, sampled throughout by a process of its own (reading /proc here
    # would hold this process's interpreter lock and count as GUI stalls): the query
    # process, and a background index merge when the archive has segments to merge (it
    # starts a few seconds after the list).
    sampler = subprocess.Popen(
        [sys.executable, "-c", SAMPLER, str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)},
    )
    merge_seen = [False]
    while window.article_model.rowCount() == 0:
        app.processEvents()
    ready_ms = (time.perf_counter() - started) * 1000
    rows = window.article_model.rowCount()
    print(f"window ready with {rows:,} articles listed: {ready_ms:.0f} ms (RSS {rss_mb():.0f} MB)")

    meter = StallMeter()
    meter.start()
    bar = window.table.verticalScrollBar()
    for step in range(60):  # scroll through the whole library in 60 jumps, then page by page
        bar.setValue(bar.maximum() * step // 59)
        pump(app, 30)
    for _ in range(40):
        bar.setValue(bar.value() - bar.pageStep())
        pump(app, 10)
    scroll_stall = meter.stop()
    print(
        f"longest GUI-thread stall while scrolling: {scroll_stall:.0f} ms (RSS {rss_mb():.0f} MB)"
    )

    meter.start()
    latencies = {}
    for query in QUERIES:
        t = time.perf_counter()
        window.search_bar.field.setText(query)
        window.search_bar.field.returnPressed.emit()
        first_ms = None
        deadline = t + 60
        while time.perf_counter() < deadline:  # results arrive from the query process
            app.processEvents()
            result = window.library.last_result
            if result is not None and result.query == query:
                if first_ms is None:
                    first_ms = (time.perf_counter() - t) * 1000
                if result.complete:
                    break
            time.sleep(0.001)
        all_ms = (time.perf_counter() - t) * 1000
        merge_seen[0] |= bool(window.index_upkeep and window.index_upkeep.running)
        latencies[query] = {"first_page_ms": first_ms, "complete_ms": all_ms}
        print(f"  search {query!r}: first page {first_ms or 0:.0f} ms, whole list {all_ms:.0f} ms")
        pump(app, 300)
    search_stall = meter.stop()
    print(
        f"longest GUI-thread stall while searching: {search_stall:.0f} ms (RSS {rss_mb():.0f} MB)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    helpers_peak = [float(v) for v in sampler.communicate("stop\n", timeout=30)[0].split()]
    helper_rss, helper_pss = family_memory_mb(include_self=False)  # (the sampler has ended)
    print(f"peak RSS of the GUI process: {peak:.0f} MB")
    print(f"query helper processes: RSS {helper_rss:.0f} MB (PSS {helper_pss:.0f} MB)")
    print(
        f"helper processes at their peak: RSS {helpers_peak[0]:.0f} MB (PSS {helpers_peak[1]:.0f} MB)"
        + (", a background index merge running" if merge_seen[0] else "")
    )
    print(
        f"window and helpers together at their peak: RSS {helpers_peak[2]:.0f} MB "
        f"(PSS {helpers_peak[3]:.0f} MB: shared library pages counted once)"
    )
    controller.shutdown()
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "articles": rows,
                    "window_ready_ms": ready_ms,
                    "scroll_stall_ms": scroll_stall,
                    "search_stall_ms": search_stall,
                    "searches": latencies,
                    "peak_rss_mb": peak,
                    "query_helper_rss_mb": helper_rss,
                    "query_helper_pss_mb": helper_pss,
                    "helpers_peak_rss_mb": helpers_peak[0],
                    "helpers_peak_pss_mb": helpers_peak[1],
                    "family_peak_rss_mb": helpers_peak[2],
                    "family_peak_pss_mb": helpers_peak[3],
                    "merge_running": merge_seen[0],
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
