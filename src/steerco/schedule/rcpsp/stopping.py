"""Relay a request to stop (Ctrl-C sets a `threading.Event`) to the CP-SAT solve running now."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Protocol

__all__ = ["StopRelay", "Stoppable"]

POLL_SECONDS = 0.05
"""How often the relay looks at the stop request."""


class Stoppable(Protocol):
    """A running search that can be asked to stop (`cp_model.CpSolver` is one)."""

    def stop_search(self) -> None:
        """End the search as soon as possible, keeping the best solution found."""


class StopRelay:
    """While open, stops the attached solver once `stop` is set; a no-op without `stop`.

    A search that solves many models one after another (the neighbourhood search)
    attaches each solver in turn; the relay stops the one attached when the request comes.

        with StopRelay(stop, solver) as relay:
            solver.solve(model)
    """

    def __init__(self, stop: threading.Event | None, solver: Stoppable | None = None) -> None:
        self._stop = stop
        self._solver = solver
        self._closed = threading.Event()

    def attach(self, solver: Stoppable) -> None:
        """Make `solver` the one to stop from now on."""
        self._solver = solver

    def __enter__(self) -> StopRelay:
        if self._stop is not None:
            threading.Thread(target=self._watch, args=(self._stop,), daemon=True).start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._closed.set()

    def _watch(self, stop: threading.Event) -> None:
        """Wait for `stop` (polling, so that closing ends the thread), then stop the solver."""
        while not self._closed.is_set():
            if stop.wait(POLL_SECONDS):
                if self._solver is not None:
                    self._solver.stop_search()
                return
