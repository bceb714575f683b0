"""The forecast's cost follows the sampled finish: overheads accrue per working day.

Calendar: 2027-01-04 is a Monday, no holidays; unit k is the k-th working day.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from steerco.forecast.engine import simulate
from steerco.forecast.run import ForecastOptions, forecast, forecast_inputs
from steerco.model import Project
from steerco.schedule.network import compile_project


def _project(tasks: list[dict[str, Any]], **extra: Any) -> Project:
    return Project.model_validate(
        {"name": "t", "start": "2027-01-04", "calendar": {"country": None}, "tasks": tasks, **extra}
    )


def _cost(p: Project, *, resources: bool = False) -> dict[str, float]:
    """The forecast's cost against the critical path, or against the levelled plan."""
    from steerco.app.plan import dating_plan

    network = compile_project(p)
    plan = dating_plan(network, p, levelled=resources).schedule
    result = forecast(network, p, ForecastOptions(iterations=500), plan=plan)
    assert result.cost is not None
    return result.cost


# A certain risk (it has occurred) delays a fixed 10-day task by exactly 3 days.
CERTAIN_DELAY = {
    "id": "r",
    "title": "Vendor late",
    "probability": 0.5,
    "status": "occurred",
    "impact": {"delay": {"low": 3, "likely": 3, "high": 3, "distribution": "fixed"}},
    "tasks": ["a"],
}


def test_cost_percentiles_shift_with_the_sampled_finish() -> None:
    p = _project([{"id": "a", "duration": 10}], overhead=100, risks=[CERTAIN_DELAY])
    cost = _cost(p)
    # plan: 100 x 10 days; every iteration finishes at 13: 100 x 13
    assert cost["plan"] == pytest.approx(1000)
    assert (cost["p50"], cost["p80"], cost["p95"]) == pytest.approx((1300, 1300, 1300))
    assert cost["contingency_p80"] == pytest.approx(300)


def test_each_iterations_overhead_is_the_rate_times_its_finish() -> None:
    tasks = [
        {"id": "a", "estimate": "2..5..12"},
        {"id": "b", "estimate": "1..2..9", "after": ["a"]},
    ]
    p = _project(tasks, overhead=100)
    sim = simulate(forecast_inputs(compile_project(p), p, ForecastOptions()), iterations=3000)
    np.testing.assert_allclose(sim.cost, 100 * sim.makespan)
    assert sim.makespan.std() > 1  # the finish does vary


SHARED = [
    {"id": "a", "duration": 10, "demands": {"ana": 1}},
    {"id": "b", "duration": 3, "demands": {"ana": 1}},
]


def test_levelled_forecast_costs_the_overhead_of_its_later_finish() -> None:
    p = _project(SHARED, resources=[{"id": "ana", "rate": 200}], overhead=100)
    quick = _cost(p)
    levelled = _cost(p, resources=True)
    # ana 200 x 13 days either way; overhead 100 x 10 days side by side, 100 x 13 levelled
    assert quick["plan"] == quick["p80"] == pytest.approx(2600 + 1000)
    assert levelled["plan"] == levelled["p80"] == pytest.approx(2600 + 1300)


def test_summary_overhead_follows_the_summarys_sampled_span() -> None:
    tasks = [
        {
            "id": "s",
            "overhead": 10,
            "children": [
                {"id": "x", "duration": 2},
                {"id": "y", "estimate": "1..3..8", "after": ["x"]},
            ],
        },
        {"id": "z", "duration": 20},
    ]
    p = _project(tasks)
    network = compile_project(p)
    sim = simulate(forecast_inputs(network, p, ForecastOptions()), iterations=2000)
    y = sim.sample_durations[network.ids.index("y")].astype(np.float64)
    # s spans x then y: 10 x (2 + y); z sets the finish (20) but is outside s
    np.testing.assert_allclose(sim.cost, 10 * (2 + y), rtol=1e-6)
    assert np.all(sim.makespan == 20)
    cost = _cost(p)
    assert cost["plan"] == pytest.approx(10 * (2 + 3))


def test_overhead_on_a_calendar_day_axis_accrues_on_working_days_only() -> None:
    # A 10-day 24x7 task from Mon 4 Jan runs through Wed 13 Jan: the axis counts calendar
    # days, but the overheads accrue on the project's working days in that span, Mon 4 to
    # Fri 8 and Mon 11 to Wed 13: 8 days. Project 100/day: 800; summary 10/day: 80.
    tasks = [
        {
            "id": "ph",
            "overhead": 10,
            "children": [{"id": "a", "duration": "10d", "calendar": "24x7"}],
        }
    ]
    p = _project(tasks, overhead=100)
    network = compile_project(p)
    assert network.axis == "calendar"
    cost = _cost(p)
    assert cost["plan"] == pytest.approx(880)
    assert (cost["p50"], cost["p95"]) == pytest.approx((880, 880))
