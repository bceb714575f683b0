"""Earned value in effort: the budgets of a baseline without costs, by hand."""

from __future__ import annotations

import datetime as dt

from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.plan import schedule_cpm
from steerco.track.baseline import freeze_baseline
from steerco.track.effort import effort_baseline, leaf_effort, measure_of
from steerco.track.planned_value import bac, planned_value_curve

PLAN = {
    "name": "Effort",
    "start": "2027-01-04",
    "resources": [
        {"id": "r", "name": "Engineer"},
        {"id": "gpu", "name": "GPU", "kind": "equipment"},
    ],
    "tasks": [
        {
            "id": "ph",
            "children": [
                {"id": "a", "duration": 2, "demands": {"r": 1, "gpu": 2}},
                {"id": "b", "duration": 3, "after": ["a"]},
            ],
        },
        {"id": "m", "milestone": True, "after": ["ph"]},
    ],
}


def test_effort_budgets_are_work_else_duration_and_spread_evenly() -> None:
    # a: 2 days x 3 units = 6; b demands nothing: 3 days x 1 = 3; the milestone m: 0.
    project = Project.model_validate(PLAN)
    frozen = freeze_baseline(
        schedule_cpm(compile_project(project)), project, name="b", saved=dt.date(2027, 1, 1)
    )
    assert measure_of(frozen) == "effort"
    assert [leaf_effort(leaf) for leaf in frozen.leaves()] == [6, 3, 0]
    effort = effort_baseline(frozen)
    assert measure_of(effort) == "cost"  # it has a budget now
    assert (bac(effort), bac(effort, "ph"), bac(effort, "m")) == (9, 9, 0)
    # a spends 3 a day over units 0-2, b 1 a day over units 2-5.
    assert planned_value_curve(effort).tolist() == [0, 3, 6, 7, 8, 9]
