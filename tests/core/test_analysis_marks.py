"""The combining marks written out for the index's tokenizer (index/combining_marks.py) are
those this Python's Unicode database says, and the tokenizer keeps them inside words."""

from __future__ import annotations

import itertools
import unicodedata

import pytest

from archivist.index import analysis
from archivist.index.combining_marks import MARK_RANGES


def test_the_written_out_marks_are_this_unicode_versions() -> None:
    if unicodedata.unidata_version not in MARK_RANGES:
        pytest.skip(f"no table for Unicode {unicodedata.unidata_version}: worked out instead")
    assert MARK_RANGES[unicodedata.unidata_version] == analysis.combining_mark_ranges()


def test_every_table_is_ordered_and_disjoint() -> None:
    for version, ranges in MARK_RANGES.items():
        assert all(first <= last for first, last in ranges), version
        assert all(a[1] < b[0] for a, b in itertools.pairwise(ranges)), version


def test_marks_stay_inside_words() -> None:
    # Devanagari vowel signs and Hebrew points are marks: one word each, not pieces.
    assert analysis._WORDS_ONLY.fullmatch("हिन्दी")
    assert analysis._WORDS_ONLY.fullmatch("שָׁלוֹם")
