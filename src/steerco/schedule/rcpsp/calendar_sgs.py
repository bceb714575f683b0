"""The serial SGS for problems whose tasks work on calendars (start-dependent spans).

A task j of d_j > 0 units on calendar c_j that starts at S (a unit its calendar works)
finishes at F_j(S) (`worktime.TaskCalendars.finish`) and holds its resources over its
whole span [S, F_j(S)), pauses included; it never works a unit on which one of its
resources is wholly away (leave, a part-timer's day off): its own calendar already leaves
those out (a task whose one person is picked by role or skill runs on that person's
calendar once picked: `assign.resolve_choices`), else (`split: false`, or several people
picked) the start is moved past them. Unavailability of part of a resource lowers its
capacity over time. Links bound starts as in the critical path over calendars: S_j >=
shift(X_i, lag) with X_i = F_i or S_i, or F_j(S_j) >= that for links to the finish. CP-SAT
reads the same tables (`CalendarTables`), so both schedulers agree on what is feasible.

Plain NumPy, one list at a time: the bit-packed kernel (`kernel.py`) assumes fixed spans.
The same pass compiled by Numba (`calendar_compiled.py`) takes over once a search has
enough lists left to pay for loading it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.network import link_flags
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.schedule.worktime import TaskCalendars
from steerco.types import IntArray

if TYPE_CHECKING:  # calendar_compiled imports this module
    from steerco.schedule.rcpsp.calendar_compiled import CalendarKernel

__all__ = [
    "CalendarTables",
    "calendar_sgs_batch",
    "calendar_tables",
    "leave_tables",
    "link_bound",
]


@dataclass(frozen=True)
class CalendarTables:
    """Per task, its finish for every start in [0, H] and the starts it may take.

    `finish[i][t]` = F_i(t) (t itself when d_i = 0); `allowed[i][t]`: t is a unit task i's
    calendar works and none of the units it would work there has a resource of its wholly
    away. `avail[k, t]`: capacity less partial unavailability; `away[k, t]`: resource k
    wholly away at t. Arrays run to `length` units, past the latest finish of any start.
    """

    horizon: int
    length: int
    finish: list[IntArray]
    allowed: list[NDArray[np.bool_]]
    avail: IntArray
    away: NDArray[np.bool_]


def leave_tables(problem: RcpspProblem, length: int) -> tuple[IntArray, NDArray[np.bool_]]:
    """Capacity less partial unavailability over [0, length), and where each resource is away.

    Whole leave does not lower the capacity: a task paused over it still holds the resource.
    """
    avail = np.repeat(problem.capacity[:, None], length, axis=1).astype(np.int64)
    away = np.zeros((problem.resources, length), dtype=bool)
    for gap in problem.unavailable:
        lo, hi = max(gap.start, 0), min(gap.end, length)
        if hi <= lo:
            continue
        if gap.units >= problem.capacity[gap.resource]:
            away[gap.resource, lo:hi] = True
        else:
            avail[gap.resource, lo:hi] -= gap.units
    return np.maximum(avail, 0), away


def allowed_starts(
    cal: TaskCalendars,
    c: int,
    finish: IntArray,
    away: NDArray[np.bool_],
    horizon: int,
) -> NDArray[np.bool_]:
    """Starts in [0, H] that calendar c works and where no worked unit falls on `away`."""
    length = away.size
    works = np.ones(length, dtype=bool)
    span = min(length, cal.length)
    works[:span] = cal.works[c, :span]
    bad = np.concatenate([[0], np.cumsum(away & works)])
    t = np.arange(horizon + 1)
    ok: NDArray[np.bool_] = works[t] & (bad[np.minimum(finish, length)] - bad[t] == 0)
    return ok


def calendar_tables(problem: RcpspProblem) -> CalendarTables:
    """The finish and start tables of every task over [0, H] (see `CalendarTables`)."""
    cal = problem.network.calendars
    assert cal is not None
    horizon = max(problem.horizon, 1)
    d = problem.duration.tolist()
    index = cal.index.tolist()
    cache: dict[tuple[int, int], IntArray] = {}
    finish: list[IntArray] = []
    for i in range(problem.size):
        key = (index[i], d[i]) if d[i] > 0 else (-1, 0)
        if key not in cache:
            cache[key] = cal.spans(index[i], d[i], horizon) if d[i] > 0 else np.arange(horizon + 1)
        finish.append(cache[key])
    length = int(max(int(f[-1]) for f in finish)) + 1 if finish else horizon + 1
    avail, away = leave_tables(problem, length)
    allowed: list[NDArray[np.bool_]] = []
    seen: dict[tuple[int, int, bytes], NDArray[np.bool_]] = {}
    for i in range(problem.size):
        if d[i] == 0:
            allowed.append(np.ones(horizon + 1, dtype=bool))
            continue
        uses = np.flatnonzero(problem.demand[i] > 0)
        mine = (index[i], d[i], uses.tobytes())
        if mine not in seen:
            blocked = np.asarray(away[uses].any(axis=0), dtype=bool)
            seen[mine] = allowed_starts(cal, index[i], finish[i], blocked, horizon)
        allowed.append(seen[mine])
    return CalendarTables(horizon, length, finish, allowed, avail, away)


def link_bound(
    cal: TaskCalendars,
    problem: RcpspProblem,
    e: int,
    start_i: int,
    finish_i: int,
) -> tuple[int, bool]:
    """The bound link e sets from its source's dates, and whether it bounds the finish."""
    net = problem.network
    a, b = (float(f[0]) for f in link_flags(net.dep_type[e : e + 1]))
    x = float(finish_i if a else start_i)
    y = float(cal.shift(np.float64(x), np.float64(net.lag[e]), cal.lag_on(e)))
    return round(y), bool(b)


