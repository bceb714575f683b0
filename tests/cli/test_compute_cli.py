"""`steerco compute`: the table, the JSON contract (validated against its schema), stderr."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cli_runner import steerco

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "compute.schema.json").read_text("utf-8"))

# 6.912e20 FLOPs at 50% of 1000 TFLOP/s = 384 GPU-hours = 2 whole days of 8 GPUs on 24x7.
_FILE = """
name: Budget
start: 2027-01-04
resources:
  - {id: gpus, kind: equipment, capacity: 8, peak_tflops: 1000, rate: "2.50/h"}
tasks:
  - id: pretrain
    calendar: 24x7
    demands: {gpus: 8}
    compute: {flops: 6.912e20, accelerator: gpus, utilisation: "50%"}
    run: {source: tensorboard, path: runs/missing, steps: 1000}
  - {id: eval, duration: 1, after: [pretrain]}
"""


@pytest.fixture
def budget(tmp_path: Path) -> Path:
    path = tmp_path / "budget.yaml"
    path.write_text(_FILE)
    return path


def test_json_matches_its_schema_and_the_schedule_cost(budget: Path) -> None:
    result = steerco("compute", budget, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    [line] = data["tasks"]
    assert line["planned_hours"] == pytest.approx({"low": 384, "likely": 384, "high": 384})
    assert line["planned_cost"]["likely"] == pytest.approx(960)
    assert line["used_hours"] is None and line["used_reason"]  # the log is missing: unknown
    assert data["totals"]["unknown_used"] == 1 and data["totals"]["used_hours"] is None
    schedule = json.loads(steerco("schedule", budget, "--format", "json").stdout)
    cost = {task["id"]: task["cost"] for task in schedule["tasks"]}
    assert cost["pretrain"] == pytest.approx(960)  # GPU-hours x the hourly rate
    assert line["booked_cost"] == pytest.approx(cost["pretrain"])  # 2 whole days booked
    assert line["booked_hours"] == pytest.approx(2 * 8 * 24)
    assert schedule["finish"] == "2027-01-06"  # 2 days round the clock, then eval


def test_table_shows_planned_and_unknown_used(budget: Path) -> None:
    result = steerco("compute", budget, "--wide")
    assert result.exit_code == 0, result.output
    assert "pretrain" in result.stdout and "384" in result.stdout and "960" in result.stdout
    assert "note:" in result.stdout


def test_invalid_accelerator_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_FILE.replace("peak_tflops: 1000", "accelerator: h100-sxn"))
    result = steerco("compute", path)
    assert result.exit_code == 2
    assert ":10:" in result.stderr and "unknown_accelerator" in result.stderr


def test_booked_is_what_the_schedule_costs_when_the_run_is_not_whole_days(
    tmp_path: Path,
) -> None:
    # at 40%: 480 GPU-hours = 2.5 days of 8 GPUs; the plan books 3 whole days
    path = tmp_path / "budget.yaml"
    path.write_text(_FILE.replace('utilisation: "50%"', 'utilisation: "40%"'))
    data = json.loads(steerco("compute", path, "--format", "json").stdout)
    jsonschema.validate(data, SCHEMA)
    [line] = data["tasks"]
    assert line["planned_cost"]["likely"] == pytest.approx(480 * 2.5)
    assert line["booked_hours"] == pytest.approx(3 * 8 * 24)
    assert line["booked_cost"] == pytest.approx(3 * 8 * 24 * 2.5)
    schedule = json.loads(steerco("schedule", path, "--format", "json").stdout)
    cost = {task["id"]: task["cost"] for task in schedule["tasks"]}
    assert line["booked_cost"] == pytest.approx(cost["pretrain"])
    assert data["totals"]["booked_cost"] == pytest.approx(cost["pretrain"])


def test_booked_stays_the_schedules_cost_once_the_run_has_progress(tmp_path: Path) -> None:
    # Started on Monday, half a day left at the end of Wednesday: the schedule costs the run
    # from its start to its finish, 3 days run and 1 booked for the half left (4 days);
    # booked counted the day left alone.
    path = tmp_path / "budget.yaml"
    path.write_text(
        _FILE
        + "progress:\n  status_date: 2027-01-06\n  tasks:\n"
        + "    pretrain: {actual_start: 2027-01-04, remaining: 0.5}\n"
    )
    data = json.loads(steerco("compute", path, "--format", "json").stdout)
    [line] = data["tasks"]
    schedule = json.loads(steerco("schedule", path, "--format", "json").stdout)
    cost = {task["id"]: task["cost"] for task in schedule["tasks"]}
    assert cost["pretrain"] == pytest.approx(4 * 8 * 24 * 2.5)  # 4..7 January
    assert line["booked_cost"] == pytest.approx(cost["pretrain"])
    assert line["booked_hours"] == pytest.approx(4 * 8 * 24)
