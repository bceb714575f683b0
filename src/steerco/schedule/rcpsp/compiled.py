"""The serial SGS of `kernel.sgs_batch`, list after list in code compiled by Numba.

For large plans the batched NumPy kernel spends its time in per-position array calls
(a 5,000-task list is 5,000 steps of a dozen calls each); compiled, one list is a plain
loop over its tasks: 0.6 ms for 5,000 tasks, against 18 ms a row in batches of 80.
Same arrays, same rules, same starts: the packed free capacity (rows, words, units)
with its guard bits, links as CSR by source (`Links.ptr`, `dst`, `out_off`), and a row
fails when a task cannot finish by `cap`: that task is placed at its earliest start
without resources and the rest of the row goes on, as in `sgs_batch`. One call runs a
chunk of lists (`CHUNK_TASKS`), since a call from Python costs about as much as a 60-task
pass.

Numba is imported, and the loop compiled, only when a search has spent long enough in the
NumPy kernel to pay for it (`COMPILE_AFTER`). Numba keeps the compiled code in its disk
cache (beside this module, or in the user's cache folder when that is read-only), as
Python keeps bytecode; without a writable folder it compiles in memory.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from steerco.types import IntArray

if TYPE_CHECKING:  # kernel.py imports this module
    from steerco.schedule.rcpsp.kernel import KernelData, Links

__all__ = ["CHUNK_TASKS", "COMPILE_AFTER", "LOAD_SECONDS", "LazyLoop", "jit", "loaded", "sgs_rows"]

COMPILE_AFTER = 0.5
"""Seconds of NumPy SGS passes after which a search loads the compiled loop.

Importing Numba and loading the cached loop cost about 0.5 s once per process. Measured
on the generated plans of `benchmarks/rcpsp_scale.py`, a 1,000-schedule heuristic run
(process start included) with the compiled loop from the first pass breaks even at about
130 tasks (200 tasks: 0.63 s against 0.88 s; 1,000: 0.77 s against 4.5 s); a search that
ends sooner never pays for the import.
"""


CHUNK_TASKS = 8192
"""Task placements per call of the compiled loop (a few milliseconds at most): the clock
and `halt` are checked between calls, each of which costs about as much as a 60-task pass."""


LOAD_SECONDS = 3.0
"""A search closer than this to its deadline does not switch: loading cannot be interrupted
(about 0.5 s from the disk cache, 2 to 3 s when the loop is compiled afresh)."""


def loaded() -> bool:
    """Whether this process has already loaded the compiled loop (then it costs nothing)."""
    return _SGS_ROWS.loaded()


def _sgs_rows(
    order: IntArray,
    est: IntArray,
    ptr: IntArray,
    dst: IntArray,
    off: IntArray,
    duration: IntArray,
    need: IntArray,
    guard: IntArray,
    free: IntArray,
    cap: int,
    start: IntArray,
    ok: NDArray[np.bool_],
    first: int,
    last: int,
) -> None:
    """Serial SGS of the activity lists `order[first:last]`, each on its `free` (words, units).

    In place: `est` holds each task's earliest start before any link and is raised as
    tasks are placed; `start` receives the starts and `ok` whether each row fitted by
    `cap`. Written for Numba's nopython mode; one call per chunk of rows, since a call
    from Python costs about as much as a 60-task pass.
    """
    words = guard.shape[0]
    for b in range(first, last):
        row_ok = True
        for p in range(order.shape[1]):
            j = order[b, p]
            d = duration[j]
            lo = est[b, j]
            t = lo
            placed = False
            while t + d <= cap:
                # Scan the window from its end: the last unit that does not fit gives the jump.
                bad = -1
                u = t + d - 1
                while u >= t:
                    for g in range(words):
                        if ((free[b, g, u] - need[j, g]) & guard[g]) != guard[g]:
                            bad = u
                            break
                    if bad >= 0:
                        break
                    u -= 1
                if bad < 0:
                    placed = True
                    break
                t = bad + 1
            if placed:
                for u in range(t, t + d):
                    for g in range(words):
                        free[b, g, u] -= need[j, g]
            else:
                row_ok = False
                t = lo
            start[b, j] = t
            for e in range(ptr[j], ptr[j + 1]):
                q = dst[e]
                reach = t + off[e]
                if reach > est[b, q]:
                    est[b, q] = reach
        ok[b] = row_ok


def jit(loop: Callable[..., None]) -> Callable[..., None] | None:
    """`loop` compiled by Numba (nopython, releasing the GIL), or None without Numba."""
    try:
        import numba
    except ImportError:  # pragma: no cover - a dependency; the NumPy kernel still works
        return None
    try:
        jitted: Callable[..., None] = numba.njit(cache=True, nogil=True)(loop)
    except RuntimeError:  # pragma: no cover - no writable cache folder: compile in memory
        jitted = numba.njit(nogil=True)(loop)
    return jitted


class LazyLoop:
    """A loop compiled by Numba (`jit`) once per process, when first asked for, by one thread."""

    def __init__(self, loop: Callable[..., None]) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._asked = False
        self._compiled: Callable[..., None] | None = None

    def get(self) -> Callable[..., None] | None:
        """The compiled loop (loading it the first time), or None without Numba."""
        with self._lock:
            if not self._asked:
                self._compiled = jit(self._loop)
                self._asked = True
            return self._compiled

    def loaded(self) -> bool:
        """Whether this process has the compiled loop already (asking for it costs nothing)."""
        return self._compiled is not None


_SGS_ROWS = LazyLoop(_sgs_rows)


def sgs_rows(
    data: KernelData,
    lists: IntArray,
    earliest: IntArray,
    links: Links,
    profile: IntArray,
    cap: int,
    stop_at: float | None = None,
    halt: threading.Event | None = None,
) -> tuple[IntArray, NDArray[np.bool_]] | None:
    """`sgs_batch`'s result for every row of `lists`, in chunks through the compiled loop.

    Takes `sgs_batch`'s arguments; `profile` (rows, words, units) is used up in place. The
    clock (`stop_at`) and `halt` are checked before each chunk of about `CHUNK_TASKS`
    placements (the NumPy kernel checks every 32 tasks): past them every row fails, as in
    `sgs_batch`. None when Numba cannot be loaded (the caller then runs the NumPy kernel).
    """
    kernel = _SGS_ROWS.get()
    if kernel is None:  # pragma: no cover - Numba is a dependency
        return None
    batch, n = lists.shape
    order = np.ascontiguousarray(lists, dtype=np.int64)
    est = np.array(np.broadcast_to(earliest, (batch, n)), dtype=np.int64, order="C")
    start = np.zeros((batch, n), dtype=np.int64)
    ok = np.ones(batch, dtype=bool)
    free = np.ascontiguousarray(profile)
    rows = max(1, CHUNK_TASKS // max(n, 1))
    for first in range(0, batch, rows):
        if (stop_at is not None and time.perf_counter() >= stop_at) or (
            halt is not None and halt.is_set()
        ):
            ok[:] = False
            break
        kernel(
            order,
            est,
            links.ptr,
            links.dst,
            links.out_off,
            data.duration,
            data.need,
            data.guard,
            free,
            cap,
            start,
            ok,
            first,
            min(first + rows, batch),
        )
    if free is not profile:
        profile[...] = free
    return start, ok
