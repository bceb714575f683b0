"""Earned value's overhead: planned, spent, and at completion over the forecast finish.

Calendar: 2027-01-04 is a Monday, no holidays; a status date of Friday 8 January is the
end of unit 4, so AT = 5.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.baseline import save_baseline
from steerco.app.earned_value import earned_value_at
from steerco.schedule.options import SolveOptions

ONE_TASK = """\
name: Overhead
start: 2027-01-04
calendar: {country: null}
overhead: 100
resources:
  - {id: r, rate: 500}
tasks:
  - {id: a, duration: 10, demands: {r: 1}}
"""
A_QUARTER_DONE = """\
progress:
  status_date: 2027-01-08
  tasks:
    a: {actual_start: 2027-01-04, percent_complete: 25}
"""

TWO_SUMMARIES = """\
name: Summaries
start: 2027-01-04
calendar: {country: null}
resources:
  - {id: r, rate: 100}
tasks:
  - {id: s1, overhead: 10, children: [{id: x, duration: 2, demands: {r: 1}}]}
  - {id: s2, overhead: 20, children: [{id: y, duration: 4, after: [x], demands: {r: 1}}]}
"""
X_DONE_LATE = """\
progress:
  status_date: 2027-01-08
  tasks:
    x: {actual_start: 2027-01-04, actual_finish: 2027-01-06}
"""


def _baselined(tmp_path: Path, source: str, progress: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(source, encoding="utf-8")
    save_baseline(path=path, saved=dt.date(2027, 1, 1), options=SolveOptions("cpm"))
    path.write_text(source + progress, encoding="utf-8")
    return path


def test_eac_includes_the_project_overhead_over_the_forecast_finish(tmp_path: Path) -> None:
    measured = earned_value_at(path=_baselined(tmp_path, ONE_TASK, A_QUARTER_DONE)).measured
    top = measured.project
    # BAC 5,000 (500 x 10); EV 1,250; AC 2,500 (5 days worked); CPI 0.5, EAC 10,000
    assert (top.bac, top.ev, top.ac, top.eac) == (5000, 1250, 2500, 10000)
    # ES 2.5 of AT 5: SPI(t) 0.5, IEAC(t) 20 working days
    assert top.ieac_t == pytest.approx(20)
    overhead = measured.overhead
    assert overhead is not None
    assert overhead.planned == 1000  # 100 x PD 10
    assert overhead.to_date == 500  # 100 x AT 5
    assert overhead.at_completion == pytest.approx(2000)  # 100 x IEAC(t) 20
    assert overhead.eac == pytest.approx(10000 + 2000)
    assert overhead.vac == pytest.approx(5000 + 1000 - 12000)


def test_summary_overhead_finished_spent_running_stretched(tmp_path: Path) -> None:
    measured = earned_value_at(path=_baselined(tmp_path, TWO_SUMMARIES, X_DONE_LATE)).measured
    top = measured.project
    # baseline x 0-2 (200), y 2-6 (400): BAC 600, PD 6. x took 3 days (300): EV 200,
    # AC 300, CPI 2/3, EAC 900; ES 2 at AT 5: SPI(t) 0.4
    assert (top.bac, top.ev, top.ac) == (600, 200, 300)
    assert top.eac == pytest.approx(900)
    assert top.spi_t == pytest.approx(0.4)
    overhead = measured.overhead
    assert overhead is not None
    # s1: 10 x 2 planned, 10 x 3 spent and final; s2: 20 x 4 planned, nothing yet, and
    # 20 x (4 / 0.4) = 200 at completion
    assert overhead.planned == pytest.approx(20 + 80)
    assert overhead.to_date == pytest.approx(30)
    assert overhead.at_completion == pytest.approx(30 + 200)
    assert overhead.eac == pytest.approx(900 + 230)
    assert overhead.vac == pytest.approx(600 + 100 - 1130)


def test_no_overhead_no_overhead_measures(tmp_path: Path) -> None:
    source = ONE_TASK.replace("overhead: 100\n", "")
    assert (
        earned_value_at(path=_baselined(tmp_path, source, A_QUARTER_DONE)).measured.overhead is None
    )


def test_evm_json_and_table_show_the_overhead(tmp_path: Path) -> None:
    path = _baselined(tmp_path, ONE_TASK, A_QUARTER_DONE)
    data = json.loads(steerco("evm", path, "-f", "json").stdout)
    assert data["overhead"] == {
        "planned": 1000.0,
        "to_date": 500.0,
        "at_completion": 2000.0,
        "eac": 12000.0,
        "vac": -6000.0,
    }
    table = " ".join(steerco("evm", path).stdout.split())  # the line wraps at any width
    assert "at completion 2,000 (over IEAC(t)); EAC with overhead 12,000" in table