def _earliest(
    problem: RcpspProblem,
    cal: TaskCalendars,
    tables: CalendarTables,
    j: int,
    start: IntArray,
    finish: IntArray,
    incoming: list[int],
) -> int:
    """The earliest start of j its release and placed predecessors allow (before resources)."""
    net = problem.network
    lo = int(problem.release[j])
    for e in incoming:
        i = int(net.src[e])
        y, to_finish = link_bound(cal, problem, e, int(start[i]), int(finish[i]))
        if to_finish and problem.duration[j] > 0:
            c, d = np.int64(cal.index[j]), np.float64(problem.duration[j])
            y = round(float(cal.start_for_finish(c, np.float64(y), d)))
        lo = max(lo, y)
    return lo


def calendar_sgs_batch(
    problem: RcpspProblem,
    lists: IntArray,
    tables: CalendarTables | None = None,
    compiled: CalendarKernel | None = None,
) -> tuple[IntArray, NDArray[np.bool_]]:
    """Serial SGS of every activity list (rows of `lists`); rows past the horizon fail.

    With `compiled` (`calendar_compiled.pack` of the same problem and tables) the rows run
    in the compiled loop, which gives the same starts; a row it cannot finish from its
    tables, or every row when Numba cannot be loaded, runs here in Python.
    """
    cal = problem.network.calendars
    assert cal is not None
    tables = tables or calendar_tables(problem)
    lists = np.atleast_2d(lists)
    n = problem.size
    starts = np.zeros((lists.shape[0], n), dtype=np.int64)
    ok = np.ones(lists.shape[0], dtype=bool)
    redo = np.ones(lists.shape[0], dtype=bool)
    if compiled is not None:
        from steerco.schedule.rcpsp.calendar_compiled import calendar_rows

        found = calendar_rows(compiled, lists)
        if found is not None:
            starts, ok, redo = found
    if redo.any():
        incoming: list[list[int]] = [[] for _ in range(n)]
        for e, j in enumerate(problem.network.dst.tolist()):
            incoming[j].append(e)
        for row in np.flatnonzero(redo).tolist():
            starts[row], ok[row] = _one_list(problem, cal, tables, lists[row], incoming)
    return starts, ok


def _one_list(
    problem: RcpspProblem,
    cal: TaskCalendars,
    tables: CalendarTables,
    order: IntArray,
    incoming: list[list[int]],
) -> tuple[IntArray, bool]:
    """One serial pass: each task at the first allowed start where its span has room."""
    n = problem.size
    start = np.zeros(n, dtype=np.int64)
    finish = np.zeros(n, dtype=np.int64)
    usage = np.zeros_like(tables.avail)
    horizon = tables.horizon
    for j in order.tolist():
        lo = max(_earliest(problem, cal, tables, j, start, finish, incoming[j]), 0)
        if problem.duration[j] == 0:
            start[j] = finish[j] = lo
            continue
        if lo > horizon:
            return start, False
        candidates = lo + np.flatnonzero(tables.allowed[j][lo:])
        ends = tables.finish[j][candidates]
        uses = np.flatnonzero(problem.demand[j] > 0)
        if uses.size:
            need = problem.demand[j, uses][:, None]
            over = ((usage[uses] + need) > tables.avail[uses]).any(axis=0)
            bad = np.concatenate([[0], np.cumsum(over)])
            fits = bad[ends] - bad[candidates] == 0
            candidates, ends = candidates[fits], ends[fits]
        if not candidates.size:
            return start, False
        s, f = int(candidates[0]), int(ends[0])
        start[j], finish[j] = s, f
        if uses.size:
            usage[uses, s:f] += problem.demand[j, uses][:, None]
    return start, True
