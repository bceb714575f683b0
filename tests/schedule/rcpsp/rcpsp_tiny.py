"""Tiny resource-constrained problems for tests: a builder, a brute-force optimum, and a
hypothesis strategy of random instances with every link type, lags, releases and leave."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as st

from steerco.schedule.network import network_from_arrays
from steerco.schedule.rcpsp import RcpspProblem, Unavailability, rcpsp_problem

TYPES = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}


def problem(
    durations: Sequence[int],
    links: Sequence[tuple[int, int, str, int]] = (),
    *,
    capacity: Sequence[float] | None = None,
    demand: Sequence[Sequence[float]] | None = None,
    release: Sequence[int] | None = None,
    leave: tuple[Unavailability, ...] = (),
) -> RcpspProblem:
    """A problem from plain lists: links are (from, to, type, lag)."""
    n = len(durations)
    capacity = capacity or []
    net = network_from_arrays(
        [f"t{i}" for i in range(n)],
        np.array(durations, dtype=np.float64),
        np.array([a for a, _, _, _ in links], dtype=np.int64),
        np.array([b for _, b, _, _ in links], dtype=np.int64),
        np.array([TYPES[t] for _, _, t, _ in links], dtype=np.int8),
        np.array([lag for _, _, _, lag in links], dtype=np.float64),
        earliest_start=np.array(release, dtype=np.float64) if release else None,
        resource_ids=[f"r{k}" for k in range(len(capacity))],
        capacity=np.array(capacity, dtype=np.float64),
        demand=np.array(demand, dtype=np.float64).reshape(n, len(capacity))
        if demand
        else np.zeros((n, len(capacity))),
    )
    return rcpsp_problem(net, unavailable=leave)


def brute_force(prob: RcpspProblem) -> int:
    """The optimal makespan by depth-first search over integer start vectors.

    Tasks in topological order; each start from its link/release bound up to the best
    makespan found so far; capacity checked unit by unit against the availability.
    """
    n = prob.size
    d = prob.duration.tolist()
    offset = prob.link_offset().tolist()
    src, dst = prob.network.src.tolist(), prob.network.dst.tolist()
    preds: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for e in range(len(src)):
        preds[dst[e]].append((src[e], offset[e]))
    order = prob.network.plan.order.tolist()
    horizon = prob.horizon
    avail = prob.availability(horizon + max(d, default=0) + 1).tolist()
    demand = prob.demand.tolist()
    used = [[0] * len(avail[0]) for _ in avail] if avail else []
    start = [0] * n
    best = [horizon + 1]

    def fits(j: int, s: int) -> bool:
        return all(
            used[k][u] + demand[j][k] <= avail[k][u]
            for k in range(len(avail))
            if demand[j][k]
            for u in range(s, s + d[j])
        )

    def place(j: int, s: int, sign: int) -> None:
        for k in range(len(avail)):
            if demand[j][k]:
                for u in range(s, s + d[j]):
                    used[k][u] += sign * demand[j][k]

    def search(depth: int, span: int) -> None:
        if depth == n:
            best[0] = min(best[0], span)
            return
        j = order[depth]
        low = int(prob.release[j])
        for i, c in preds[j]:
            low = max(low, start[i] + c)
        for s in range(low, best[0] - d[j]):
            if fits(j, s):
                start[j] = s
                place(j, s, 1)
                search(depth + 1, max(span, s + d[j]))
                place(j, s, -1)

    search(0, 0)
    return best[0]


@st.composite
def tiny_problems(draw: st.DrawFn) -> RcpspProblem:
    n = draw(st.integers(1, 5))
    durations = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    resources = draw(st.integers(1, 2))
    capacity = draw(st.lists(st.integers(1, 3), min_size=resources, max_size=resources))
    demand = [[draw(st.integers(0, capacity[k])) for k in range(resources)] for _ in range(n)]
    links = []
    for i, j in itertools.combinations(range(n), 2):
        if draw(st.booleans()):
            kind = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
            links.append((i, j, kind, draw(st.integers(-2, 2))))
    release = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    leave: tuple[Unavailability, ...] = ()
    if draw(st.booleans()):
        begin = draw(st.integers(0, 5))
        leave = (
            Unavailability(
                resource=0,
                start=begin,
                end=begin + draw(st.integers(1, 3)),
                units=draw(st.integers(1, capacity[0])),
            ),
        )
    return problem(
        durations,
        links,
        capacity=[float(c) for c in capacity],
        demand=[[float(v) for v in row] for row in demand],
        release=release,
        leave=leave,
    )
