"""Earned value's AC counts the days a task worked on its own calendar, as the schedule does.

Ana costs 800 a day. Task a (5-day week) ran Monday 4 to Thursday 14 January 2027: 9 working
days, 7,200. Beside it, an unlinked 24x7 task puts the plan on a calendar-day axis, where
the same span is 11 days; a person's leave (Wednesday 6 and Thursday 7) takes 2 days out of
a task of 8 days that ran Monday 4 to Friday 15: 8 days, 6,400. The baseline is saved before
any progress, so its budget is the plan's: CPI is 1 in every case.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.app.baseline import save_baseline
from steerco.app.earned_value import earned_value_at
from steerco.schedule.options import SolveOptions

HEAD = """\
name: Worked days
start: 2027-01-04
resources:
  - {id: ana, name: Ana, rate: 800LEAVE}
tasks:
  - {id: a, name: A, duration: DAYS, demands: {ana: 1}}
  - {id: b, name: B, duration: 5, after: [a], demands: {ana: 1}}
"""
BESIDE = "  - {id: z, name: Z, duration: 1, calendar: 24x7}\n"
PROGRESS = """\
progress:
  status_date: 2027-01-15
  tasks:
    a: {actual_start: 2027-01-04, actual_finish: FINISH}
"""
LEAVE = ", leave: [{start: 2027-01-06, end: 2027-01-07}]"


@pytest.mark.parametrize(
    ("days", "leave", "beside", "finish", "ac"),
    [
        (9, "", "", "2027-01-14", 9 * 800.0),
        (9, "", BESIDE, "2027-01-14", 9 * 800.0),  # was 11 x 800 = 8,800
        (8, LEAVE, "", "2027-01-15", 8 * 800.0),  # was 10 x 800 = 8,000
    ],
)
def test_actual_cost_counts_the_working_days_of_the_tasks_calendar(
    tmp_path: Path, days: int, leave: str, beside: str, finish: str, ac: float
) -> None:
    plan = HEAD.replace("DAYS", str(days)).replace("LEAVE", leave) + beside
    path = tmp_path / "p.yaml"
    path.write_text(plan, encoding="utf-8")
    save_baseline(path=path, saved=dt.date(2026, 12, 8), options=SolveOptions("cpm"))
    path.write_text(plan + PROGRESS.replace("FINISH", finish), encoding="utf-8")
    measured = earned_value_at(path=path).measured
    assert measured.tasks["a"].ac == ac
    assert measured.project.ac == ac
    assert measured.project.cpi == pytest.approx(1.0)
