"""An earned-schedule finish before the earliest finish the remaining work allows is flagged.

The project: Alice at 100 a day; T1 (5 days) -> T2 (5 days) from Monday 2027-01-04, under
50/50 (or 0/100). Baseline: T1 units 0-5 (500), T2 units 5-10 (500); BAC 1,000, PD 10.
At Tuesday 2027-01-12 (AT 7: Mon 4 .. Fri 8, Mon 11, Tue 12) T1 is done and T2, started
Monday 11, is 20% done: 4 of its 5 days are left.

50/50 plans half a task's budget once its first unit has elapsed, the rest at its finish:
PV_k = 0, 250 (k 1..4), 500 (k 5), 750 (k 6..9), 1,000 (k 10). EV = 500 + 250 = 750, the
last k with PV_k <= 750 is 9, so ES = 9, SV(t) = +2, SPI(t) = 9/7 and IEAC(t) = 10 x 7/9 =
7.78: unit 7, Wednesday 2027-01-13. The work left says otherwise: T2's 4 days from the end
of unit 7 end at unit 11, Monday 2027-01-18 (what `steerco schedule` gives).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.baseline import save_baseline
from steerco.app.earned_value import earned_value_at, earned_value_trend
from steerco.app.report import report_inputs
from steerco.report.build import build_status_report
from steerco.report.render.words import budget_rows
from steerco.schedule.options import SolveOptions

PLAN = """\
name: EVM test
start: 2027-01-04
unit: day
currency: EUR
resources:
  - {id: a, name: Alice, kind: person, rate: 100}
tasks:
  - {id: t1, name: T1, duration: 5, demands: {a: 1}}
  - {id: t2, name: T2, duration: 5, after: [t1], demands: {a: 1}}
"""
PROGRESS = """\
progress:
  status_date: 2027-01-12
  earning: {rule}
  tasks:
    t1: {{actual_start: 2027-01-04, actual_finish: 2027-01-08, actual_cost: 600}}
    t2: {{actual_start: 2027-01-11, percent_complete: {percent}, actual_cost: 300}}
"""
IEAC_DAY = dt.date(2027, 1, 13)
EARLIEST = dt.date(2027, 1, 18)


def _project(tmp_path: Path, rule: str = "50/50", percent: int = 20) -> Path:
    path = tmp_path / "e.yaml"
    path.write_text(PLAN, encoding="utf-8")
    save_baseline(path=path, saved=dt.date(2026, 12, 8), options=SolveOptions("cpm"))
    path.write_text(PLAN + PROGRESS.format(rule=rule, percent=percent), encoding="utf-8")
    return path


def test_the_earliest_finish_is_the_remaining_work_from_the_status_date(tmp_path: Path) -> None:
    result = earned_value_at(path=_project(tmp_path))
    top = result.measured.project
    assert (top.pv, top.ev, top.earned_schedule, top.actual_time) == (750, 750, 9, 7)
    assert top.ieac_t == pytest.approx(70 / 9)  # 10 / (9 / 7): the arithmetic stays
    assert result.forecast_finish == IEAC_DAY
    assert result.earliest_finish == EARLIEST
    assert result.before_earliest


def test_0_100_earns_ahead_of_the_work_too(tmp_path: Path) -> None:
    # 0/100: PV_k = 0 (k < 5), 500 (k 5..9), 1,000 (k 10); EV = 500 (T2 not finished), so
    # ES = 9 (the flat stretch is earned whole) and IEAC(t) = 7.78 as under 50/50
    result = earned_value_at(path=_project(tmp_path, "0/100"))
    assert result.measured.project.earned_schedule == 9
    assert (result.forecast_finish, result.earliest_finish) == (IEAC_DAY, EARLIEST)
    assert result.before_earliest


def test_a_finish_after_the_earliest_is_not_flagged(tmp_path: Path) -> None:
    # percent complete, T2 20%: EV = 500 + 100 = 600, PV_6 = 600 (T2's first day of 100 a
    # day), so ES = 6, SPI(t) = 6/7, IEAC(t) = 70/6 = 11.67: unit 11, Tuesday 2027-01-19,
    # a day after the earliest finish
    result = earned_value_at(path=_project(tmp_path, "percent_complete"))
    assert result.measured.project.earned_schedule == 6
    assert result.forecast_finish == dt.date(2027, 1, 19)
    assert result.earliest_finish == EARLIEST
    assert not result.before_earliest


def test_evm_says_the_earned_schedule_finish_is_too_early(tmp_path: Path) -> None:
    path = _project(tmp_path)
    code, out, _ = steerco("evm", path, "--wide")
    assert code == 0, out
    text = " ".join(out.split())
    assert "earned-schedule finish 2027-01-13, before 2027-01-18, the earliest finish" in text
    assert "forecast finish 2027-01-13" not in text
    code, out, _ = steerco("evm", path, "-f", "json")
    data = json.loads(out)
    assert (data["forecast_finish"], data["earliest_finish"]) == ("2027-01-13", "2027-01-18")
    code, out, _ = steerco("evm", path, "--trend", "--wide")
    assert "2027-01-13*" in out and "earliest finish the remaining work" in " ".join(out.split())
    trend = earned_value_trend(path=path)
    assert [(p.forecast_finish, p.earliest_finish) for p in trend.points] == [(IEAC_DAY, EARLIEST)]


def test_evm_does_not_flag_a_finish_the_work_can_reach(tmp_path: Path) -> None:
    code, out, _ = steerco("evm", _project(tmp_path, "percent_complete"), "--wide")
    assert code == 0, out
    text = " ".join(out.split())
    assert "(earned-schedule finish 2027-01-19)" in text and "before" not in text


def test_the_report_names_the_earned_schedule_finish_and_the_earliest(tmp_path: Path) -> None:
    inputs = report_inputs(path=_project(tmp_path), iterations=50, seed=1)
    report = build_status_report(inputs)
    assert report.budget is not None
    rows = dict(budget_rows(report.budget))
    assert "Forecast finish" not in rows  # the forecast finish is the P50/P80 of the forecast
    assert rows["Earned-schedule finish (IEAC(t))"] == (
        "2027-01-13 (before 2027-01-18, the earliest the remaining work allows)"
    )
    assert report.charts.earned_value is not None
    assert report.charts.earned_value.forecast_finish == EARLIEST  # the EAC line ends there
