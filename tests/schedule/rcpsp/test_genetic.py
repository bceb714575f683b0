"""The GA's operators (`genetic.py`): two-point and peak crossover, on hand-worked schedules."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rcpsp_tiny import brute_force, problem, tiny_problems

from steerco.schedule.rcpsp import RcpspProblem, heuristic_schedule, schedule_violations
from steerco.schedule.rcpsp.heuristic import genetic_search

genetic = importlib.import_module("steerco.schedule.rcpsp.genetic")


def five_tasks() -> RcpspProblem:
    """A, B, C, D, E with durations 2, 2, 3, 4, 2 and demands 1, 1, 2, 2, 1 of a capacity 4."""
    return problem([2, 2, 3, 4, 2], capacity=[4], demand=[[1], [1], [2], [2], [1]])


def test_the_peak_window_is_where_the_schedule_uses_the_resources_most(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(genetic, "PEAK_WIDTH", (0.4, 0.4))
    prob = five_tasks()
    # Row 0, makespan 10: use per unit (demand / capacity) 1/4 on [0, 4), 1 on [4, 7),
    # 1/2 on [7, 8), 1/4 on [8, 10). Windows of 4 units: from 0: 1, 1: 1.75, 2: 2.5,
    # 3: 3.25, 4: 3.5, 5: 2.75, 6: 2. The peak is [4, 8): A and B start before it, C and
    # D in it, so the cuts are (2, 4).
    # Row 1, makespan 11: 1/2 on [0, 2), nothing on [2, 6), 1 on [6, 9), 3/4 on [9, 10),
    # 1/4 on [10, 11); windows of int(0.4 * 11) = 4 units: the peak is [6, 10) (3.75),
    # with C, D and E (at 9) starting in it: (2, 5).
    start = np.array([[0, 2, 4, 4, 8], [0, 0, 6, 6, 9]], dtype=np.int64)
    span = np.array([10, 11], dtype=np.int64)
    cuts = genetic._peak_cuts(np.random.default_rng(0), prob, start, span)
    assert cuts.tolist() == [[2, 4], [2, 5]]


def test_peak_windows_that_tie_are_drawn_at_random(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(genetic, "PEAK_WIDTH", (0.25, 0.25))
    prob = problem([2, 2], capacity=[4], demand=[[4], [4]])
    # The whole capacity on [0, 2) and on [6, 8), nothing between: two windows of 2 units
    # hold the peak, [0, 2) (cuts 0, 1) and [6, 8) (cuts 1, 2).
    start = np.repeat(np.array([[0, 6]], dtype=np.int64), 60, axis=0)
    span = np.full(60, 8, dtype=np.int64)
    cuts = genetic._peak_cuts(np.random.default_rng(3), prob, start, span)
    assert {tuple(row) for row in cuts.tolist()} == {(0, 1), (1, 2)}


def test_crossover_at_given_cuts_takes_the_fathers_section_into_the_mothers_order() -> None:
    mother = np.array([[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]])
    father = np.array([[5, 4, 3, 2, 1, 0], [1, 0, 3, 5, 2, 4]])
    cuts = np.array([[2, 4], [0, 3]])
    child = genetic._crossover(np.random.default_rng(0), mother, father, cuts)
    # Row 0: the mother's first two (0, 1), the father's first two not taken (5, 4), the
    # rest in the mother's order (2, 3). Row 1: the father's first three (1, 0, 3), then
    # the mother's order (2, 4, 5).
    assert child.tolist() == [[0, 1, 5, 4, 2, 3], [1, 0, 3, 2, 4, 5]]


@settings(max_examples=150, deadline=None)
@given(tiny_problems(), st.integers(0, 3))
def test_the_genetic_search_with_peak_crossover_keeps_schedules_feasible(
    prob: RcpspProblem, seed: int
) -> None:
    first = heuristic_schedule(prob, schedules=4, rng=np.random.default_rng(seed))
    if first.start is None or first.makespan is None:
        return
    result = genetic_search(
        prob,
        first.start,
        seconds=60,
        rng=np.random.default_rng(seed),
        lower_bound=0,
        schedules=90,
        peak_share=0.5,
        mutation_rate=1.0,
    )
    assert result.start is not None and result.makespan is not None
    assert schedule_violations(prob, result.start) == []
    assert brute_force(prob) <= result.makespan <= first.makespan
