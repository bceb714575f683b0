"""Explainable output: the pool each task was calibrated on, the all-records row of
`steerco calibration`, estimators in natural order, period finishes rounded."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from cli_runner import steerco
from steerco.app.forecast import forecast_project
from steerco.forecast.result import TaskPool

PROJECT = """\
name: pools
start: 2027-01-04
resources:
  - {id: dev2, name: Dev 2}
  - {id: dev11, name: Dev 11}
tasks:
  - {id: a, estimate: 2d..3d..5d, estimated_by: dev2, category: backend}
  - {id: b, estimate: 2d..3d..5d, estimated_by: dev11, category: backend, after: [a]}
  - {id: c, estimate: 2d..3d..5d, category: backend, after: [b]}
  - {id: d, estimate: 2d..3d..5d, category: frontend, after: [c]}
  - {id: done, milestone: true, after: [d]}
"""

HISTORY = """\
task,estimated_by,category,estimate,actual
t1,dev2,backend,2,3
t2,dev2,backend,2,2
t3,dev2,backend,4,6
t4,dev11,backend,1,1
t5,,backend,3,6
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    project, history = tmp_path / "p.yaml", tmp_path / "h.csv"
    project.write_text(PROJECT, encoding="utf-8")
    history.write_text(HISTORY, encoding="utf-8")
    return project, history


def test_the_forecast_names_each_tasks_pool_and_its_records(tmp_path: Path) -> None:
    project, history = _files(tmp_path)
    run = forecast_project(path=project, history=history, model="ratio")
    # ratio model: a: dev2 has 3 records; b: dev11 has 1; c: no estimator, backend has
    # all 5; d: frontend has none, so the default; the milestone has no pool
    assert run.forecast.calibration == (
        TaskPool("a", "estimator", "dev2", 3),
        TaskPool("b", "estimator", "dev11", 1),
        TaskPool("c", "category", "backend", 5),
        TaskPool("d", "default", None, 0),
    )
    code, out, _ = steerco(
        "forecast", str(project), "--history", str(history), "--model", "ratio", "-f", "json"
    )
    assert code == 0
    assert json.loads(out)["calibration"] == [
        {"task": "a", "pool": "estimator", "key": "dev2", "records": 3},
        {"task": "b", "pool": "estimator", "key": "dev11", "records": 1},
        {"task": "c", "pool": "category", "key": "backend", "records": 5},
        {"task": "d", "pool": "default", "key": None, "records": 0},
    ]


def test_the_loglinear_forecast_names_its_partially_pooled_pools(tmp_path: Path) -> None:
    project, history = _files(tmp_path)
    # loglinear (the default): an estimator's line is fitted within its category (dev2's
    # 3 backend records, dev11's 1); c falls back to the backend category (5); frontend
    # has no records, so d falls back to the whole history (all 5), not the default
    code, out, _ = steerco("forecast", str(project), "--history", str(history), "-f", "json")
    assert code == 0
    assert json.loads(out)["calibration"] == [
        {"task": "a", "pool": "estimator", "key": "dev2 in category backend", "records": 3},
        {"task": "b", "pool": "estimator", "key": "dev11 in category backend", "records": 1},
        {"task": "c", "pool": "category", "key": "backend", "records": 5},
        {"task": "d", "pool": "all", "key": None, "records": 5},
    ]


def test_without_history_there_is_no_calibration(tmp_path: Path) -> None:
    project, _ = _files(tmp_path)
    assert forecast_project(path=project).forecast.calibration is None
    code, out, _ = steerco("forecast", str(project), "-n", "200", "-f", "json")
    assert code == 0
    assert json.loads(out)["calibration"] is None


def test_the_forecast_table_shows_the_pools(tmp_path: Path) -> None:
    project, history = _files(tmp_path)
    ratio = ("--history", str(history), "--model", "ratio", "--wide")
    code, out, _ = steerco("forecast", str(project), *ratio)
    assert code == 0
    lines = [" ".join(line.replace("│", " ").split()) for line in out.splitlines()]
    assert "estimator dev2 3 1 a" in lines
    assert "estimator dev11 1 1 b" in lines
    assert "category backend 5 1 c" in lines
    assert "default (no history) 0 1 d" in lines
    code, out, _ = steerco("forecast", str(project), "--history", str(history), "--wide")
    assert code == 0
    lines = [" ".join(line.replace("│", " ").split()) for line in out.splitlines()]
    assert "estimator dev2 in category backend 3 1 a" in lines
    assert "all records 5 1 d" in lines


