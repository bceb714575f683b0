"""Tasks staffed by a role or skill demand work on the calendar of the person picked.

Worked by hand on a Mon-Fri project from Monday 4 January 2027 (no country): units 0-4 =
Jan 4-8, 5-9 = Jan 11-15, 10-14 = Jan 18-22, and so on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from steerco.forecast.run import ForecastOptions, forecast
from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.assign import resolve_choices, staffing_problem
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule, ScheduledTask
from steerco.schedule.planner import plan_network
from steerco.schedule.rcpsp.check import schedule_violations
from steerco.schedule.rcpsp.solve import solve

MONDAY = "2027-01-04"


def project(resources: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> Project:
    return Project.model_validate(
        {"name": "p", "start": MONDAY, "resources": resources, "tasks": tasks}
    )


def plan(p: Project, method: str) -> Schedule:
    result = plan_network(
        compile_project(p), project=p, options=SolveOptions(method=method, time_limit=10)
    )
    assert isinstance(result, Schedule), getattr(result, "message", "")
    return result


def rows(schedule: Schedule) -> dict[str, ScheduledTask]:
    return {row.id: row for row in schedule.tasks()}


PART_TIME = project(
    [{"id": "ana", "workdays": ["mon", "tue", "wed"], "skills": {"ml": 3}}],
    [
        {"id": "a", "duration": 15, "demands": [{"skill": "ml", "min_level": 3}]},
        {"id": "b", "duration": 2, "after": ["a"]},
    ],
)


@pytest.mark.parametrize("method", ("heuristic", "cp-sat", "auto"))
def test_skill_demand_works_on_the_picked_part_timers_calendar(method: str) -> None:
    # Only Ana (Mon-Wed) has the skill: 15 days of work = 5 of her weeks, Mon 4 Jan to
    # Wed 3 Feb (units 0..22, ef 23), as when the task names her; b runs Thu 4 - Fri 5 Feb.
    got = rows(plan(PART_TIME, method))
    assert (got["a"].es, got["a"].ef) == (0, 23)
    assert (got["a"].start, got["a"].finish) == (dt.date(2027, 1, 4), dt.date(2027, 2, 3))
    assert got["a"].assignees == ("ana",)
    assert (got["b"].es, got["b"].ef) == (23, 25)


def test_forecast_levels_on_the_picked_persons_calendar() -> None:
    p = PART_TIME
    levelled = plan(p, "heuristic")
    result = forecast(
        compile_project(p), p, ForecastOptions(iterations=200, resources=True), plan=levelled
    )
    assert float(result.makespan["p50"]) == 25.0


def test_critical_path_keeps_the_tasks_own_calendar() -> None:
    # The critical path picks nobody: the task runs on the project calendar (15 + 2 days).
    got = rows(plan(PART_TIME, "cpm"))
    assert (got["a"].ef, got["b"].ef) == (15, 17)


LEAVE = project(
    [
        {"id": "ana", "skills": {"ml": 3}, "leave": ["2027-01-06..2027-01-07"]},
        {"id": "bob", "skills": {"ml": 3}},
    ],
    [{"id": "a", "duration": 5, "demands": [{"skill": "ml", "min_level": 3}]}],
)


def test_greedy_pick_of_the_person_on_leave_pauses_over_the_leave() -> None:
    # The heuristic's greedy pick (equal load and cost: the first listed) is Ana: her
    # days are Mon 4, Tue 5, Fri 8, Mon 11, Tue 12 (ef 7).
    got = rows(plan(LEAVE, "heuristic"))["a"]
    assert (got.es, got.ef, got.finish, got.assignees) == (0, 7, dt.date(2027, 1, 12), ("ana",))


@pytest.mark.parametrize("method", ("cp-sat", "auto"))
def test_solver_picks_the_candidate_who_finishes_first(method: str) -> None:
    # Bob works Mon 4 - Fri 8 (ef 5), two days before Ana would finish.
    schedule = plan(LEAVE, method)
    got = rows(schedule)["a"]
    assert (got.es, got.ef, got.finish, got.assignees) == (0, 5, dt.date(2027, 1, 8), ("bob",))
    assert schedule.bound is not None and schedule.bound <= 5


def test_bound_holds_for_every_pick_and_plans_pass_the_check() -> None:
    network = compile_project(LEAVE)
    problem = staffing_problem(LEAVE, network).problem
    for method in ("heuristic", "cp-sat"):
        result = solve(problem, options=SolveOptions(method=method, time_limit=10))
        assert result.start is not None and result.makespan is not None and result.picks
        fixed = resolve_choices(problem, result.picks)
        assert schedule_violations(fixed, result.start) == [], method
        assert result.bound <= 5 <= result.makespan, method


def test_split_false_keeps_one_unbroken_stretch_for_a_picked_person() -> None:
    # Only Ana qualifies and she says split: false: the task waits for Fri 8 and runs
    # five working days to Thu 14 (es 4, ef 9), as before.
    p = project(
        [{"id": "ana", "skills": {"ml": 3}, "leave": ["2027-01-06..2027-01-07"]}],
        [{"id": "a", "duration": 5, "split": False, "demands": [{"skill": "ml", "min_level": 3}]}],
    )
    for method in ("heuristic", "cp-sat"):
        got = rows(plan(p, method))["a"]
        assert (got.es, got.ef, got.finish) == (4, 9, dt.date(2027, 1, 14)), method
