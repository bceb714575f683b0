"""A small, thread-safe cache of the values used last: what an in-process cache of a server needs.

Revisions never change once written, so what is derived from one (its parsed data, its
rows, its entry positions) can be kept by the text's SHA-256 and reused by the next
request; only the last few are kept, the least recently used dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar, overload

__all__ = ["Recent"]

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D")


class Recent(Generic[K, V]):
    """The values of the last `size` keys put or got, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a cache keeps at least one value, not {size}")
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    @overload
    def get(self, key: K) -> V | None: ...

    @overload
    def get(self, key: K, default: D) -> V | D: ...

    def get(self, key: K, default: object = None) -> object:
        """The value kept for `key` (now the most recently used), else `default`."""
        with self._lock:
            if key not in self._values:
                return default
            self._values.move_to_end(key)
            return self._values[key]

    def put(self, key: K, value: V) -> None:
        """Keep `value` for `key` as the most recently used; drop the oldest beyond `size`."""
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def discard(self, key: K) -> None:
        """Forget the value kept for `key`, if any."""
        with self._lock:
            self._values.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)
