"""`scheduling.finish_links`: where a link to a task's finish (FF, SF) lands (issue 17, rule 6).

Worked by hand on a Mon-Fri project from Monday 4 January 2027 (no country). A task on
`24x7` puts every calendar day on the axis: unit k is Jan 4 + k days (Sat 9 = 5, Sun 10
= 6, Mon 11 = 7); a task with es = t and duration d on a Mon-Fri calendar works its
first d weekdays from t and finishes on the day of unit ef - 1. Hour unit (8 hours a
day): day k holds units 8k..8k+7.

The Saturday example: a runs 24x7 for 6 days, Mon 4 - Sat 9 (ef 6); b (3 days, Mon-Fri)
has `a FF`, so its driving time is b = 6, and the unit before it (Sat 9) is one b's
calendar does not work; c (1 day) follows b.
- `working` (default): b's finish is the end of its next worked unit, Mon 11 (ef 8): it
  works Thu 7, Fri 8, Mon 11 (es 3); c starts Tue 12 (es 8, ef 9).
- `driving` (MS Project): b's work ends by 6: the latest start whose 3 days end by 6 is
  Wed 6 (es 2; work Wed 6, Thu 7, Fri 8, ending at 5); its finish lands on the driving
  time, ef = max(5, 6) = 6, shown Sat 9; c starts after it, Mon 11 (es 7, ef 8).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from steerco.forecast.run import ForecastOptions, forecast
from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.options import SolveOptions
from steerco.schedule.plan import Schedule, ScheduledTask, schedule_cpm
from steerco.schedule.planner import plan_network

MONDAY = "2027-01-04"
CALENDARS = {"mtw": {"workdays": ["mon", "tue", "wed"]}}
SATURDAY: list[dict[str, Any]] = [
    {"id": "a", "duration": 6, "calendar": "24x7"},
    {"id": "b", "duration": 3, "after": ["a FF"]},
    {"id": "c", "duration": 1, "after": ["b"]},
]


def project(tasks: list[dict[str, Any]], rule: str | None = None, **extra: Any) -> Project:
    data: dict[str, Any] = {"name": "p", "start": MONDAY, "calendars": CALENDARS, "tasks": tasks}
    if rule is not None:
        data["scheduling"] = {"finish_links": rule}
    return Project.model_validate({**data, **extra})


def rows(p: Project) -> dict[str, ScheduledTask]:
    return {row.id: row for row in schedule_cpm(compile_project(p)).tasks()}


def day(d: int) -> dt.date:
    return dt.date(2027, 1, d)


def spans(got: dict[str, ScheduledTask]) -> dict[str, tuple[float, float, dt.date, dt.date]]:
    return {key: (r.es, r.ef, r.start, r.finish) for key, r in got.items()}


def test_driving_lands_the_finish_on_a_saturday_driving_time() -> None:
    got = rows(project(SATURDAY, "driving"))
    assert (got["a"].es, got["a"].ef, got["a"].finish) == (0, 6, day(9))
    assert (got["b"].es, got["b"].ef) == (2, 6)
    assert (got["b"].start, got["b"].finish) == (day(6), day(9))


def test_an_fs_successor_of_the_driven_task_starts_after_the_driving_time() -> None:
    # c after b: b's finish is the point 6 (Sat 9 ends); c's calendar next works Mon 11.
    got = rows(project(SATURDAY, "driving"))
    assert (got["c"].es, got["c"].ef, got["c"].start, got["c"].finish) == (7, 8, day(11), day(11))


def test_working_is_the_default_and_keeps_the_end_of_the_next_worked_unit() -> None:
    default = rows(project(SATURDAY))
    assert spans(default) == spans(rows(project(SATURDAY, "working")))
    assert (default["b"].es, default["b"].ef) == (3, 8)
    assert (default["b"].start, default["b"].finish) == (day(7), day(11))
    assert (default["c"].es, default["c"].start) == (8, day(12))


def test_driving_in_an_hour_project() -> None:
    # Hours on the every-day axis: a (48h, 24x7) ends at 48, the end of Sat 9 (units
    # 40..47). b (24h, Mon-Fri) has worked 40 hours before 48 (Mon-Fri); its latest start
    # whose 24 hours end by 48 is its 16th worked hour, Wed 6 at 16; work ends at 40 (Fri
    # 8), ef = 48, shown Sat 9. c (8h) starts Mon 11 at 56, ends at 64.
    # `working`: b needs 41 worked hours by its finish: its 17th, start 17 (Wed 6, hour
    # 1), its finish the end of Mon 11's first hour (57); c runs 57..65, Mon 11 - Tue 12.
    tasks = [
        {"id": "a", "duration": "6d", "calendar": "24x7"},
        {"id": "b", "duration": "3d", "after": ["a FF"]},
        {"id": "c", "duration": "1d", "after": ["b"]},
    ]
    got = rows(project(tasks, "driving", unit="hour"))
    assert (got["b"].es, got["b"].ef, got["b"].start, got["b"].finish) == (16, 48, day(6), day(9))
    assert (got["c"].es, got["c"].ef, got["c"].start, got["c"].finish) == (56, 64, day(11), day(11))
    old = rows(project(tasks, unit="hour"))
    assert (old["b"].es, old["b"].ef, old["b"].finish) == (17, 57, day(11))
    assert (old["c"].es, old["c"].ef, old["c"].finish) == (57, 65, day(12))


def test_driving_on_a_start_to_finish_link() -> None:
    # a (24x7, 1 day) starts no earlier than Sun 10: the point 6. b (3 days, Mon-Fri) has
    # `a SF`: its finish must reach 6, and its calendar does not work the unit before
    # (Sat 9). driving: work Wed 6 - Fri 8 (es 2), finish on 6, shown Sat 9.
    # working: the end of its next worked unit, Mon 11 (ef 8): work Thu 7 - Mon 11 (es 3).
    tasks = [
        {"id": "a", "duration": 1, "calendar": "24x7", "start_no_earlier_than": "2027-01-10"},
        {"id": "b", "duration": 3, "after": ["a SF"]},
    ]
    got = rows(project(tasks, "driving"))
    assert (got["a"].es, got["a"].start) == (6, day(10))
    assert (got["b"].es, got["b"].ef, got["b"].start, got["b"].finish) == (2, 6, day(6), day(9))
    old = rows(project(tasks))
    assert (old["b"].es, old["b"].ef, old["b"].start, old["b"].finish) == (3, 8, day(7), day(11))


def test_driving_on_a_calendar_with_days_off_midweek() -> None:
    # The project's working axis (mtw works a subset of Mon-Fri): a (4 days) ends Thu 7
    # (point 4); b (2 days, Mon-Wed) with `a FF` does not work Thu: driving, its work ends
    # by 4, Tue 5 - Wed 6 (es 1), finish on 4, Thu 7 (MS Project's dates). working: Wed 6
    # and Mon 11 (es 2, ef 6).
    tasks = [
        {"id": "a", "duration": 4},
        {"id": "b", "duration": 2, "calendar": "mtw", "after": ["a FF"]},
    ]
    got = rows(project(tasks, "driving"))
    assert (got["b"].es, got["b"].ef, got["b"].start, got["b"].finish) == (1, 4, day(5), day(7))
    old = rows(project(tasks, "working"))
    assert (old["b"].es, old["b"].ef, old["b"].finish) == (2, 6, day(11))


def test_driving_changes_nothing_when_the_unit_before_the_driving_time_is_worked() -> None:
    # a (24x7, 5 days) ends Fri 8 (point 5); Fri 8 is worked by b: both rules finish b on
    # 5, working Wed 6 - Fri 8 (es 2); c starts Mon 11.
    tasks = [
        {"id": "a", "duration": 5, "calendar": "24x7"},
        {"id": "b", "duration": 3, "after": ["a FF"]},
        {"id": "c", "duration": 1, "after": ["b"]},
    ]
    driving, working = rows(project(tasks, "driving")), rows(project(tasks, "working"))
    assert spans(driving) == spans(working)
    assert (driving["b"].es, driving["b"].ef, driving["c"].start) == (2, 5, day(11))


def test_without_task_calendars_nothing_changes() -> None:
    # Every task on the project calendar: no compiled calendars, every unit worked.
    tasks = [
        {"id": "a", "duration": 4},
        {"id": "b", "duration": 2, "after": ["a FF+1d"]},
        {"id": "c", "duration": 3, "after": ["a SF"]},
        {"id": "d", "duration": 1, "after": ["b", "c"]},
    ]
    p = project(tasks, "driving")
    assert compile_project(p).calendars is None
    driving = {k: (r.es, r.ef, r.ls, r.lf) for k, r in rows(p).items()}
    working = {k: (r.es, r.ef, r.ls, r.lf) for k, r in rows(project(tasks, "working")).items()}
    assert driving == working
    assert driving["b"][:2] == (3, 5)  # finish on a's finish (4) + 1


# ---- the backward pass ------------------------------------------------------------------

PLANS: list[list[dict[str, Any]]] = [
    SATURDAY,
    # b last: the makespan is the driving time 6
    SATURDAY[:2],
    # a parallel 10-day task z (Mon 4 - Fri 15, ef 12 on the every-day axis) gives a, b
    # and c float
    [*SATURDAY, {"id": "z", "duration": 10}],
    # an SF link and an FF link into the same task, and a second driving chain
    [
        {"id": "a", "duration": 6, "calendar": "24x7"},
        {"id": "s", "duration": 1, "calendar": "24x7", "start_no_earlier_than": "2027-01-10"},
        {"id": "b", "duration": 3, "after": ["a FF", "s SF"]},
        {"id": "e", "duration": 2, "calendar": "mtw", "after": ["b FF+1d"]},
        {"id": "c", "duration": 1, "after": ["b", "e"]},
    ],
]


@pytest.mark.parametrize("tasks", PLANS)
def test_late_dates_are_never_before_the_early_dates(tasks: list[dict[str, Any]]) -> None:
    for row in rows(project(tasks, "driving")).values():
        assert row.ls >= row.es and row.lf >= row.ef, row.id
        assert row.total_float >= 0, row.id


def test_the_driving_chain_is_critical_with_zero_float() -> None:
    # a drives b's finish (6), b drives c (7): no task can slip without moving c's finish
    # 8. Late dates: c 7..8; b's late start 2 (its work must end before Mon 11), late
    # finish its early finish 6; a's late finish 6 (its finish is b's), late start 0.
    p = project(SATURDAY, "driving")
    schedule = schedule_cpm(compile_project(p))
    got = {row.id: row for row in schedule.tasks()}
    assert {k: (r.ls, r.lf, r.total_float) for k, r in got.items()} == {
        "a": (0, 6, 0),
        "b": (2, 6, 0),
        "c": (7, 8, 0),
    }
    assert schedule.critical_path_ids() == [["a", "b", "c"]]


def test_a_driven_task_with_float_keeps_late_dates_after_its_early_ones() -> None:
    # z (10 days, Mon-Fri) ends Fri 15 (point 12): the makespan. c's late finish 12, late
    # start 11 (Fri 15); b must end its work before: late finish Thu 14 (point 11), late
    # start Tue 12 (8): float 8 - 2 = 6 units (the every-day axis counts the weekend).
    got = rows(project([*SATURDAY, {"id": "z", "duration": 10}], "driving"))
    assert (got["z"].ef, got["c"].ls, got["c"].lf) == (12, 11, 12)
    assert (got["b"].ls, got["b"].lf, got["b"].total_float) == (8, 11, 6)
    assert got["a"].lf == 11 and got["a"].total_float == 5


# ---- the Monte Carlo and the levelling solvers ------------------------------------------


def test_the_monte_carlo_with_fixed_durations_gives_the_critical_path_dates() -> None:
    # Fixed durations: every iteration is the plan. driving: the plan ends at 8 (c, Mon
    # 11); the milestone m after b sits on b's finish, the point 6 (Sat 9). working: 9 and 8.
    tasks = [*SATURDAY, {"id": "m", "milestone": True, "after": ["b"]}]
    for rule, end, point, shown in (("driving", 8, 6, day(9)), ("working", 9, 8, day(11))):
        p = project(tasks, rule)
        network = compile_project(p)
        plan = schedule_cpm(network)
        result = forecast(network, p, ForecastOptions(iterations=200, seed=3))
        assert plan.cpm.makespan == end
        assert result.makespan["p10"] == result.makespan["p95"] == end, rule
        milestone = result.milestones["m"]
        assert milestone.units["p50"] == milestone.units["p95"] == point, rule
        assert milestone.dates["p50"] == shown
        if rule == "driving":
            assert all(result.criticality[key] == 1.0 for key in ("a", "b", "c"))


@pytest.mark.parametrize("method", ["heuristic", "cp-sat"])
def test_levelling_keeps_working_and_says_so(method: str) -> None:
    # b needs Ana: the solvers level it the `working` way (b Thu 7 - Mon 11, c Tue 12)
    # and the plan's findings say so in one line; the critical path applies `driving`.
    tasks = [dict(SATURDAY[0]), {**SATURDAY[1], "demands": {"ana": 1}}, dict(SATURDAY[2])]
    p = project(tasks, "driving", resources=[{"id": "ana"}])
    network = compile_project(p)
    result = plan_network(network, project=p, options=SolveOptions(method=method, time_limit=10))
    assert isinstance(result, Schedule) and result.method != "cpm"
    got = {row.id: row for row in result.tasks()}
    assert (got["b"].start, got["b"].finish, got["c"].start) == (day(7), day(11), day(12))
    notes = [line for line in result.findings if "finish_links" in line]
    assert len(notes) == 1 and "working" in notes[0]
    cpm = plan_network(network, project=p, options=SolveOptions(method="cpm"))
    assert isinstance(cpm, Schedule)
    assert not [line for line in cpm.findings if "finish_links" in line]
    assert {row.id: row.finish for row in cpm.tasks()}["b"] == day(9)


def test_levelling_a_working_plan_adds_no_note() -> None:
    tasks = [dict(SATURDAY[0]), {**SATURDAY[1], "demands": {"ana": 1}}, dict(SATURDAY[2])]
    p = project(tasks, resources=[{"id": "ana"}])
    result = plan_network(compile_project(p), project=p, options=SolveOptions(method="heuristic"))
    assert isinstance(result, Schedule)
    assert not [line for line in result.findings if "finish_links" in line]