def test_forecast_history_options_and_skipped_rows(tmp_path: Path) -> None:
    project, _ = _files(tmp_path)
    history = tmp_path / "export.csv"
    history.write_bytes(
        "Ticket;ignored,Who,Est,Act\nt1;x,dev2,2,3\nt2;y,dev2,NA,2\nt3;z,dev2,2,0\n".encode(
            "cp1252"
        )
    )
    args = ["--history", str(history), "--history-encoding", "cp1252", "-f", "json"]
    columns = "estimated_by=Who,estimate=Est,actual=Act"
    code, out, err = steerco("forecast", str(project), *args, "--history-columns", columns)
    assert code == 0, err
    data = json.loads(out)
    assert data["calibration"][0] == {"task": "a", "pool": "estimator", "key": "dev2", "records": 1}
    assert any("(1) or with one of 0 (1) were skipped" in note for note in data["notes"])


def test_calibration_prints_an_all_records_row_and_estimators_in_natural_order(
    tmp_path: Path,
) -> None:
    _, history = _files(tmp_path)
    code, out, _ = steerco("calibration", str(history), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data["estimators"]) == ["dev2", "dev11"]  # not "dev11", "dev2"
    # all five ratios: 1.5, 1, 1.5, 1, 2 -> median 1.5, mean 1.4, 2 of 5 within estimate
    assert data["all"]["count"] == 5
    assert data["all"]["median"] == 1.5
    assert abs(data["all"]["mean"] - 1.4) < 1e-12
    assert data["all"]["within_estimate"] == 0.4
    code, table, _ = steerco("calibration", str(history), "--wide")
    lines = [" ".join(line.replace("│", " ").split()) for line in table.splitlines()]
    names = [line.split()[0] for line in lines if line.startswith(("dev", "all records"))]
    assert names == ["dev2", "dev11", "all"]
    assert "all records 5 1.50× 1.00× 1.80× 1.40× 40%" in lines  # P90: linear, 1.5 + .6 * .5


def test_period_finishes_are_rounded(tmp_path: Path) -> None:
    project = tmp_path / "p.yaml"
    project.write_text(
        textwrap.dedent(
            """\
            name: periods
            unit: period
            tasks:
              - {id: a, estimate: {low: 10000, likely: 12000, high: 19000}}
            """
        ),
        encoding="utf-8",
    )
    code, out, _ = steerco("forecast", str(project), "-n", "300")
    assert code == 0
    rows = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in out.splitlines()
        if line.startswith("│") and len(line.split("│")) > 3
    }
    assert rows["plan"] == "12,000.0"
    for key in ("P10", "P50", "P80", "P90", "P95"):
        assert rows[key].replace(",", "").replace(".", "").isdigit()
        assert len(rows[key].split(".")[1]) == 1  # one decimal, never 15


def test_a_story_point_history_calibrates_days_per_point(tmp_path: Path) -> None:
    history = tmp_path / "sp.csv"
    history.write_text("task,estimated_by,estimate,actual\na,dev2,2,1\nb,dev2,4,3\n", "utf-8")
    code, out, _ = steerco("calibration", str(history), "--estimate-unit", "points", "-f", "json")
    assert code == 0
    data = json.loads(out)
    # days per point: 1/2 and 3/4; median 0.625
    assert data["estimate_unit"] == "points"
    assert data["estimators"]["dev2"]["median"] == 0.625
    code, table, _ = steerco("calibration", str(history), "--estimate-unit", "points", "--wide")
    assert "0.62 d/pt" in table  # 0.625 to two places, half to even
    project, _ = _files(tmp_path)
    points = tmp_path / "p.csv"
    points.write_text("task,estimate,actual\na,2pt,1\n", "utf-8")
    code, _, err = steerco("forecast", str(project), "--history", str(points))
    assert code == 2
    # the project's tasks are estimated in working time: days per point cannot calibrate them
    assert f"{project}:" in err and ": estimate_unit_mismatch: task " in err
    code, _, err = steerco("calibration", str(history), "--estimate-unit", "hours")
    assert code == 2 and "--estimate-unit" in err


def test_a_bad_history_option_is_a_usage_error_on_its_flag(tmp_path: Path) -> None:
    project, history = _files(tmp_path)
    args = ["forecast", str(project), "--history", str(history)]
    code, out, err = steerco(*args, "--history-columns", "bogus=x")
    assert (code, out) == (2, "")
    assert "--history-columns" in err and "'bogus' is not a field" in err
    code, _, err = steerco(*args, "--history-encoding", "nope")
    assert code == 2 and "--history-encoding" in err
