"""The heuristic (`heuristic.py`, `genetic.py`): budget, deadline, result, j30, brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rcpsp_tiny import brute_force, tiny_problems
from sgs_cases import j30, j30_optimum, makespan, solve

from steerco.schedule.rcpsp import (
    PRIORITY_RULES,
    RcpspProblem,
    heuristic_schedule,
    makespan_bound,
    schedule_violations,
)

# --- budget, deadline and result ------------------------------------------------------------


def test_budget_counts_passes_and_justifications() -> None:
    prob = j30(14, 3)
    for budget in (1, 4, 12, 100):
        result = solve(prob, schedules=budget)
        used = int(result.message.split()[0])
        assert used <= budget and result.schedules == used  # the message tells the count
    # Four rule passes (4) and their justification (8) fit in 12.
    assert solve(prob, schedules=12).schedules == 12


def test_deadline_still_returns_the_rule_schedule() -> None:
    prob = j30(14, 3)
    result = heuristic_schedule(
        prob, schedules=5000, rng=np.random.default_rng(0), deadline_seconds=0.0
    )
    assert result.start is not None and schedule_violations(prob, result.start) == []
    assert int(result.message.split()[0]) < 5000


def test_result_fields_and_history() -> None:
    prob = j30(14, 3)
    result = solve(prob, schedules=300)
    assert result.start.dtype == np.int64
    assert result.makespan == makespan(prob, result.start)
    assert result.bound == makespan_bound(prob) <= result.makespan
    assert result.solve_seconds >= 0
    spans = [span for _, span, _ in result.history]
    assert spans == sorted(spans, reverse=True) and spans[-1] == result.makespan


def test_same_seed_same_schedule() -> None:
    prob = j30(14, 3)
    a, b = solve(prob, seed=7), solve(prob, seed=7)
    assert a.start.tolist() == b.start.tolist()


# --- PSPLIB j30 -------------------------------------------------------------------------------


@pytest.mark.parametrize(("parameter", "instance"), [(1, 1), (14, 3), (33, 5)])
def test_priority_rules_on_j30_are_feasible_and_close(parameter: int, instance: int) -> None:
    prob = j30(parameter, instance)
    optimum = j30_optimum()[parameter, instance]
    best = 10**9
    for rule in PRIORITY_RULES:
        result = heuristic_schedule(prob, schedules=1, rules=(rule,), rng=np.random.default_rng(0))
        assert result.start is not None
        assert schedule_violations(prob, result.start) == []
        assert result.makespan is not None and result.makespan >= optimum
        best = min(best, result.makespan)
    assert best <= 1.15 * optimum


def test_ga_on_j30_within_three_percent() -> None:
    optimum = j30_optimum()
    # Ten instances from the tight-resource classes, where the optimum is far above the
    # critical path (one LFT pass is about 9% above the optimum on these).
    picked = [(13, 1), (14, 2), (15, 3), (16, 4), (29, 5), (30, 6), (31, 7), (32, 8), (45, 9)]
    picked.append((46, 10))
    gaps = []
    for parameter, instance in picked:
        prob = j30(parameter, instance)
        result = solve(prob, schedules=1000, seed=parameter)
        best = optimum[parameter, instance]
        assert result.bound <= best <= result.makespan
        gaps.append((result.makespan - best) / best)
    assert float(np.mean(gaps)) <= 0.03


# --- brute force on tiny instances --------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(tiny_problems(), st.integers(0, 3))
def test_heuristic_against_brute_force(prob: RcpspProblem, seed: int) -> None:
    best = brute_force(prob)
    result = solve(prob, schedules=60, seed=seed)
    assert result.bound <= best <= result.makespan
