"""The forecast's levelling step on task calendars: each task holds its resources over its span.

Used by `steerco.forecast.levelling.serial_levelling` when the network has task calendars
(`steerco.schedule.worktime`); plans without calendars take the faster step there.

Each task, in every iteration at once, takes the least candidate start at which it fits:
its earliest start from its links, the ends of the bookings still running on its
resources, and the ends of its resources' leave. Bookings keep their loads up to date
(`levelling.Booked`), so a check looks at those still running; whole leave (a part-timer's
days off, a holiday away) is checked by a binary search in its merged spells; and its
ends are tried in rising batches only while one can still beat the best start so far. A
part-timer's leave has a spell a week: taken all at once against every booking, the first
version took gigabytes for a 37-task plan (benchmarks/forecast_calendar_levelling.py).
On large blocks the candidates are tried one iteration at a time in rising order by a
compiled loop (`least_fit`), which stops at the first that fits; the starts are the same.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.engine import Levelling
from steerco.forecast.least_fit import FitTables, Live, compiled_fit, fit_loaded, least_fit
from steerco.forecast.levelling import Booked
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.worktime import TaskCalendars

__all__ = ["calendar_levelling"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
LEAVE_BATCH = 16
"""Ends of leave tried as candidate starts at a time (in rising order, until none can win)."""
COMPILE_WORK = 100_000
"""Staffed tasks times iterations in a block from which the compiled loop is loaded.

