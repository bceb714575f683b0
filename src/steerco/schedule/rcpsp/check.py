"""An independent feasibility check of a resource-constrained schedule."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.rcpsp.problem import RcpspProblem

__all__ = ["schedule_violations"]


def schedule_violations(problem: RcpspProblem, start: NDArray[np.int64]) -> list[str]:
    """Every broken rule of `start`: negative or early starts, links, and capacity per unit.

    Written plainly (a loop per link and a usage profile per resource), so that it can
    check the fast schedulers.
    """
    problems: list[str] = []
    net = problem.network
    ids = net.ids
    d = problem.duration
    for i in range(problem.size):
        if start[i] < problem.release[i]:
            problems.append(f"{ids[i]} starts at {start[i]}, before {problem.release[i]}")
    for e in range(net.src.size):
        i, j = int(net.src[e]), int(net.dst[e])
        kind = ("FS", "SS", "FF", "SF")[int(net.dep_type[e])]
        lag = round(float(net.lag[e]))
        before = start[i] + (d[i] if kind in ("FS", "FF") else 0) + lag
        after = start[j] + (d[j] if kind in ("FF", "SF") else 0)
        if after < before:
            problems.append(f"{kind} link {ids[i]} -> {ids[j]} (lag {lag}) is broken")
    finish = int(max((start + d).max(initial=0), 1))
    available = problem.availability(max(finish, problem.horizon))
    for k in range(problem.resources):
        used = np.zeros(available.shape[1], dtype=np.int64)
        for i in range(problem.size):
            if problem.demand[i, k] and d[i]:
                used[start[i] : start[i] + d[i]] += problem.demand[i, k]
        over = np.flatnonzero(used > available[k])
        if over.size:
            problems.append(
                f"resource {problem.resource_ids[k]} over capacity at unit {int(over[0])}"
                f" ({int(used[over[0]])} > {int(available[k, over[0]])})"
            )
    return problems
