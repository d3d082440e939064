"""Converting text positions between Python (code points) and Qt (UTF-16 code units).

The core stores offsets as Python string indices; QTextCursor and QTextDocument count UTF-16
code units, so every character outside the Basic Multilingual Plane (an emoji, many CJK
extension ideographs) shifts Qt positions by one. Convert at the widget boundary only.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


def utf16_length(text: str) -> int:
    """How many UTF-16 code units `text` takes (what Qt counts)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class OffsetMap:
    """Maps positions in one text both ways; built once per text, O(log n) per lookup."""

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Code point index of each astral character, and its UTF-16 position.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral_qt = [i + k for k, i in enumerate(self._astral)]

    @property
    def utf16_length(self) -> int:
        return self._length + len(self._astral)

    def to_qt(self, index: int) -> int:
        """The UTF-16 position of code point index `index` (0 ≤ index ≤ len(text))."""
        index = max(0, min(index, self._length))
        return index + bisect_left(self._astral, index)

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """The code point index at UTF-16 position `position`.

        A position between the two halves of a surrogate pair (Qt never puts a cursor there,
        but a raw position can) rounds down to the character's start, or up past it.
        """
        position = max(0, min(position, self.utf16_length))
        # Astral characters that end at or before `position` each took one extra unit.
        before = bisect_right(self._astral_qt, position - 2)
        index = position - before
        k = bisect_left(self._astral_qt, position - 1)
        if k < len(self._astral_qt) and self._astral_qt[k] == position - 1:
            # Inside a pair: `index` points one past the character's start.
            return index if round_up else index - 1
        return index

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """A selection's span in code points; a half-selected pair is taken whole."""
        return self.from_qt(start), self.from_qt(end, round_up=True)
