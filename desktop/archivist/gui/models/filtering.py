"""Changing a proxy model's filter the way the running Qt version prefers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel


def change_filter(proxy: QSortFilterProxyModel, apply: Callable[[], None]) -> None:
    """Run `apply` (which changes the proxy's criteria) and refilter.

    Qt 6.9 added begin/endFilterChange and deprecated invalidateFilter; older 6.x lack them.
    """
    begin = getattr(proxy, "beginFilterChange", None)
    if begin is None:
        apply()
        proxy.invalidateFilter()
        return
    begin()
    apply()
    proxy.endFilterChange()
