"""Scheduling rules of imported plans: constraint types and percent lags (issue 17, point 3).

Every case is worked by hand on a Mon-Fri project from Monday 4 January 2027 (no
country). Day unit: units 0-4 = Jan 4-8, 5-9 = Jan 11-15, 10-14 = Jan 18-22; a task with
es = t and duration d works units t..t+d-1 and finishes on the day of unit ef - 1. Hour
unit (8 hours a day): day k holds units 8k..8k+7. A constraint date D reads as s_D = the
first unit of D (a start) and f_D = the end of D (a finish).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from steerco.codes import Code
from steerco.model import Project
from steerco.schedule import compile_project
from steerco.schedule.plan import ScheduledTask, schedule_cpm
from steerco.schedule.precheck import deadline_problems

MONDAY = "2027-01-04"


def project(tasks: list[dict[str, Any]], **extra: Any) -> Project:
    return Project.model_validate({"name": "p", "start": MONDAY, "tasks": tasks, **extra})


def rows(p: Project) -> dict[str, ScheduledTask]:
    return {row.id: row for row in schedule_cpm(compile_project(p)).tasks()}


def day(d: int) -> dt.date:
    return dt.date(2027, 1, d)


LONG = {"id": "x", "duration": 20}  # units 0-19: the makespan 20 leaves room for float


# ---- finish_no_earlier_than ------------------------------------------------------------


def test_finish_no_earlier_than_moves_the_start_so_the_finish_reaches_that_day() -> None:
    # f_D for Wed 13 = 8 (Jan 4-8 are 0-4, Mon 11 = 5, Tue 12 = 6, Wed 13 = 7, end 8);
    # a 3-day task starts at 8 - 3 = 5, Mon 11, and finishes Wed 13.
    got = rows(project([{"id": "c", "duration": 3, "finish_no_earlier_than": "2027-01-13"}]))
    assert (got["c"].es, got["c"].ef) == (5, 8)
    assert (got["c"].start, got["c"].finish) == (day(11), day(13))


def test_finish_no_earlier_than_on_a_milestone_puts_it_on_that_day() -> None:
    # A milestone at the point 8 shows the day of unit 7: Wed 13.
    got = rows(project([{"id": "m", "milestone": True, "finish_no_earlier_than": "2027-01-13"}]))
    assert got["m"].es == 8 and got["m"].finish == day(13)


def test_finish_no_earlier_than_in_an_hour_project() -> None:
    # Hours: f_D for Wed 13 = 8 days x 8 h = 64; a 12h task starts at 64 - 12 = 52, the
    # fifth hour of Tue 12 (day 6 = units 48..55), and finishes on Wed 13 (unit 63).
    p = project(
        [{"id": "c", "duration": "12h", "finish_no_earlier_than": "2027-01-13"}], unit="hour"
    )
    got = rows(p)
    assert (got["c"].es, got["c"].ef) == (52, 64)
    assert (got["c"].start, got["c"].finish) == (day(12), day(13))


def test_finish_no_earlier_than_does_not_hold_back_a_task_links_push_later() -> None:
    # a: units 0-9 (Jan 4-15); c after a: 10-11, Mon 18 - Tue 19; the bound (ES >= 6) is weaker.
    got = rows(
        project(
            [
                {"id": "a", "duration": 10},
                {"id": "c", "duration": 2, "after": ["a"], "finish_no_earlier_than": "2027-01-13"},
            ]
        )
    )
    assert (got["c"].start, got["c"].finish) == (day(18), day(19))


def test_a_constraint_on_a_summary_applies_to_each_leaf() -> None:
    # FNET Wed 13 (f = 8) on the summary: s1 (2d) starts at 6 (Tue 12), s2 (3d) at 5 (Mon 11).
    got = rows(
        project(
            [
                {
                    "id": "s",
                    "finish_no_earlier_than": "2027-01-13",
                    "children": [{"id": "s1", "duration": 2}, {"id": "s2", "duration": 3}],
                }
            ]
        )
    )
    assert got["s1"].start == day(12) and got["s2"].start == day(11)
    assert got["s"].finish == day(13)


# ---- must_start_on ---------------------------------------------------------------------


def test_must_start_on_sets_the_early_start_even_when_links_allow_earlier() -> None:
    # c (2d) has no predecessor; MSO Tue 12 = unit 6: starts Tue 12, finishes Wed 13 (ef 8).
    # Its late start is capped at 6 as well: total float 0 although x runs to unit 20.
    got = rows(project([LONG, {"id": "c", "duration": 2, "must_start_on": "2027-01-12"}]))
    assert (got["c"].es, got["c"].ef, got["c"].ls, got["c"].lf) == (6, 8, 6, 8)
    assert (got["c"].start, got["c"].finish) == (day(12), day(13))
    assert got["c"].total_float == 0


def test_must_start_on_kept_by_the_link_when_links_push_later_shows_negative_float() -> None:
    # a: 0-2 (Jan 4-6); b after a must start Tue 5 (unit 1) but the link puts it at 3 (Thu 7).
    # steerco keeps the link: b starts Thu 7; its late start is capped at 1, LF at 1 + 2 = 3,
    # so b's total float is 1 - 3 = -2, and a's LF <= LS_b = 1 gives a float of -2 too.
    got = rows(
        project(
            [
                {"id": "a", "duration": 3},
                {"id": "b", "duration": 2, "after": ["a"], "must_start_on": "2027-01-05"},
            ]
        )
    )
    assert (got["b"].es, got["b"].start) == (3, day(7))
    assert got["b"].ls == 1 and got["b"].total_float == -2
    assert got["a"].total_float == -2


def test_must_start_on_a_milestone_shows_that_day() -> None:
    # A milestone starting on Tue 12 (s_D = 6) is the point 7, shown as the day of unit 6.
    got = rows(project([LONG, {"id": "m", "milestone": True, "must_start_on": "2027-01-12"}]))
    assert got["m"].es == 7 and got["m"].finish == day(12) and got["m"].total_float == 0


def test_must_start_on_in_an_hour_project() -> None:
    # MSO Tue 5 = day 1 = unit 8; a 4h task runs units 8-11, Tue 5.
    p = project([{"id": "c", "duration": "4h", "must_start_on": "2027-01-05"}], unit="hour")
    got = rows(p)
    assert (got["c"].es, got["c"].ef, got["c"].start) == (8, 12, day(5))


# ---- must_finish_on --------------------------------------------------------------------


def test_must_finish_on_sets_the_early_and_late_finish() -> None:
    # MFO Wed 13: f = 8; a 2-day task: ES = 6 (Tue 12), EF = 8; LF capped at 8: float 0.
    got = rows(project([LONG, {"id": "c", "duration": 2, "must_finish_on": "2027-01-13"}]))
    assert (got["c"].es, got["c"].ef, got["c"].lf) == (6, 8, 8)
    assert (got["c"].start, got["c"].finish) == (day(12), day(13))
    assert got["c"].total_float == 0


def test_must_finish_on_missed_is_a_hard_deadline_problem() -> None:
    # a: 0-9 (to Fri 15); c after a (2d) finishes at 12 (Tue 19) but must finish Wed 13
    # (f = 8): 4 working days late, reported as a deadline is under --hard-deadlines.
    p = project(
        [
            {"id": "a", "duration": 10},
            {"id": "c", "duration": 2, "after": ["a"], "must_finish_on": "2027-01-13"},
        ]
    )
    got = rows(p)
    assert got["c"].finish == day(19) and got["c"].total_float == -4
    (problem,) = deadline_problems(p, compile_project(p))
    assert problem.code == Code.deadline_unreachable
    assert problem.path == ("tasks", 1, "must_finish_on")
    assert "4 working days late" in problem.message


# ---- start_no_later_than ---------------------------------------------------------------


def test_start_no_later_than_caps_only_the_late_start() -> None:
    # c (2d) starts at 0 (Mon 4) as before; its late start is capped at SNLT Tue 12 = 6
    # (instead of 20 - 2 = 18): total float 6.
    got = rows(project([LONG, {"id": "c", "duration": 2, "start_no_later_than": "2027-01-12"}]))
    assert (got["c"].es, got["c"].start) == (0, day(4))
    assert (got["c"].ls, got["c"].lf, got["c"].total_float) == (6, 8, 6)


def test_start_no_later_than_passed_by_the_links_shows_negative_float() -> None:
    # a: 0-9; c after a starts at 10 (Mon 18) although it should start by Tue 12 (6): -4.
    got = rows(
        project(
            [
                {"id": "a", "duration": 10},
                {"id": "c", "duration": 2, "after": ["a"], "start_no_later_than": "2027-01-12"},
            ]
        )
    )
    assert got["c"].start == day(18) and got["c"].total_float == -4


def test_constraint_dates_past_the_compiled_calendar_are_reached() -> None:
    # A date three years out: the axis calendar is compiled up to it (constraint dates size
    # it); the task starts on that very day.
    got = rows(project([{"id": "c", "duration": 1, "must_start_on": "2030-01-07"}]))
    assert got["c"].start == dt.date(2030, 1, 7)
    # 2027-01-04 to 2030-01-07 is 1099 days = 157 weeks: 157 x 5 = 785 working days.
    assert got["c"].es == 785


# ---- lag_percent -----------------------------------------------------------------------


def test_percent_lag_is_that_share_of_the_predecessors_duration() -> None:
    # a: 4 days (0-3); b FS+50%: lag 2 days: b starts at 4 + 2 = 6 (Tue 12).
    got = rows(
        project([{"id": "a", "duration": 4}, {"id": "b", "duration": 1, "after": ["a FS+50%"]}])
    )
    assert (got["b"].es, got["b"].start) == (6, day(12))


def test_percent_lead_on_a_start_to_start_link() -> None:
    # a: 10 days (0-9); b SS+30%: 3 days after a's start: unit 3 (Thu 7). SS-20% from c
    # (starting at 5, after a0) would be 5 - 2 = 3 too.
    got = rows(
        project(
            [
                {"id": "a", "duration": 10},
                {
                    "id": "b",
                    "duration": 1,
                    "after": [{"task": "a", "type": "SS", "lag_percent": 30}],
                },
                {"id": "a0", "duration": 5},
                {"id": "c", "duration": 10, "after": ["a0"]},
                {"id": "d", "duration": 1, "after": ["c SS-20%"]},
            ]
        )
    )
    assert got["b"].es == 3 and got["b"].start == day(7)
    assert got["d"].es == 3


def test_percent_lag_rounds_to_whole_days_half_to_even() -> None:
    # 50% of 3 days is 1.5 days: rounded half to even, 2 days: b starts at 3 + 2 = 5 (Mon 11).
    # 50% of 5 days is 2.5 -> 2: c starts at 5 + 2 = 7 (Wed 13).
    got = rows(
        project(
            [
                {"id": "a", "duration": 3},
                {"id": "b", "duration": 1, "after": ["a FS+50%"]},
                {"id": "a5", "duration": 5},
                {"id": "c", "duration": 1, "after": ["a5 FS+50%"]},
            ]
        )
    )
    assert got["b"].es == 5 and got["c"].es == 7


def test_percent_lag_in_an_hour_project_keeps_the_half_day() -> None:
    # Hours: a = 3 days = 24h (0-23); 50% = 12h: b starts at 24 + 12 = 36, the fifth hour
    # of day 4 (units 32-39), Fri 8; in a day project the lag would be 2 days (Tue 12).
    p = project(
        [{"id": "a", "duration": "3d"}, {"id": "b", "duration": "2h", "after": ["a FS+50%"]}],
        unit="hour",
    )
    got = rows(p)
    assert got["b"].es == 36 and got["b"].start == day(8)


def test_percent_lag_from_a_summary_takes_each_leafs_own_duration() -> None:
    # s holds s1 (2d, 0-1) and s2 (6d, 0-5); b after s FS+50% expands to s1 -> b with
    # lag 1 (bound 3) and s2 -> b with lag 3 (bound 9): b starts at 9 (Fri 15).
    # (MS Project would take 50% of the summary's 6 days, 3: the same here, as s2 drives.)
    got = rows(
        project(
            [
                {
                    "id": "s",
                    "children": [{"id": "s1", "duration": 2}, {"id": "s2", "duration": 6}],
                },
                {"id": "b", "duration": 1, "after": ["s FS+50%"]},
            ]
        )
    )
    assert got["b"].es == 9 and got["b"].start == day(15)


@pytest.mark.parametrize("unit", ["day", "hour"])
def test_a_plan_without_new_fields_has_no_task_calendars(unit: str) -> None:
    # The fast path: every task works every unit and lags are plain: nothing is compiled.
    p = project(
        [{"id": "a", "duration": 2}, {"id": "b", "duration": 1, "after": ["a FS+1d"]}],
        unit=unit,
        scheduling={"lag_calendar": "successor"},
    )
    assert compile_project(p).calendars is None


# ---- links to the finish, milestones ---------------------------------------------------

MTW = {"mtw": {"workdays": ["mon", "tue", "wed"]}}


def test_a_finish_to_finish_successor_finishes_when_its_predecessor_does() -> None:
    # a: Mon 4 - Thu 7 (ef 4); b (2d) FF+0: EF = 4, ES = 2: Wed 6 - Thu 7, the same finish.
    got = rows(project([{"id": "a", "duration": 4}, {"id": "b", "duration": 2, "after": ["a FF"]}]))
    assert (got["b"].es, got["b"].ef) == (2, 4)
    assert got["b"].finish == got["a"].finish == day(7)


def test_a_start_to_finish_successor_finishes_as_its_predecessor_starts() -> None:
    # a starts Thu 7 (point 3); b (2d) SF+0 finishes by point 3: Tue 5 - Wed 6.
    got = rows(
        project(
            [
                {"id": "a", "duration": 1, "start_no_earlier_than": "2027-01-07"},
                {"id": "b", "duration": 2, "after": ["a SF"]},
            ]
        )
    )
    assert (got["b"].es, got["b"].ef, got["b"].finish) == (1, 3, day(6))


def test_a_finish_link_to_a_task_whose_calendar_does_not_work_that_day() -> None:
    # b works Mon-Wed; a finishes Thu 7 (point 4). steerco's rule: b's finish is where its
    # work ends, the end of its first worked day at or after the driving time: Mon 11
    # (ef 6), working Wed 6 and Mon 11. (MS Project shows the driving time itself, Thu 7,
    # with the work done by Wed 6: `scheduling.finish_links: driving`, tested in
    # test_interop_rules_finish_links.py.)
    got = rows(
        project(
            [
                {"id": "a", "duration": 4},
                {"id": "b", "duration": 2, "calendar": "mtw", "after": ["a FF"]},
            ],
            calendars=MTW,
        )
    )
    assert (got["b"].es, got["b"].ef) == (2, 6)
    assert (got["b"].start, got["b"].finish) == (day(6), day(11))


def test_a_milestone_after_a_task_shows_its_predecessors_finish_day() -> None:
    # a runs 24x7 for 6 days from Mon 4 (every-day axis): it finishes Sat 9 (ef 6); the
    # milestone after it is the point 6, shown Sat 9, although the project does not work
    # Saturdays. Day unit and hour unit alike.
    for unit, ef in (("day", 6), ("hour", 48)):
        got = rows(
            project(
                [
                    {"id": "a", "duration": "6d", "calendar": "24x7"},
                    {"id": "m", "milestone": True, "after": ["a"]},
                ],
                unit=unit,
            )
        )
        assert got["m"].es == ef and got["m"].finish == got["a"].finish == day(9)


# ---- progress at the status date -------------------------------------------------------

PROGRESS = {
    "status_date": "2027-01-06",  # Wed 6: the data date is the point 3 (Thu 7)
    "tasks": {
        "a": {"actual_start": "2027-01-04", "remaining": "3d"},
        "c": {"actual_start": "2027-01-04", "actual_finish": "2027-01-05"},
    },
}


def test_progress_remaining_work_and_unstarted_tasks_start_at_the_data_date() -> None:
    # a started Mon 4 with 3 days left: they run from the data date 3 (Thu 7) to 6: finish
    # Mon 11, start as recorded. b (not started, no link) starts no earlier than Thu 7.
    # c finished Tue 5 and keeps both dates; d after c starts at the data date, Thu 7.
    got = rows(
        project(
            [
                {"id": "a", "duration": 5},
                {"id": "b", "duration": 1},
                {"id": "c", "duration": 2},
                {"id": "d", "duration": 1, "after": ["c"]},
            ],
            progress=PROGRESS,
        )
    )
    assert (got["a"].start, got["a"].finish, got["a"].ef) == (day(4), day(11), 6)
    assert (got["b"].es, got["b"].start) == (3, day(7))
    assert (got["c"].start, got["c"].finish) == (day(4), day(5))
    assert got["d"].start == day(7)


def test_progress_keeps_actual_dates_against_new_constraints_and_pins() -> None:
    # c finished Mon 4 - Tue 5 although it must start on Mon 11 and is pinned elsewhere:
    # actual dates win. e (not started) must start Tue 5, before the data date: it starts
    # at the data date, Thu 7 (nothing is planned in the past).
    progress = {
        "status_date": "2027-01-06",
        "tasks": {"c": {"actual_start": "2027-01-04", "actual_finish": "2027-01-05"}},
    }
    got = rows(
        project(
            [
                {
                    "id": "c",
                    "duration": 2,
                    "must_start_on": "2027-01-11",
                    "pinned": {"start": "2027-01-12", "finish": "2027-01-13"},
                },
                {"id": "e", "duration": 1, "must_start_on": "2027-01-05"},
            ],
            progress=progress,
        )
    )
    assert (got["c"].start, got["c"].finish) == (day(4), day(5))
    assert got["e"].start == day(7)
