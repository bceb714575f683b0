"""Scheduling rules of imported plans: lag calendars, resource calendars, pinned tasks.

Worked by hand on a Mon-Fri project from Monday 4 January 2027 (no country). On the
project's working days (the axis when every calendar in use works a subset of them):
units 0-4 = Jan 4-8, 5-9 = Jan 11-15, 10-14 = Jan 18-22. On the every-day axis (a
calendar works Saturdays or Sundays, a 24x7 lag): unit k is Jan 4 + k days. Calendar
`mtw` works Mon-Wed; `sat_thu` works Saturday to Thursday; `tue_sat` Tuesday to Saturday.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.constraints import pinned_notes
from steerco.schedule.plan import ScheduledTask, schedule_cpm

MONDAY = "2027-01-04"
CALENDARS = {
    "mtw": {"workdays": ["mon", "tue", "wed"]},
    "sat_thu": {"workdays": ["sat", "sun", "mon", "tue", "wed", "thu"]},
    "tue_sat": {"workdays": ["tue", "wed", "thu", "fri", "sat"]},
}


def project(tasks: list[dict[str, Any]], **extra: Any) -> Project:
    return Project.model_validate(
        {"name": "p", "start": MONDAY, "calendars": CALENDARS, "tasks": tasks, **extra}
    )


def rows(p: Project) -> dict[str, ScheduledTask]:
    return {row.id: row for row in schedule_cpm(compile_project(p)).tasks()}


def day(d: int) -> dt.date:
    return dt.date(2027, 1, d)


# ---- scheduling.lag_calendar -----------------------------------------------------------


def lagged(rule: str, *, pred: str | None = None, succ: str | None = "mtw", lag: str = "3d") -> Any:
    a: dict[str, Any] = {"id": "a", "duration": 1}
    b: dict[str, Any] = {"id": "b", "duration": 1, "after": [f"a FS+{lag}"]}
    if pred:
        a["calendar"] = pred
    if succ:
        b["calendar"] = succ
    return rows(project([a, b], scheduling={"lag_calendar": rule}))


def test_lag_on_the_project_calendar() -> None:
    # a: Mon 4 (ef 1). 3 project working days from there: Tue, Wed, Thu -> point 4 (Fri 8);
    # b works Mon-Wed only: it starts Mon 11 (unit 5).
    assert lagged("project")["b"].start == day(11)


def test_lag_on_the_successors_calendar_as_ms_project() -> None:
    # 3 working days of b's Mon-Wed calendar after Mon 4: Tue 5, Wed 6, Mon 11 -> point 6:
    # b starts Tue 12.
    got = lagged("successor")
    assert (got["b"].es, got["b"].start) == (6, day(12))
    assert got["a"].total_float == 0 and got["b"].total_float == 0


def test_lag_on_the_predecessors_calendar_as_p6() -> None:
    # a works Mon-Wed, b the project's week. Predecessor: Tue 5, Wed 6, Mon 11 -> b starts
    # Tue 12. On the successor's (project) calendar: Tue, Wed, Thu -> b starts Fri 8.
    assert lagged("predecessor", pred="mtw", succ=None)["b"].start == day(12)
    assert lagged("successor", pred="mtw", succ=None)["b"].start == day(8)


def test_lag_on_24x7_counts_calendar_days() -> None:
    # Every-day axis. a: Mon 4 (ef 1); 5 calendar days -> point 6 = Sun 10: b (project
    # calendar) starts Mon 11. On the project calendar 5 working days (Tue..Mon) -> Tue 12.
    assert lagged("24x7", succ=None, lag="5d")["b"].start == day(11)
    assert lagged("project", succ=None, lag="5d")["b"].start == day(12)


def test_an_elapsed_lag_stays_calendar_time_under_any_rule() -> None:
    # a ef = 1 (end of Mon 4) + 3 elapsed days = point 4, Fri 8; b works Mon-Wed: Mon 11.
    # (Counted on b's calendar, 3 working days would give Tue 12.)
    assert lagged("successor", lag="3ed")["b"].start == day(11)


def test_lag_calendar_in_an_hour_project() -> None:
    # 8 h a day. a: 8h on Mon 4 (0-7). 3d = 24h of b's Mon-Wed calendar: Tue 5, Wed 6 and
    # Mon 11 (units 40-47) -> point 48: b starts Tue 12 (day 6). On the project calendar:
    # 8 + 24 = 32 = Fri 8, and b waits for Mon 11 (unit 40).
    def b_start(rule: str) -> tuple[int, dt.date]:
        p = project(
            [
                {"id": "a", "duration": "8h"},
                {"id": "b", "duration": "8h", "calendar": "mtw", "after": ["a FS+3d"]},
            ],
            unit="hour",
            scheduling={"lag_calendar": rule},
        )
        got = rows(p)["b"]
        assert isinstance(got.start, dt.date)
        return got.es, got.start

    assert b_start("successor") == (48, day(12))
    assert b_start("project") == (40, day(11))


# ---- resource calendars ----------------------------------------------------------------

ANA_SAT_THU = {"id": "ana", "calendar": "sat_thu"}


def test_a_task_works_on_its_resources_calendar() -> None:
    # Ana works Sat-Thu. a (6d, Ana) on the every-day axis: Mon 4, Tue 5, Wed 6, Thu 7,
    # (Fri 8 off), Sat 9, Sun 10: finishes Sun 10 (ef 7). Without her calendar: Mon 11.
    p = project([{"id": "a", "duration": 6, "demands": {"ana": 1}}], resources=[ANA_SAT_THU])
    got = rows(p)["a"]
    assert (got.es, got.ef, got.start, got.finish) == (0, 7, day(4), day(10))
    plain = project([{"id": "a", "duration": 6}])
    assert rows(plain)["a"].finish == day(11)


def test_a_resource_calendar_meets_the_tasks_own_calendar() -> None:
    # Task calendar Mon-Wed, Ana Sat-Thu: Mon-Wed. 6 days: Mon 4-Wed 6, Mon 11-Wed 13.
    p = project(
        [{"id": "a", "duration": 6, "calendar": "mtw", "demands": {"ana": 1}}],
        resources=[ANA_SAT_THU],
    )
    assert rows(p)["a"].finish == day(13)


def test_several_resources_work_on_the_intersection_of_their_calendars() -> None:
    # Ana Sat-Thu, Bob Tue-Sat: Tue, Wed, Thu, Sat. 4 days: Tue 5, Wed 6, Thu 7, Sat 9.
    p = project(
        [{"id": "a", "duration": 4, "demands": {"ana": 1, "bob": 1}}],
        resources=[ANA_SAT_THU, {"id": "bob", "calendar": "tue_sat"}],
    )
    got = rows(p)["a"]
    assert (got.start, got.finish) == (day(5), day(9))


def test_leave_still_comes_off_a_resource_calendar() -> None:
    # Ana Sat-Thu, on leave Tue 5 - Wed 6. 4 days: Mon 4, Thu 7, Sat 9, Sun 10.
    ana = {**ANA_SAT_THU, "leave": ["2027-01-05..2027-01-06"]}
    p = project([{"id": "a", "duration": 4, "demands": {"ana": 1}}], resources=[ana])
    assert rows(p)["a"].finish == day(10)


def test_successors_and_milestones_after_a_resource_calendar_task() -> None:
    # a (Ana, Sat-Thu) finishes Sun 10 (point 7). The milestone after it shows Sun 10, its
    # predecessor's finish day; b (project calendar, 1d) starts Mon 11.
    p = project(
        [
            {"id": "a", "duration": 6, "demands": {"ana": 1}},
            {"id": "m", "milestone": True, "after": ["a"]},
            {"id": "b", "duration": 1, "after": ["a"]},
        ],
        resources=[ANA_SAT_THU],
    )
    got = rows(p)
    assert got["m"].finish == day(10)
    assert got["b"].start == day(11)


def test_a_resource_calendar_within_the_project_week_keeps_the_working_axis() -> None:
    # Ana on Mon-Wed: no day the project does not work, so the axis stays working days:
    # 4 days: Mon 4-Wed 6, Mon 11: finishes at unit 6 (point), shown Mon 11.
    p = project(
        [{"id": "a", "duration": 4, "demands": {"ana": 1}}],
        resources=[{"id": "ana", "calendar": "mtw"}],
    )
    network = compile_project(p)
    assert network.axis == "working"
    got = rows(p)["a"]
    assert (got.ef, got.finish) == (6, day(11))


# ---- pinned tasks ----------------------------------------------------------------------

PINNED = [
    {"id": "a", "duration": 5},  # Mon 4 - Fri 8: units 0-4
    {
        "id": "b",
        "duration": 2,
        "after": ["a"],
        "pinned": {"start": "2027-01-05", "finish": "2027-01-07"},
    },
    {"id": "c", "duration": 1, "after": ["b"]},
]


def test_a_pinned_task_keeps_its_dates_whatever_its_links_say() -> None:
    # b would follow a (Mon 11) but keeps Tue 5 - Thu 7: es 1, ef 4, duration 3 working
    # days (not its 2). Its outgoing link still drives c: Fri 8 (unit 4).
    got = rows(project(PINNED))
    assert (got["b"].es, got["b"].ef, got["b"].start, got["b"].finish) == (1, 4, day(5), day(7))
    assert (got["c"].es, got["c"].start) == (4, day(8))
    network = compile_project(project(PINNED))
    assert network.duration[1] == 3
    assert not (network.dst == 1).any()  # the link a -> b is left out


def test_a_pinned_task_has_no_float_to_move_it() -> None:
    # Its late finish is capped at its pinned finish (4): LS = ES = 1.
    got = rows(project(PINNED))
    assert (got["b"].ls, got["b"].lf, got["b"].total_float) == (1, 4, 0)


def test_a_pinned_task_over_a_weekend_counts_working_days() -> None:
    # Fri 8 - Tue 12: units 4-6, 3 working days.
    p = project(
        [{"id": "b", "duration": 1, "pinned": {"start": "2027-01-08", "finish": "2027-01-12"}}]
    )
    got = rows(p)["b"]
    assert (got.es, got.ef, got.start, got.finish) == (4, 7, day(8), day(12))


def test_a_pinned_task_on_its_own_calendar() -> None:
    # Mon-Wed calendar, pinned Mon 4 - Mon 11: worked Mon 4, Tue 5, Wed 6, Mon 11 = 4 days.
    p = project(
        [
            {
                "id": "b",
                "duration": 1,
                "calendar": "mtw",
                "pinned": {"start": "2027-01-04", "finish": "2027-01-11"},
            }
        ]
    )
    got = rows(p)["b"]
    assert (got.start, got.finish) == (day(4), day(11))
    assert compile_project(p).duration[0] == 4


def test_a_pinned_milestone_stays_on_its_day() -> None:
    # Pinned on Wed 6: the point at the end of Wed 6 (3), shown Wed 6, although a ends Fri 8.
    p = project(
        [
            {"id": "a", "duration": 5},
            {
                "id": "m",
                "milestone": True,
                "after": ["a"],
                "pinned": {"start": "2027-01-06", "finish": "2027-01-06"},
            },
        ]
    )
    got = rows(p)["m"]
    assert (got.es, got.finish) == (3, day(6))


def test_a_pinned_task_in_an_hour_project() -> None:
    # 8 h a day: Tue 5 - Wed 6 = units 8-23: 16 hours.
    p = project(
        [{"id": "b", "duration": "2h", "pinned": {"start": "2027-01-05", "finish": "2027-01-06"}}],
        unit="hour",
    )
    got = rows(p)["b"]
    assert (got.es, got.ef, got.start, got.finish) == (8, 24, day(5), day(6))


def test_pinned_tasks_are_named_in_a_note() -> None:
    tasks = [
        *PINNED,
        {
            "id": "d",
            "duration": 1,
            "pinned": {"start": "2027-01-04", "finish": "2027-01-04", "reason": "levelled"},
        },
    ]
    assert pinned_notes(project(tasks)) == [
        "kept its dates: 2 tasks (manual: b; levelled: d), whatever their links say"
    ]
    assert pinned_notes(project(PINNED[:1])) == []


@pytest.mark.parametrize("rule", ["project", "successor", "predecessor", "24x7"])
def test_lag_rules_on_tasks_of_the_project_calendar(rule: str) -> None:
    # a: Mon 4 - Thu 7 (ef 4); FS+2d on the project's (its own) calendar: Fri 8, Mon 11 ->
    # b starts Tue 12. 24x7 counts calendar days: Fri 8, Sat 9 -> Sun 10, b waits for Mon 11.
    tasks = [{"id": "a", "duration": 4}, {"id": "b", "duration": 1, "after": ["a FS+2d"]}]
    got = rows(project(tasks, scheduling={"lag_calendar": rule}))
    assert got["b"].start == (day(11) if rule == "24x7" else day(12))


# ---- constraints on a task calendar ----------------------------------------------------


def test_finish_no_earlier_than_on_a_task_calendar() -> None:
    # c (2d) works Mon-Wed and must not finish before the end of Thu 7 (point 4). Its
    # calendar does not work Thu 7 or Fri 8: the earliest finish at or after it is the end
    # of Mon 11 (point 6), so it starts Wed 6 (unit 2) and works Wed 6 and Mon 11.
    p = project(
        [{"id": "c", "duration": 2, "calendar": "mtw", "finish_no_earlier_than": "2027-01-07"}]
    )
    got = rows(p)["c"]
    assert (got.es, got.ef, got.start, got.finish) == (2, 6, day(6), day(11))


def test_start_no_later_than_on_a_task_calendar() -> None:
    # c (2d, Mon-Wed) should start by Thu 7 (point 3); the latest start its calendar allows
    # at or before it is Wed 6 (unit 2): LS = 2, while ES = 0 (Mon 4): total float 2.
    p = project(
        [
            {"id": "x", "duration": 20},
            {"id": "c", "duration": 2, "calendar": "mtw", "start_no_later_than": "2027-01-07"},
        ]
    )
    got = rows(p)["c"]
    assert (got.es, got.ls, got.total_float) == (0, 2, 2)
