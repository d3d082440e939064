"""Images of the pages of a stored original (a PDF, a scan, a photograph), for the reader to
show beside the text that was extracted or recognised from them."""

from __future__ import annotations

import io
from typing import Any

from archivist.errors import CorruptDocumentError, NotFoundError

#: The formats whose originals have pages to show.
PAGED_FORMATS = frozenset({"pdf", "image"})
#: Bounds of a rendered page's width in pixels (the reader asks for its own width).
MIN_WIDTH, MAX_WIDTH = 200, 3000


def render_page(data: bytes, fmt: str, number: int, *, width: int = 1000) -> bytes:
    """Page `number` (1 for the first) of an original, as a PNG `width` pixels wide.

    Raises:
        NotFoundError: the original has no such page, or its format has no pages.
        CorruptDocumentError: the original cannot be read.
        FileTooLargeError: an image with more pixels than an import reads.
    """
    if fmt not in PAGED_FORMATS:
        raise NotFoundError(f"a {fmt} original has no pages to show")
    width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    image = _pdf_page(data, number, width) if fmt == "pdf" else _image_page(data, number, width)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _pdf_page(data: bytes, number: int, width: int) -> Any:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CorruptDocumentError(f"could not read this PDF: {exc}") from None
    try:
        if not 1 <= number <= len(document):
            raise NotFoundError(f"this PDF has no page {number} (it has {len(document)})")
        page = document[number - 1]
        try:
            return page.render(scale=width / page.get_width()).to_pil()
        finally:
            page.close()
    finally:
        document.close()


def _image_page(data: bytes, number: int, width: int) -> Any:
    from PIL import Image

    from archivist.importers.image import opened_image  # (the reader loads this module)

    with opened_image(data, purpose="show") as image:
        try:
            image.seek(number - 1)
        except EOFError:
            raise NotFoundError(f"this image has no page {number}") from None
        page = image.convert("RGB")
    if page.width != width:
        height = max(1, round(page.height * width / page.width))
        page = page.resize((width, height), Image.Resampling.LANCZOS)
    return page
