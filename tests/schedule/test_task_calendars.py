"""Task calendars: part-timers, leave inside a task, 24x7 runs, elapsed time, `split: false`.

Every case is worked by hand on a Mon-Fri project from Monday 4 January 2027 (no
country): units 0-4 = Jan 4-8, 5-9 = Jan 11-15, 10-14 = Jan 18-22, and so on; on the
calendar-day axis (24x7 or elapsed time in the plan) unit k is simply Jan 4 + k days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from steerco.errors import ProjectError
from steerco.forecast.run import ForecastOptions, forecast
from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.assign import staffing_problem
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule, ScheduledTask
from steerco.schedule.planner import plan_network
from steerco.schedule.rcpsp import makespan_bound
from steerco.schedule.rcpsp.check import schedule_violations
from steerco.schedule.rcpsp.solve import solve

MONDAY = "2027-01-04"
METHODS = ("cpm", "heuristic", "cp-sat")


def project(resources: list[dict[str, Any]], tasks: list[dict[str, Any]], **extra: Any) -> Project:
    return Project.model_validate(
        {"name": "p", "start": MONDAY, "resources": resources, "tasks": tasks, **extra}
    )


def plan(p: Project, method: str) -> Schedule:
    result = plan_network(
        compile_project(p), project=p, options=SolveOptions(method=method, time_limit=10)
    )
    assert isinstance(result, Schedule), getattr(result, "message", "")
    return result


def rows(schedule: Schedule) -> dict[str, ScheduledTask]:
    return {row.id: row for row in schedule.tasks()}


def forecast_makespan(p: Project, *, resources: bool = False) -> float:
    result = forecast(compile_project(p), p, ForecastOptions(iterations=200, resources=resources))
    return float(result.makespan["p50"])


PART_TIME = project(
    [{"id": "ana", "workdays": ["mon", "tue", "wed"]}],
    [
        {"id": "a", "duration": 15, "demands": {"ana": 1}},
        {"id": "b", "duration": 2, "after": ["a"]},
    ],
)


@pytest.mark.parametrize("method", METHODS)
def test_part_timer_on_a_15_day_task_finishes_after_five_weeks(method: str) -> None:
    # Ana works Mon-Wed: 15 days of work = 5 of her weeks, Mon 4 Jan to Wed 3 Feb
    # (units 0..22, ef 23); b then runs Thu 4 - Fri 5 Feb (ef 25).
    got = rows(plan(PART_TIME, method))
    assert (got["a"].es, got["a"].ef) == (0, 23)
    assert (got["a"].start, got["a"].finish) == (dt.date(2027, 1, 4), dt.date(2027, 2, 3))
    assert (got["b"].es, got["b"].ef, got["b"].finish) == (23, 25, dt.date(2027, 2, 5))
    assert got["a"].total_float == 0 and got["a"].critical


def test_critical_path_books_a_part_timer_only_on_the_days_she_works() -> None:
    # The plain critical path reports over-allocation; Ana's paused days are not booked.
    assert plan(PART_TIME, "cpm").notes == []
    two = project(
        [{"id": "ana", "workdays": ["mon", "tue", "wed"]}],
        [{"id": t, "duration": 3, "demands": {"ana": 1}} for t in ("a", "b")],
    )
    # a and b both work Mon 4 - Wed 6: three of Ana's days double-booked.
    assert plan(two, "cpm").notes == [
        "over-allocated: ana 2027-01-04 to 2027-01-06: 2 booked, 1 available"
    ]


def test_part_timer_forecast_agrees_with_the_plan() -> None:
    assert forecast_makespan(PART_TIME) == 25.0
    assert forecast_makespan(PART_TIME, resources=True) == 25.0


LEAVE = project(
    [{"id": "mle1", "leave": ["2027-01-06..2027-01-07"]}],
    [{"id": "a", "duration": 5, "demands": {"mle1": 1}}],
)


@pytest.mark.parametrize("method", METHODS)
def test_leave_inside_a_task_moves_its_finish_out_by_the_leave(method: str) -> None:
    # Away Wed 6 - Thu 7: the 5 days are Mon 4, Tue 5, Fri 8, Mon 11, Tue 12 (ef 5 + 2 = 7).
    got = rows(plan(LEAVE, method))["a"]
    assert (got.es, got.ef, got.start, got.finish) == (
        0,
        7,
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 12),
    )


def test_leave_inside_a_task_in_the_forecast() -> None:
    assert forecast_makespan(LEAVE) == 7.0
    assert forecast_makespan(LEAVE, resources=True) == 7.0


@pytest.mark.parametrize("method", ("heuristic", "cp-sat"))
def test_split_false_keeps_one_unbroken_stretch_after_the_leave(method: str) -> None:
    # Today's behaviour: the task waits for Fri 8 and runs five working days to Thu 14.
    p = project(
        [{"id": "mle1", "leave": ["2027-01-06..2027-01-07"]}],
        [{"id": "a", "duration": 5, "split": False, "demands": {"mle1": 1}}],
    )
    got = rows(plan(p, method))["a"]
    assert (got.es, got.ef, got.start, got.finish) == (
        4,
        9,
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 14),
    )


def test_a_plan_without_calendars_compiles_no_task_calendars() -> None:
    # Full-time people, no leave, no 24x7: the plain arrays, and nothing to pay for.
    p = project([{"id": "ana"}], [{"id": "a", "duration": 5, "demands": {"ana": 1}}])
    assert compile_project(p).calendars is None
    unsplit = project(
        [{"id": "ana", "workdays": ["mon"]}],
        [{"id": "a", "duration": 5, "split": False, "demands": {"ana": 1}}],
    )
    assert compile_project(unsplit).calendars is None


GPU = project(
    [{"id": "cluster", "kind": "equipment"}],
    [
        {"id": "prep", "duration": 3},
        {"id": "train", "duration": 10, "calendar": "24x7", "after": ["prep"],
         "demands": {"cluster": 1}},
        {"id": "eval", "duration": 2, "after": ["train FS+2ed"]},
        {"id": "soak", "duration": "4ed", "after": ["eval"]},
        {"id": "ship", "duration": 1, "after": ["soak FS+1d"]},
    ],
)  # fmt: skip
"""Units are calendar days from Mon 4 Jan. prep Mon 4 - Wed 6 (0-3); train runs 24x7 for
10 days Thu 7 - Sat 16 (3-13); eval waits 2 elapsed days (Sun 17, Mon 18) and works Tue
19 - Wed 20 (15-17); soak runs 4 elapsed days Thu 21 - Sun 24 (17-21); ship waits one
working day (Mon 25) and works Tue 26 (22-23)."""


@pytest.mark.parametrize("method", METHODS)
def test_24x7_task_and_elapsed_time_over_weekends(method: str) -> None:
    got = rows(plan(GPU, method))
    expected = {
        "prep": (0, 3, "2027-01-04", "2027-01-06"),
        "train": (3, 13, "2027-01-07", "2027-01-16"),
        "eval": (15, 17, "2027-01-19", "2027-01-20"),
        "soak": (17, 21, "2027-01-21", "2027-01-24"),
        "ship": (22, 23, "2027-01-26", "2027-01-26"),
    }
    for task, (es, ef, start, finish) in expected.items():
        row = got[task]
        assert (row.es, row.ef, str(row.start), str(row.finish)) == (es, ef, start, finish), task
        assert row.critical


def test_24x7_forecast_agrees_with_the_plan() -> None:
    assert forecast_makespan(GPU) == 23.0


def test_named_calendar_works_saturdays() -> None:
    # A lab that works Mon-Sat: 6 days from Mon 4 end on Sat 9 (calendar-day axis).
    p = project(
        [],
        [{"id": "a", "duration": 6, "calendar": "lab"}, {"id": "b", "duration": 1, "after": ["a"]}],
        calendars={"lab": {"workdays": ["mon", "tue", "wed", "thu", "fri", "sat"]}},
    )
    got = rows(plan(p, "cpm"))
    assert (str(got["a"].finish), got["a"].ef) == ("2027-01-09", 6)
    assert (str(got["b"].start), got["b"].es) == ("2027-01-11", 7)  # b works Mon-Fri


def test_unknown_calendar_is_a_located_error() -> None:
    with pytest.raises(ProjectError) as caught:
        project([], [{"id": "a", "duration": 2, "calendar": "24-7"}])
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "unknown_calendar"
    assert diagnostic.path == ("tasks", 0, "calendar")


SHARED = project(
    [
        {"id": "ana", "workdays": ["mon", "tue", "wed"], "leave": ["2027-01-19"]},
        {"id": "bo", "leave": ["2027-01-12..2027-01-13"]},
    ],
    [
        {"id": "a", "duration": 4, "demands": {"ana": 1}},
        {"id": "b", "duration": 3, "demands": {"ana": 1, "bo": 1}},
        {"id": "c", "duration": 5, "demands": {"bo": 1}, "after": ["a SS+1d"]},
        {"id": "d", "duration": 2, "split": False, "demands": {"bo": 1}},
        {"id": "e", "duration": 2, "after": ["b", "c", "d"]},
    ],
)


def test_solvers_agree_and_keep_the_bound_below_the_makespan() -> None:
    # Both schedulers read the same calendar tables: CP-SAT proves an optimum no worse
    # than the heuristic's, every plan is feasible by the independent check, and each
    # bound is at most its makespan.
    network = compile_project(SHARED)
    problem = staffing_problem(SHARED, network).problem
    results = {
        method: solve(problem, options=SolveOptions(method=method, time_limit=10))
        for method in ("heuristic", "cp-sat")
    }
    for method, result in results.items():
        assert result.start is not None and result.makespan is not None, method
        assert schedule_violations(problem, result.start) == [], method
        assert result.bound <= result.makespan
    exact = results["cp-sat"]
    assert exact.status == "optimal"
    assert exact.makespan is not None and results["heuristic"].makespan is not None
    assert exact.makespan <= results["heuristic"].makespan
    assert results["heuristic"].bound <= exact.makespan


def test_levelled_plan_dates_follow_the_calendars() -> None:
    got = rows(plan(SHARED, "cp-sat"))
    cal = compile_project(SHARED).calendars
    assert cal is not None
    for task, row in got.items():
        i = [leaf.id for leaf in SHARED.leaves()].index(task)
        c = int(cal.index[i])
        # every task starts on a day its calendar works and ends where its work ends
        assert cal.works[c, row.es]
        finish = cal.finish(np.int64(c), float(row.es), float(compile_project(SHARED).duration[i]))
        assert row.ef == round(float(finish)), task


LINKS = project(
    [{"id": "ana", "workdays": ["mon", "tue", "wed"]}, {"id": "bo"}],
    [
        {"id": "a", "duration": 4, "demands": {"ana": 1}},
        {"id": "b", "duration": 2, "after": ["a FF"], "demands": {"bo": 1}},
        {"id": "c", "duration": 3, "after": ["a SS+1d"], "demands": {"bo": 1}, "split": False},
        {"id": "d", "duration": 1, "after": ["b", "c"]},
    ],
)


@pytest.mark.parametrize("method", METHODS)
def test_finish_and_start_links_on_calendars(method: str) -> None:
    # a: Mon 4, Tue 5, Wed 6, (Thu, Fri off) Mon 11 -> ef 6. c (SS+1d) starts Tue 5 and
    # runs to Thu 7 (1-4). b (FF) must finish by a's finish: the latest-starting finish
    # of 2 days that reaches 6 starts Fri 8 (4) and ends Mon 11 (6), after c on bo.
    # d follows both on Tue 12 (6-7).
    got = rows(plan(LINKS, method))
    assert [(got[t].es, got[t].ef) for t in "abcd"] == [(0, 6), (4, 6), (1, 4), (6, 7)]
    assert forecast_makespan(LINKS) == 7.0


def test_serial_sgs_on_calendars_lets_a_task_pause_over_leave() -> None:
    # One list, one pass: the task starts Mon 4 and pauses over the leave (no waiting).
    from steerco.schedule.rcpsp.kernel import serial_sgs

    problem = staffing_problem(LEAVE, compile_project(LEAVE)).problem
    start = serial_sgs(problem, np.array([0]))
    assert start.tolist() == [0] and problem.finishes(start).tolist() == [7]
    assert schedule_violations(problem, start) == []


def _seven_day_people(*, leave: bool = True, anchor: bool = True) -> Project:
    """Two 6-day tasks for one of two people who work every day, sharing a rig.

    Once picked, a task works its person's calendar (every day), which the project's
    Mon-Fri calendar leaves out: both tasks fit in 12 calendar days, one after the other.
    With `leave`, the people also have two days off in June; with `anchor`, a 24x7 task
    puts every calendar day on the plan's axis whoever is picked.
    """
    seven = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    who = [{"skill": "ml", "min_level": 3}, {"resource": "rig", "units": 1}]
    away = {"leave": ["2027-06-01..2027-06-02"]} if leave else {}
    tasks: list[dict[str, Any]] = [
        {"id": "a1", "duration": 6, "demands": who},
        {"id": "a2", "duration": 6, "demands": who},
    ]
    if anchor:
        tasks.append({"id": "c", "duration": 1, "calendar": "24x7"})
    return project(
        [
            {"id": "wk1", "calendar": "all", "skills": {"ml": 3}, **away},
            {"id": "wk2", "calendar": "all", "skills": {"ml": 3}, **away},
            {"id": "rig"},
        ],
        tasks,
        calendars={"all": {"workdays": seven}},
    )


@pytest.mark.parametrize(("leave", "anchor"), [(True, False), (False, True), (False, False)])
def test_a_person_with_a_calendar_of_their_own_moves_a_task_onto_it(
    leave: bool, anchor: bool
) -> None:
    # With no days off, a person with a calendar of their own was not a candidate whose
    # calendar the task takes: the two tasks then took 12 of the project's working days,
    # to Tuesday 19 January. Every day on the axis, they end on Friday 15 January.
    p = _seven_day_people(leave=leave, anchor=anchor)
    got = rows(plan(p, "cp-sat"))
    assert max(got["a1"].finish, got["a2"].finish) == dt.date(2027, 1, 15)


@pytest.mark.parametrize("method", ["heuristic", "cp-sat", "auto"])
def test_a_person_with_a_longer_week_is_bounded_and_planned_on_their_calendar(
    method: str,
) -> None:
    # The bound once took the tasks on the project's calendar (8 days each, 16 > 12), and
    # CP-SAT kept their starts to the project's weekdays: 13, and `auto`, bounded by the
    # heuristic's 12, called the plan infeasible.
    p = _seven_day_people()
    problem = staffing_problem(p, compile_project(p)).problem
    assert makespan_bound(problem) <= 12
    result = solve(problem, options=SolveOptions(method=method, time_limit=10, workers=2))
    assert result.start is not None and result.makespan == 12
    assert result.bound <= 12
    assert result.status == "optimal"


@pytest.mark.parametrize("method", ["heuristic", "cp-sat", "auto"])
def test_a_staffed_milestone_is_not_held_to_its_persons_working_days(method: str) -> None:
    # Z takes no time: it sits at P's finish (5) whoever is picked; the 24x7 day follows.
    p = project(
        [{"id": "wk1", "skills": {"ml": 3}, "leave": ["2027-01-19..2027-01-20"]}],
        [
            {"id": "P", "duration": 5},
            {"id": "Z", "duration": 0, "demands": [{"skill": "ml"}], "after": ["P"]},
            {"id": "B", "duration": 1, "calendar": "24x7", "after": ["Z"]},
        ],
    )
    problem = staffing_problem(p, compile_project(p)).problem
    result = solve(problem, options=SolveOptions(method=method, time_limit=10))
    assert result.start is not None and result.start.tolist() == [0, 5, 5]
    assert (result.makespan, result.bound, result.status) == (6, 6, "optimal")


def test_a_finish_link_to_a_staffed_task_does_not_raise_the_bound_past_a_schedule() -> None:
    # Picking wk1, whose leave (Jan 5-13) stretches A, A may start at 0 and still finish
    # after P (FF): B (SS after A) runs 0-20. On the task's own calendar A would have to
    # start at 3 to finish by P's 5, and the critical path said 23.
    p = project(
        [{"id": "wk1", "skills": {"ml": 3}, "leave": ["2027-01-05..2027-01-13"]}],
        [
            {"id": "P", "duration": 5},
            {"id": "A", "duration": 2, "demands": [{"skill": "ml"}], "after": ["P FF"]},
            {"id": "B", "duration": 20, "after": ["A SS"]},
        ],
    )
    problem = staffing_problem(p, compile_project(p)).problem
    result = solve(problem, options=SolveOptions(method="heuristic", time_limit=10))
    assert result.start is not None and result.makespan == 20
    assert makespan_bound(problem) <= 20


def test_a_person_who_works_no_project_day_makes_the_task_unstaffable_and_says_why() -> None:
    # Someone who works Sundays only, on a Mon-Fri project: the task can never be worked.
    # It was dated at the end of the compiled axis (a Monday in April), "0 available".
    p = project(
        [{"id": "sun", "workdays": ["sun"]}], [{"id": "a", "duration": 1, "demands": {"sun": 1}}]
    )
    with pytest.raises(ProjectError) as raised:
        compile_project(p)
    [found] = raised.value.diagnostics
    assert found.code == "unstaffable_demand"
    assert found.path == ("tasks", 0, "demands")
    assert found.message == (
        "task 'a' can never be worked: it runs on the project's days (mon, tue, wed, thu, fri) "
        "less the days its people are away, and sun works sun only"
    )


def test_on_24x7_the_same_person_works_sundays() -> None:
    # A task on 24x7 works every day less its people's days off: Sunday 10 January.
    p = project(
        [{"id": "sun", "workdays": ["sun"]}],
        [{"id": "a", "duration": 1, "demands": {"sun": 1}, "calendar": "24x7"}],
    )
    for method in METHODS:
        [row] = [r for r in plan(p, method).tasks() if r.id == "a"]
        assert (row.start, row.finish) == (dt.date(2027, 1, 10), dt.date(2027, 1, 10))


def test_leave_holds_the_task_until_after_it() -> None:
    # A task on a calendar of Saturdays, for someone away to 2031: the first Saturday after
    # (3 January 2032), not unstaffable (leave to the end of 2199 is the last date's
    # horizon_too_long, tests/app/test_plan_last_date.py).
    p = project(
        [{"id": "ana", "workdays": ["mon", "sat"], "leave": ["2027-01-01..2031-12-31"]}],
        [{"id": "a", "duration": 1, "demands": {"ana": 1}, "calendar": "weekend"}],
        calendars={"weekend": {"workdays": ["sat"]}},
    )
    [row] = [r for r in plan(p, "cpm").tasks() if r.id == "a"]
    assert (row.start, row.finish) == (dt.date(2032, 1, 3), dt.date(2032, 1, 3))


def test_a_task_calendar_and_a_persons_calendar_with_no_day_in_common() -> None:
    # The task works weekdays, its person's own calendar Saturdays only.
    p = project(
        [{"id": "ana", "calendar": "weekend"}],
        [{"id": "a", "duration": 1, "demands": {"ana": 1}, "calendar": "weekdays"}],
        calendars={"weekend": {"workdays": ["sat"]}, "weekdays": {"workdays": ["mon", "tue"]}},
    )
    with pytest.raises(ProjectError) as raised:
        compile_project(p)
    [found] = raised.value.diagnostics
    assert found.message == (
        "task 'a' can never be worked: it runs on the weekdays calendar's days less the days "
        "its people are away, and ana works on the weekend calendar"
    )


def test_a_finished_task_is_dated_by_its_actuals_whoever_did_it() -> None:
    # Done on a weekend by someone who works weekends only, on a Mon-Fri project: its
    # actual dates date it; only work still to do needs days to be done on.
    p = project(
        [{"id": "wk", "workdays": ["sat", "sun"]}],
        [
            {"id": "a", "duration": 2, "demands": {"wk": 1}},
            {"id": "b", "duration": 1, "after": ["a"]},
        ],
        progress={
            "status_date": "2027-01-20",
            "tasks": {"a": {"actual_start": "2027-01-09", "actual_finish": "2027-01-10"}},
        },
    )
    rows = {r.id: r for r in plan(p, "cpm").tasks()}
    assert (rows["a"].start, rows["a"].finish) == (dt.date(2027, 1, 9), dt.date(2027, 1, 10))
