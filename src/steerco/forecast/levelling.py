"""Resource conflicts inside the forecast: every iteration levelled with the plan's priorities.

The plan is the levelled schedule every command dates by (`steerco.app.plan`: people
chosen for role and skill demands once, there). Each iteration then runs a serial
schedule-generation scheme in continuous time with the plan's start order as its
priority list: a task starts at the earliest moment its links allow at which every
resource it needs has room for its whole (sampled) duration, leave included. The list is
the same in every iteration, so the scheme runs once over the tasks, vectorised over the
iterations of a block.
"""

from __future__ import annotations

import heapq

import numpy as np
from numpy.typing import NDArray

from steerco.forecast.engine import Levelling
from steerco.forecast.least_fit import compiled_fit, fit_loaded, least_fit
from steerco.model import Project
from steerco.schedule.assign import staffing_problem
from steerco.schedule.network import Network, link_flags
from steerco.schedule.plan import Schedule
from steerco.schedule.rcpsp.problem import RcpspProblem, rcpsp_problem

__all__ = ["Booked", "levelling_problem", "plan_levelling", "priority_list", "serial_levelling"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_EPS = 1e-9
_NO_LEAVE = (np.zeros(0), np.zeros(0))
COMPILE_CELLS = 4_000_000
"""Candidates x running bookings x iterations of one task (about 20 ms of NumPy's checks)
from which its start is found by the compiled loop of `least_fit`, once the loop is loaded."""
LOAD_CELLS = 300_000_000
"""Cells a block spends in NumPy's checks (about 1.5 s) before it loads the compiled loop
(about 0.5 s in a fresh process). A plan of 1,000 tasks for 6 people, each task with
hundreds of running bookings, gets there within its first tasks; one with a person per
12 tasks levels a whole block of 8,000 iterations in about 0.6 s and never does."""


class _Chooser:
    """Which way one block finds each task's start: forced, or by what NumPy has spent."""

    def __init__(self, compiled: bool | None) -> None:
        self.compiled = compiled
        self.spent = 0

    def compiles(self, cells: int) -> bool:
        """Whether a search of `cells` (candidates x bookings x iterations) is compiled."""
        if self.compiled is not None:
            return self.compiled
        if cells >= COMPILE_CELLS and (self.spent >= LOAD_CELLS or fit_loaded()):
            return True
        self.spent += cells
        return False


def priority_list(network: Network, start: IntArray) -> list[int]:
    """Tasks by planned start, each after all its predecessors (ties: document order)."""
    remaining = np.bincount(network.dst, minlength=network.size).tolist()
    succ_ptr, succ = network.successors.ptr.tolist(), network.successors.edge.tolist()
    dst = network.dst.tolist()
    heap = [(int(start[i]), i) for i in range(network.size) if remaining[i] == 0]
    heapq.heapify(heap)
    out: list[int] = []
    while heap:
        _, i = heapq.heappop(heap)
        out.append(i)
        for e in succ[succ_ptr[i] : succ_ptr[i + 1]]:
            j = dst[e]
            remaining[j] -= 1
            if remaining[j] == 0:
                heapq.heappush(heap, (int(start[j]), j))
    return out


class Booked:
    """Intervals booked on one resource in every iteration: starts, ends, units (m x B).

    Rows are preallocated for the leave and every task that needs the resource; `load`
    holds the resource's load at each row's start (the row included), kept up to date as
    rows are booked. A row whose latest end (over the iterations) is at or before a task's
    earliest possible start cannot meet it in any iteration: `live` leaves such rows out,
    so each check only looks at the bookings still running near the task.
    """

    def __init__(
        self, capacity: float, size: int, leave: list[tuple[float, float, float]], tasks: int
    ):
        rows = len(leave) + tasks
        self.capacity = capacity
        self.start = np.empty((rows, size))
        self.end = np.empty((rows, size))
        self.load = np.empty((rows, size))
        self.units = np.empty(rows)
        self.last = np.empty(rows)
        self.count = 0
        for s, e, u in leave:
            self.book(np.full(size, s), np.full(size, e - s), u)

    def live(self, earliest: float) -> IntArray:
        """Rows that end after `earliest` in some iteration."""
        return np.flatnonzero(self.last[: self.count] > earliest)

    def book(self, t: FloatArray, d: FloatArray, units: float) -> None:
        """Add [t, t + d) with `units` in every iteration, and update the loads at starts."""
        rows = self.live(float(t.min()))
        s, e = self.start[rows], self.end[rows]
        covering = (s <= t) & (t < e)
        own = np.where(d > 0, units, 0.0)
        row = self.count
        self.load[row] = own + (covering * self.units[rows, None]).sum(axis=0)
        self.load[rows] += ((s >= t) & (s < t + d)) * units
        self.start[row] = t
        np.add(t, d, out=self.end[row])
        self.units[row] = units
        self.last[row] = self.end[row].max()
        self.count += 1

    def limit(self, units: float) -> float:
        """The most load allowed where a task adds `units`: capacity less them, plus a tolerance."""
        return self.capacity - units + _EPS

    def room(
        self, rows: IntArray, t: FloatArray, end: FloatArray, units: float
    ) -> NDArray[np.bool_]:
        """Whether `units` more fit from t to `end` (candidates x iterations) on the `rows`.

        The load is piecewise constant and only rises at a booking's start: it must leave
        room at t and at every start inside (t, end), where the load kept per row is read.
        Rows that end before every t may be left out (`live`).
        """
        room = self.limit(units)
        s, e, u = self.start[rows][None], self.end[rows][None], self.units[rows, None][None]
        ok: NDArray[np.bool_] = (((s <= t[:, None]) & (t[:, None] < e)) * u).sum(axis=1) <= room
        crowded = self.load[rows][None] > room
        ok &= ~((s > t[:, None]) & (s < end[:, None]) & crowded).any(axis=1)
        return ok


def _earliest_fit(
    needs: list[tuple[Booked, float]], t0: FloatArray, d: FloatArray, choose: _Chooser
) -> FloatArray:
    """The earliest t >= t0 in each iteration at which every need fits over [t, t + d).

    The load on a resource is piecewise constant and only rises at a booking's start, so
    the candidates are t0 and the ends of the bookings after it: t fits when the load at t
    and at every booking start inside (t, t + d) leaves room for the units. All candidates
    are tried at once; the least that fits wins (inf where none does). Where that is large
    (`_Chooser`), the compiled loop of `least_fit` tries them one iteration at a time
    instead, with the same result.
    """
    live = [(booked, units, booked.live(float(t0.min()))) for booked, units in needs]
    running = sum(at.size for _, _, at in live)
    if choose.compiles((running + 1) * running * t0.size):
        kernel = compiled_fit()
        if kernel is not None:
            bookings = [(booked, units, at, _NO_LEAVE) for booked, units, at in live]
            return least_fit(kernel, None, t0, d, bookings, _NO_LEAVE[0], stopped=False)
    candidates = [t0[None]]
    for booked, _, rows in live:
        if rows.size:
            candidates.append(np.maximum(booked.end[rows], t0[None]))
    t = np.vstack(candidates)
    end = t + d
    ok = np.ones(t.shape, dtype=bool)
    for booked, units, rows in live:
        if rows.size:
            ok &= booked.room(rows, t, end, units)
    fit: FloatArray = np.where(ok, t, np.inf).min(axis=0)
    return fit


def serial_levelling(
    problem: RcpspProblem, demand: IntArray, order: list[int], compiled: bool | None = None
) -> Levelling:
    """A levelling step for the engine: serial SGS over `order` with the given demands.

    `compiled` True or False forces whether starts are found by the compiled loop of
    `least_fit` (the same starts); None chooses by the size of each search.
    """
    net = problem.network
    position = net.plan.position
    node_order = net.plan.order
    a, b = link_flags(net.dep_type)
    preds: list[list[tuple[int, float, float, float]]] = [[] for _ in range(net.size)]
    for e, (i, j) in enumerate(zip(net.src.tolist(), net.dst.tolist(), strict=True)):
        preds[j].append((i, float(a[e]), float(net.lag[e]), float(b[e])))
    leave: list[list[tuple[float, float, float]]] = [[] for _ in range(problem.resources)]
    for gap in problem.unavailable:
        leave[gap.resource].append((float(gap.start), float(gap.end), float(gap.units)))
    needs = [
        [(k, float(units)) for k, units in enumerate(row) if units > 0] for row in demand.tolist()
    ]
    users = np.count_nonzero(demand > 0, axis=0).tolist() if demand.size else []
    release = net.earliest_start
    if net.calendars is not None:
        from steerco.forecast.calendar_levelling import calendar_levelling

        return calendar_levelling(problem, needs, order, preds, compiled)

    def level(d_pos: FloatArray, es_pos: FloatArray) -> FloatArray:
        d = d_pos[position]
        size = d.shape[1]
        booked = [
            Booked(float(problem.capacity[k]), size, leave[k], users[k])
            for k in range(problem.resources)
        ]
        start = np.zeros_like(d)
        choose = _Chooser(compiled)
        for j in order:
            t0 = np.full(size, release[j])
            for i, fa, lag, fb in preds[j]:
                np.maximum(t0, start[i] + fa * d[i] + lag - fb * d[j], out=t0)
            if needs[j] and d[j].max() > 0:
                fits = [(booked[k], units) for k, units in needs[j]]
                t0 = _earliest_fit(fits, t0, d[j], choose)
                for k, units in needs[j]:
                    booked[k].book(t0, d[j], units)
            start[j] = t0
        out: FloatArray = start[node_order]
        return out

    return level


def levelling_problem(
    network: Network, project: Project | None, plan: Schedule
) -> tuple[RcpspProblem, IntArray, list[int]]:
    """What a levelled `plan` levels each iteration with: the problem, its demands, its order.

    The demands are the units the plan booked per task (the people it chose for role and
    skill demands included), scaled as the problem's; the order is `priority_list` of its
    starts.
    """
    problem = staffing_problem(project, network).problem if project else rcpsp_problem(network)
    column = {rid: k for k, rid in enumerate(problem.resource_ids)}
    demand = np.zeros((network.size, problem.resources), dtype=np.int64)
    for i, booked in enumerate(plan.leaf_resources()):
        for rid, units in booked.items():
            k = column[rid]
            demand[i, k] = round(units * int(problem.scale[k]))
    return problem, demand, priority_list(network, np.rint(plan.cpm.es).astype(np.int64))


def plan_levelling(network: Network, project: Project | None, plan: Schedule) -> Levelling:
    """The levelling step of a levelled `plan`: its resources per task, its start order."""
    return serial_levelling(*levelling_problem(network, project, plan))
