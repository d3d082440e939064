"""The index's least-recently-used cache: bounded by size, recently used kept longest."""

from __future__ import annotations

from archivist.index.lru import LruCache


def test_the_least_recently_used_go_first_once_the_budget_is_spent() -> None:
    cache: LruCache[str] = LruCache(10, size_of=len)
    cache.put("a", "aaaa")
    cache.put("b", "bbbb")
    assert cache.get("a") == "aaaa"  # now the most recently used
    cache.put("c", "cccc")  # 12 > 10: "b" goes
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c"), cache.size, len(cache)) == ("aaaa", "cccc", 8, 2)
    assert cache.put("big", "x" * 11) == "x" * 11  # larger than the budget: not kept
    assert cache.get("big") is None and len(cache) == 2
    cache.clear()
    assert (len(cache), cache.size) == (0, 0)


def test_the_first_value_kept_under_a_key_is_the_one_shared() -> None:
    cache: LruCache[list[int]] = LruCache(3)
    first = cache.put("k", [1])
    assert cache.put("k", [2]) is first
    for key in "xyz":  # counted one each by default
        cache.put(key, [0])
    assert cache.get("k") is None and len(cache) == 3
