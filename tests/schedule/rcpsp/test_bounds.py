"""Lower bounds on the makespan (`bounds.py`): clique, energy and head-tail, with leave."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rcpsp_tiny import brute_force, problem, tiny_problems
from sgs_cases import solve

from steerco.schedule.rcpsp import (
    RcpspProblem,
    Unavailability,
    bounds,
    makespan_bound,
)
from steerco.schedule.rcpsp.bounds import (
    clique_bound,
    cpm_length,
    energy_bound,
    head_tail_bound,
    heads_and_tails,
)
from steerco.schedule.rcpsp.kernel import kernel_data


def test_capacity_conflict_heuristic_is_optimal_at_the_clique_bound() -> None:
    # 2 + 2 > 3, so a and b never overlap: bound 3 + 2 = 5 = makespan.
    prob = problem([3, 2], capacity=[3], demand=[[2], [2]])
    result = solve(prob)
    assert (result.makespan, result.bound, result.status) == (5, 5, "optimal")
    assert result.method == "heuristic"


def test_energy_bound_counts_leave() -> None:
    # Work 6 unit-periods on capacity 2, one unit away over [0, 4): 1*4 + 2*T' >= 6 -> T = 5.
    leave = (Unavailability(resource=0, start=0, end=4, units=1),)
    prob = problem([3, 3], capacity=[2], demand=[[1], [1]], leave=leave)
    assert makespan_bound(prob) == 5
    result = solve(prob)
    assert result.bound <= result.makespan


def test_head_tail_bound_counts_work_that_cannot_start_early() -> None:
    # x (4 units, no resource) precedes a and b (2 each, 1 unit of a capacity of 1): both
    # start at 4 or later and run one after the other, so 4 + 2 + 2 = 8. The critical path
    # (6), the energy (4) and the clique (2 + 2 = 4) bounds all miss it.
    links = [(0, 1, "FS", 0), (0, 2, "FS", 0)]
    prob = problem([4, 2, 2], links, capacity=[1], demand=[[0], [1], [1]])
    data = kernel_data(prob)
    assert (cpm_length(data), energy_bound(prob), clique_bound(prob)) == (6, 4, 4)
    assert head_tail_bound(prob, data) == 8 == makespan_bound(prob) == brute_force(prob)


def test_head_tail_bound_counts_work_that_must_finish_early() -> None:
    # The mirror image: a and b both precede y (4 units), so they end by C - 4.
    links = [(0, 2, "FS", 0), (1, 2, "FS", 0)]
    prob = problem([2, 2, 4], links, capacity=[1], demand=[[1], [1], [0]])
    head, tail = heads_and_tails(kernel_data(prob))
    assert head.tolist() == [0, 0, 2] and tail.tolist() == [4, 4, 0]
    assert makespan_bound(prob) == 8 == brute_force(prob)


def test_head_tail_bound_waits_for_leave() -> None:
    # As the first case, with the only unit away over [4, 6): the 4 units of work of a and
    # b fit in [6, 10) at the earliest.
    links = [(0, 1, "FS", 0), (0, 2, "FS", 0)]
    leave = (Unavailability(resource=0, start=4, end=6, units=1),)
    prob = problem([4, 2, 2], links, capacity=[1], demand=[[0], [1], [1]], leave=leave)
    assert head_tail_bound(prob, kernel_data(prob)) == 10 == brute_force(prob)


def test_head_tail_bound_ignores_heads_and_tails_of_different_tasks() -> None:
    # a can start late only, b can finish early only: no task has both, so the bound is
    # not head(a) + tail(b) = 8 + 8; the optimum runs a at [8, 10) and b at [0, 2).
    links = [(0, 1, "FS", 0), (2, 3, "FS", 0)]
    prob = problem([8, 2, 2, 8], links, capacity=[1], demand=[[0], [1], [1], [0]])
    assert head_tail_bound(prob, kernel_data(prob)) == 10 == brute_force(prob)


@settings(max_examples=300, deadline=None)
@given(tiny_problems())
def test_every_bound_is_at_most_the_brute_force_optimum(prob: RcpspProblem) -> None:
    data = kernel_data(prob)
    best = brute_force(prob)
    assert head_tail_bound(prob, data) <= best
    assert makespan_bound(prob, data) <= best


@settings(max_examples=200, deadline=None)
@given(tiny_problems())
def test_the_head_tail_bound_on_a_coarse_grid_is_weaker_but_still_a_bound(
    prob: RcpspProblem,
) -> None:
    data = kernel_data(prob)
    exact = head_tail_bound(prob, data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bounds, "_GRID_LEVELS", 2)  # the least head and tail, and the largest
        coarse = head_tail_bound(prob, data)
    assert coarse <= exact <= brute_force(prob)
    if prob.network.calendars is None and prob.resources:
        assert coarse >= energy_bound(prob)  # the least head and tail take in every task


@given(st.lists(st.integers(-5, 40), min_size=1, max_size=60), st.integers(1, 8))
def test_grid_levels_keep_the_least_value_and_rank_each_value_below_it(
    values: list[int], most: int
) -> None:
    array = np.array(values, dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bounds, "_GRID_LEVELS", most)
        levels, rank = bounds._levels(array)
    distinct = sorted(set(values))
    assert levels.size == min(most, len(distinct))
    assert levels[0] == min(values) and set(levels.tolist()) <= set(distinct)
    # Plain reference: each value's rank is that of the largest level not above it.
    assert rank.tolist() == [max(i for i, lv in enumerate(levels) if lv <= v) for v in values]


def test_the_head_tail_bound_of_a_long_chain_stays_exact_on_a_coarse_grid() -> None:
    # 5,000 unit tasks in a chain on one unit: 5,000 distinct heads and tails, a grid of
    # 2,048 levels each; the bound is still the chain's length.
    n = 5000
    links = [(i, i + 1, "FS", 0) for i in range(n - 1)]
    prob = problem([1] * n, links, capacity=[1], demand=[[1]] * n)
    data = kernel_data(prob)
    head, _ = heads_and_tails(data)
    assert np.unique(head).size == n and bounds._levels(head)[0].size == 2048  # coarsened
    assert head_tail_bound(prob, data) == n
