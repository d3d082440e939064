"""Photographs and scans of pages (PNG, JPEG, TIFF with every one of its pages): their text
by OCR (importers/ocr.py), recorded as recognised, with which engine and languages."""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator
from typing import Any

from archivist.errors import CorruptDocumentError, EmptyDocumentError, FileTooLargeError
from archivist.importers import ocr
from archivist.importers.base import ExtractedDocument
from archivist.importers.language import detect_language
from archivist.text import derive_title, normalise_field

#: An image larger than this (in pixels: about 16,000 × 12,000) is refused: a page scanned at
#: 600 dpi is 35 million.
MAX_PIXELS = 200_000_000
#: Pages of one multi-page TIFF read at most.
MAX_PAGES = 500


def extract(data: bytes, filename: str) -> list[ExtractedDocument]:
    """The recognised text of an image's pages, as one document.

    Raises:
        OcrUnavailableError: Tesseract is not installed (the message says what to install).
        CorruptDocumentError: not a readable image. FileTooLargeError: too many pixels or
            pages. EmptyDocumentError: no text recognised.
    """
    pages = page_images(data)
    recognised = ocr.recognise(pages, page_count=len(pages))
    return [ocr_document(recognised, len(pages))]


def page_images(data: bytes) -> list[Any]:
    """Each page (frame) of an image file, loaded."""
    from PIL import ImageSequence

    pages = []
    with opened_image(data, purpose="recognise") as image:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if number > MAX_PAGES:
                raise FileTooLargeError(f"this image has more than {MAX_PAGES} pages")
            pages.append(frame.copy())
    return pages


@contextlib.contextmanager
def opened_image(data: bytes, *, purpose: str) -> Iterator[Any]:
    """An image file opened by Pillow, read within the block under the bounds of a page
    image: more than MAX_PIXELS is refused (too large to `purpose`), an unreadable file is
    corrupt.

    Raises:
        FileTooLargeError: too many pixels. CorruptDocumentError: not a readable image.
    """
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FileTooLargeError(
            f"this image has more than {MAX_PIXELS:,} pixels: too large to {purpose}"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptDocumentError(f"could not read this image: {exc}") from None


def ocr_document(recognised: ocr.Recognised, page_count: int) -> ExtractedDocument:
    """A document of recognised pages, saying how they were recognised.

    Raises:
        EmptyDocumentError: no page held any text.
    """
    text = ocr.join_pages(recognised.pages)
    if not text.strip():
        raise EmptyDocumentError(
            f"no text was recognised on {page_count} page(s) ({recognised.languages})"
        )
    return ExtractedDocument(
        text=text,
        title=normalise_field(derive_title(text)),
        language=detect_language(text),
        ocr={"engine": recognised.engine, "languages": recognised.languages,
             "pages": page_count},
        pages=list(recognised.pages),
    )  # fmt: skip
