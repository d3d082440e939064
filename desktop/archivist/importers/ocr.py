"""Optical character recognition of scanned pages and photographs, on this machine, with
Tesseract (through pytesseract): whether it is installed and with which languages, what to
install where it is not, and the text of page images. Never any network."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivist.errors import ExtractionError

#: Languages to recognise, as Tesseract names them joined by "+" ("eng+rus"); by default
#: English first, then every other language installed.
LANGUAGES_VARIABLE = "ARCHIVIST_OCR_LANGUAGES"
#: Where the tesseract program is, when it is not on PATH.
TESSERACT_VARIABLE = "ARCHIVIST_TESSERACT"
#: Pages are rendered for recognition at this resolution (Tesseract reads 300 dpi best).
RENDER_DPI = 300
_NOT_LANGUAGES = frozenset({"osd", "equ"})  # (orientation and equation models)
#: The languages this process was asked to try (see prefer_languages).
_preferred: str | None = None
#: How many pages of one file are read at once, a Tesseract process each: an import sets it
#: to the cores its extraction workers leave free, so that a lone scan is read on every core.
_pages_at_once = 1
#: Told (pages done, pages in all) after each page is recognised: an extraction worker
#: reports an import's progress through it, page by page (see listen_to_pages).
_page_listener: Callable[[int, int], None] | None = None


class OcrUnavailableError(ExtractionError):
    """A file that needs OCR, on a machine without Tesseract (or without its languages)."""


@dataclass(frozen=True)
class OcrStatus:
    """Whether OCR can run here: the engine's version and installed languages, or why not."""

    available: bool
    version: str | None = None
    languages: tuple[str, ...] = ()
    program: str | None = None
    problem: str | None = None
    bundled: bool = False  # the application bundle's own Tesseract

    def describe(self) -> str:
        """One line for `archivist check` and the About box."""
        if not self.available:
            return f"OCR unavailable: {self.problem} {install_hint()}"
        where = ", bundled with Archivist" if self.bundled else ""
        return f"OCR: Tesseract {self.version} ({', '.join(self.languages)}){where}"


