"""The calendar SGS of `calendar_sgs`, list after list in code compiled by Numba.

In Python a serial pass on task calendars makes array calls for every link (its lag
shifted on a calendar) and every task (its candidate starts): about 3 ms a list of 30
tasks, so a heuristic run of 1,000 lists took seconds on a plan with leave or part-timers.
Compiled, a pass is a plain loop over the list. Same tables, same rules, same starts:
each task at the first start its calendar allows whose whole span has room, links bound
starts (or finishes) as `calendar_sgs._earliest` computes them, and a row fails at the
first task with no room before the horizon.

A link's lag on a calendar and the earliest start that meets a bound on a task's finish
are read from tables made once per search (`pack`) by `TaskCalendars` itself, so the
compiled loop does no calendar arithmetic of its own. A row that reaches past those
tables (a milestone placed beyond the last finish the tables cover) is marked for the
Python pass, which gives it its starts.

Numba is imported, and the loop compiled, only when the passes left would take longer in
Python than loading it (`Search`, `COMPILE_AFTER`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.network import link_flags
from steerco.schedule.rcpsp.calendar_sgs import CalendarTables
from steerco.schedule.rcpsp.compiled import LazyLoop
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import FloatArray, IntArray

__all__ = ["MAX_TABLE_CELLS", "CalendarKernel", "calendar_rows", "loaded", "pack"]

MAX_TABLE_CELLS = 20_000_000
"""Cells of the shift and finish-bound tables past which a plan keeps the Python pass (160 MB)."""

FITS, FAILS, REDO = 0, 1, 2
"""A row's outcome in the compiled loop: it fits, it fails, or the Python pass must redo it."""


@dataclass(frozen=True)
class CalendarKernel:
    """A calendar problem as the compiled loop reads it (see `pack`).

    Per task: duration, release, demand and its rows in the `finish` and `allowed`
    tables (`CalendarTables`, each distinct table once). Links by destination (`in_ptr`):
    source, whether they start from its finish, whether they bound the finish, the lag,
    and the row of `shift` holding round(shift(x, lag, calendar)) for x in [0, length),
    -1 for a lag in plain units. `bound[r, y - bound_low]`: the earliest start whose
    finish is at least y, for the tasks of row `bound_row` (-1: none needed).
    """

    duration: IntArray
    release: IntArray
    demand: IntArray
    avail: IntArray
    horizon: int
    finish: IntArray
    finish_row: IntArray
    allowed: NDArray[np.bool_]
    allowed_row: IntArray
    in_ptr: IntArray
    in_src: IntArray
    in_from_finish: NDArray[np.bool_]
    in_to_finish: NDArray[np.bool_]
    in_lag: FloatArray
    in_shift: IntArray
    shift: IntArray
    bound: IntArray
    bound_row: IntArray
    bound_low: int


def _stacked(
    tables: list[NDArray[Any]], used: NDArray[np.bool_], dtype: type
) -> tuple[NDArray[Any], IntArray]:
    """Each distinct array of the `used` tables once (shared by identity), and every task's row.

    A task not `used` (a milestone, whose tables the loop never reads) gets row 0.
    """
    rows: dict[int, int] = {}
    distinct: list[NDArray[Any]] = []
    index = np.zeros(len(tables), dtype=np.int64)
    for i in np.flatnonzero(used).tolist():
        table = tables[i]
        key = id(table)
        if key not in rows:
            rows[key] = len(distinct)
            distinct.append(table)
        index[i] = rows[key]
    width = max((t.size for t in distinct), default=0)
    stacked: NDArray[Any] = np.zeros((len(distinct), width), dtype=dtype)
    for r, table in enumerate(distinct):
        stacked[r, : table.size] = table
    return stacked, index


