"""Lower bounds on the makespan: critical path, resource energy, cliques of clashing tasks."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.rcpsp.kernel import KernelData, kernel_data
from steerco.schedule.rcpsp.problem import RcpspProblem

__all__ = ["clique_bound", "cpm_length", "energy_bound", "makespan_bound", "path_bound"]

_CLIQUE_CANDIDATES = 400


def cpm_length(data: KernelData) -> int:
    """max_j ES_j + d_j with ES_j = max(r_j, max_i ES_i + c_ij), in integers."""
    if not data.n:
        return 0
    es = data.release.copy()
    ptr, dst, off = data.forward.ptr, data.forward.dst, data.forward.out_off
    for j in data.order.tolist():
        lo, hi = int(ptr[j]), int(ptr[j + 1])
        if lo < hi:
            targets = dst[lo:hi]
            es[targets] = np.maximum(es[targets], es[j] + off[lo:hi])
    return int((es + data.duration).max(initial=0))


def energy_bound(problem: RcpspProblem) -> int:
    """Per resource, the first T with sum_{u<T} availability_k(u) >= sum_j d_j * demand_jk."""
    energy = (problem.duration[:, None] * problem.demand).sum(axis=0)
    if not energy.size or not energy.any():
        return 0
    avail = problem.availability(max(problem.horizon, 1))
    total = np.cumsum(avail, axis=1)
    best = 0
    for k in np.flatnonzero(energy).tolist():
        need = int(energy[k])
        t = int(np.searchsorted(total[k], need)) + 1
        if total[k, -1] < need:
            t = problem.horizon + math.ceil(
                (need - int(total[k, -1])) / max(problem.capacity[k], 1)
            )
        best = max(best, t)
    return best


def clique_bound(problem: RcpspProblem) -> int:
    """Tasks that pairwise cannot overlap (demand_ik + demand_jk > capacity_k) run in sequence.

    Greedy cliques among the longest tasks; bound min_j r_j + sum_j d_j over a clique.
    """
    d = problem.duration
    candidates = np.flatnonzero(d > 0)
    if candidates.size < 2 or not problem.resources:
        return 0
    candidates = candidates[np.argsort(-d[candidates], kind="stable")][:_CLIQUE_CANDIDATES]
    need = problem.demand[candidates]
    clash: NDArray[np.bool_] = np.zeros((candidates.size, candidates.size), dtype=bool)
    for k in range(problem.resources):
        clash |= (need[:, None, k] + need[None, :, k]) > problem.capacity[k]
    best = 0
    for seed in range(min(candidates.size, 8)):
        members = [seed]
        allowed = clash[seed].copy()
        allowed[seed] = False
        for c in range(candidates.size):
            if allowed[c]:
                members.append(c)
                allowed &= clash[c]
        tasks = candidates[members]
        best = max(best, int(problem.release[tasks].min() + d[tasks].sum()))
    return best


def path_bound(problem: RcpspProblem, data: KernelData) -> int:
    """The critical-path bound: `cpm_length`, or on task calendars the calendar pass's makespan.

    With calendars, spans depend on the start, so the bound comes from the critical path
    over calendars (the same pass the plan's dates use).
    """
    if problem.network.calendars is None:
        return cpm_length(data)
    from steerco.schedule.cpm import critical_path

    duration = problem.duration.astype(np.float64)
    return round(critical_path(problem.network, duration=duration).makespan)


def makespan_bound(problem: RcpspProblem) -> int:
    """Lower bound on the makespan: the largest of the critical-path, energy and clique bounds.

    Critical path: max_j ES_j + d_j (over calendars when tasks have them). Energy: per
    resource k the first T with sum_{u<T} a_k(u) >= sum_j d_j * q_jk (= ceil(sum_j d_j
    q_jk / R_k) without leave).
    Clique: sum of d_j over tasks that pairwise exceed a capacity together.
    """
    data = kernel_data(problem)
    return max(path_bound(problem, data), energy_bound(problem), clique_bound(problem))
