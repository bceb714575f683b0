"""app.gates.evaluate_gates: the typed report is what `steerco gates` prints."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from steerco.app.gates import evaluate_gates
from steerco.cli.main import app
from steerco.errors import ProjectError

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "llm-assistant.yaml"


def test_report_equals_what_the_cli_prints() -> None:
    report = evaluate_gates(path=EXAMPLE)
    printed = json.loads(CliRunner().invoke(app, ["gates", str(EXAMPLE), "-f", "json"]).stdout)
    assert [(c.task.id, c.result.status, c.result.reason) for c in report.checks] == [
        (g["task"], g["status"], g["reason"]) for g in printed["gates"]
    ]
    assert [str(report.planned[c.task.id]) for c in report.checks] == [
        g["planned"] for g in printed["gates"]
    ]
    assert (report.count("met"), report.count("not_met"), report.count("unknown")) == (
        printed["met"],
        printed["not_met"],
        printed["unknown"],
    )


def test_metrics_files_are_read_next_to_the_project_file() -> None:
    report = evaluate_gates(path=EXAMPLE)
    ready = next(c for c in report.checks if c.task.id == "data-ready")
    assert ready.result.evidence is not None
    assert (ready.result.evidence.value, ready.result.evidence.run) == (0.83, "index-v2")


def test_planned_dates_come_from_the_critical_path_schedule() -> None:
    report = evaluate_gates(path=EXAMPLE)
    go, accepted = report.planned["go-no-go"], report.planned["customer-accepted"]
    assert isinstance(go, dt.date) and isinstance(accepted, dt.date)
    assert go < accepted


def test_a_missing_file_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError) as raised:
        evaluate_gates(path=tmp_path / "nope.yaml")
    assert raised.value.code == "file_not_found"


def test_a_missing_run_log_leaves_the_gate_unknown_with_a_located_warning(tmp_path: Path) -> None:
    # As docs/cli.md says and `update --from-runs` does; the reason was in the table alone.
    path = tmp_path / "edge.yaml"
    path.write_text(
        "name: Edge\nstart: 2027-03-01\ntasks:\n"
        "  - id: train\n    duration: 3\n"
        "    run: {source: tensorboard, path: nosuchdir, tag: val/acc, steps: 6000}\n"
        "  - id: accepted\n    milestone: true\n    after: [train]\n"
        '    gate: {metric: val/acc, op: ">=", threshold: 0.85, source: {task: train}}\n'
    )
    report = evaluate_gates(path=path)
    assert [check.result.status for check in report.checks] == ["unknown"]
    [warned] = report.warnings
    assert (warned.code, warned.file, warned.line) == ("run_log_unreadable", str(path), 6)
    assert warned.message.startswith("task 'train': no TensorBoard log at ")
    assert warned.message.endswith("nosuchdir yet")
