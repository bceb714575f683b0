"""`earned_value_at` and `earned_value_trend`: the snapshot that counts, typed results.

The project: one engineer at 100 a day; A (3 days) -> B (4 days) -> C (2 days) from Monday
2027-01-04. Baseline: A units 0-3 (300), B 3-7 (400), C 7-9 (200); BAC 900, PD 9.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.app.baseline import save_baseline
from steerco.app.earned_value import earned_value_at, earned_value_trend
from steerco.app.progress import record_progress
from steerco.errors import ProjectError
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
