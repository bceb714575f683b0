"""`compute`, `schedule` and `update --from-runs` agree on a task on a named 12-hour calendar.

`train` needs 6.912e20 FLOPs on 8 accelerators of 1000 TFLOP/s at 50%: 384 GPU-hours, 48
wall-clock hours, 4 days of the `cluster` calendar (every day, 12 hours a day). Its run
plans 4,800 steps: 100 steps a wall hour if it runs as sized. It logs 0 at Monday 1 March
00:00 UTC and 1,200 at 23:59:59: (nearly) one whole cluster day, 12 working hours, 100 an
hour (a second more than 100, so the 36 hours left come to 2.9997 days, written 3.0).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from cli_runner import steerco
from run_logs import write_tensorboard

MON = dt.datetime(2027, 3, 1, tzinfo=dt.UTC).timestamp()
DAY = 86_400.0

SOURCE = """\
name: Cluster
start: 2027-03-01
calendars:
  cluster: {workdays: [mon, tue, wed, thu, fri, sat, sun], hours_per_day: 12}
resources:
  - {id: own, kind: equipment, capacity: 8, peak_tflops: 1000, rate: "2.50/h"}
tasks:
  - id: train
    calendar: cluster
    demands: {own: 8}
    compute: {flops: 6.912e20, accelerator: own, utilisation: "50%"}
    run: {source: tensorboard, path: runs/train, steps: 4800}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    write_tensorboard(
        tmp_path / "runs" / "train", {"loss": [(0, 1.0, MON), (1200, 0.5, MON + DAY - 1)]}
    )
    return path


def _schedule(path: Path) -> dict[str, object]:
    code, out, err = steerco("schedule", path, "-f", "json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_schedule_books_four_cluster_days_and_their_cost(project: Path) -> None:
    plan = _schedule(project)
    assert (plan["start"], plan["finish"], plan["makespan"]) == ("2027-03-01", "2027-03-04", 4)
    assert plan["cost"] == pytest.approx(4 * 8 * 12 * 2.5)  # 960 = 384 GPU-hours x 2.50


def test_compute_books_the_gpu_hours_it_plans(project: Path) -> None:
    code, out, err = steerco("compute", project, "-f", "json")
    assert code == 0, err
    line = json.loads(out)["tasks"][0]
    assert line["planned_hours"]["likely"] == pytest.approx(384)
    assert line["booked_hours"] == pytest.approx(384)  # 4 days x 8 x 12 hours: nothing idle
    assert line["booked_cost"] == pytest.approx(960)


def test_from_runs_leaves_what_the_sizing_says_is_left(project: Path) -> None:
    before = _schedule(project)
    code, _, err = steerco("update", project, "--from-runs", "--date", "2027-03-01")
    assert code == 0, err
    entry = yaml.safe_load(project.read_text(encoding="utf-8"))["progress"]["tasks"]["train"]
    # 3,600 steps left at 100 per working hour = 36 hours = 3 days of 12 hours: the 4 sized
    # days less the one the run has worked.
    assert entry["percent_complete"] == 25 and entry["remaining"] == 3
    after = _schedule(project)
    assert after["finish"] == before["finish"] == "2027-03-04"  # Tue, Wed, Thu after Monday
