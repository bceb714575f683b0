"""The cost function, checked against hand-computed amounts."""

from __future__ import annotations

import numpy as np
import pytest

from steerco.model import Project
from steerco.schedule import compile_project, critical_path
from steerco.schedule.cost import cost_table, cost_to_date, task_cost


def project(**task_fields: object) -> Project:
    return Project.model_validate(
        {
            "name": "Costs",
            "start": "2027-01-04",
            "resources": [
                {"id": "mle1", "rate": 800, "skills": {"nlp": 3}, "role": "ml-engineer"},
                {"id": "mle2", "rate": "125/h", "skills": {"nlp": 4}, "role": "ml-engineer"},
                {"id": "gpu", "kind": "equipment", "capacity": 4, "rate": "2.5/h"},
            ],
            "tasks": [{"id": "work", "duration": 10, **task_fields}],
        }
    )


def test_named_resource_costs_its_day_rate_times_duration() -> None:
    table = cost_table(project(demands={"mle1": 1}))
    # 800 per working day x 10 days
    assert task_cost(table, np.array([10.0]))[0] == pytest.approx(8000)


def test_hourly_rate_is_multiplied_by_hours_per_day() -> None:
    table = cost_table(project(demands={"gpu": 2}))
    # 2 GPUs x 2.5 per hour x 8 hours x 10 days
    assert task_cost(table, np.array([10.0]))[0] == pytest.approx(400)


def test_skill_demand_costs_the_mean_rate_of_qualified_people() -> None:
    table = cost_table(project(demands=[{"skill": "nlp", "min_level": 3}]))
    # mle1 800/day and mle2 125/h x 8 = 1000/day qualify: mean 900 x 10 days
    assert task_cost(table, np.array([10.0]))[0] == pytest.approx(9000)
    table = cost_table(project(demands=[{"skill": "nlp", "min_level": 4}]))
    assert task_cost(table, np.array([10.0]))[0] == pytest.approx(10000)


def test_role_demand_costs_the_mean_rate_of_the_role() -> None:
    table = cost_table(project(demands=[{"role": "ml-engineer", "units": 2}]))
    # two people at the mean 900/day x 10 days
    assert task_cost(table, np.array([10.0]))[0] == pytest.approx(18000)


@pytest.mark.parametrize(
    ("accrual", "expected"),
    [
        # fixed 1000 plus 800/day work; at t=4 four of ten days are worked (3200)
        ("start", 3200 + 1000),
        ("prorated", 3200 + 400),
        ("end", 3200),
    ],
)
def test_fixed_cost_accrues_by_its_rule(accrual: str, expected: float) -> None:
    p = project(demands={"mle1": 1}, cost=1000, accrual=accrual)
    table = cost_table(p)
    es, ef = np.array([0.0]), np.array([10.0])
    assert cost_to_date(table, es, ef, 4.0)[0] == pytest.approx(expected)
    assert cost_to_date(table, es, ef, 0.0)[0] == 0.0
    assert cost_to_date(table, es, ef, 10.0)[0] == pytest.approx(9000)
    assert cost_to_date(table, es, ef, 25.0)[0] == pytest.approx(9000)


def test_cost_to_date_broadcasts_over_iterations() -> None:
    table = cost_table(project(demands={"mle1": 1}, cost=1000, accrual="end"))
    es = np.zeros((1, 3))
    ef = np.array([[5.0, 10.0, 20.0]])
    spent = cost_to_date(table, es, ef, 10.0)
    # five, ten and ten days of work; the fixed cost only where finished by t=10
    assert spent.tolist() == [[5000.0, 9000.0, 8000.0]]


def test_schedule_reports_task_and_summary_costs() -> None:
    p = Project.model_validate(
        {
            "name": "Costs",
            "start": "2027-01-04",
            "resources": [{"id": "mle1", "rate": 800}],
            "tasks": [
                {
                    "id": "phase",
                    "children": [
                        {"id": "a", "duration": 2, "demands": {"mle1": 1}},
                        {"id": "b", "duration": 3, "cost": 500, "after": ["a"]},
                    ],
                },
            ],
        }
    )
    from steerco.schedule.plan import schedule_cpm

    plan = schedule_cpm(compile_project(p))
    costs = {row.id: row.cost for row in plan.tasks()}
    assert costs == {"phase": 2100.0, "a": 1600.0, "b": 500.0}
    assert plan.total_cost() == 2100.0
    assert critical_path(plan.network).makespan == 5.0
