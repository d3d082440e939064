"""Memory of a process together with its descendants (helper processes), read from /proc.

PSS counts pages shared between forked helpers once, proportionally: the honest total for a
family of processes. Linux only; elsewhere the figures are 0.
"""

from __future__ import annotations

import os


def family_memory_mb(pid: int | None = None, *, include_self: bool = True) -> tuple[float, float]:
    """(RSS, PSS) in MB summed over `pid` (default: this process) and all its descendants."""
    root = os.getpid() if pid is None else pid
    parents: dict[int, int] = {}
    rss: dict[int, float] = {}
    entries = os.listdir("/proc") if os.path.isdir("/proc") else []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read
        parents[int(entry)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
    family, grew = {root}, True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in family and child not in family:
                family.add(child)
                grew = True
    if not include_self:
        family.discard(root)
    # PSS only for the family: the kernel walks a process's pages to sum it.
    pss = 0.0
    for member in family:
        try:
            with open(f"/proc/{member}/smaps_rollup") as handle:
                pss += (
                    sum(int(line.split()[1]) for line in handle if line.startswith("Pss:")) / 1024
                )
        except (OSError, ValueError):
            continue
    return sum(rss.get(p, 0.0) for p in family), pss