def pack(problem: RcpspProblem, tables: CalendarTables) -> CalendarKernel | None:
    """The compiled loop's arrays for `problem`; None when its tables would be too large."""
    cal = problem.network.calendars
    assert cal is not None
    net = problem.network
    n, length = problem.size, tables.length
    order = np.argsort(net.dst, kind="stable")
    in_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(net.dst, minlength=n), out=in_ptr[1:])
    from_finish, to_finish = (flag[order] > 0 for flag in link_flags(net.dep_type))
    lag = net.lag[order].astype(np.float64)
    on = cal.lag_on(order)
    duration = problem.duration
    # One shift table per distinct (calendar, lag) of the links whose lag counts on a calendar.
    pairs = sorted(
        {(int(c), float(v)) for c, v in zip(on.tolist(), lag.tolist(), strict=True) if c >= 0}
    )
    bounded = to_finish & (duration[net.dst[order]] > 0)
    keys = sorted({(int(cal.index[j]), int(duration[j])) for j in net.dst[order][bounded].tolist()})
    if len(pairs) * length > MAX_TABLE_CELLS:
        return None
    x = np.arange(length, dtype=np.float64)
    shift = np.zeros((len(pairs), length), dtype=np.int64)
    for r, (c, v) in enumerate(pairs):
        shift[r] = np.rint(cal.shift(x, np.float64(v), np.int64(c)))
    row_of = {pair: r for r, pair in enumerate(pairs)}
    in_shift = np.array(
        [row_of[(c, v)] if c >= 0 else -1 for c, v in zip(on.tolist(), lag.tolist(), strict=True)],
        dtype=np.int64,
    )
    # The bounds a link to a finish can give: the range of its shifted dates.
    reach = [
        (int(shift[in_shift[e]].min()), int(shift[in_shift[e]].max()))
        if in_shift[e] >= 0
        else (round(float(lag[e])), round(length - 1 + float(lag[e])))
        for e in np.flatnonzero(bounded).tolist()
    ]
    low = min((lo for lo, _ in reach), default=0)
    width = max((hi for _, hi in reach), default=low) - low + 1 if reach else 0
    if len(keys) * width > MAX_TABLE_CELLS:
        return None
    y = np.arange(low, low + width, dtype=np.float64)
    bound = np.zeros((len(keys), width), dtype=np.int64)
    for r, (c, d) in enumerate(keys):
        bound[r] = np.rint(cal.start_for_finish(np.int64(c), y, np.float64(d)))
    key_row = {key: r for r, key in enumerate(keys)}
    bound_row = np.array(
        [key_row.get((int(cal.index[j]), int(duration[j])), -1) for j in range(n)], dtype=np.int64
    )
    working = duration > 0
    finish, finish_row = _stacked(tables.finish, working, np.int64)
    allowed, allowed_row = _stacked(tables.allowed, working, np.bool_)
    return CalendarKernel(
        duration=np.ascontiguousarray(duration, dtype=np.int64),
        release=np.ascontiguousarray(problem.release, dtype=np.int64),
        demand=np.ascontiguousarray(problem.demand, dtype=np.int64),
        avail=np.ascontiguousarray(tables.avail, dtype=np.int64),
        horizon=tables.horizon,
        finish=finish,
        finish_row=finish_row,
        allowed=allowed,
        allowed_row=allowed_row,
        in_ptr=in_ptr,
        in_src=np.ascontiguousarray(net.src[order], dtype=np.int64),
        in_from_finish=np.ascontiguousarray(from_finish),
        in_to_finish=np.ascontiguousarray(to_finish),
        in_lag=np.ascontiguousarray(lag),
        in_shift=in_shift,
        shift=shift,
        bound=bound,
        bound_row=bound_row,
        bound_low=low,
    )


