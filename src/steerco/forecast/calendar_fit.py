"""The least start at which a task fits on task calendars, iteration by iteration, compiled.

`calendar_levelling` looks for each task's start in every iteration of a block at once:
all its candidate starts (its earliest start from its links, the ends of the bookings
still running on its resources, the ends of their leave) against every booking, in NumPy
arrays of candidates x bookings x iterations. On a plan of a few hundred tasks with
people on leave, most of that work is wasted: in most iterations the task fits at one of
its first candidates. This loop, compiled by Numba, takes each iteration's candidates in
rising order and stops at the first that fits, with the same calendar arithmetic
(`TaskCalendars.snap` and `finish`, as plain scalar code) and the same rules, so the starts
are the same. A candidate that fails also tells which later ones cannot fit (those
before the end of what holds it, or before a crowded start their span reaches), and those
are skipped without a check.

Numba is loaded as the scheduler loads its compiled loops (`steerco.schedule.rcpsp.compiled`):
by `calendar_levelling` only when a block is large enough to pay for it
(`calendar_levelling.COMPILE_WORK`), or when the process already has it.
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.rcpsp.compiled import jit
from steerco.schedule.worktime import TaskCalendars

__all__ = ["FitTables", "compiled_fit", "fit_loaded"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class FitTables:
    """One calendar's tables, as the compiled loop reads them (`TaskCalendars`' arrays)."""

    def __init__(self, cal: TaskCalendars, c: int) -> None:
        self.count = np.ascontiguousarray(cal.count[c])
        self.works = np.ascontiguousarray(cal.works[c])
        self.pos = np.ascontiguousarray(cal.pos[c])
        self.total = int(cal.total[c])
        self.length = cal.length


def _least_fits(
    count: IntArray,
    works: NDArray[np.bool_],
    pos: IntArray,
    total: int,
    length: int,
    t0: FloatArray,
    d: FloatArray,
    start: FloatArray,
    end: FloatArray,
    load: FloatArray,
    units: FloatArray,
    group: IntArray,
    room: FloatArray,
    leave_ends: FloatArray,
    spell_ptr: IntArray,
    spell_start: FloatArray,
    spell_end: FloatArray,
    stopped: bool,
    best: FloatArray,
) -> None:
    """For each iteration b, the least snapped candidate start that fits, into best[b].

    The calendar's tables (`count`, `works`, `pos`, `total`, `length`) are one row of
    `TaskCalendars`'. Rows (start, end, load: iterations x rows) are the bookings still
    running on the task's resources, `group` the resource (0 to m - 1) each belongs to,
    `room[g]` what resource g may hold before the task's units (plus a tolerance).
    `leave_ends`: the ends of the resources' whole leave, sorted; `spell_*`: each resource's
    merged leave (CSR by resource), which stops the task when `stopped`. Inf where no
    candidate fits. Snap and finish are `TaskCalendars.snap` and `finish`, written out.
    Units are whole numbers (`rcpsp_problem` scales them), so loads add up exactly in any
    order, as in `Booked.room`.
    """
    size, rows = start.shape
    groups = room.size
    width = pos.size
    acc = np.zeros(groups)
    cand = np.empty(1 + rows)
    for b in range(size):
        first = t0[b]
        n = 1
        cand[0] = first
        for r in range(rows):
            if end[b, r] > first:
                cand[n] = end[b, r]
                n += 1
        cand[:n].sort()
        # Two rising streams of candidates, merged: the bookings' ends and the leave's.
        i = 0
        li = np.searchsorted(leave_ends, first, side="right")
        found = np.inf
        # What a failed candidate tells about later ones (t rises, stop mostly does):
        # no start below `hold` fits; a start below `edge` fails if `edge` < its own stop
        # (stop need not rise with t in floating point, so that is tested again).
        hold = -np.inf
        edge = -np.inf
        db = d[b]
        while i < n or li < leave_ends.size:
            if li >= leave_ends.size or (i < n and cand[i] <= leave_ends[li]):
                x = cand[i]
                i += 1
            else:
                x = leave_ends[li]
                li += 1
            t = x
            stop = x
            # Two passes of the same arithmetic: t = snap(x), the start of work W(x) (x
            # itself when x is worked), then stop = t + (F(t, d) - t), where work W(t) + d
            # is reached. W(t) is computed again from t, as TaskCalendars does.
            for finish in range(2 if db > 0 else 0):
                point = x if finish == 0 else t
                whole = math.floor(point)
                unit = int(whole)
                if unit < 0:
                    before = float(unit)
                elif unit > length:
                    before = float(total + (unit - length))
                else:
                    before = float(count[unit])
                at_work = unit < 0 or unit >= length or works[unit]
                w = before + ((point - whole) if at_work else 0.0)
                if finish:
                    w = w + db
                    k = math.ceil(w) - 1.0
                else:
                    k = math.floor(w)
                ki = int(k)
                if ki < 0:
                    at = float(ki)
                elif ki >= width:
                    at = float(length + (ki - total))
                else:
                    at = float(pos[ki])
                if finish:
                    stop = t + ((at + (w - k)) - t)
                else:
                    t = max(x, at + (w - k))
            if t < hold or (t < edge and edge < stop):
                continue
            ok = True
            if stopped:  # the cheaper test first: a binary search per resource
                for g in range(groups):
                    lo, hi = spell_ptr[g], spell_ptr[g + 1]
                    if hi == lo:
                        continue
                    # The first spell ending after t is the only one that can meet [t, stop).
                    k2 = lo + np.searchsorted(spell_end[lo:hi], t, side="right")
                    after = spell_start[k2] if k2 < hi else np.inf
                    if not (after >= stop and after > t):
                        # A spell holding t holds every start until its end; one starting
                        # inside the span stops every start before it whose span reaches it.
                        if after <= t:
                            hold = spell_end[k2]
                        else:
                            edge = after
                        ok = False
                        break
            if ok:
                acc[:] = 0.0
                for r in range(rows):
                    s = start[b, r]
                    if s <= t and t < end[b, r]:
                        acc[group[r]] += units[r]
                    elif t < s and s < stop and load[b, r] > room[group[r]]:
                        edge = s  # a start before s whose span reaches s meets it too
                        ok = False
                        break
                if ok:
                    for g in range(groups):
                        if acc[g] > room[g]:
                            # Until the first of the bookings over t on g ends, they hold t.
                            hold = np.inf
                            for r in range(rows):
                                if group[r] == g and start[b, r] <= t and t < end[b, r]:
                                    hold = min(hold, end[b, r])
                            ok = False
                            break
            if ok:
                found = t
                break
        best[b] = found


_LOADING = threading.Lock()


@functools.cache
def _load() -> Callable[..., None] | None:
    """`_least_fits` compiled by Numba, or None without Numba."""
    return jit(_least_fits)


def fit_loaded() -> bool:
    """Whether this process has already compiled (or loaded) the loop."""
    return _load.cache_info().currsize > 0 and _load() is not None


def compiled_fit() -> Callable[..., None] | None:
    """The compiled loop, loaded once per process whichever thread asks first."""
    with _LOADING:
        return _load()
