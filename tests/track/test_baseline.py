"""Freezing a plan into a baseline: what is kept, checked against hand-worked plans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import steerco
from psplib_data import psplib_instance
from steerco.formats.loader import load_plan_input, load_project
from steerco.model.baseline import Baseline, BaselineFile, BaselineTask
from steerco.schedule.plan import Schedule, schedule_cpm
from steerco.track.baseline import freeze_baseline
from steerco.track.planned_value import bac, planned_value_curve

ROOT = Path(__file__).parents[2]
CANONICAL = ROOT / "tests" / "cases" / "valid" / "canonical.yaml"
PSPLIB = psplib_instance("j3010_1")
SAVED = dt.date(2027, 1, 4)


def canonical() -> Baseline:
    project = load_project(CANONICAL)
    plan = steerco.schedule(project, method="cpm")
    assert isinstance(plan, Schedule)
    return freeze_baseline(plan, project, name="baseline", saved=SAVED, contingency=3000)


def test_leaves_keep_dates_units_work_and_cost_of_the_canonical_plan() -> None:
    # The plan worked by hand in tests/cases/valid/canonical.yaml; costs in docs/cli.md:
    # Label 15 days x 800 = 12,000; Train 12,000 fixed + 2 GPUs x 2.5/h x 8 h x 8 days.
    b = canonical()
    label, train, tune = b.task("label"), b.task("train"), b.task("tune")
    assert (label.start, label.finish) == (dt.date(2027, 1, 19), dt.date(2027, 2, 8))
    assert (label.start_units, label.finish_units, label.duration) == (10, 25, 15)
    assert (label.work, label.cost, label.rate, label.fixed_cost) == (15, 12000, 800, 0)
    assert (train.start_units, train.finish_units) == (15, 23)
    assert train.work == 16  # 8 days x 2 GPUs
    assert train.rate == 40  # 2 x 2.5 x 8 a working day
    assert (train.fixed_cost, train.accrual, train.cost) == (12000, "end", 12320)
    assert tune.work == 4 and tune.cost == 3200  # the nlp skill demand, met at 800 a day
    launch = b.task("launch")
    assert launch.kind == "milestone" and launch.start == launch.finish == dt.date(2027, 3, 11)
    assert (launch.start_units, launch.finish_units, launch.duration) == (48, 48, 0)


def test_summaries_keep_their_span_sums_and_children() -> None:
    data = canonical().task("data")
    assert data.kind == "summary" and data.children == ("collect", "label")
    assert (data.start_units, data.finish_units, data.duration) == (0, 25, 25)
    assert (data.start, data.finish) == (dt.date(2027, 1, 4), dt.date(2027, 2, 8))
    assert data.work == 15 and data.cost == 12000
    assert data.fixed_cost is None and data.rate is None and data.accrual is None
    assert canonical().task("label").parent == "data"


def test_the_baseline_header_describes_the_plan() -> None:
    b = canonical()
    assert (b.name, b.saved, b.project, b.unit, b.currency) == (
        "baseline",
        SAVED,
        "Support assistant",
        "day",
        "USD",
    )
    assert (b.start, b.finish, b.finish_units) == (dt.date(2027, 1, 4), dt.date(2027, 3, 11), 48)
    assert b.project_start == dt.date(2027, 1, 4) and b.method == "cpm"
    assert (b.contingency, b.management_reserve) == (3000, 0)
    assert [t.id for t in b.tasks] == ["data", "collect", "label", "train", "tune", "launch"]
    assert [t.id for t in b.leaves("data")] == ["collect", "label"]
    assert [t.id for t in b.leaves()] == ["collect", "label", "train", "tune", "launch"]


def test_times_are_integers_as_the_plan_prints_them() -> None:
    task = canonical().task("label")
    assert isinstance(task.start_units, int) and isinstance(task.duration, int)


def test_psplib_instance_has_periods_and_no_costs() -> None:
    network, project = load_plan_input(PSPLIB)
    b = freeze_baseline(schedule_cpm(network), project, name="b", saved=SAVED)
    assert b.unit == "period" and b.project_start is None
    first = b.tasks[0]
    assert isinstance(first.start, int) and first.start == first.start_units
    assert all(t.cost == 0 and t.rate == 0 for t in b.leaves())
    # work = duration x the units of every resource the job demands, from the plan's demands
    job = next(t for t in b.leaves() if t.duration > 0)
    index = network.ids.index(job.id)
    assert job.work == pytest.approx(job.duration * network.demand[index].sum())


def one_person(durations: tuple[int, int], *, chained: bool, **extra: Any) -> steerco.Project:
    """Tasks a and b for ML engineer 1 at 100 a day, from Monday 4 January 2027."""
    a, b = durations
    return steerco.Project.model_validate(
        {
            "name": "One person",
            "start": "2027-01-04",
            "resources": [{"id": "mle1", "name": "ML engineer 1", "rate": 100}],
            "tasks": [
                {"id": "a", "duration": a, "demands": {"mle1": 1}},
                {
                    "id": "b",
                    "duration": b,
                    "demands": {"mle1": 1},
                    "after": ["a"] if chained else [],
                },
            ],
            **extra,
        }
    )


def test_levelled_plan_is_frozen_as_levelled() -> None:
    project = one_person((3, 3), chained=False)
    plan = steerco.schedule(project, time_limit=5)
    assert isinstance(plan, Schedule) and plan.method != "cpm"
    b = freeze_baseline(plan, project, name="b", saved=SAVED)
    spans = sorted((t.start_units, t.finish_units) for t in b.leaves())
    assert spans == [(0, 3), (3, 6)]  # one person: one task after the other
    assert b.finish_units == 6 and b.method == plan.method


def leaf(**fields: Any) -> dict[str, Any]:
    return {
        "id": "a",
        "kind": "task",
        "start": 0,
        "finish": 2,
        "start_units": 0,
        "finish_units": 2,
        "duration": 2,
        "cost": 300,
        "fixed_cost": 100,
        "accrual": "end",
        "rate": 100,
        **fields,
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"rate": None},  # a leaf needs its time-phasing
        {"cost": 400},  # not fixed + rate x duration = 300
        {"finish_units": 0, "start_units": 1},  # finishes before it starts
        {"kind": "summary", "children": ("b",)},  # a summary has no rate
        {"children": ("b",)},  # a leaf has no children
    ],
)
def test_an_inconsistent_task_is_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        BaselineTask.model_validate(leaf(**fields))
    assert {e["type"] for e in error.value.errors()} == {"bad_baseline"}


def baseline(tasks: list[dict[str, Any]], name: str = "b") -> dict[str, Any]:
    return {
        "name": name,
        "saved": SAVED,
        "unit": "day",
        "start": 0,
        "finish": 2,
        "finish_units": 2,
        "tasks": tasks,
    }


def test_the_wbs_must_be_whole() -> None:
    summary = {**leaf(), "id": "s", "kind": "summary", "children": ["a"], "cost": 300}
    for key in ("fixed_cost", "rate", "accrual"):
        summary.pop(key)
    Baseline.model_validate(baseline([summary, leaf(parent="s")]))
    for tasks in (
        [summary, leaf()],  # a child that does not name its parent
        [leaf(parent="s")],  # a parent that does not exist
        [leaf(), leaf()],  # an id twice
    ):
        with pytest.raises(ValidationError) as error:
            Baseline.model_validate(baseline(tasks))
        assert {e["type"] for e in error.value.errors()} == {"bad_baseline"}


def test_baseline_names_are_unique_in_a_file() -> None:
    one = Baseline.model_validate(baseline([leaf()]))
    with pytest.raises(ValidationError):
        BaselineFile(baselines=(one, one))
    second = one.model_copy(update={"name": "second"})
    saved = BaselineFile(baselines=(one,)).saving(second)
    assert saved.names() == ["b", "second"]
    replaced = saved.saving(one.model_copy(update={"contingency": 10.0}))
    assert replaced.names() == ["b", "second"]
    assert replaced.get("b") is not None and replaced.get("b").contingency == 10  # type: ignore[union-attr]
    assert replaced.get("c") is None


def test_a_plan_with_progress_is_frozen_at_cost_at_completion() -> None:
    # A (3 days at 100) started Monday 4 January and is 40% done at the status date,
    # Wednesday 6 (data time 3), having cost 500: 3 x 60% = 1.8 -> 2 days remain, units 3-4.
    # Frozen from its actual start: units 0-5, cost 500 + 2 x 100 = 700, spread as a fixed
    # 500 (prorated) plus 2 x 100 / 5 = 40 per unit. B (2 days) follows: units 5-7.
    progress = {"a": {"actual_start": "2027-01-04", "percent_complete": 40, "actual_cost": 500}}
    project = one_person(
        (3, 2), chained=True, progress={"status_date": "2027-01-06", "tasks": progress}
    )
    plan = steerco.schedule(project, method="cpm")
    assert isinstance(plan, Schedule)
    b = freeze_baseline(plan, project, name="r", saved=SAVED)
    a = b.task("a")
    assert (a.start_units, a.finish_units, a.duration, a.work) == (0, 5, 5, 5)
    assert (a.cost, a.fixed_cost, a.rate, a.accrual) == (700, 500, 40, "prorated")
    assert (b.task("b").start_units, b.task("b").cost) == (5, 200)
    assert bac(b) == 900
    assert planned_value_curve(b, "a").tolist() == [0, 140, 280, 420, 560, 700, 700, 700]
