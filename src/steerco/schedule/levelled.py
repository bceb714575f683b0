"""Floats of a levelled schedule: the backward pass keeps its resource-sequencing arcs.

After levelling, a task's float is how far it can slip without moving the finish in
*this* plan, so the backward pass must respect the order in which tasks share a
resource. For each resource, each task gets a finish-to-start arc from every task on
that resource that finishes by its start (when more than `ARC_LIMIT` tasks share a
resource, from the `NEAREST` latest-finishing ones, which keeps the order transitively
for the common case and bounds the work).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from steerco.errors import CycleError
from steerco.schedule.cpm import CpmResult, critical_path
from steerco.schedule.network import Network, network_from_arrays
from steerco.schedule.rcpsp.problem import RcpspProblem
from steerco.types import IntArray

__all__ = ["levelled_cpm", "resource_arcs"]

ARC_LIMIT = 3000
NEAREST = 20


def resource_arcs(
    problem: RcpspProblem, start: IntArray, demand: IntArray
) -> tuple[IntArray, IntArray]:
    """Pairs (i, j) sharing a resource in `demand` where i finishes by the time j starts."""
    finish = problem.finishes(start)
    src: list[IntArray] = []
    dst: list[IntArray] = []
    for k in range(demand.shape[1]):
        users = np.flatnonzero((demand[:, k] > 0) & (problem.duration > 0))
        if users.size < 2:
            continue
        if users.size <= ARC_LIMIT:
            ok = finish[users][:, None] <= start[users][None, :]
            a, b = np.nonzero(ok)
        else:
            by_finish = users[np.argsort(finish[users], kind="stable")]
            ends = finish[by_finish]
            pairs_a: list[IntArray] = []
            pairs_b: list[IntArray] = []
            for j in users.tolist():
                stop = int(np.searchsorted(ends, start[j], side="right"))
                chosen = by_finish[max(0, stop - NEAREST) : stop]
                pairs_a.append(np.searchsorted(users, chosen))
                pairs_b.append(np.full(chosen.size, np.searchsorted(users, j)))
            a = np.concatenate(pairs_a) if pairs_a else np.empty(0, dtype=np.int64)
            b = np.concatenate(pairs_b) if pairs_b else np.empty(0, dtype=np.int64)
        src.append(users[a])
        dst.append(users[b])
    if not src:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    pairs = np.unique(np.stack([np.concatenate(src), np.concatenate(dst)]), axis=1)
    return pairs[0].astype(np.int64), pairs[1].astype(np.int64)


def levelled_cpm(
    problem: RcpspProblem, start: IntArray, demand: IntArray | None = None
) -> CpmResult:
    """Left-justified levelled dates and late dates from the links plus resource arcs.

    The early pass runs over the links, the resource arcs and, for a task that started
    after a resource's unavailable interval, that interval's end: no task moves later,
    none moves into leave, and tasks that never overlapped still do not (two tasks left
    unordered overlapped in the given schedule, and intervals that overlap pairwise share
    a point, so capacity still holds). This removes the idle time a solver may leave
    before tasks that do not drive the makespan.
    """
    net = problem.network
    used = problem.demand if demand is None else demand
    a, b = resource_arcs(problem, start, used)
    release = problem.release.astype(np.float64)
    for gap in problem.unavailable:
        after = (used[:, gap.resource] > 0) & (start >= gap.end) & (problem.duration > 0)
        release[after] = np.maximum(release[after], gap.end)
    try:
        return critical_path(_with_arcs(problem, a, b, release))
    except CycleError:
        # A lead lets a successor start before its predecessor, and a resource arc can then
        # close a cycle. Keep the solver's times (feasible as they are) and only the arcs
        # that follow the links' order, for the late dates.
        keep = net.plan.position[a] < net.plan.position[b]
        return critical_path(_with_arcs(problem, a[keep], b[keep], start.astype(np.float64)))


def _with_arcs(
    problem: RcpspProblem, a: IntArray, b: IntArray, release: NDArray[np.float64]
) -> Network:
    """The problem's network plus finish-to-start arcs a -> b and these earliest starts."""
    net = problem.network
    return network_from_arrays(
        net.ids,
        problem.duration.astype(np.float64),
        np.concatenate([net.src, a]),
        np.concatenate([net.dst, b]),
        np.concatenate([net.dep_type, np.zeros(a.size, dtype=np.int8)]),
        np.concatenate([net.lag, np.zeros(a.size)]),
        earliest_start=release,
        latest_finish=net.latest_finish,
        calendars=net.calendars.link_kept(np.ones(net.src.size, dtype=bool), a.size)
        if net.calendars is not None
        else None,
    )
