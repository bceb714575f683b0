"""The bit-packed serial SGS (`kernel.py`): hand-checked small cases and brute force.

Conventions: S_j >= S_i + c_ij per link with c = a*d_i + lag - b*d_j (a = 1 for FS/FF,
b = 1 for FF/SF); a task holds its demand over [S, S + d); zero-duration tasks hold
nothing. Every returned schedule is checked with `schedule_violations`.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rcpsp_tiny import brute_force, problem
from sgs_cases import makespan, solve

from steerco.schedule.rcpsp import (
    RcpspProblem,
    Unavailability,
    heuristic_schedule,
    schedule_violations,
    serial_sgs,
)

# --- serial SGS, hand-checked ------------------------------------------------------------


def test_capacity_conflict_puts_second_task_after_first() -> None:
    # Both need 2 of 3 units: b waits for a to finish at 3.
    prob = problem([3, 2], capacity=[3], demand=[[2], [2]])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 3]
    assert serial_sgs(prob, np.array([1, 0])).tolist() == [2, 0]


def test_tasks_that_fit_together_run_in_parallel() -> None:
    prob = problem([3, 2], capacity=[4], demand=[[2], [2]])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 0]


@pytest.mark.parametrize(
    ("kind", "lag", "expected"),
    [
        ("FS", 0, 4),  # S_b >= 0 + 4
        ("FS", 2, 6),  # lag
        ("FS", -2, 2),  # lead
        ("SS", 2, 2),  # S_b >= S_a + 2
        ("SS", -1, 0),  # a lead below 0 is cut at 0
        ("FF", 1, 3),  # F_b = S_b + 2 >= 4 + 1
        ("FF", -3, 0),  # F_b >= 1: S_b >= -1, cut at 0
        ("SF", 5, 3),  # F_b = S_b + 2 >= 0 + 5
        ("SF", 1, 0),  # F_b >= 1
    ],
)
def test_link_types_with_lags_and_leads(kind: str, lag: int, expected: int) -> None:
    prob = problem([4, 2], [(0, 1, kind, lag)])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, expected]


def test_ss_lead_lets_successor_start_before_a_released_predecessor() -> None:
    # a is released at 3; SS lag -2: S_b >= 1.
    prob = problem([4, 2], [(0, 1, "SS", -2)], release=[3, 0])
    start = serial_sgs(prob, np.array([0, 1]))
    assert start.tolist() == [3, 1]
    assert schedule_violations(prob, start) == []


def test_parallel_links_keep_the_tightest() -> None:
    # SS +1 and FF +3 between the same pair: S_b >= max(1, 4 + 3 - 2) = 5.
    prob = problem([4, 2], [(0, 1, "SS", 1), (0, 1, "FF", 3)])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 5]


def test_release_date_delays_start() -> None:
    prob = problem([2, 3], [(0, 1, "FS", 0)], release=[0, 4])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 4]


def test_resource_wait_and_release_combine() -> None:
    # One unit; b released at 1 must wait for a (0..3).
    prob = problem([3, 2], capacity=[1], demand=[[1], [1]], release=[0, 1])
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 3]


def test_leave_pushes_a_task_past_it_without_splitting() -> None:
    # The only unit is on leave over [2, 5): a 3-unit task cannot run 0..2 and 5..6.
    leave = (Unavailability(resource=0, start=2, end=5, units=1),)
    prob = problem([3], capacity=[1], demand=[[1]], leave=leave)
    start = serial_sgs(prob, np.array([0]))
    assert start.tolist() == [5]
    assert schedule_violations(prob, start) == []


def test_short_task_fits_before_leave_long_task_after() -> None:
    leave = (Unavailability(resource=0, start=2, end=5, units=1),)
    prob = problem([3, 2], capacity=[1], demand=[[1], [1]], leave=leave)
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [5, 0]
    result = solve(prob)
    assert result.makespan == 8
    assert result.start.tolist() == [5, 0]


def test_partial_leave_leaves_room_for_small_demands() -> None:
    # Capacity 2, one unit on leave over [0, 4): a needs 1 (fits), b needs 2 (waits).
    leave = (Unavailability(resource=0, start=0, end=4, units=1),)
    prob = problem([2, 2], capacity=[2], demand=[[1], [2]], leave=leave)
    assert serial_sgs(prob, np.array([0, 1])).tolist() == [0, 4]


def test_zero_duration_task_holds_no_resources() -> None:
    # The milestone asks for more than the capacity, but holds nothing.
    prob = problem([3, 0, 2], [(0, 1, "FS", 0)], capacity=[1], demand=[[1], [5], [1]])
    start = serial_sgs(prob, np.array([0, 1, 2]))
    assert start.tolist() == [0, 3, 3]
    assert schedule_violations(prob, start) == []


def test_fractional_units_are_scaled() -> None:
    # 0.5 + 0.5 fit one unit; a third half-unit task waits.
    prob = problem([2, 2, 2], capacity=[1], demand=[[0.5], [0.5], [0.5]])
    assert serial_sgs(prob, np.array([0, 1, 2])).tolist() == [0, 0, 2]


def test_many_resources_with_large_capacities_pack_into_several_words() -> None:
    # 12 resources of capacity 1000 need 11 bits each: three 64-bit words.
    k = 12
    demand = [[600.0] * k, [600.0] * k, [400.0] * k]
    prob = problem([2, 3, 4], capacity=[1000.0] * k, demand=demand)
    assert serial_sgs(prob, np.array([0, 1, 2])).tolist() == [0, 2, 0]
    demand[2][k - 1] = 500.0  # only the last resource (last word) clashes with a and b
    prob = problem([2, 3, 4], capacity=[1000.0] * k, demand=demand)
    assert serial_sgs(prob, np.array([0, 1, 2])).tolist() == [0, 2, 5]


def test_hub_with_many_predecessors() -> None:
    # 100 unit tasks on 2 units, then a milestone after all of them: at 50.
    n = 100
    links = [(i, n, "FS", 0) for i in range(n)]
    prob = problem([1] * n + [0], links, capacity=[2], demand=[[1]] * n + [[0]])
    start = serial_sgs(prob, np.arange(n + 1))
    assert int(start[n]) == 50
    assert schedule_violations(prob, start) == []
    result = solve(prob, schedules=20)
    assert result.makespan == 50
    assert result.status == "optimal"


def test_list_must_respect_precedence() -> None:
    prob = problem([1, 1], [(0, 1, "FS", 0)])
    with pytest.raises(ValueError, match="before its predecessor"):
        serial_sgs(prob, np.array([1, 0]))
    with pytest.raises(ValueError, match="exactly once"):
        serial_sgs(prob, np.array([0, 0]))


def test_demand_beyond_capacity_is_infeasible() -> None:
    prob = problem([2], capacity=[1], demand=[[2]])
    result = heuristic_schedule(prob, rng=np.random.default_rng(0))
    assert result.status == "infeasible"
    assert result.start is None and result.makespan is None
    assert "t0" in result.message and "r0" in result.message


def test_empty_project() -> None:
    result = heuristic_schedule(problem([]), rng=np.random.default_rng(0))
    assert (result.status, result.makespan, result.bound) == ("optimal", 0, 0)


# --- brute force on tiny instances --------------------------------------------------------


@st.composite
def tiny_fs_problems(draw: st.DrawFn) -> RcpspProblem:
    n = draw(st.integers(1, 5))
    durations = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    capacity = draw(st.integers(1, 3))
    demand = [[draw(st.integers(0, capacity))] for _ in range(n)]
    links = [
        (i, j, "FS", draw(st.integers(0, 2)))
        for i, j in itertools.combinations(range(n), 2)
        if draw(st.booleans())
    ]
    release = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    return problem(durations, links, capacity=[float(capacity)], demand=demand, release=release)


@settings(max_examples=150, deadline=None)
@given(tiny_fs_problems())
def test_serial_sgs_over_all_lists_reaches_the_optimum(prob: RcpspProblem) -> None:
    # With finish-to-start links and non-negative lags the active schedules, which the
    # serial SGS generates, include an optimal one.
    src, dst = prob.network.src.tolist(), prob.network.dst.tolist()
    best = 10**9
    for perm in itertools.permutations(range(prob.size)):
        where = {j: p for p, j in enumerate(perm)}
        if all(where[i] < where[j] for i, j in zip(src, dst, strict=True)):
            start = serial_sgs(prob, np.array(perm))
            assert schedule_violations(prob, start) == []
            best = min(best, makespan(prob, start))
    assert best == brute_force(prob)
