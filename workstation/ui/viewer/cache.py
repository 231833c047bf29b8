"""A bounded least-recently-used cache of rendered pages, bounded by bytes."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable


class ByteLRU:
    """Values with a size in bytes; the least recently used go first when over budget.

    Keys are ``(page_index, variant)`` tuples so that :meth:`any_for_page` can find some
    rendering of a page (e.g. at the previous zoom) to show scaled while the right one renders.
    The newest entry is always kept, even if it alone exceeds the budget.
    """

    def __init__(self, max_bytes: int, on_evict: Callable[[Hashable], None] | None = None):
        self.max_bytes = int(max_bytes)
        self.on_evict = on_evict
        self.bytes = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._by_page: dict[int, set[Hashable]] = {}

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def get(self, key: Hashable) -> Any | None:
        hit = self._items.get(key)
        if hit is None:
            return None
        self._items.move_to_end(key)
        return hit[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        self.discard(key)
        self._items[key] = (value, int(size))
        self.bytes += int(size)
        self._by_page.setdefault(key[0], set()).add(key)
        while self.bytes > self.max_bytes and len(self._items) > 1:
            old = next(iter(self._items))
            self.discard(old)
            if self.on_evict is not None:
                self.on_evict(old)

    def discard(self, key: Hashable) -> None:
        hit = self._items.pop(key, None)
        if hit is None:
            return
        self.bytes -= hit[1]
        keys = self._by_page.get(key[0])
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self._by_page[key[0]]

    def any_for_page(self, page: int, prefer: float | None = None) -> tuple[Hashable, Any] | None:
        """Some cached rendering of ``page`` (without touching its recency); with ``prefer``,
        the one whose variant (a zoom key) is closest to it."""
        keys = self._by_page.get(page)
        if not keys:
            return None
        if prefer is None:
            key = next(iter(keys))
        else:
            key = min(keys, key=lambda k: abs(k[1] - prefer))
        return key, self._items[key][0]

    def clear(self) -> None:
        self._items.clear()
        self._by_page.clear()
        self.bytes = 0
