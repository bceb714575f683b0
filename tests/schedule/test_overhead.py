"""Overhead that follows time: the project's and the summaries', checked by hand.

Calendar: 2027-01-04 is a Monday, no holidays; unit k is the k-th working day.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model import Project
from steerco.risk.register import plan_scale
from steerco.schedule.network import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule, schedule_cpm
from steerco.schedule.planner import plan_network


def _project(tasks: list[dict[str, Any]], **extra: Any) -> Project:
    data = {"name": "P", "start": "2027-01-04", "calendar": {"country": None}, "tasks": tasks}
    return parse_project_yaml(yaml.safe_dump({**data, **extra}), "p.yaml")


def _costs(schedule: Schedule) -> dict[str, float | None]:
    return {row.id: row.cost for row in schedule.tasks()}


# Two tasks for one person: 10 days side by side without levelling, 13 days levelled.
SHARED = [
    {"id": "a", "duration": 10, "demands": {"ana": 1}},
    {"id": "b", "duration": 3, "demands": {"ana": 1}},
]
ANA = [{"id": "ana", "rate": 200}]


def test_project_overhead_adds_rate_times_the_plans_working_days() -> None:
    p = _project(SHARED, resources=ANA, overhead=100)
    plain = schedule_cpm(compile_project(p))
    # ana: 200 x (10 + 3) = 2,600; overhead 100 x 10 days = 1,000
    assert plain.makespan == 10
    assert plain.total_cost() == pytest.approx(2600 + 1000)
    without = schedule_cpm(compile_project(_project(SHARED, resources=ANA)))
    assert without.total_cost() == pytest.approx(2600)


def test_levelled_plan_three_days_later_costs_300_more() -> None:
    p = _project(SHARED, resources=ANA, overhead=100)
    levelled = plan_network(compile_project(p), project=p, options=SolveOptions())
    assert isinstance(levelled, Schedule)
    # b waits for a: 13 days; overhead 100 x 13 = 1,300, the tasks unchanged
    assert levelled.makespan == 13
    assert levelled.total_cost() == pytest.approx(2600 + 1300)


def test_overhead_reads_an_hourly_rate() -> None:
    p = _project([{"id": "a", "duration": 10}], overhead="150/h")
    # 150 per hour x 8 hours x 10 days
    assert schedule_cpm(compile_project(p)).total_cost() == pytest.approx(12000)


def test_project_overhead_in_an_hour_project_is_per_hour_of_the_plan() -> None:
    p = _project([{"id": "a", "duration": "16h"}], unit="hour", overhead=800)
    # 800 per working day = 100 per hour x 16 hours
    assert schedule_cpm(compile_project(p)).total_cost() == pytest.approx(1600)


NESTED = [
    {"id": "w", "duration": 4},
    {
        "id": "s",
        "overhead": 50,
        "children": [
            {"id": "x", "duration": 2, "after": ["w"]},
            {"id": "t", "overhead": 20, "children": [{"id": "y", "duration": 3, "after": ["x"]}]},
        ],
    },
    {"id": "z", "duration": 12},
]


def test_summary_overhead_accrues_over_the_summarys_span_only() -> None:
    schedule = schedule_cpm(compile_project(_project(NESTED)))
    costs = _costs(schedule)
    # s spans units 4..9 (x after w, then y): 50 x 5; t spans y alone, 6..9: 20 x 3
    assert costs["t"] == pytest.approx(60)
    assert costs["s"] == pytest.approx(250 + 60)
    assert costs["w"] == costs["x"] == costs["y"] == costs["z"] == 0
    # the project (12 days, set by z) pays no overhead of its own
    assert schedule.total_cost() == pytest.approx(310)


def test_summary_overhead_in_progress_counts_from_the_actual_start() -> None:
    tasks = [{"id": "s", "overhead": 100, "children": [{"id": "x", "duration": 5}]}]
    progress = {
        "status_date": "2027-01-05",
        "tasks": {"x": {"actual_start": "2027-01-04", "remaining": 4}},
    }
    schedule = schedule_cpm(compile_project(_project(tasks, progress=progress)))
    # x worked Mon-Tue (units 0, 1) and has 4 days left from unit 2: s spans 0..6
    assert _costs(schedule)["s"] == pytest.approx(600)


def test_leaf_overhead_is_booked_for_the_tasks_duration() -> None:
    p = _project([{"id": "train", "duration": 6, "overhead": "2.5/h"}])
    # a reservation of 2.5 per hour x 8 hours x 6 days
    assert _costs(schedule_cpm(compile_project(p)))["train"] == pytest.approx(120)


def test_risk_scale_budget_includes_the_overhead() -> None:
    p = _project([{"id": "a", "duration": 10}], overhead=100)
    assert plan_scale(p).budget == pytest.approx(1000)


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        ("project", -5, ("overhead",)),
        ("project", "12/week", ("overhead",)),
        ("project", True, ("overhead",)),
        ("summary", 2_000_000, ("tasks", 0, "overhead")),
    ],
)
def test_bad_overhead_is_a_located_bad_rate(where: str, value: Any, path: tuple[Any, ...]) -> None:
    tasks: list[dict[str, Any]] = [{"id": "s", "children": [{"id": "a", "duration": 1}]}]
    extra: dict[str, Any] = {}
    if where == "project":
        extra["overhead"] = value
    else:
        tasks[0]["overhead"] = value
    with pytest.raises(ProjectError) as caught:
        _project(tasks, **extra)
    found = caught.value.diagnostics
    assert [(d.code, d.path) for d in found] == [(Code.bad_rate, path)]
    assert found[0].line is not None
