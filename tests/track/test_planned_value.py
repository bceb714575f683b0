"""BAC and the time-phased planned value curve, against hand-computed S-curves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.errors import ProjectError
from steerco.model import Project
from steerco.model.baseline import Baseline
from steerco.schedule import compile_project
from steerco.schedule.cost import cost_table, cost_to_date
from steerco.schedule.plan import schedule_cpm
from steerco.track.baseline import freeze_baseline
from steerco.track.evm import planned_fraction
from steerco.track.planned_value import (
    bac,
    node_start,
    node_value_curve,
    planned_duration,
    planned_value_curve,
)

MONDAY = "2027-01-04"  # no country: unit k is the k-th weekday from Monday 4 January 2027
SAVED = dt.date(2027, 1, 1)


def make_project(tasks: list[dict[str, Any]]) -> Project:
    """Tasks on a weekday calendar; resource `pR` costs R a day."""
    rates = (50, 100, 200, 300, 400, 500)
    return Project.model_validate(
        {
            "name": "PV",
            "start": MONDAY,
            "resources": [
                {"id": f"p{rate}", "name": f"ML engineer {i + 1}", "rate": rate}
                for i, rate in enumerate(rates)
            ],
            "tasks": tasks,
        }
    )


def frozen(tasks: list[dict[str, Any]]) -> Baseline:
    """The CPM plan of the project, frozen as a baseline."""
    project = make_project(tasks)
    return freeze_baseline(schedule_cpm(compile_project(project)), project, name="b", saved=SAVED)


def chain(*specs: tuple[str, int, str | None], **fields: Any) -> list[dict[str, Any]]:
    """Tasks (id, duration, resource) each after the one before."""
    out: list[dict[str, Any]] = []
    for i, (task_id, duration, resource) in enumerate(specs):
        task: dict[str, Any] = {"id": task_id, "duration": duration, **fields.get(task_id, {})}
        if resource is not None:
            task["demands"] = {resource: 1}
        if i:
            task["after"] = [specs[i - 1][0]]
        out.append(task)
    return out


def test_one_task_per_day_chain_from_monday_gives_the_hand_s_curve() -> None:
    # Five one-day tasks Mon..Fri at 100, 200, 300, 400, 500 a day. Time k is the end of
    # the k-th working day: PV = 0, 100, 300, 600, 1000, 1500. A Wednesday status date is
    # k = 3 (the status date is inclusive, issue 5): 100 + 200 + 300 = 600.
    b = frozen(
        chain(
            ("a", 1, "p100"), ("b", 1, "p200"), ("c", 1, "p300"), ("d", 1, "p400"), ("e", 1, "p500")
        )
    )
    curve = planned_value_curve(b)
    assert curve.tolist() == [0, 100, 300, 600, 1000, 1500]
    assert planned_duration(b) == 5
    assert bac(b) == 1500


def test_multi_day_tasks_spend_their_rate_day_by_day() -> None:
    # a: 2 days at 100 (units 0-1); b: 3 days at 200 (units 2-4).
    b = frozen(chain(("a", 2, "p100"), ("b", 3, "p200")))
    assert planned_value_curve(b).tolist() == [0, 100, 200, 400, 600, 800]


def test_zero_hundred_puts_each_budget_at_its_planned_finish() -> None:
    b = frozen(chain(("a", 2, "p100"), ("b", 3, "p200")))
    # a (200) at k = 2, b (600) at k = 5.
    assert planned_value_curve(b, default="0/100").tolist() == [0, 0, 200, 200, 200, 800]


def test_fifty_fifty_plans_half_at_the_start_and_half_at_the_finish() -> None:
    b = frozen(chain(("a", 2, "p100"), ("b", 3, "p200")))
    # a: 100 once its first day is over (k = 1), 200 at k = 2; b: +300 at k = 3, 600 at 5.
    assert planned_value_curve(b, default="50/50").tolist() == [0, 100, 200, 500, 500, 800]


def test_rules_per_task_override_the_default() -> None:
    b = frozen(chain(("a", 2, "p100"), ("b", 3, "p200")))
    curve = planned_value_curve(b, rules={"b": "0/100"})
    # a spreads its 100 a day; b plans its 600 only at its finish.
    assert curve.tolist() == [0, 100, 200, 200, 200, 800]
    assert planned_value_curve(b, rules={"a": "50/50"}, default="0/100").tolist() == [
        0,
        100,
        200,
        200,
        200,
        800,
    ]


def test_a_one_day_task_under_fifty_fifty_is_whole_at_its_finish() -> None:
    b = frozen(chain(("a", 1, "p100"), ("b", 1, "p200")))
    assert planned_value_curve(b, default="50/50").tolist() == [0, 100, 300]


@pytest.mark.parametrize(
    ("accrual", "expected"),
    [
        # lead: 2 days, no cost (units 0-1); work: 4 days (units 2-5), fixed 1000, no rate.
        ("start", [0, 0, 0, 1000, 1000, 1000, 1000]),  # once its first day is worked
        ("prorated", [0, 0, 0, 250, 500, 750, 1000]),  # a quarter per day worked
        ("end", [0, 0, 0, 0, 0, 0, 1000]),  # at the end of its last day
    ],
)
def test_fixed_cost_follows_its_accrual(accrual: str, expected: list[float]) -> None:
    b = frozen(chain(("lead", 2, None), ("work", 4, None), work={"cost": 1000, "accrual": accrual}))
    assert planned_value_curve(b).tolist() == expected
    assert planned_value_curve(b, "work").tolist() == expected


def test_fixed_cost_and_day_rate_add_up() -> None:
    # 4 days at 50 a day plus 400 at the start: 400 + 50 k over the task's days.
    b = frozen(chain(("work", 4, "p50"), work={"cost": 400, "accrual": "start"}))
    assert planned_value_curve(b).tolist() == [0, 450, 500, 550, 600]


def test_milestone_fixed_cost_is_planned_when_it_falls() -> None:
    # A sign-off fee of 300 on the milestone after a 2-day task: planned from k = 2.
    tasks = chain(("a", 2, "p100"))
    tasks.append({"id": "ok", "milestone": True, "after": ["a"], "cost": 300})
    b = frozen(tasks)
    assert planned_value_curve(b).tolist() == [0, 100, 500]
    assert planned_value_curve(b, "ok").tolist() == [0, 0, 300]


def test_hour_projects_plan_per_working_hour() -> None:
    # 125/h over one 8-hour day, then a 4-hour task at 400 a day (50 an hour).
    project = Project.model_validate(
        {
            "name": "Hours",
            "start": MONDAY,
            "unit": "hour",
            "resources": [
                {"id": "mle1", "name": "ML engineer 1", "rate": "125/h"},
                {"id": "mle2", "name": "ML engineer 2", "rate": 400},
            ],
            "tasks": [
                {"id": "a", "duration": "1d", "demands": {"mle1": 1}},
                {"id": "b", "duration": "4h", "demands": {"mle2": 1}, "after": ["a"]},
            ],
        }
    )
    b = freeze_baseline(schedule_cpm(compile_project(project)), project, name="h", saved=SAVED)
    curve = planned_value_curve(b)
    assert curve.size == 13
    assert curve[8] == pytest.approx(1000)
    assert curve[12] == pytest.approx(1200)
    assert curve[4] == pytest.approx(500)


def wbs() -> Baseline:
    return frozen(
        [
            {
                "id": "phase1",
                "children": [
                    {"id": "a", "duration": 2, "demands": {"p100": 1}},
                    {"id": "b", "duration": 1, "demands": {"p200": 1}, "after": ["a"]},
                ],
            },
            {
                "id": "phase2",
                "after": ["phase1"],
                "children": [
                    {"id": "c", "duration": 1, "demands": {"p300": 1}, "cost": 50},
                    {
                        "id": "sub",
                        "children": [
                            {"id": "d", "duration": 2, "demands": {"p400": 1}},
                            {"id": "e", "duration": 1, "demands": {"p500": 1}, "after": ["d"]},
                        ],
                    },
                ],
            },
            {"id": "done", "milestone": True, "after": ["phase2"]},
        ]
    )


def test_bac_rolls_up_the_wbs() -> None:
    b = wbs()
    # a 200, b 200; c 300 + 50, d 800, e 500.
    assert bac(b, "a") == 200
    assert bac(b, "phase1") == 400
    assert bac(b, "sub") == 1300
    assert bac(b, "phase2") == 1650
    assert bac(b, "done") == 0
    assert bac(b) == 2050


def test_node_curves_add_up_to_the_project_curve_and_end_at_their_bac() -> None:
    b = wbs()
    nodes = ["phase1", "phase2", "done"]
    curves = {node: planned_value_curve(b, node) for node in nodes}
    for node, curve in curves.items():
        assert curve.size == planned_duration(b) + 1  # every node on the project's PD
        assert curve[-1] == pytest.approx(bac(b, node))
    assert np.allclose(sum(curves.values()), planned_value_curve(b))


def test_reserves_are_kept_apart_from_bac() -> None:
    b = wbs().model_copy(update={"contingency": 500.0, "management_reserve": 250.0})
    assert bac(b) == 2050
    assert planned_value_curve(b)[-1] == pytest.approx(2050)


def test_an_unknown_node_is_a_located_unknown_task_error() -> None:
    with pytest.raises(ProjectError) as error:
        bac(wbs(), "phase3")
    assert error.value.code == "unknown_task"
    assert "phase1" in str(error.value) or "phase2" in str(error.value)
    with pytest.raises(ProjectError):
        planned_value_curve(wbs(), "nope")


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="earning rule"):
        planned_value_curve(wbs(), rules={"a": "25/75"})  # type: ignore[dict-item]


task_specs = st.lists(
    st.tuples(
        st.integers(0, 4),  # duration (0: a milestone)
        st.sampled_from([None, "p50", "p100", "p300"]),
        st.integers(0, 3).map(lambda x: x * 100),  # fixed cost
        st.sampled_from(["start", "prorated", "end"]),
        st.sampled_from(["percent_complete", "0/100", "50/50"]),
        st.integers(-1, 5),  # predecessor offset (-1: none)
    ),
    min_size=1,
    max_size=7,
)


@settings(max_examples=60, deadline=None)
@given(task_specs)
def test_curve_matches_planned_fraction_of_every_task(specs: list[Any]) -> None:
    # Invariants: the curve never falls and ends at BAC; and it is the sum over tasks of
    # budget x evm.planned_fraction(rule, k, start, finish, spread), spread being the
    # task's own cost_to_date share (the percent-complete rule).
    tasks: list[dict[str, Any]] = []
    rules = {}
    for i, (duration, resource, fixed, accrual, rule, back) in enumerate(specs):
        task: dict[str, Any] = {"id": f"t{i}", "cost": fixed, "accrual": accrual}
        if duration == 0:
            task["milestone"] = True
        else:
            task["duration"] = duration
            if resource is not None:
                task["demands"] = {resource: 1}
        if 0 <= back < i:
            task["after"] = [f"t{i - 1 - back}"]
        tasks.append(task)
        rules[f"t{i}"] = rule
    b = frozen(tasks)
    curve = planned_value_curve(b, rules=rules)
    assert np.all(np.diff(curve) >= -1e-9)
    assert curve[-1] == pytest.approx(bac(b))
    leaves = b.leaves()
    table = cost_table(make_project(tasks))
    es = np.array([float(leaf.start_units) for leaf in leaves])
    ef = np.array([float(leaf.finish_units) for leaf in leaves])
    for k in range(curve.size):
        spent = cost_to_date(table, es, ef, float(k))
        expected = sum(
            leaf.cost
            * planned_fraction(
                rules[leaf.id],
                time=k,
                start=leaf.start_units,
                finish=leaf.finish_units,
                spread=spent[i] / leaf.cost if leaf.cost else 0.0,
            )
            for i, leaf in enumerate(leaves)
        )
        assert curve[k] == pytest.approx(expected, abs=1e-9)


def test_a_nodes_own_curve_starts_at_its_baseline_start() -> None:
    # a: 2 days at 100 (units 0-2); b: 3 days at 200 (units 2-5). b's own axis starts at
    # unit 2: PV 0, 200, 400, 600 at 2, 3, 4, 5; a's own curve is its first three points.
    b = frozen(chain(("a", 2, "p100"), ("b", 3, "p200")))
    assert node_value_curve(b, "b").tolist() == [0, 200, 400, 600]
    assert node_value_curve(b, "a").tolist() == [0, 100, 200]
    assert node_start(b, "b") == 2 and node_start(b) == 0
    # 0/100 plans nothing until b's finish, then all of it.
    assert node_value_curve(b, "b", rules={"b": "0/100"}).tolist() == [0, 0, 0, 600]
