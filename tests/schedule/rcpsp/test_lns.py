"""Large-neighbourhood search: feasible, never worse, deterministic, improves a poor plan."""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np
import pytest
from rcpsp_tiny import problem

from steerco.schedule.options import SolveOptions
from steerco.schedule.rcpsp import (
    RcpspProblem,
    Unavailability,
    heuristic_schedule,
    schedule_violations,
)
from steerco.schedule.rcpsp.lns import LnsOptions, lns_schedule
from steerco.schedule.rcpsp.problem import Choice
from steerco.schedule.rcpsp.solve import LNS_SIZE, solve

KINDS = ("FS", "SS", "FF", "SF")


def mid_size(n: int = 200, *, seed: int = 3, leave: bool = True) -> RcpspProblem:
    """A random plan of `n` tasks: every link type with lags and leads, 4 tight resources."""
    rng = np.random.default_rng(seed)
    durations = rng.integers(1, 9, n).tolist()
    links = []
    for j in range(1, n):
        for i in {int(rng.integers(max(0, j - 30), j)) for _ in range(2)}:
            kind = KINDS[int(rng.choice(4, p=[0.7, 0.15, 0.1, 0.05]))]
            links.append((i, j, kind, int(rng.integers(-2, 4)) if rng.random() < 0.3 else 0))
    demand = [[0.0] * 4 for _ in range(n)]
    for row in demand:
        for k in rng.choice(4, size=int(rng.integers(1, 3)), replace=False).tolist():
            row[k] = float(rng.integers(1, 4))
    gaps = (
        (Unavailability(0, 20, 30, 2), Unavailability(2, 50, 58, 3), Unavailability(3, 5, 9, 1))
        if leave
        else ()
    )
    return problem(durations, links, capacity=[5, 4, 6, 4], demand=demand, leave=gaps)


def span(prob: RcpspProblem, start: np.ndarray) -> int:
    """Makespan of a schedule."""
    return int((start + prob.duration).max())


def sequential(prob: RcpspProblem) -> np.ndarray:
    """A poor but feasible plan: one task at a time in topological order, links respected."""
    start = np.zeros(prob.size, dtype=np.int64)
    offset = prob.link_offset()
    net = prob.network
    now = 0
    for j in net.plan.order.tolist():
        into = net.dst == j
        earliest = int((start[net.src[into]] + offset[into]).max(initial=0))
        start[j] = max(now, earliest, int(prob.release[j]))
        now = int(start[j] + prob.duration[j])
    return start


def heuristic_start(prob: RcpspProblem) -> np.ndarray:
    """A quick heuristic plan (few schedules) as the starting point."""
    result = heuristic_schedule(prob, schedules=20, rng=np.random.default_rng(0))
    assert result.start is not None
    return result.start


@pytest.mark.slow
def test_result_is_feasible_and_never_worse_than_its_start() -> None:
    prob = mid_size()
    start = heuristic_start(prob)
    result = lns_schedule(prob, start, time_limit=60, iterations=15, seed=1)
    assert result.start is not None and result.makespan is not None
    assert schedule_violations(prob, result.start) == []
    assert result.makespan == span(prob, result.start) <= span(prob, start)
    assert result.method == "cp-sat-lns"


def test_poor_start_is_strictly_improved_with_every_link_type() -> None:
    prob = mid_size(leave=False)
    start = sequential(prob)
    assert schedule_violations(prob, start) == []
    result = lns_schedule(prob, start, time_limit=60, iterations=10, seed=0)
    assert result.start is not None and result.makespan is not None
    assert schedule_violations(prob, result.start) == []
    assert result.makespan < span(prob, start)
    assert [h[1] for h in result.history] == sorted((h[1] for h in result.history), reverse=True)


@pytest.mark.slow
def test_full_leave_keeps_every_user_of_the_resource_away() -> None:
    prob = mid_size(120, seed=5)
    blocked = Unavailability(1, 15, 24, int(prob.capacity[1]))  # nobody of r1 at work
    prob = replace(prob, unavailable=(*prob.unavailable, blocked))
    start = heuristic_start(prob)
    result = lns_schedule(prob, start, time_limit=60, iterations=12, seed=2)
    assert result.start is not None
    assert schedule_violations(prob, result.start) == []
    users = np.flatnonzero((prob.demand[:, 1] > 0) & (prob.duration > 0))
    begin, finish = result.start[users], result.start[users] + prob.duration[users]
    assert not ((begin < blocked.end) & (finish > blocked.start)).any()


