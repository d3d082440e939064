"""Images of an original's pages for the reader (importers/page_images.py): a PDF's pages
rendered, a multi-page TIFF's frames, at the width asked; clear errors otherwise."""

from __future__ import annotations

import io

import pytest
from test_importers_pdf import make_pdf

from archivist.errors import CorruptDocumentError, NotFoundError
from archivist.importers.page_images import render_page

PIL = pytest.importorskip("PIL")
from PIL import Image  # noqa: E402


def _size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.size


def test_a_pdf_page_is_rendered_at_the_width_asked() -> None:
    data = make_pdf([["First page."], ["Second page."]])
    width, height = _size(render_page(data, "pdf", 2, width=612))
    assert width == 612 and height == 792  # (US Letter, as make_pdf draws it)
    with pytest.raises(NotFoundError, match="no page 3 \\(it has 2\\)"):
        render_page(data, "pdf", 3)
    with pytest.raises(CorruptDocumentError):
        render_page(b"%PDF-1.4 broken", "pdf", 1)


def test_each_frame_of_a_tiff_is_a_page() -> None:
    frames = [Image.new("L", (400, 200), shade) for shade in (0, 255)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    data = out.getvalue()
    first = render_page(data, "image", 1, width=800)
    second = render_page(data, "image", 2, width=800)
    assert _size(first) == _size(second) == (800, 400)
    with Image.open(io.BytesIO(first)) as image:
        assert image.getpixel((10, 10)) == (0, 0, 0)
    with Image.open(io.BytesIO(second)) as image:
        assert image.getpixel((10, 10)) == (255, 255, 255)
    with pytest.raises(NotFoundError, match="no page 3"):
        render_page(data, "image", 3)
    with pytest.raises(CorruptDocumentError):
        render_page(b"not an image", "image", 1)


def test_widths_are_bounded_and_other_formats_have_no_pages() -> None:
    data = make_pdf([["A page."]])
    assert _size(render_page(data, "pdf", 1, width=10))[0] == 200
    assert _size(render_page(data, "pdf", 1, width=10**6))[0] == 3000
    with pytest.raises(NotFoundError, match="a html original has no pages"):
        render_page(b"<html></html>", "html", 1)
