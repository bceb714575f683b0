"""`steerco gates` on real TensorBoard logs: outlook while training, verdict once finished."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from run_logs import write_tensorboard
from steerco.app.gates import evaluate_gates
from steerco.cli.main import app

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "gates.schema.json").read_text("utf-8"))
runner = CliRunner()
START = 1_800_000_000.0

PROJECT = """\
name: Fine-tune
start: 2027-01-04
tasks:
  - id: train
    duration: 10d
    run: {{source: tensorboard, path: runs/exp7, tag: val/auc, steps: 5000}}
  - id: accepted
    milestone: true
    after: [train]
    gate:
      metric: val/auc
      threshold: {threshold}
      source: {{task: train}}
      rework: 10d
"""


def _auc(step: int) -> float:
    """A saturating curve: 0.9 - 0.4 (step / 100) ^ -0.5, which tends to 0.9."""
    return 0.9 - 0.4 * (step / 100) ** -0.5


def _project(tmp_path: Path, *, threshold: float, last: int) -> Path:
    points = [(s, _auc(s), START + s) for s in range(100, last + 1, 100)]
    write_tensorboard(tmp_path / "runs" / "exp7", {"val/auc": points})
    path = tmp_path / "project.yaml"
    path.write_text(PROJECT.format(threshold=threshold), encoding="utf-8")
    return path


def _json(path: Path) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["gates", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data, result.stderr


def test_a_run_still_training_towards_the_threshold_is_likely(tmp_path: Path) -> None:
    # At 5,000 steps the curve is at 0.9 - 0.4 / sqrt(50) = 0.843; it has logged 2,000.
    data, _ = _json(_project(tmp_path, threshold=0.83, last=2000))
    (gate,) = data["gates"]
    assert (gate["status"], data["likely"], data["met"]) == ("likely", 1, 0)
    outlook = gate["outlook"]
    assert outlook["final_step"] == 5000
    assert outlook["p_met"] >= 0.5
    assert outlook["predicted"] == pytest.approx(0.843, abs=0.01)  # the fit is H3's to test
    assert outlook["points"] == 20
    assert gate["reason"].startswith(f"likely · P={outlook['p_met']:.2f} (predicted ")
    assert gate["evidence"]["step"] == 2000
    assert gate["rework"] == {"duration": "10d", "task": None}
    assert gate["source"] == {"task": "train"}


def test_a_threshold_beyond_the_curves_limit_is_unlikely(tmp_path: Path) -> None:
    data, _ = _json(_project(tmp_path, threshold=0.95, last=2000))
    (gate,) = data["gates"]
    assert gate["status"] == "unlikely"
    assert gate["outlook"]["p_met"] < 0.5
    table = runner.invoke(app, ["gates", str(tmp_path / "project.yaml")])
    assert "unlikely · P=" in table.output
    assert "1 unlikely" in table.output


def test_the_outlook_is_the_same_every_time(tmp_path: Path) -> None:
    path = _project(tmp_path, threshold=0.84, last=2000)
    first, _ = _json(path)
    again, _ = _json(path)
    assert first == again


@pytest.mark.parametrize(("threshold", "status"), [(0.84, "met"), (0.85, "not_met")])
def test_a_finished_run_is_met_or_not_on_its_last_value(
    tmp_path: Path, threshold: float, status: str
) -> None:
    # The last value, at step 5,000, is 0.8434.
    data, _ = _json(_project(tmp_path, threshold=threshold, last=5000))
    (gate,) = data["gates"]
    assert (gate["status"], gate["outlook"]) == (status, None)
    assert gate["evidence"]["value"] == pytest.approx(0.8434, abs=1e-4)


def test_a_log_not_written_yet_leaves_the_gate_unknown(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_text(PROJECT.format(threshold=0.8), encoding="utf-8")
    data, _ = _json(path)
    (gate,) = data["gates"]
    assert gate["status"] == "unknown"
    assert gate["reason"]


def test_a_truncated_event_file_warns_and_leaves_the_gate_unknown(tmp_path: Path) -> None:
    path = _project(tmp_path, threshold=0.83, last=2000)
    (event,) = (tmp_path / "runs" / "exp7").iterdir()
    event.write_bytes(event.read_bytes()[:-7])  # the last record cut short
    data, stderr = _json(path)
    assert any(": warning: run_log_unreadable: " in line for line in data["warnings"])
    assert "run_log_unreadable" in stderr
    (gate,) = data["gates"]
    assert gate["status"] == "unknown"
    assert "damaged" in gate["reason"]


def test_a_run_gate_is_read_once_per_task_and_its_warnings_located(tmp_path: Path) -> None:
    from steerco.codes import Code
    from steerco.errors import warning
    from steerco.track.runs import RunFetch

    path = tmp_path / "project.yaml"
    path.write_text(PROJECT.format(threshold=0.8), encoding="utf-8")
    calls: list[str] = []

    def fetch(link: Any, base: Path) -> RunFetch:
        calls.append(str(link.path))
        return RunFetch(None, (warning(Code.run_log_unreadable, "server said no"),), "no run")

    report = evaluate_gates(path=path, fetch_run=fetch)
    assert calls == ["runs/exp7"]
    (located,) = report.warnings
    assert (located.file, located.line) == (str(path), 6)  # the task's `run:`
    assert report.checks[0].result.reason == "no run"
