"""`earned_value_at` and `earned_value_trend`: the snapshot that counts, typed results.

The project: one engineer at 100 a day; A (3 days) -> B (4 days) -> C (2 days) from Monday
2027-01-04. Baseline: A units 0-3 (300), B 3-7 (400), C 7-9 (200); BAC 900, PD 9.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.app.baseline import save_baseline
from steerco.app.earned_value import earned_value_at, earned_value_trend, earned_value_with_trend
from steerco.app.progress import record_progress
from steerco.errors import ProjectError
from steerco.formats.baselines_file import load_baseline
from steerco.formats.loader import load_project
from steerco.schedule.options import SolveOptions
from steerco.track.earned import EarnedValueAt, EarnedValueTrend

SOURCE = """\
name: Demo
start: 2027-01-04
resources:
  - {id: r, name: Engineer, rate: 100}
tasks:
  - id: ph
    children:
      - {id: a, name: A, duration: 3, demands: [{resource: r}]}
      - {id: b, name: B, duration: 4, after: [a], demands: [{resource: r}]}
  - {id: c, name: C, duration: 2, after: [b], demands: [{resource: r}]}
"""


def day(n: int) -> dt.date:
    return dt.date(2027, 1, n)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    save_baseline(path=path, saved=day(1), options=SolveOptions("cpm"))
    return path


def test_earned_value_at_the_files_status_date(demo: Path) -> None:
    record_progress(path=demo, task="a", done=True, start=day(4), cost=350, date=day(6))
    record_progress(path=demo, task="b", percent=25, date=day(8))
    result = earned_value_at(path=demo)
    assert isinstance(result, EarnedValueAt)
    assert (result.unit, result.currency) == ("day", "USD")
    top = result.measured.project
    assert (result.measured.status_date, top.pv, top.ev, top.ac) == (day(8), 500, 400, 550)
    assert top.ieac_t == pytest.approx(11.25)
    assert result.forecast_finish == day(19)  # IEAC(t) 11.25: unit 11, the last working day
    assert set(result.measured.wbs) == {"ph"} and set(result.measured.tasks) == {"a", "b", "c"}


def test_an_earlier_date_measures_the_snapshot_of_then(demo: Path) -> None:
    record_progress(path=demo, task="a", percent=50, date=day(5))
    record_progress(path=demo, task="a", done=True, date=day(7))
    then = earned_value_at(path=demo, status_date=day(6))
    assert then.measured.status_date == day(5)
    assert (then.measured.project.pv, then.measured.project.ev) == (200, 150)
    before = earned_value_at(path=demo, status_date=day(4))
    assert before.measured.status_date == day(4) and before.measured.project.ev == 0


def test_the_trend_has_one_point_per_recorded_date(demo: Path) -> None:
    record_progress(path=demo, task="a", percent=50, date=day(5))
    record_progress(path=demo, task="a", done=True, date=day(7))
    trend = earned_value_trend(path=demo)
    assert isinstance(trend, EarnedValueTrend) and trend.baseline == "baseline"
    assert [p.status_date for p in trend.points] == [day(5), day(7)]
    assert [p.measures.ev for p in trend.points] == [150, 300]
    assert all(p.forecast_finish is not None for p in trend.points)


@pytest.mark.parametrize("status", [day(7), day(6), day(4)])
def test_with_trend_gives_what_the_two_give_alone(demo: Path, status: dt.date) -> None:
    record_progress(path=demo, task="a", percent=50, date=day(5))
    record_progress(path=demo, task="a", done=True, date=day(7))
    at, trend = earned_value_with_trend(path=demo, status_date=status)
    assert at == earned_value_at(path=demo, status_date=status)
    assert trend == earned_value_trend(path=demo)
    # Hand-checked, as in the tests above: 150 earned by day 5, 300 by day 7, 0 before.
    assert at.measured.project.ev == {day(7): 300, day(6): 150, day(4): 0}[status]
    loaded = (load_project(demo), load_baseline(demo))
    given = earned_value_with_trend(
        path=demo, status_date=status, project=loaded[0], frozen=loaded[1]
    )
    assert given == (at, trend)


def test_no_status_date(demo: Path) -> None:
    with pytest.raises(ProjectError) as caught:
        earned_value_at(path=demo)
    assert caught.value.diagnostics[0].code == "no_status_date"


def test_a_snapshot_that_no_longer_fits_the_project_is_located_in_its_file(demo: Path) -> None:
    record_progress(path=demo, task="a", percent=50, date=day(6))
    sidecar = demo.with_name("demo.snapshots.yaml")
    sidecar.write_text(
        "snapshots:\n- {status_date: 2027-01-05, tasks: {a: {actual_start: 2027-01-06}}}\n"
        "- {status_date: 2027-01-06, tasks: {a: {actual_start: 2027-01-04}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProjectError) as caught:
        earned_value_at(path=demo, status_date=day(5))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "actual_after_status_date"
    assert diagnostic.file == str(sidecar)
    assert earned_value_at(path=demo).measured.status_date == day(6)  # the file's own is fine


def test_progress_on_a_task_removed_since_is_left_out(demo: Path) -> None:
    record_progress(path=demo, task="c", start=day(4), date=day(5))
    demo.write_text(SOURCE.replace("  - {id: c,", "  - {id: d,"), encoding="utf-8")
    result = earned_value_at(path=demo, status_date=day(5))  # the snapshot still names c
    assert result.measured.tasks["c"].ac == 0 and result.measured.project.ac == 0


# --- earned schedule per WBS node, on its own curve and its own time (issue 13, point 4) ---
#
# The hand-drawn PV curves of the demo, each node on its own axis (time k = the end of the
# k-th working unit after the node's baseline start s):
#
#   project (s = 0): 0 100 200 300 400 500 600 700 800 900   PD 9
#   ph      (s = 0): 0 100 200 300 400 500 600 700           PD 7  (a then b)
#   a       (s = 0): 0 100 200 300                           PD 3
#   b       (s = 3): 0 100 200 300 400                       PD 4
#   c       (s = 7): 0 100 200                               PD 2
#
# AT of a node = min(status date, its actual finish once all its leaves are done) - s, >= 0.


def test_each_node_reads_its_own_curve_and_its_own_time(demo: Path) -> None:
    # a finishes on Friday 8th (unit 5: two units late); b starts on Monday 11th and is 25%
    # done that day, the status date (AT = 6); c is planned from unit 7, not yet due.
    record_progress(path=demo, task="a", done=True, start=day(4), date=day(8))
    record_progress(path=demo, task="b", percent=25, start=day(11), date=day(11))
    measured = earned_value_at(path=demo).measured
    a, b, c = (measured.tasks[k] for k in "abc")
    ph, top = measured.wbs["ph"], measured.project
    # a: EV 300 = PV_3, ES 3; AT = finish 5 - 0 = 5; SPI(t) 3/5; SV(t) -2; IEAC(t) 3/0.6 = 5;
    # TSPI (3 - 3)/(3 - 5): its target is past, None.
    assert (a.planned_duration, a.earned_schedule, a.actual_time) == (3, 3, 5)
    assert (a.spi_t, a.sv_t, a.ieac_t, a.tspi) == (pytest.approx(0.6), -2, pytest.approx(5), None)
    # b: EV 25% x 400 = 100 = PV_1, ES 1; AT = 6 - 3 = 3; SPI(t) 1/3; SV(t) -2;
    # IEAC(t) 4 / (1/3) = 12; TSPI (4 - 1)/(4 - 3) = 3.
    assert (b.planned_duration, b.earned_schedule, b.actual_time) == (4, 1, 3)
    assert b.spi_t == pytest.approx(1 / 3) and b.sv_t == -2
    assert (b.ieac_t, b.tspi) == (pytest.approx(12), pytest.approx(3))
    # c: not yet due (AT = max(6 - 7, 0) = 0): no SPI(t), no IEAC(t); ES 0, TSPI 2/2 = 1.
    assert (c.actual_time, c.earned_schedule, c.sv_t) == (0, 0, 0)
    assert (c.spi_t, c.ieac_t, c.tspi) == (None, None, 1)
    # ph: EV 300 + 100 = 400 = PV_4, ES 4; AT 6 (b is not done); SPI(t) 4/6; SV(t) -2;
    # IEAC(t) 7 / (2/3) = 10.5; TSPI (7 - 4)/(7 - 6) = 3.
    assert (ph.planned_duration, ph.earned_schedule, ph.actual_time) == (7, 4, 6)
    assert (ph.spi_t, ph.sv_t) == (pytest.approx(2 / 3), -2)
    assert (ph.ieac_t, ph.tspi) == (pytest.approx(10.5), pytest.approx(3))
    # The project keeps its project-wide axis: PD 9, ES 4, AT 6, IEAC(t) 9 / (2/3) = 13.5.
    assert (top.planned_duration, top.earned_schedule, top.actual_time) == (9, 4, 6)
    assert (top.spi_t, top.ieac_t) == (pytest.approx(2 / 3), pytest.approx(13.5))
    # PV and SPI stay measured at the status date: b plans 300 by unit 6, ph 600.
    assert (b.pv, b.spi, ph.pv) == (300, pytest.approx(1 / 3), 600)


def test_a_node_finished_on_plan_has_spi_t_one_whatever_the_status_date(demo: Path) -> None:
    # a finishes on Wednesday 6th as planned (unit 3); measured on Friday 8th (AT 5 for the
    # project) its own AT stops at its finish: ES 3, AT 3, SPI(t) 1, SV(t) 0, IEAC(t) 3.
    record_progress(path=demo, task="a", done=True, start=day(4), date=day(6))
    record_progress(path=demo, task="b", percent=50, date=day(8))
    a = earned_value_at(path=demo).measured.tasks["a"]
    assert (a.earned_schedule, a.actual_time, a.sv_t) == (3, 3, 0)
    assert (a.spi_t, a.ieac_t) == (1, 3)
    # b (s = 3, started on plan): 50% of 400 = 200 = PV_2; AT 5 - 3 = 2: on plan too.
    b = earned_value_at(path=demo).measured.tasks["b"]
    assert (b.earned_schedule, b.actual_time, b.spi_t) == (2, 2, 1)


# --- a plan without costs is measured in effort (issue 13, point 8) -----------------------
#
# No rates: a (3 days, r and s: 2 units) -> b (4 days, r) -> c (2 days, no demands: 1 unit).
# Effort budgets: a 3 x 2 = 6, b 4 x 1 = 4, c 2 x 1 = 2; BAC 12. The project's PV curve:
#   k:  0  1  2  3  4  5  6  7   8   9
#   PV: 0  2  4  6  7  8  9  10  11  12

NO_COSTS = """\
name: Effort
start: 2027-01-04
resources:
  - {id: r, name: Engineer}
  - {id: s, name: Scientist}
