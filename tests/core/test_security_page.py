"""SECURITY.md states the hostile-input limits in numbers: they must be the code's."""

from __future__ import annotations

from pathlib import Path

import pytest

from archivist import bounded_json
from archivist.annotations import webannotation
from archivist.importers import docx, eml, html, pdf, pipeline, registry, sniff
from archivist.index import limits

PAGE = Path(__file__).resolve().parents[2] / "SECURITY.md"
MIB = 1024 * 1024


def _limits() -> list[str]:
    return [
        f"{pipeline.DEFAULT_MAX_BYTES // MIB} MiB by default",
        f"{registry.MAX_FILE_BYTES // MIB} MiB at most",
        f"{pipeline.ImportOptions().timeout_s:g} s",
        f"{pipeline.ImportOptions().memory_limit_mb // 1024} GiB of memory",
        f"{html.MAX_MARKUP_BYTES // MIB} MiB of markup",
        f"expands to {sniff.MAX_DECOMPRESSED_BYTES // MIB} MiB",
        f"expands to {docx.MAX_UNCOMPRESSED_BYTES // MIB} MiB",
        f"{docx.MAX_COMPRESSION_RATIO}:1 per part",
        f"{docx.MAX_PARTS:,} parts",
        f"{pdf.MAX_PAGES:,} pages, {pdf.MAX_SECONDS:g} s",
        f"nested {pdf.MAX_XOBJECT_DEPTH} deep",
        f"{eml._MAX_TEXT_PARTS} text parts, {eml._MAX_PART_BYTES // MIB} MiB per part",
        f"{bounded_json.MAX_BYTES // MIB} MiB, nesting {bounded_json.MAX_DEPTH} deep",
        "offsets 0 to 2³¹−1" if webannotation.MAX_OFFSET == 2**31 - 1 else "(changed)",
        f"fuzzy distance {limits.MAX_EDIT_DISTANCE}",
        f"{limits.MAX_FUZZY_EXPANSIONS} expansions per fuzzy term",
        f"{limits.MAX_EXPANSIONS:,} per wildcard",
        f"{limits.MAX_POSTINGS:,} postings",
        f"{limits.EXPANSION_SECONDS:g} s of expansion",
    ]


@pytest.mark.parametrize("stated", _limits())
def test_security_page_states_the_limit_the_code_applies(stated: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert stated in text, f"SECURITY.md does not say {stated!r}"
