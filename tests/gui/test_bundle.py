"""The frozen application: build the PyInstaller bundle and run it like an analyst's
machine would, without the development Python (slow; run in CI)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import archivist

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    # The first test waits for the bundle to be built (up to the build's own 20 minutes).
    pytest.mark.timeout(1500),
    pytest.mark.skipif(
        shutil.which("pyinstaller") is None
        and not (Path(sys.executable).parent / "pyinstaller").exists(),
        reason="PyInstaller is not installed",
    ),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "build"),
        ],
        check=True,
        timeout=1200,
    )
    executable = work / "dist" / "archivist" / "archivist"
    assert executable.is_file()
    return executable


def _clean_env(tmp: Path) -> dict[str, str]:
    """No PYTHONPATH or virtualenv: the bundle must carry everything itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(ARCHIVIST_HOME=str(tmp / "home"), HOME=str(tmp), QT_QPA_PLATFORM="offscreen")
    return env


def _run(bundle: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The bundle run with `args` (an import may take minutes; anything else, two)."""
    return subprocess.run(
        [str(bundle), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300 if "import" in args else 120,
    )


def test_version(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(bundle), "--version"],
        capture_output=True,
        text=True,
        env=_clean_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"archivist {archivist.__version__}"


def test_headless_import_and_search(bundle: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(
        "Protesters gathered in Almaty on Wednesday; police used tear gas.\n", encoding="utf-8"
    )
    (folder / "page.html").write_text(
        "<html lang='en'><head><title>Airport retaken</title></head><body><article>"
        + "<p>Security forces retook the airport in Almaty on Friday, officials said.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    env = _clean_env(tmp_path)
    archive = str(tmp_path / "archive")
    imported = _run(bundle, env, "--archive", archive, "import", str(folder), "--json")
    assert imported.returncode == 0, imported.stderr
    assert len(json.loads(imported.stdout)["imported"]) == 2
    found = _run(bundle, env, "--archive", archive, "search", "Almaty", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] == 2
    assert "publicsuffix" not in imported.stderr + found.stderr  # no attempt to fetch data


def test_window_opens(bundle: Path, tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    env["ARCHIVIST_SMOKE_TEST"] = "1"  # show the window, report, quit
    result = subprocess.run(
        [str(bundle), "--archive", str(tmp_path / "archive")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "window shown" in result.stdout


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("tesseract") is None,
    reason="the Linux bundle carries the Tesseract of the machine that builds it",
)
def test_the_linux_bundle_reads_scans_with_its_own_tesseract(bundle: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "core"))
    pytest.importorskip("PIL")
    from test_ocr import ENGLISH, FONT, page, saved

    if not FONT.exists():
        pytest.skip("DejaVu Sans is not installed")
    (tmp_path / "scan.png").write_bytes(saved(page(ENGLISH), "PNG"))
    env = _clean_env(tmp_path)
    env["PATH"] = str(tmp_path / "no-programs")  # a machine without Tesseract
    env.pop("TESSDATA_PREFIX", None)
    env.pop("LD_LIBRARY_PATH", None)
    archive = str(tmp_path / "archive")
    imported = _run(
        bundle, env, "--archive", archive, "import", str(tmp_path / "scan.png"), "--json"
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert len(json.loads(imported.stdout)["imported"]) == 1
    found = _run(bundle, env, "--archive", archive, "search", "Almaty", "--json")
    assert json.loads(found.stdout)["total"] == 1
    checked = _run(bundle, env, "--archive", archive, "check")
    assert "bundled with Archivist" in checked.stdout
