"""Register scores, exposure, matrix, top risks and overdue items against hand-computed values."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from steerco.forecast.distributions import estimate_distributions, inverse_cdf
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Estimate
from steerco.risk.register import (
    PlanScale,
    RiskAssessment,
    RiskRegister,
    assess_register,
    mean_delay,
    plan_scale,
)
from steerco.risk.scales import impact_level, probability_level, rating

# Two tasks in a chain, 10 working days and 10,000 each: planned makespan 20, cost 20,000.
PROJECT = """\
name: Register
start: 2027-01-04
resources:
  - {id: pm, name: Project manager}
tasks:
  - {id: a, name: A, duration: 10, cost: 10000}
  - {id: b, name: B, duration: 10, cost: 10000, after: [a]}
risks:
  - id: r1
    title: Triangular delay and a cost
    probability: 0.35
    impact: {delay: {low: 2, likely: 3, high: 4, distribution: triangular}, cost: 1000}
    tasks: [a]
    proximity: 2027-02-11
    review: 2027-01-31
    actions:
      - {action: Overdue, owner: pm, due: 2027-01-15}
      - {action: Done already, due: 2027-01-10, done: true}
      - No date
  - id: r2
    title: Compliance only
    probability: 0.05
    impact: {compliance: 5}
    review: 2027-02-01
  - id: r3
    title: PERT delay
    probability: 0.7
    impact: {delay: 1..1..7}
    residual: {probability: 0.2, delay: 1..1..7}
  - id: r4
    title: Closed long ago
    probability: 0.9
    impact: {delay: 5..5..5}
    status: closed
    review: 2026-06-01
    actions: [{action: Never done, due: 2026-06-01}]
  - id: r5
    title: Occurred
    probability: 0.2
    impact: {delay: 1..1..1}
    status: occurred
"""
AS_OF = dt.date(2027, 2, 1)


@pytest.fixture(scope="module")
def register() -> RiskRegister:
    project = parse_project_yaml(PROJECT)
    return assess_register(project, as_of=AS_OF, scale=plan_scale(project), top=3)


def _by_id(register: RiskRegister, risk_id: str) -> RiskAssessment:
    return next(a for a in register.risks if a.risk.id == risk_id)


def test_plan_scale_is_the_critical_path_and_the_planned_cost(register: RiskRegister) -> None:
    assert register.scale == PlanScale(20.0, 20000.0)


def test_scores_by_hand(register: RiskRegister) -> None:
    # r1: p 0.35 -> 3; mean delay (2+3+4)/3 = 3 = 15% of 20 -> 4; cost 5% of budget -> 2.
    # r2: p 0.05 -> 1; compliance 5.  r3: p 0.7 -> 5; PERT mean (1+4+7)/6 = 2 = 10% -> 4.
    # r5: occurred -> p 1 -> 5; delay 1 = 5% -> 3.
    expected = {
        "r1": (3, 4, 12, "high", 0.35 * 3, 350.0),
        "r2": (1, 5, 5, "medium", 0.0, 0.0),
        "r3": (5, 4, 20, "high", 0.7 * 2, 0.0),
        "r5": (5, 3, 15, "high", 1.0, 0.0),
    }
    for risk_id, (p, i, score, name, delay, cost) in expected.items():
        e = _by_id(register, risk_id).inherent
        assert (e.probability_level, e.impact_level, e.score, e.rating) == (p, i, score, name)
        assert e.expected_delay == pytest.approx(delay)
        assert e.expected_cost == pytest.approx(cost)


def test_residual_is_scored_with_the_residual_probability(register: RiskRegister) -> None:
    residual = _by_id(register, "r3").residual
    assert residual is not None
    assert (residual.probability_level, residual.impact_level, residual.score) == (2, 4, 8)
    assert residual.expected_delay == pytest.approx(0.4)


def test_matrix_holds_active_risks_by_probability_then_impact(register: RiskRegister) -> None:
    placed = {
        risk_id: (p + 1, i + 1)
        for p, row in enumerate(register.matrix)
        for i, cell in enumerate(row)
        for risk_id in cell
    }
    assert placed == {"r1": (3, 4), "r2": (1, 5), "r3": (5, 4), "r5": (5, 3)}


def test_top_risks_by_score_without_closed_ones(register: RiskRegister) -> None:
    assert register.top == ("r3", "r5", "r1")


def test_overdue_reviews_and_actions(register: RiskRegister) -> None:
    # r1's review (31 Jan) is before 1 Feb; r2's is on it; r4 is closed.
    assert register.overdue_reviews == ("r1",)
    assert [(risk_id, action.action) for risk_id, action in register.overdue_actions] == [
        ("r1", "Overdue")
    ]


def test_proximity_in_days_from_the_review_date(register: RiskRegister) -> None:
    assert _by_id(register, "r1").proximity_days == 10
    assert _by_id(register, "r2").proximity_days is None


def test_totals_count_active_risks_only(register: RiskRegister) -> None:
    assert register.expected_delay == pytest.approx(1.05 + 1.4 + 1.0)
    assert register.expected_cost == pytest.approx(350.0)


@pytest.mark.parametrize(
    ("p", "level"),
    [(0.0, 1), (0.0999, 1), (0.1, 2), (0.2999, 2), (0.3, 3), (0.5, 4), (0.69, 4), (0.7, 5), (1, 5)],
)
def test_probability_bands(p: float, level: int) -> None:
    assert probability_level(p) == level


@pytest.mark.parametrize(
    ("delay", "cost", "level"),
    [
        (0.0, 0.0, 1),
        (0.1, 0.0, 1),
        (0.2, 0.0, 2),
        (1.0, 0.0, 3),
        (2.0, 0.0, 4),
        (4.0, 0.0, 5),
        (0.0, 99.0, 1),
        (0.0, 100.0, 2),
        (0.0, 2000.0, 4),
        (0.0, 4000.0, 5),
    ],
)
def test_impact_bands_on_a_20_unit_10000_plan(delay: float, cost: float, level: int) -> None:
    got = impact_level(
        delay=delay, makespan=20, cost=cost, budget=10000, scope=None, compliance=None
    )
    assert got == level


def test_cost_has_no_level_without_a_budget() -> None:
    assert impact_level(delay=0, makespan=20, cost=1e9, budget=None, scope=2, compliance=None) == 2


@given(st.integers(1, 5), st.integers(1, 5))
def test_rating_bands_cover_every_cell(p: int, i: int) -> None:
    name = rating(p * i)
    assert name == ("low" if p * i <= 4 else "medium" if p * i <= 9 else "high")


@pytest.mark.parametrize("distribution", ["pert", "triangular", "uniform", "lognormal", "fixed"])
def test_mean_delay_matches_the_forecast_sampler(distribution: str) -> None:
    # Independent check: the mean of 400,000 draws from the engine's own inverse CDF.
    project = parse_project_yaml("name: x\nstart: 2027-01-04\n")
    estimate = Estimate(low=2, likely=3, high=9, distribution=distribution)
    dist = estimate_distributions([distribution], np.array([2.0]), np.array([3.0]), np.array([9.0]))
    u = np.random.default_rng(7).random((1, 400_000))
    sampled = inverse_cdf(dist, u).mean()
    assert mean_delay(project, estimate) == pytest.approx(sampled, rel=5e-3)
    assert mean_delay(project, None) == 0.0
