"""`app.compute`: planned against used GPU-hours and cost per training task, by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.app.compute import compute_report
from steerco.model.run import RunLink
from steerco.track.runs import RunFetch, RunHistory, ScalarPoint

# 6.912e20 FLOPs at 50% of 1000 TFLOP/s: 6.912e20 / (1e15 x 0.5 x 3600) = 384 GPU-hours;
# at 40%: 480; at 25%: 768. At 2.50/h: 960, 1200, 1920.
_FILE = """
name: Budget
start: 2027-01-04
resources:
  - {id: gpus, kind: equipment, capacity: 8, peak_tflops: 1000, rate: "2.50/h"}
  - {id: cpu, kind: equipment, capacity: 4, rate: 20}
  - {id: ana, rate: 800}
tasks:
  - id: pretrain
    calendar: 24x7
    demands: {gpus: 8}
    compute: {flops: 6.912e20, accelerator: gpus, utilisation: "25%..40%..50%"}
    run: {source: tensorboard, path: runs/pretrain, steps: 1000}
  - {id: prep, duration: 3, demands: {cpu: 2, ana: 1}}
  - {id: sweep, estimate: 1d..2d..4d, calendar: 24x7, demands: {gpus: 4}}
  - id: finetune
    duration: 2
    run: {source: tensorboard, path: runs/finetune, steps: 10}
"""


def _history(hours: float) -> RunHistory:
    start = 1_800_000_000.0
    points = (ScalarPoint(0, 1.0, start), ScalarPoint(9, 0.5, start + hours * 3600))
    return RunHistory({"loss": points}, source="test")


def _fetch(link: RunLink, base: Path) -> RunFetch:
    if link.path == "runs/pretrain":
        return RunFetch(_history(10.0))  # 10 hours of 8 GPUs: 80 GPU-hours, 200 at 2.50/h
    return RunFetch(None, missing=f"no log at {base / str(link.path)}")


def test_compute_lines_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "budget.yaml"
    path.write_text(_FILE)
    report = compute_report(path=path, fetch=_fetch)
    lines = {(line.task, line.resource): line for line in report.budget.lines}
    assert list(lines) == [
        ("pretrain", "gpus"),
        ("prep", "cpu"),
        ("sweep", "gpus"),
        ("finetune", None),
    ]
    pretrain = lines["pretrain", "gpus"]
    assert pretrain.basis == "compute" and pretrain.count == 8
    assert pretrain.planned is not None and pretrain.planned_cost is not None
    planned = (pretrain.planned.low, pretrain.planned.likely, pretrain.planned.high)
    assert planned == pytest.approx((384, 480, 768))
    assert pretrain.planned_cost.likely == pytest.approx(1200)
    assert pretrain.used == pytest.approx(80) and pretrain.used_cost == pytest.approx(200)
    # 3 working days x 2 units x 8 h = 48 hours at 20 a day (2.50 an hour): 120
    prep = lines["prep", "cpu"]
    assert prep.planned is not None and prep.planned.likely == pytest.approx(48)
    assert prep.rate == pytest.approx(2.5) and prep.used is None and prep.used_reason is None
    # 1, 2, 4 days of 24 h x 4 GPUs = 96, 192, 384 GPU-hours
    sweep = lines["sweep", "gpus"]
    assert sweep.planned is not None
    assert (sweep.planned.low, sweep.planned.likely, sweep.planned.high) == pytest.approx(
        (96, 192, 384)
    )
    finetune = lines["finetune", None]
    assert finetune.basis == "run" and finetune.used is None
    assert finetune.used_reason is not None and "no log" in finetune.used_reason
    budget = report.budget
    assert budget.planned.likely == pytest.approx(480 + 48 + 192)
    assert budget.planned_cost.likely == pytest.approx(1200 + 120 + 480)
    assert budget.used == pytest.approx(80) and budget.used_cost == pytest.approx(200)
    assert budget.unknown_used == 1


def test_a_real_tensorboard_log_gives_the_used_hours(tmp_path: Path) -> None:
    from run_logs import write_tensorboard

    start = 1_800_000_000.0
    write_tensorboard(
        tmp_path / "runs" / "pretrain",
        {"loss": [(0, 2.0, start), (500, 1.0, start + 3 * 3600), (1000, 0.8, start + 6 * 3600)]},
    )
    path = tmp_path / "budget.yaml"
    path.write_text(_FILE)
    report = compute_report(path=path)
    pretrain = report.budget.lines[0]
    assert pretrain.wall_hours == pytest.approx(6) and pretrain.used == pytest.approx(48)
    finetune = report.budget.lines[-1]
    assert finetune.used is None and finetune.used_reason  # its log does not exist