tasks:
  - {id: a, name: A, duration: 3, demands: {r: 1, s: 1}}
  - {id: b, name: B, duration: 4, after: [a], demands: {r: 1}}
  - {id: c, name: C, duration: 2, after: [b]}
"""


@pytest.fixture
def no_costs(tmp_path: Path) -> Path:
    path = tmp_path / "effort.yaml"
    path.write_text(NO_COSTS, encoding="utf-8")
    save_baseline(path=path, saved=day(1), options=SolveOptions("cpm"))
    return path


def test_a_plan_without_costs_earns_effort(no_costs: Path) -> None:
    # a runs Monday 4th to Thursday 7th (one day late), measured that day: AT 4.
    # PV = 6 (a) + 1 (b's first day) = 7; EV = 6; AC = 4 days worked x 2 units = 8.
    # SPI 6/7, CPI 6/8; EAC = 12 / 0.75 = 16. ES 3 (PV_3 = 6), SPI(t) 3/4, IEAC(t) 9/0.75 = 12.
    record_progress(path=no_costs, task="a", done=True, start=day(4), date=day(7))
    result = earned_value_at(path=no_costs)
    assert result.measure == "effort"
    top = result.measured.project
    assert (top.bac, top.pv, top.ev, top.ac) == (12, 7, 6, 8)
    assert (top.spi, top.cpi, top.eac) == (pytest.approx(6 / 7), 0.75, pytest.approx(16))
    assert (top.earned_schedule, top.spi_t, top.ieac_t) == (3, 0.75, pytest.approx(12))
    tasks = result.measured.tasks
    assert [tasks[k].bac for k in "abc"] == [6, 4, 2]
    assert earned_value_trend(path=no_costs).measure == "effort"


def test_a_recorded_cost_is_money_and_left_out_of_effort(no_costs: Path) -> None:
    # b 50% done on Tuesday 12th, with a recorded cost of 999 (money): AC stays effort.
    # a: 3 days x 2 = 6 (started on plan Monday 4th, done Wednesday 6th); b: started
    # Thursday 7th, 4 days worked by Tuesday 12th x 1 = 4. AC 10; EV 6 + 2 = 8.
    record_progress(path=no_costs, task="a", done=True, start=day(4), date=day(6))
    record_progress(path=no_costs, task="b", percent=50, cost=999, date=day(12))
    top = earned_value_at(path=no_costs).measured.project
    assert (top.ev, top.ac) == (8, 10)


def test_a_plan_with_costs_is_measured_in_money(demo: Path) -> None:
    record_progress(path=demo, task="a", percent=50, date=day(5))
    assert earned_value_at(path=demo).measure == "cost"


def _with_manager_eac(path: Path, value: float) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("progress:", f"progress:\n  manager_eac: {value}", 1), "utf-8")


def test_the_managers_eac_is_money_and_left_out_of_effort(no_costs: Path, demo: Path) -> None:
    for path in (no_costs, demo):
        record_progress(path=path, task="a", done=True, start=day(4), date=day(6))
        _with_manager_eac(path, 5000)
    assert earned_value_at(path=demo).measured.project.eac_manager == 5000
    assert earned_value_at(path=no_costs).measured.project.eac_manager is None
