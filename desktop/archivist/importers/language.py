"""Language identification of extracted text with py3langid's bundled (offline) model."""

from __future__ import annotations

import threading
from typing import Any

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
    """Load the model once per process (about half a second), on first use; None when it
    cannot be loaded (py3langid unpacks it through a temporary file, which fails on a full
    disk): the language then stays unknown instead of failing the import."""
    global _identifier, _unavailable
    if _identifier is None and not _unavailable:
        with _lock:
            if _identifier is None and not _unavailable:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                try:
                    _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                except OSError:
                    _unavailable = True
    return _identifier


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
