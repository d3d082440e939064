"""Build the one-folder application bundle `dist/archivist/` with PyInstaller.

Run from a checkout with the project installed (`pip install -e .` plus `pyinstaller`):
    python installer/build.py [--dist DIR] [--work DIR]
The bundle holds its own Python, Qt and every library; `dist/archivist/archivist` has the same
command line as `archivist` and opens the window with no arguments.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on installer/archivist.spec; return the bundle folder."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(ROOT / "installer" / "archivist.spec"),
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    return dist / "archivist"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)"
    )
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder"
    )
    args = parser.parse_args(argv)
    bundle = build(args.dist, args.work)
    print(f"built {bundle} ({folder_size(bundle) / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
