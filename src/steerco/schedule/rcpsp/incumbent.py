"""The best schedule of a portfolio of searches, shared between their threads."""

from __future__ import annotations

import threading

import numpy as np

from steerco.types import IntArray

__all__ = ["Incumbent"]


class Incumbent:
    """The shortest schedule any search of a portfolio has found so far, behind a lock.

    Each search offers what it finds and, between its own steps, takes up a shorter
    schedule found by another: the genetic search and the neighbourhood search of a large
    plan feed each other this way.
    """

    def __init__(self, start: IntArray, makespan: int) -> None:
        self._lock = threading.Lock()
        self._start = np.array(start, dtype=np.int64)
        self._makespan = makespan

    @property
    def makespan(self) -> int:
        """The makespan of the best schedule offered so far."""
        with self._lock:
            return self._makespan

    def offer(self, start: IntArray, makespan: int) -> bool:
        """Keep `start` if it is shorter than the best so far; True when it was kept."""
        with self._lock:
            if makespan >= self._makespan:
                return False
            self._start = np.array(start, dtype=np.int64)
            self._makespan = makespan
            return True

    def shorter_than(self, makespan: int) -> tuple[IntArray, int] | None:
        """A copy of the best schedule and its makespan when it is shorter than `makespan`."""
        with self._lock:
            if self._makespan >= makespan:
                return None
            return self._start.copy(), self._makespan
