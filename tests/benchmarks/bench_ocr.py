"""OCR's cost: seconds per page for page images made here (whole A4 pages of English and
Russian text rendered with Pillow at 300 dpi), read as a PNG, a scanned PDF and a multi-page TIFF through the same
extraction an import runs, with the languages installed; a scan's pages one at a time, and
as many at once as there are cores (as an import of one scan reads them).

    python tests/benchmarks/bench_ocr.py [--pages 4]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from test_ocr import ENGLISH, RUSSIAN, page

from archivist.importers import ocr
from archivist.importers.registry import extract_document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    status = ocr.ocr_status()
    if not status.available:
        print(status.describe())
        return 1
    print(f"{status.describe()}; languages tried: {ocr.languages_to_try(status)}")
    # Whole A4 pages of text (36 lines, some 250 words), English and Russian in turn.
    pages = [
        page((ENGLISH if n % 2 == 0 else RUSSIAN) * 18, height=3508) for n in range(args.pages)
    ]
    files = {}
    for fmt, name in (("PNG", "page.png"), ("PDF", "scan.pdf"), ("TIFF", "scan.tif")):
        out = io.BytesIO()
        pages = [image.copy() for image in pages]  # (a save leaves its options on the images)
        if fmt == "PNG":
            pages[0].save(out, fmt)
        else:
            extra = {"resolution": 300} if fmt == "PDF" else {}
            pages[0].save(out, fmt, save_all=True, append_images=pages[1:], **extra)
        files[name] = out.getvalue()
    cores = os.cpu_count() or 1
    for name, data in files.items():
        count = 1 if name.endswith(".png") else args.pages
        for at_once in sorted({1, cores}) if count > 1 else [1]:
            started = time.perf_counter()
            with ocr.pages_at_once(at_once):
                _fmt, (doc,) = extract_document(data, name)
            seconds = time.perf_counter() - started
            print(
                f"  {name:9} {count} page(s), {at_once} at once: {seconds:6.2f} s, "
                f"{seconds / count:5.2f} s a page ({len(doc.text.split())} words)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