Importing Numba and loading the cached loop take about 0.2 s; on the generated plans of
`benchmarks/forecast_calendar_levelling.py` (2,000 iterations) the NumPy step takes 0.16 s
at 30 tasks and 0.9 s at 100, the compiled loop 0.04 s and 0.2 s. Compiling it afresh,
once per installation, takes about 2.5 s.
"""


def _merged(gaps: list[tuple[float, float, float]]) -> tuple[FloatArray, FloatArray]:
    """The union of the intervals [lo, hi) of `gaps`: starts and ends, sorted and disjoint."""
    starts: list[float] = []
    ends: list[float] = []
    for lo, hi, _ in sorted(gaps):
        if hi <= lo:
            continue
        if ends and lo <= ends[-1]:
            ends[-1] = max(ends[-1], hi)
        else:
            starts.append(lo)
            ends.append(hi)
    return np.array(starts, dtype=np.float64), np.array(ends, dtype=np.float64)


def _clear(
    starts: FloatArray, ends: FloatArray, t: FloatArray, end: FloatArray
) -> NDArray[np.bool_]:
    """Whether a span from t to `end` (t <= end) is clear of the sorted disjoint intervals.

    The first interval ending after t is the only one that can meet it: it does when it
    starts at or before t, or before `end`. A span of no length (a duration sampled as 0)
    is stopped by an interval that starts at t, as a booking there would stop it.
    """
    if not starts.size:
        return np.ones(t.shape, dtype=bool)
    first = np.searchsorted(ends, t, side="right")
    after = np.where(first < starts.size, starts[np.minimum(first, starts.size - 1)], np.inf)
    clear: NDArray[np.bool_] = (after >= end) & (after > t)
    return clear


def _least_fit(
    task: tuple[TaskCalendars, np.int64, FloatArray, bool], live: Live, rows: list[FloatArray]
) -> FloatArray:
    """The least candidate start (rows of candidates x iterations) at which a task fits.

    `task`: the calendars, its calendar, its durations and whether leave stops it (it
    cannot pause over it). Inf where no candidate fits.
    """
    cal, c, d, stopped = task
    t = cal.snap(c, np.vstack(rows), d)
    end = t + (cal.finish(c, t, d) - t)
    ok = np.ones(t.shape, dtype=bool)
    for booked, units, at, spells in live:
        if at.size:
            ok &= booked.room(at, t, end, units)
        if stopped:
            ok &= _clear(*spells, t, end)
    least: FloatArray = np.where(ok, t, np.inf).min(axis=0)
    return least


def calendar_levelling(
    problem: RcpspProblem,
    needs: list[list[tuple[int, float]]],
    order: list[int],
    preds: list[list[tuple[int, float, float, float]]],
    compiled: bool | None = None,
) -> Levelling:
    """`serial_levelling` on task calendars: each task holds its resources over its span.

    A task asked to start at t works from snap(t) to F(t, d) (`TaskCalendars`); it may pause
    over a day one of its resources is away only if its calendar leaves that day out (the
    calendar SGS's rule), else it waits until the span is clear of them.

    Each task's start is found by the compiled loop of `least_fit` when the block is
    large enough to pay for loading it (`COMPILE_WORK`) or the process already has it;
    `compiled` True or False forces the choice (the starts are the same).
    """
    net = problem.network
    cal = net.calendars
    assert cal is not None
    position, node_order = net.plan.position, net.plan.order
    partial: list[list[tuple[float, float, float]]] = [[] for _ in range(problem.resources)]
    away: list[list[tuple[float, float, float]]] = [[] for _ in range(problem.resources)]
    for gap in problem.unavailable:
        full = gap.units >= problem.capacity[gap.resource]
        (away if full else partial)[gap.resource].append(
            (float(gap.start), float(gap.end), float(problem.capacity[gap.resource]))
            if full
            else (float(gap.start), float(gap.end), float(gap.units))
        )
    on = cal.lag_on(np.arange(net.lag.size))
    lags = list(zip(net.dst.tolist(), on.tolist(), strict=True))
    by_target: list[list[int]] = [[] for _ in range(net.size)]
    for j, lag_c in lags:
        by_target[j].append(lag_c)
    pauses = [_pauses_over(cal, j, needs[j], away) for j in range(net.size)]
    away_ends = [np.array([hi for _, hi, _ in gaps], dtype=np.float64) for gaps in away]
    # A resource of no capacity is never full (its leave stops nothing), as in the plain step.
    spells = [_merged(gaps if problem.capacity[k] > 0 else []) for k, gaps in enumerate(away)]
    users = [0] * problem.resources
    for row in needs:
        for k, _ in row:
            users[k] += 1
    release = net.earliest_start

    tables = functools.cache(lambda c: FitTables(cal, c))
    staffed = sum(1 for row in needs if row)

    def level(d_pos: FloatArray, es_pos: FloatArray) -> FloatArray:
        d = d_pos[position]
        size = d.shape[1]
        kernel = compiled_fit() if _compiles(compiled, staffed * size) else None
        booked = [
            Booked(float(problem.capacity[k]), size, partial[k], users[k])
            for k in range(problem.resources)
        ]
        start = np.zeros_like(d)
        finish = np.zeros_like(d)
        for j in order:
            c = np.int64(cal.index[j])
            t0 = np.full(size, release[j])
            for (i, fa, lag, fb), lag_c in zip(preds[j], by_target[j], strict=True):
                y = cal.shift(finish[i] if fa else start[i], lag, lag_c)
                if fb:
                    y = cal.start_for_finish(c, y, d[j])
                np.maximum(t0, y, out=t0)
            if needs[j] and d[j].max() > 0:
                # Only bookings that end after t0 somewhere can meet the task (`Booked.live`).
                earliest = float(t0.min())
                live = [
                    (booked[k], units, booked[k].live(earliest), spells[k]) for k, units in needs[j]
                ]
                gone = np.unique(np.concatenate([away_ends[k] for k, _ in needs[j]]))
                gone = gone[gone > earliest]
                if kernel is not None:
                    t0 = least_fit(kernel, tables(int(c)), t0, d[j], live, gone, not pauses[j])
                else:
                    t0 = _numpy_fit((cal, c, d[j], not pauses[j]), t0, live, gone)
                for k, units in needs[j]:
                    booked[k].book(t0, cal.finish(c, t0, d[j]) - t0, units)
            start[j] = cal.snap(c, t0, d[j])
            finish[j] = cal.finish(c, start[j], d[j])
        out: FloatArray = start[node_order]
        return out

    return level


def _numpy_fit(
    task: tuple[TaskCalendars, np.int64, FloatArray, bool],
    t0: FloatArray,
    live: Live,
    gone: FloatArray,
) -> FloatArray:
    """The least start at which a task fits in each iteration, all candidates at once.

    `task` as `_least_fit` takes it; `gone`: the ends of its resources' leave after the
    least t0, sorted.
    """
    candidates = [t0[None]]
    for own, _, at, _ in live:
        if at.size:
            candidates.append(np.maximum(own.end[at], t0[None]))
    best = _least_fit(task, live, candidates)
    # The ends of leave are candidates too; taken in rising order, a batch that begins at
    # or after every iteration's best so far cannot beat it (snap(x) >= x).
    for first in range(0, gone.size, LEAVE_BATCH):
        if gone[first] >= best.max():
            break
        batch = np.maximum(gone[first : first + LEAVE_BATCH, None], t0[None])
        best = np.minimum(best, _least_fit(task, live, [batch]))
    return best


def _compiles(compiled: bool | None, work: int) -> bool:
    """Whether a block of `work` staffed task-iterations takes the compiled loop."""
    if compiled is not None:
        return compiled
    return work >= COMPILE_WORK or fit_loaded()


def _pauses_over(
    cal: TaskCalendars,
    j: int,
    needs: list[tuple[int, float]],
    away: list[list[tuple[float, float, float]]],
) -> bool:
    """Whether task j's calendar leaves out every unit its resources are wholly away."""
    c = int(cal.index[j])
    for k, _ in needs:
        for lo, hi, _ in away[k]:
            a, b = int(lo), min(int(hi), cal.length)
            if b > a and cal.works[c, a:b].any():
                return False
    return True
