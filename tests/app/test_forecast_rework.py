"""`steerco forecast` reads the gates only when one has a rework, and lists each path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from run_logs import write_tensorboard
from steerco.app.forecast import ForecastOptions, forecast_project
from steerco.cli.main import app

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "forecast.schema.json").read_text("utf-8"))
runner = CliRunner()

PROJECT = """\
name: Rework
start: 2027-01-04
tasks:
  - {{id: train, duration: 10, run: {{source: tensorboard, path: runs/a, steps: 5000}}}}
  - id: accepted
    milestone: true
    after: [train]
    gate: {{metric: auc, threshold: {threshold}, source: {source}{rework}}}
  - {{id: ship, duration: 5, after: [accepted]}}
"""


def _write(tmp_path: Path, *, threshold: float, source: str, rework: str) -> Path:
    path = tmp_path / "project.yaml"
    text = PROJECT.format(threshold=threshold, source=source, rework=rework)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_gate_not_met_on_its_metrics_file_adds_its_rework_every_time(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("metric,value\nauc,0.8\n", encoding="utf-8")
    path = _write(tmp_path, threshold=0.9, source="m.csv", rework=", rework: 10d")
    result = runner.invoke(app, ["forecast", str(path), "--format", "json", "--iterations", "500"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["rework"] == [
        {
            "milestone": "accepted",
            "status": "not_met",
            "p_met": 0.0,
            "probability": 1.0,
            "duration": 10.0,
            "task": None,
        }
    ]
    assert data["makespan"]["p10"] == 25.0  # 10 + 10 of rework + 5
    table = runner.invoke(app, ["forecast", str(path), "--iterations", "500"])
    assert "Rework if a gate fails" in table.output
    assert "+10 working days" in table.output


def test_without_a_rework_no_gate_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import steerco.app.gates

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the gates were read")

    monkeypatch.setattr(steerco.app.gates, "judge_gates", refuse)
    path = _write(tmp_path, threshold=0.9, source="m.csv", rework="")
    run = forecast_project(path=path, options=ForecastOptions(iterations=100))
    assert run.forecast.rework == ()
    assert run.forecast.makespan["p50"] == 15.0


def test_a_run_still_training_adds_its_rework_with_the_outlooks_odds(tmp_path: Path) -> None:
    # auc = 0.9 - 0.4 (step / 100) ^ -0.5 logged to step 2,000 of 5,000: at 5,000 it is
    # 0.843, far below 0.95, so the gate is unlikely and its rework nearly certain.
    points = [(s, 0.9 - 0.4 * (s / 100) ** -0.5, 1.8e9 + s) for s in range(100, 2001, 100)]
    write_tensorboard(tmp_path / "runs" / "a", {"auc": points})
    path = _write(tmp_path, threshold=0.95, source="{task: train}", rework=", rework: 10d")
    run = forecast_project(path=path, options=ForecastOptions(iterations=2000))
    (rework,) = run.forecast.rework
    assert rework.status == "unlikely"
    assert rework.p_met is not None and rework.p_met < 0.5
    late = run.forecast.makespan["p50"]
    assert late == 25.0
