"""The GA's operators (`genetic.py`): two-point and peak crossover, on hand-worked schedules."""

from __future__ import annotations

import importlib
from typing import Any

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


def test_the_peak_weighs_each_demand_by_its_resources_capacity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(genetic, "PEAK_WIDTH", (0.5, 0.5))
    # Capacities 1 and 10: A takes 1 of 1 on [0, 2) (shares 1 and 0, weight 1/2), B 5 of
    # 10 on [2, 4) (weight 1/4). Windows of 2 units: [0, 2) holds 1, [1, 3) 3/4, [2, 4)
    # 1/2, so the peak is A's, cuts (0, 1); by units demanded (2, 6, 10) it would be B's.
    prob = problem([2, 2], capacity=[1, 10], demand=[[1, 0], [0, 5]])
    start = np.array([[0, 2]], dtype=np.int64)
    cuts = genetic._peak_cuts(np.random.default_rng(0), prob, start, np.array([4]))
    assert cuts.tolist() == [[0, 1]]


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
    child = genetic._crossover(mother, father, cuts)
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


@pytest.mark.parametrize("share", [0.0, 0.5, 1.0])
def test_the_genetic_search_breeds_its_share_of_children_by_peak_crossover(
    monkeypatch: pytest.MonkeyPatch, share: float
) -> None:
    prob = problem(
        [3, 2, 4, 1, 2, 3, 2, 2],
        [(0, 2, "FS", 0), (1, 3, "FS", 0), (2, 5, "SS", 1), (4, 6, "FS", 0)],
        capacity=[3, 2],
        demand=[[2, 1], [1, 1], [2, 0], [1, 2], [3, 0], [1, 1], [2, 1], [0, 2]],
    )
    first = heuristic_schedule(prob, schedules=4, rng=np.random.default_rng(0))
    assert first.start is not None
    peak_rows: list[int] = []
    children: list[int] = []
    unused: list[int] = []
    last: list[Any] = []
    real_cuts, real_mutate, real_crossover = genetic._peak_cuts, genetic._mutate, genetic._crossover

    def counted_cuts(rng: np.random.Generator, *args: Any) -> Any:
        cuts = real_cuts(rng, *args)
        peak_rows.append(len(cuts))
        last.append(cuts)
        return cuts

    def crossover(mother: Any, father: Any, cuts: Any) -> Any:
        taken = {tuple(row) for row in cuts.tolist()}
        unused.extend(1 for row in (last.pop().tolist() if last else []) if tuple(row) not in taken)
        return real_crossover(mother, father, cuts)

    def counted_mutate(rng: np.random.Generator, data: Any, lists: Any, rate: float) -> Any:
        children.append(len(lists))  # every child is offered to the mutation once
        return real_mutate(rng, data, lists, rate)

    monkeypatch.setattr(genetic, "_peak_cuts", counted_cuts)
    monkeypatch.setattr(genetic, "_mutate", counted_mutate)
    monkeypatch.setattr(genetic, "_crossover", crossover)
    genetic_search(
        prob,
        first.start,
        seconds=60,
        rng=np.random.default_rng(1),
        lower_bound=0,
        schedules=3_000,
        peak_share=share,
    )
    assert sum(children) > 300
    assert abs(sum(peak_rows) / sum(children) - share) < 0.05
    assert unused == []  # every peak child is crossed at its peak cuts