def install_hint(platform: str | None = None) -> str:
    """What to install for OCR, in this platform's words."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return (
            "Install Tesseract for Windows (the UB Mannheim installer, with the language "
            f"packs you need) and add it to PATH, or set {TESSERACT_VARIABLE} to tesseract.exe."
        )
    if platform == "darwin":
        return "Install it with Homebrew: brew install tesseract tesseract-lang"
    return (
        "Install it from your distribution: sudo apt install tesseract-ocr tesseract-ocr-eng "
        "(and tesseract-ocr-rus, -ara, -chi-sim… for other languages)"
    )


def bundled_tesseract() -> Path | None:
    """The Tesseract an application bundle carries (the Linux one does), with its languages;
    None when running from source or from a bundle without it."""
    root = getattr(sys, "_MEIPASS", None)
    if root is None:
        return None
    program = Path(root) / "tesseract" / ("tesseract.exe" if os.name == "nt" else "tesseract")
    return program if program.is_file() else None


def _use_bundled(program: Path) -> None:
    """Point the bundled Tesseract at its languages and its libraries (beside Archivist's)."""
    root = str(program.parent.parent)
    os.environ.setdefault("TESSDATA_PREFIX", str(program.parent / "tessdata"))
    library_path = os.environ.get("LD_LIBRARY_PATH", "")
    if root not in library_path.split(os.pathsep):
        os.environ["LD_LIBRARY_PATH"] = os.pathsep.join(p for p in (root, library_path) if p)


@functools.cache
def ocr_status() -> OcrStatus:
    """Tesseract's presence, version and languages (asked once a process): the program set
    in ARCHIVIST_TESSERACT, else the one on PATH (with the languages the analyst installed),
    else the one the application bundle carries."""
    program = os.environ.get(TESSERACT_VARIABLE) or shutil.which("tesseract")
    bundled = bundled_tesseract() if not program else None
    if bundled is not None:
        _use_bundled(bundled)
        program = str(bundled)
    if not program:
        return OcrStatus(False, problem="Tesseract is not installed.")
    try:
        version = _run(program, "--version").splitlines()[0].split()[-1]
        listed = _run(program, "--list-langs").splitlines()[1:]
    except (OSError, subprocess.SubprocessError, IndexError) as exc:
        return OcrStatus(False, program=program, problem=f"Tesseract did not run ({exc}).")
    languages = sorted(
        (name.strip() for name in listed if name.strip() and name.strip() not in _NOT_LANGUAGES),
        key=lambda name: (name != "eng", name),
    )
    if not languages:
        return OcrStatus(
            False, version, program=program, problem="Tesseract has no language installed."
        )
    return OcrStatus(True, version, tuple(languages), program, bundled=bundled is not None)


def _run(program: str, *args: str) -> str:
    done = subprocess.run([program, *args], capture_output=True, text=True, timeout=30, check=True)
    return done.stdout or done.stderr


def prefer_languages(languages: str | None) -> None:
    """The languages this process's OCR tries from now on ("eng+rus", as the analyst set them
    for an import; None: ARCHIVIST_OCR_LANGUAGES, else every one installed)."""
    global _preferred
    _preferred = (languages or "").strip() or None


@contextlib.contextmanager
def preferring(languages: str | None) -> Iterator[None]:
    """Within this block, OCR in `languages` (as prefer_languages; None changes nothing)."""
    global _preferred
    previous = _preferred
    if languages:
        prefer_languages(languages)
    try:
        yield
    finally:
        _preferred = previous


def read_pages_at_once(count: int) -> None:
    """Read up to `count` pages of a file at once from now on (each in its own Tesseract)."""
    global _pages_at_once
    _pages_at_once = max(1, count)


@contextlib.contextmanager
def pages_at_once(count: int) -> Iterator[None]:
    """Within this block, read up to `count` pages of a file at once."""
    previous = _pages_at_once
    read_pages_at_once(count)
    try:
        yield
    finally:
        read_pages_at_once(previous)


def listen_to_pages(listener: Callable[[int, int], None] | None) -> None:
    """Tell `listener` (pages done, pages in all) after each page this process recognises
    from now on (None: stop telling)."""
    global _page_listener
    _page_listener = listener


def languages_to_try(status: OcrStatus, wanted: str | None = None) -> str:
    """The "+"-joined languages to recognise: those asked (`wanted`, else those preferred for
    this import, else ARCHIVIST_OCR_LANGUAGES) that are installed; else English first and
    every other one installed.

    Raises:
        OcrUnavailableError: none of the languages asked is installed.
    """
    asked = wanted or _preferred or os.environ.get(LANGUAGES_VARIABLE, "")
    names = [name for name in asked.replace(",", "+").split("+") if name.strip()]
    if not names:
        return "+".join(status.languages)
    missing = [name for name in names if name not in status.languages]
    usable = [name for name in names if name in status.languages]
    if not usable:
        raise OcrUnavailableError(
            f"no OCR language asked for is installed ({', '.join(missing)}); installed: "
            f"{', '.join(status.languages)}"
        )
    return "+".join(usable)


@dataclass(frozen=True)
class Recognised:
    """The text of each page, and how it was recognised."""

    pages: list[str]
    engine: str
    languages: str


def recognise(
    images: Iterable[Any], *, languages: str | None = None, page_count: int = 0
) -> Recognised:
    """The text of each page image (PIL images, `page_count` of them), recognised by
    Tesseract; each page done is told to the page listener (see listen_to_pages).

    Raises:
        OcrUnavailableError: Tesseract is not installed, or none of the languages asked.
    """
    status = ocr_status()
    if not status.available:
        raise OcrUnavailableError(f"this file needs OCR: {status.problem} {install_hint()}")
    import pytesseract

    # One thread per Tesseract: imports run one file per core already, and Tesseract's
    # OpenMP threads, left to themselves, spin against each other (a page took 10 s
    # instead of 1.5 s here).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if status.program:
        pytesseract.pytesseract.tesseract_cmd = status.program
    chosen = languages_to_try(status, languages)

    def read(image: Any) -> str:
        try:
            return str(pytesseract.image_to_string(_prepared(image), lang=chosen))
        except pytesseract.TesseractError as exc:
            raise ExtractionError(f"OCR failed: {exc.message or exc}") from None

    pages: list[str] = []

    def done(text: str) -> None:
        pages.append(text)
        if _page_listener is not None:
            _page_listener(len(pages), max(page_count, len(pages)))

    if _pages_at_once == 1:
        for image in images:
            done(read(image))
    else:
        # Pages in order, a few at a time: a page at 300 dpi is some 9 MB, and the images
        # are rendered as they are asked for.
        with ThreadPoolExecutor(_pages_at_once, thread_name_prefix="archivist-ocr") as pool:
            reading: deque[Future[str]] = deque()
            for image in images:
                if len(reading) >= _pages_at_once:
                    done(reading.popleft().result())
                reading.append(pool.submit(read, image))
            while reading:
                done(reading.popleft().result())
    return Recognised(pages, f"Tesseract {status.version}", chosen)


def _prepared(image: Any) -> Any:
    """A page as Tesseract reads it best: greyscale (a palette, alpha or CMYK image is
    converted first)."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return image.convert("L")


def join_pages(pages: Sequence[str]) -> str:
    """Recognised pages as one text, a blank line between pages."""
    return "\n\n".join(page.strip() for page in pages if page.strip())
