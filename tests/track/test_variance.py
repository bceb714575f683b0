"""Variance of the current plan against a baseline, on hand-worked plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from steerco.errors import ProjectError
from steerco.model import Project
from steerco.model.baseline import Baseline
from steerco.model.quantities import Rate
from steerco.schedule import compile_project
from steerco.schedule.plan import Schedule, schedule_cpm
from steerco.track.baseline import freeze_baseline
from steerco.track.variance import TaskVariance, variance

MONDAY = "2027-01-04"  # no country: unit k is the k-th weekday from Monday 4 January 2027


def project(
    durations: dict[str, int],
    *,
    start: str = MONDAY,
    without: str = "",
    added: tuple[dict[str, Any], ...] = (),
    **extra: Any,
) -> Project:
    """Design (a), then build (b) in phase 'work', then review (c), milestones m1, m2."""
    tasks: list[dict[str, Any]] = [
        {
            "id": "work",
            "name": "Work",
            "children": [
                {"id": "a", "duration": durations.get("a", 2), "demands": {"mle1": 1}},
                {
                    "id": "b",
                    "duration": durations.get("b", 3),
                    "demands": {"mle1": 1},
                    "after": ["a"],
                },
            ],
        },
        {"id": "m1", "milestone": True, "after": ["a"]},
        {"id": "c", "duration": durations.get("c", 1), "after": ["work"], "cost": 500},
        {"id": "m2", "milestone": True, "after": ["c"]},
    ]
    return Project.model_validate(
        {
            "name": "Variance",
            "start": start,
            "resources": [{"id": "mle1", "name": "ML engineer 1", "rate": 100}],
            "tasks": [t for t in tasks if t["id"] != without] + list(added),
            **extra,
        }
    )


def plan(p: Project) -> Schedule:
    return schedule_cpm(compile_project(p))


def frozen(p: Project) -> Baseline:
    return freeze_baseline(plan(p), p, name="baseline", saved=dt.date(2027, 1, 1))


def rows(report_tasks: list[TaskVariance]) -> dict[str, TaskVariance]:
    return {row.id: row for row in report_tasks}


def test_an_unchanged_plan_has_no_variance_and_keeps_wbs_order() -> None:
    p = project({})
    report = variance(frozen(p), plan(p))
    assert [row.id for row in report.tasks] == ["work", "a", "b", "m1", "c", "m2"]
    for row in report.tasks:
        assert (row.start_variance, row.finish_variance) == (0, 0)
        assert (row.duration_variance, row.cost_variance) == (0, 0)
    assert report.slipped_milestones == []
    assert report.shift == 0


def test_a_longer_task_slips_its_successors_and_the_milestone_comes_first() -> None:
    # b: 3 -> 5 days. Baseline a 0-2, b 2-5, c 5-6, m2 at 6; now b 2-7, c 7-8, m2 at 8.
    report = variance(frozen(project({})), plan(project({"b": 5})))
    assert report.slipped_milestones == ["m2"]
    assert report.tasks[0].id == "m2"
    assert [row.id for row in report.tasks[1:]] == ["work", "a", "b", "m1", "c"]
    by_id = rows(report.tasks)
    b, c, m2, work = by_id["b"], by_id["c"], by_id["m2"], by_id["work"]
    assert (b.start_variance, b.finish_variance, b.duration_variance) == (0, 2, 2)
    assert b.cost_variance == 200 and (b.baseline_cost, b.cost) == (300, 500)  # 100 a day
    assert (c.start_variance, c.finish_variance, c.duration_variance, c.cost_variance) == (
        2,
        2,
        0,
        0,
    )
    assert (m2.finish_variance, m2.baseline_finish, m2.finish) == (
        2,
        dt.date(2027, 1, 11),
        dt.date(2027, 1, 13),
    )  # the day of unit 5 (Mon 11) -> unit 7 (Wed 13)
    assert (work.finish_variance, work.duration_variance, work.cost_variance) == (2, 2, 200)
    assert by_id["m1"].finish_variance == 0
    assert (report.project.finish_variance, report.project.cost_variance) == (2, 200)
    assert report.project.baseline_cost == 1000 and report.project.cost == 1200


def test_a_shorter_task_gives_negative_variance() -> None:
    report = variance(frozen(project({})), plan(project({"a": 1})))
    by_id = rows(report.tasks)
    assert (by_id["a"].finish_variance, by_id["a"].cost_variance) == (-1, -100)
    assert by_id["m1"].finish_variance == -1
    assert report.slipped_milestones == []  # an early milestone has not slipped


def test_slipped_milestones_are_listed_worst_first() -> None:
    # a: 2 -> 3 moves m1 by 1; and b: 3 -> 6 moves m2 by 1 + 3 = 4.
    report = variance(frozen(project({})), plan(project({"a": 3, "b": 6})))
    assert report.slipped_milestones == ["m2", "m1"]
    assert [row.id for row in report.tasks[:2]] == ["m2", "m1"]
    assert [row.finish_variance for row in report.tasks[:2]] == [4, 1]


def test_added_and_removed_tasks_have_no_variance() -> None:
    base = project({})
    changed = project({}, without="m1", added=({"id": "extra", "duration": 1, "after": ["m2"]},))
    report = variance(frozen(base), plan(changed))
    by_id = rows(report.tasks)
    extra, m1 = by_id["extra"], by_id["m1"]
    assert extra.baseline_finish is None and extra.finish_variance is None
    assert extra.finish == dt.date(2027, 1, 12) and extra.cost == 0
    assert m1.finish is None and m1.finish_variance is None and m1.cost_variance is None
    assert m1.baseline_finish == dt.date(2027, 1, 5)
    assert report.tasks[-1].id == "m1"  # removed tasks come after the current WBS


def test_a_later_project_start_shifts_everything_by_the_working_days_between() -> None:
    # Start moved from Monday 4 to Monday 11 January: 5 working days later, same plan.
    report = variance(frozen(project({})), plan(project({}, start="2027-01-11")))
    assert report.shift == 5
    for row in report.tasks:
        assert (row.start_variance, row.finish_variance, row.duration_variance) == (5, 5, 0)
    assert report.slipped_milestones == ["m1", "m2"]  # equal slips keep WBS order
    assert report.project.start_variance == 5 and report.project.finish_variance == 5


def test_an_earlier_project_start_shifts_backwards() -> None:
    # Baseline from Wednesday 6 January; now from Monday 4: two working days earlier.
    report = variance(frozen(project({}, start="2027-01-06")), plan(project({})))
    assert report.shift == -2
    assert {row.finish_variance for row in report.tasks} == {-2}


def test_a_baseline_in_other_units_is_refused() -> None:
    hours = project({}, unit="hour")
    with pytest.raises(ProjectError) as error:
        variance(frozen(project({})), plan(hours))
    assert error.value.code == "bad_baseline"


def test_overhead_varies_with_the_finish_project_and_summary() -> None:
    # b: 3 -> 5 days; the project 6 -> 8 days, the summary `work` 5 -> 7 days.
    before = project({}, overhead=10)
    after = project({"b": 5}, overhead=10)
    report = variance(frozen(before), plan(after))
    by_id = rows(report.tasks)
    # tasks: 1,000 then 1,200 (b costs 200 more); overhead 10 x 6 = 60 then 10 x 8 = 80
    assert (report.project.baseline_cost, report.project.cost) == (1060, 1280)
    assert report.project.cost_variance == 220
    assert by_id["work"].cost_variance == 200  # no summary overhead here

    def with_summary_overhead(durations: dict[str, int]) -> Project:
        p = project(durations)
        work = p.tasks[0].model_copy(update={"overhead": Rate(50)})
        return p.model_copy(update={"tasks": (work, *p.tasks[1:])})

    by_id = rows(
        variance(frozen(with_summary_overhead({})), plan(with_summary_overhead({"b": 5}))).tasks
    )
    # work: 500 + 50 x 5 then 700 + 50 x 7
    assert (by_id["work"].baseline_cost, by_id["work"].cost) == (750, 1050)
