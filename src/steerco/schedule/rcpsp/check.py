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
    if problem.network.calendars is not None:
        return _calendar_violations(problem, start)
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


def _calendar_violations(problem: RcpspProblem, start: NDArray[np.int64]) -> list[str]:
    """The same checks on task calendars, and no work on a day a resource is away.

    Starts fall on units the task's calendar works; links hold by the calendar arithmetic;
    capacity holds over each task's span (pauses included).
    """
    cal = problem.network.calendars
    assert cal is not None
    problems: list[str] = []
    net = problem.network
    ids = net.ids
    d = problem.duration
    finish = problem.finishes(start)
    for i in range(problem.size):
        if start[i] < problem.release[i]:
            problems.append(f"{ids[i]} starts at {start[i]}, before {problem.release[i]}")
        c = int(cal.index[i])
        if d[i] and start[i] < cal.length and not cal.works[c, start[i]]:
            problems.append(f"{ids[i]} starts at {start[i]}, a unit its calendar does not work")
    for e in range(net.src.size):
        i, j = int(net.src[e]), int(net.dst[e])
        kind = ("FS", "SS", "FF", "SF")[int(net.dep_type[e])]
        x = finish[i] if kind in ("FS", "FF") else start[i]
        bound = round(float(cal.shift(float(x), float(net.lag[e]), cal.lag_on(e))))
        after = finish[j] if kind in ("FF", "SF") else start[j]
        if after < bound:
            problems.append(f"{kind} link {ids[i]} -> {ids[j]} (lag {net.lag[e]:g}) is broken")
    top = int(max(finish.max(initial=0), problem.horizon, 1))
    capacity = np.repeat(problem.capacity[:, None], top, axis=1)
    away = np.zeros((problem.resources, top), dtype=bool)
    for gap in problem.unavailable:
        if gap.units >= problem.capacity[gap.resource]:
            away[gap.resource, max(gap.start, 0) : gap.end] = True
        else:
            capacity[gap.resource, max(gap.start, 0) : gap.end] -= gap.units
    capacity = np.maximum(capacity, 0)  # overlapping partial leave leaves nothing, not less
    for k in range(problem.resources):
        used = np.zeros(top, dtype=np.int64)
        for i in range(problem.size):
            if problem.demand[i, k] and d[i]:
                used[start[i] : finish[i]] += problem.demand[i, k]
                c = int(cal.index[i])
                units = np.arange(start[i], finish[i])
                worked = units[
                    (units >= cal.length) | cal.works[c, np.minimum(units, cal.length - 1)]
                ]
                if away[k, worked].any():
                    problems.append(f"{ids[i]} works while {problem.resource_ids[k]} is away")
        over = np.flatnonzero(used > capacity[k])
        if over.size:
            problems.append(
                f"resource {problem.resource_ids[k]} over capacity at unit {int(over[0])}"
                f" ({int(used[over[0]])} > {int(capacity[k, over[0]])})"
            )
    return problems