def _calendar_rows(
    order: IntArray,
    duration: IntArray,
    release: IntArray,
    demand: IntArray,
    avail: IntArray,
    horizon: int,
    finish: IntArray,
    finish_row: IntArray,
    allowed: NDArray[np.bool_],
    allowed_row: IntArray,
    in_ptr: IntArray,
    in_src: IntArray,
    in_from_finish: NDArray[np.bool_],
    in_to_finish: NDArray[np.bool_],
    in_lag: FloatArray,
    in_shift: IntArray,
    shift: IntArray,
    bound: IntArray,
    bound_row: IntArray,
    bound_low: int,
    start: IntArray,
    outcome: IntArray,
) -> None:
    """Serial SGS on task calendars of every row of `order`, into `start` and `outcome`.

    Written for Numba's nopython mode. Each row is a permutation of the tasks (checked by
    `calendar_rows`), each after its predecessors. `start` must hold zeros: a failed row
    keeps the starts of the tasks placed before the one that failed, as `calendar_sgs` does.
    """
    n = order.shape[1]
    resources, length = avail.shape
    width = bound.shape[1]
    ends = np.zeros(n, dtype=np.int64)
    usage = np.zeros((resources, length), dtype=np.int64)
    for b in range(order.shape[0]):
        usage[:, :] = 0
        ends[:] = 0
        result = FITS
        for p in range(n):
            j = order[b, p]
            lo = int(release[j])
            for e in range(in_ptr[j], in_ptr[j + 1]):
                i = in_src[e]
                x = int(ends[i] if in_from_finish[e] else start[b, i])
                if in_shift[e] < 0:
                    y = int(np.rint(np.float64(x) + in_lag[e]))
                elif x < length:
                    y = int(shift[in_shift[e], x])
                else:
                    result = REDO
                    break
                if in_to_finish[e] and duration[j] > 0:
                    k = y - bound_low
                    if k < 0 or k >= width:
                        result = REDO
                        break
                    y = int(bound[bound_row[j], k])
                lo = max(lo, y)
            if result != FITS:
                break
            lo = max(lo, 0)
            if duration[j] == 0:
                start[b, j] = lo
                ends[j] = lo
                continue
            if lo > horizon:
                result = FAILS
                break
            # The first allowed start whose span fits; a unit that does not fit rules out
            # every start up to it, since a later start's span (finish non-decreasing) holds it.
            fr, ar = finish_row[j], allowed_row[j]
            s = lo
            f = lo
            placed = False
            while s <= horizon:
                if not allowed[ar, s]:
                    s += 1
                    continue
                f = int(finish[fr, s])
                bad = -1
                u = f - 1
                while u >= s and bad < 0:
                    for k in range(resources):
                        need = demand[j, k]
                        if need > 0 and usage[k, u] + need > avail[k, u]:
                            bad = u
                            break
                    u -= 1
                if bad < 0:
                    placed = True
                    break
                s = bad + 1
            if not placed:
                result = FAILS
                break
            start[b, j] = s
            ends[j] = f
            for k in range(resources):
                need = demand[j, k]
                if need > 0:
                    for u in range(s, f):
                        usage[k, u] += need
        outcome[b] = result


_CALENDAR_ROWS = LazyLoop(_calendar_rows)


def loaded() -> bool:
    """Whether this process has already loaded the compiled loop (then it costs nothing)."""
    return _CALENDAR_ROWS.loaded()


def calendar_rows(
    kernel: CalendarKernel, lists: IntArray
) -> tuple[IntArray, NDArray[np.bool_], NDArray[np.bool_]] | None:
    """Starts of every row of `lists`, whether it fitted, and whether Python must redo it.

    None when Numba cannot be loaded (the caller then runs the Python pass).
    """
    compiled = _CALENDAR_ROWS.get()
    if compiled is None:  # pragma: no cover - Numba is a dependency
        return None
    order = np.ascontiguousarray(np.atleast_2d(lists), dtype=np.int64)
    n = kernel.duration.size
    # The loop does not check its indices: a row must be a permutation of the tasks.
    if order.shape[1] != n or (order.size and (np.sort(order, axis=1) != np.arange(n)).any()):
        raise ValueError(f"every activity list must hold each of the {n} tasks once")
    start = np.zeros(order.shape, dtype=np.int64)
    outcome = np.zeros(order.shape[0], dtype=np.int64)
    k = kernel
    compiled(
        order,
        k.duration,
        k.release,
        k.demand,
        k.avail,
        k.horizon,
        k.finish,
        k.finish_row,
        k.allowed,
        k.allowed_row,
        k.in_ptr,
        k.in_src,
        k.in_from_finish,
        k.in_to_finish,
        k.in_lag,
        k.in_shift,
        k.shift,
        k.bound,
        k.bound_row,
        k.bound_low,
        start,
        outcome,
    )
    return start, outcome == FITS, outcome == REDO
