"""Language identification of extracted text with py3langid's bundled (offline) model."""

from __future__ import annotations

import logging
import os
import threading
from array import array
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from archivist.paths import cache_dir

log = logging.getLogger(__name__)

# langid reads UTF-8 byte n-grams; 1,500 characters (a few paragraphs) decide as well as a
# whole book does, and bound the cost: this runs for every imported document.
_PREFIX_CHARS = 1500
# Below this many letters the guess is noise ("OK", a date, a URL).
_MIN_LETTERS = 20
# Normalised probability under which we prefer to say "unknown" over a wrong label.
_MIN_CONFIDENCE = 0.3

_identifier: Any = None
_unavailable = False
_lock = threading.Lock()


def _get_identifier() -> Any:
    """Load the model once per process, on first use (0.1 s from its unpacked copy, half a
    second without); None when it cannot be loaded (py3langid unpacks it through a
    temporary file, which fails on a full disk): the language then stays unknown instead of
    failing the import."""
    global _identifier, _unavailable
    if _identifier is None and not _unavailable:
        with _lock:
            if _identifier is None and not _unavailable:
                try:
                    _identifier = _load_identifier()
                except OSError:
                    _unavailable = True
    return _identifier


def _load_identifier() -> Any:
    """py3langid's model, from an uncompressed copy in the cache folder when there is one:
    the bundled model is xz-compressed, and unpacking it took half a second in every
    process that imports (on the critical path of a one-file import); the copy loads in a
    twentieth of that. The copy holds plain arrays (no pickle) named by the model file's
    version, size and time; any trouble with it falls back to the bundled model."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    stat = model.stat()
    cached = cache_dir() / f"langid-{_version()}-{stat.st_size}-{stat.st_mtime_ns}.npz"
    try:
        with np.load(cached, allow_pickle=False) as arrays:
            nextmove, row = array("I"), array("H")
            nextmove.frombytes(memoryview(arrays["tk_nextmove"]).cast("B"))
            row.frombytes(memoryview(arrays["tk_row"]).cast("B"))
            return LanguageIdentifier(
                arrays["nb_ptc"],
                arrays["nb_pc"],
                arrays["nb_classes"].tolist(),
                nextmove,
                arrays["tk_output"].tolist(),
                norm_probs=True,
                tk_row=row,
            )
    except FileNotFoundError:
        pass  # (the first time: the copy is written below)
    except Exception as exc:  # a partial or foreign copy: the bundled model instead
        log.warning(
            "the language model's copy %s is unusable (%s); unpacking it again", cached, exc
        )
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        _write_copy(identifier, cached)
    except Exception as exc:  # (no copy: the next process unpacks the model again)
        log.info("cannot keep an unpacked copy of the language model in %s: %s", cached, exc)
    return identifier


def _write_copy(identifier: Any, path: Path) -> None:
    """Save the model's arrays uncompressed (atomically: written aside, then renamed), and
    remove the copies of other versions."""
    if identifier.tk_nextmove.typecode != "I" or identifier.tk_row.typecode != "H":
        return  # (another layout than the one rebuilt above: no copy)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
    np.savez(
        partial,
        nb_ptc=identifier.nb_ptc,
        nb_pc=identifier.nb_pc,
        nb_classes=np.array(identifier.nb_classes),
        tk_nextmove=np.frombuffer(identifier.tk_nextmove, dtype=np.uint32),
        tk_output=np.array(identifier.tk_output, dtype=np.int64),
        tk_row=np.frombuffer(identifier.tk_row, dtype=np.uint16),
    )
    os.replace(partial, path)
    for old in path.parent.glob("langid-*.npz"):
        if old != path:
            old.unlink(missing_ok=True)


def _version() -> str:
    try:
        return metadata.version("py3langid")
    except metadata.PackageNotFoundError:
        return "unknown"


def _has_enough_letters(text: str) -> bool:
    """At least _MIN_LETTERS letters; stops counting as soon as that many are seen."""
    count = 0
    for char in text:
        if char.isalpha():
            count += 1
            if count >= _MIN_LETTERS:
                return True
    return False


def detect_language_with_confidence(text: str) -> tuple[str | None, float]:
    """The ISO 639-1 code of the text's language and the model's confidence (0..1).

    Returns (None, 0.0) when the text is too short to tell.
    """
    prefix = text[:_PREFIX_CHARS]
    if not _has_enough_letters(prefix):
        return None, 0.0
    identifier = _get_identifier()
    if identifier is None:
        return None, 0.0
    code, confidence = identifier.classify(prefix)
    return str(code), float(confidence)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language ("en", "ru", "zh"...), or None if unsure.

    Only a bounded prefix of the text is looked at, so this is cheap for long documents.
    """
    code, confidence = detect_language_with_confidence(text)
    if code is None or confidence < _MIN_CONFIDENCE:
        return None
    return code


def primary_subtag(tag: str | None) -> str | None:
    """ "en-US" / "pt_BR" / " FR " -> "en" / "pt" / "fr"; None for empty or odd values."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if 2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha():
        return primary
    return None
