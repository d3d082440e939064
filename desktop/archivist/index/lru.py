"""A least-recently-used cache bounded by a total size, safe to share between threads: the
index's caches of what never changes in a segment (decoded postings, wildcard and fuzzy
expansions, article ids)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LruCache(Generic[V]):
    """Values by key, the least recently used dropped once their sizes (`size_of`, one
    each by default) add up to more than `budget`."""

    def __init__(self, budget: int, size_of: Callable[[V], int] = lambda _value: 1) -> None:
        self.budget = budget
        self.size = 0
        self._size_of = size_of
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> V:
        """Keep `value` under `key` and return it; when another thread kept one meanwhile,
        return that one instead (callers then share it). A value larger than the whole
        budget is returned without being kept."""
        size = self._size_of(value)
        if size > self.budget:
            return value
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                return kept
            self._entries[key] = value
            self.size += size
            while self.size > self.budget:
                _, dropped = self._entries.popitem(last=False)
                self.size -= self._size_of(dropped)
            return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0
