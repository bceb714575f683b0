"""The least start at which a task fits, iteration by iteration, in a loop compiled by Numba.

The forecast's levelling steps (`levelling.serial_levelling`, and `calendar_levelling` on
task calendars) look for each task's start in every iteration of a block at once: all
its candidate starts (its earliest start from its links, the ends of the bookings still
running on its resources, on calendars the ends of their leave) against every running
booking, in NumPy arrays of candidates x bookings x iterations. Where a resource has many
bookings running (a small team with a long backlog, people on leave), most of that work
is wasted: in most iterations the task fits at one of its first candidates. This loop
takes each iteration's candidates in rising order and stops at the first that fits, with
the same rules and, on calendars, the same arithmetic (`TaskCalendars.snap` and
`finish`, as plain scalar code), so the starts are the same. A candidate that fails also
tells which later ones cannot fit (those before the end of what holds it, or before a
crowded start their span reaches), and those are skipped without a check.

Numba is loaded as the scheduler loads its compiled loops (`steerco.schedule.rcpsp.compiled`):
only where the work pays for it (`calendar_levelling.COMPILE_WORK`,
`levelling.COMPILE_CELLS`), or when the process already has it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.rcpsp.compiled import LazyLoop
from steerco.schedule.worktime import TaskCalendars

if TYPE_CHECKING:  # levelling.py imports this module
    from steerco.forecast.levelling import Booked

__all__ = ["FitTables", "Live", "compiled_fit", "fit_loaded", "least_fit"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
_NO_CALENDAR = (np.zeros(1, dtype=np.int64), np.zeros(1, dtype=bool), np.zeros(1, dtype=np.int64))

Live = list[tuple["Booked", float, IntArray, tuple[FloatArray, FloatArray]]]
"""Per resource a task needs: its bookings, the units, the rows still running, its leave."""


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
    plain: bool,
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
    `TaskCalendars`'; `plain`: no calendar (a task asked to start at x starts there and
    ends at x + d), the tables unused. Rows (start, end, load: iterations x rows) are
    the bookings still running on the task's resources, `group` the resource (0 to
    m - 1) each belongs to, `room[g]` what resource g may hold before the task's units
    (plus a tolerance). `leave_ends`: the ends of the resources' whole leave, sorted;
    `spell_*`: each resource's merged leave (CSR by resource), which stops the task when
    `stopped`. Inf where no candidate fits. Snap and finish are `TaskCalendars.snap` and
    `finish`, written out. Units are whole numbers (`rcpsp_problem` scales them), so
    loads add up exactly in any order, as in `Booked.room`.
    """
    size, rows = start.shape
    groups = room.size
    width = pos.size
    acc = np.zeros(groups)
    # As in NumPy's step, a resource with no running booking is not checked at all (even
    # for more units than its capacity, which the plan's checks refuse before this).
    booked = np.zeros(groups, dtype=np.bool_)
    for r in range(rows):
        booked[group[r]] = True
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
            if plain:
                stop = x + db
            for finish in range(2 if db > 0 and not plain else 0):
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
                        if booked[g] and acc[g] > room[g]:
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


_LEAST_FITS = LazyLoop(_least_fits)


def fit_loaded() -> bool:
    """Whether this process has already compiled (or loaded) the loop."""
    return _LEAST_FITS.loaded()


def compiled_fit() -> Callable[..., None] | None:
    """The compiled loop, loaded once per process whichever thread asks first."""
    return _LEAST_FITS.get()


def least_fit(
    kernel: Callable[..., None],
    tables: FitTables | None,
    t0: FloatArray,
    d: FloatArray,
    live: Live,
    gone: FloatArray,
    stopped: bool,
) -> FloatArray:
    """Each iteration's least start at which a task fits, by the compiled loop (inf: none).

    `tables`: the task's calendar, None in plain time; `live`: per resource it needs (at
    least one), its bookings, units, running rows and merged leave (empty in plain time,
    where leave is booked); `gone`: the ends of that leave after the least t0, sorted;
    `stopped`: leave stops the task (it cannot pause over it).
    """
    # One iteration's bookings side by side in memory (iterations x rows): the loop reads
    # them an iteration at a time.
    start = np.concatenate([own.start[at] for own, _, at, _ in live]).T.copy()
    end = np.concatenate([own.end[at] for own, _, at, _ in live]).T.copy()
    load = np.concatenate([own.load[at] for own, _, at, _ in live]).T.copy()
    units = np.concatenate([own.units[at] for own, _, at, _ in live])
    group = np.repeat(np.arange(len(live)), [at.size for _, _, at, _ in live])
    room = np.array([own.limit(needed) for own, needed, _, _ in live])
    ptr = np.zeros(len(live) + 1, dtype=np.int64)
    np.cumsum([lo.size for _, _, _, (lo, _) in live], out=ptr[1:])
    count, works, pos = _NO_CALENDAR if tables is None else (tables.count, tables.works, tables.pos)
    best = np.empty(t0.size)
    kernel(
        count,
        works,
        pos,
        0 if tables is None else tables.total,
        0 if tables is None else tables.length,
        tables is None,
        np.ascontiguousarray(t0),
        np.ascontiguousarray(d),
        start,
        end,
        load,
        units,
        group,
        room,
        np.ascontiguousarray(gone),
        ptr,
        np.concatenate([lo for _, _, _, (lo, _) in live]),
        np.concatenate([hi for _, _, _, (_, hi) in live]),
        stopped,
        best,
    )
    return best