@pytest.mark.slow
def test_same_seed_same_plan_with_one_worker() -> None:
    prob = mid_size()
    start = heuristic_start(prob)
    # Wall-clock caps far above the deterministic work, so that a loaded machine cannot
    # cut a sub-solve short and change the search.
    options = LnsOptions(workers=1, seconds=60.0, compact_seconds=60.0)
    first = lns_schedule(prob, start, time_limit=600, iterations=12, seed=7, options=options)
    again = lns_schedule(prob, start, time_limit=600, iterations=12, seed=7, options=options)
    assert first.start is not None and again.start is not None
    assert np.array_equal(first.start, again.start)


def test_stop_returns_the_start_at_once() -> None:
    prob = mid_size(80)
    start = sequential(prob)
    stop = threading.Event()
    stop.set()
    result = lns_schedule(prob, start, time_limit=60, seed=0, stop=stop)
    assert result.start is not None
    assert np.array_equal(result.start, start)


def test_progress_reports_each_shorter_plan() -> None:
    prob = mid_size(leave=False)
    seen: list[tuple[int, int]] = []
    result = lns_schedule(
        prob,
        sequential(prob),
        time_limit=60,
        iterations=6,
        seed=0,
        lower_bound=10,
        on_progress=lambda best, bound: seen.append((best, bound)),
    )
    assert seen and seen[-1] == (result.makespan, 10)
    assert result.bound == 10


def test_staffing_choices_must_be_resolved_first() -> None:
    prob = replace(mid_size(20), choices=(Choice(0, (0, 1), 1, (1.0, 1.0)),))
    with pytest.raises(ValueError, match="staffing"):
        lns_schedule(prob, np.zeros(20, dtype=np.int64))


@pytest.mark.slow
def test_auto_uses_the_search_above_the_size_limit() -> None:
    prob = mid_size(LNS_SIZE + 50, seed=11)
    result = solve(
        prob, options=SolveOptions(method="auto", time_limit=4.0, workers=2, schedules=50)
    )
    assert result.start is not None and result.makespan is not None
    assert result.method in ("cp-sat-lns", "heuristic", "cp-sat")
    assert schedule_violations(prob, result.start) == []
    assert result.bound <= result.makespan


def _chain_by_definition(prob: RcpspProblem, start: np.ndarray) -> list[int]:
    """The driving chain as defined, task by task: back from the last finish through every
    tight link (S_j = S_i + c_ij) and every task ending at S_j on a resource j lacks room on
    at S_j - 1 (with every task where it is)."""
    d = prob.duration.astype(np.int64)
    finish = start + d
    end = int(finish.max())
    horizon = max(end, 1)
    avail = prob.availability(horizon)
    used = np.zeros((prob.resources, horizon), dtype=np.int64)
    for i in range(prob.size):
        used[:, start[i] : finish[i]] += prob.demand[i][:, None].astype(np.int64)
    offset = prob.link_offset()
    net = prob.network
    todo = [j for j in range(prob.size) if finish[j] == end]
    seen = set(todo)
    while todo:
        j = todo.pop()
        preds = [
            int(i)
            for i, k, c in zip(net.src, net.dst, offset, strict=True)
            if k == j and start[i] + c == start[j]
        ]
        if d[j] > 0 and start[j] > 0 and (prob.demand[j] > 0).any():
            t = int(start[j]) - 1
            short = [
                k
                for k in range(prob.resources)
                if prob.demand[j, k] > 0 and avail[k, t] - used[k, t] < prob.demand[j, k]
            ]
            preds += [
                i
                for i in range(prob.size)
                if d[i] > 0 and finish[i] == start[j] and any(prob.demand[i, k] > 0 for k in short)
            ]
        for i in preds:
            if i not in seen:
                seen.add(i)
                todo.append(i)
    return sorted(seen)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_driving_chain_matches_its_definition(seed: int) -> None:
    from steerco.schedule.rcpsp.lns import _driving_chain, _plan, _State, _usage

    prob = mid_size(120, seed=seed)
    for start in (sequential(prob), heuristic_start(prob)):
        end = span(prob, start)
        plan = _plan(prob, end)
        state = _State(start.copy(), end, int(start.sum()), _usage(plan, start, None, end))
        chain = _driving_chain(plan, state).tolist()
        assert chain == _chain_by_definition(prob, start)
        assert len(chain) > 1


def test_the_driving_chain_without_resource_use_follows_the_links() -> None:
    from steerco.schedule.rcpsp.lns import _driving_chain, _plan, _State, _usage

    prob = problem([2, 3, 1, 4], [(0, 1, "FS", 0), (1, 2, "FS", 0), (0, 3, "FS", 1)])
    start = np.array([0, 2, 5, 3], dtype=np.int64)
    plan = _plan(prob, 7)
    state = _State(start, 7, int(start.sum()), _usage(plan, start, None, 7))
    assert _driving_chain(plan, state).tolist() == _chain_by_definition(prob, start) == [0, 3]
