"""Plain-Python levelled iterations, to check and time the forecast's levelling step against.

One iteration and one task at a time, against the vectorised step of
`steerco.forecast.levelling`.
Written for clarity, not speed: lists, no NumPy in the loop. The rule is the engine's: in
the order given, a task starts at the earliest time t its links allow (`t0`), or the end
of a booking after t0 on a resource it needs, at which every resource it needs has room
for its units over [t, t + d): the load at t, and at every booking start inside (t, t + d),
is at most capacity - units. Leave is booked from the start.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from steerco.schedule.network import link_flags
from steerco.schedule.rcpsp.problem import RcpspProblem

__all__ = ["reference_levelling"]

_EPS = 1e-9

Booking = tuple[float, float, float]
"""(start, end, units) of one booking on a resource."""


def _fits(booked: list[Booking], capacity: float, t: float, d: float, units: float) -> bool:
    """Whether `units` more fit over [t, t + d) next to `booked`."""
    room = capacity - units + _EPS
    if sum(w for s, e, w in booked if s <= t < e) > room:
        return False
    return not any(
        t < start < t + d and sum(w for s, e, w in booked if s <= start < e) > room
        for start, _, _ in booked
    )


def reference_levelling(
    problem: RcpspProblem,
    demand: NDArray[np.int64],
    order: list[int],
    d: list[list[float]],
    lasts: list[bool],
) -> list[list[float]]:
    """The start of every task (row) in every iteration (column), one iteration at a time.

    `d[j][it]` is task j's duration in iteration `it`; a task is levelled when it needs a
    resource and `lasts[j]` (the engine levels a task that lasts in some iteration of its
    block). A task that fits nowhere starts at inf.
    """
    net = problem.network
    a, b = link_flags(net.dep_type)
    preds: list[list[tuple[int, float, float, float]]] = [[] for _ in range(net.size)]
    for e in range(net.src.size):
        preds[int(net.dst[e])].append(
            (int(net.src[e]), float(a[e]), float(net.lag[e]), float(b[e]))
        )
    capacity = [float(c) for c in problem.capacity.tolist()]
    leave: list[list[Booking]] = [[] for _ in capacity]
    for gap in problem.unavailable:
        leave[gap.resource].append((float(gap.start), float(gap.end), float(gap.units)))
    needs = [[(k, float(u)) for k, u in enumerate(row) if u > 0] for row in demand.tolist()]
    release = [float(x) for x in net.earliest_start.tolist()]
    iterations = len(d[0]) if d else 0
    starts = [[0.0] * iterations for _ in range(net.size)]
    for it in range(iterations):
        booked = [list(rows) for rows in leave]
        start = [0.0] * net.size
        for j in order:
            dj = d[j][it]
            t0 = release[j]
            for i, fa, lag, fb in preds[j]:
                t0 = max(t0, start[i] + fa * d[i][it] + lag - fb * dj)
            if needs[j] and lasts[j]:
                times = {t0} | {max(e, t0) for k, _ in needs[j] for _, e, _ in booked[k]}
                t0 = next(
                    (
                        t
                        for t in sorted(times)
                        if all(_fits(booked[k], capacity[k], t, dj, u) for k, u in needs[j])
                    ),
                    math.inf,
                )
                for k, u in needs[j]:
                    booked[k].append((t0, t0 + dj, u))
            start[j] = t0
        for j in range(net.size):
            starts[j][it] = start[j]
    return starts
