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
from steerco.model import Project
from steerco.schedule.assign import staffing_problem
from steerco.schedule.network import Network, link_flags
from steerco.schedule.plan import Schedule
from steerco.schedule.rcpsp.problem import RcpspProblem, rcpsp_problem

__all__ = ["plan_levelling", "priority_list", "serial_levelling"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_EPS = 1e-9


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


class _Booked:
    """Intervals booked on one resource in every iteration: starts, ends, units (m x B)."""

    def __init__(self, capacity: float, size: int, leave: list[tuple[float, float, float]]):
        self.capacity = capacity
        self.start = np.array([[s] * size for s, _, _ in leave]).reshape(len(leave), size)
        self.end = np.array([[e] * size for _, e, _ in leave]).reshape(len(leave), size)
        self.units = np.array([u for _, _, u in leave], dtype=np.float64)

    def fits(self, t: FloatArray, d: FloatArray, units: float) -> NDArray[np.bool_]:
        """Whether `units` more fit over [t, t + d) in each iteration (t: candidates x B)."""
        if self.units.size == 0:
            return np.ones(t.shape, dtype=bool)
        room = self.capacity - units + _EPS
        s, e, u = self.start, self.end, self.units[:, None]
        # The load is piecewise constant and only rises at interval starts: check it at t
        # and at every start inside (t, t + d).
        at_start = ((s[None, :, :] <= s[:, None, :]) & (s[:, None, :] < e[None, :, :])) * u[None]
        load_at_starts = at_start.sum(axis=1)
        covering = (s[None] <= t[:, None]) & (t[:, None] < e[None])
        ok: NDArray[np.bool_] = (covering * u[None]).sum(axis=1) <= room
        inside = (s[None] > t[:, None]) & (s[None] < (t + d[None])[:, None])
        ok &= ~(inside & (load_at_starts[None] > room)).any(axis=1)
        return ok

    def book(self, t: FloatArray, d: FloatArray, units: float) -> None:
        """Add [t, t + d) with `units` in every iteration."""
        self.start = np.vstack([self.start, t[None]])
        self.end = np.vstack([self.end, (t + d)[None]])
        self.units = np.append(self.units, units)


def serial_levelling(problem: RcpspProblem, demand: IntArray, order: list[int]) -> Levelling:
    """A levelling step for the engine: serial SGS over `order` with the given demands."""
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
    release = net.earliest_start

    def level(d_pos: FloatArray, es_pos: FloatArray) -> FloatArray:
        d = d_pos[position]
        size = d.shape[1]
        booked = [
            _Booked(float(problem.capacity[k]), size, leave[k]) for k in range(problem.resources)
        ]
        start = np.zeros_like(d)
        for j in order:
            t0 = np.full(size, release[j])
            for i, fa, lag, fb in preds[j]:
                np.maximum(t0, start[i] + fa * d[i] + lag - fb * d[j], out=t0)
            if needs[j] and d[j].max() > 0:
                candidates = [t0[None]]
                for k, _ in needs[j]:
                    if booked[k].units.size:
                        candidates.append(np.maximum(booked[k].end, t0[None]))
                t = np.vstack(candidates)
                ok = np.ones(t.shape, dtype=bool)
                for k, units in needs[j]:
                    ok &= booked[k].fits(t, d[j], units)
                t0 = np.where(ok, t, np.inf).min(axis=0)
                for k, units in needs[j]:
                    booked[k].book(t0, d[j], units)
            start[j] = t0
        out: FloatArray = start[node_order]
        return out

    return level


def plan_levelling(network: Network, project: Project | None, plan: Schedule) -> Levelling:
    """The levelling step of a levelled `plan`: its resources per task, its start order."""
    problem = staffing_problem(project, network).problem if project else rcpsp_problem(network)
    column = {rid: k for k, rid in enumerate(problem.resource_ids)}
    demand = np.zeros((network.size, problem.resources), dtype=np.int64)
    for i, booked in enumerate(plan.leaf_resources()):
        for rid, units in booked.items():
            k = column[rid]
            demand[i, k] = round(units * int(problem.scale[k]))
    order = priority_list(network, np.rint(plan.cpm.es).astype(np.int64))
    return serial_levelling(problem, demand, order)
