"""`steerco new` (templates to project files) and `steerco gates` (met / not met / unknown)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli_runner import steerco
from steerco.app.templates import next_monday
from steerco.formats.project_yaml import parse_project_yaml

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "llm-assistant.yaml"


# --- new ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["new"], ["new", "--list"]])
def test_new_without_a_template_lists_them(args: list[str]) -> None:
    result = steerco(*args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in ("crisp-dm", "mlops", "llm-app", "computer-vision"):
        assert name in result.stdout


def test_new_prints_a_project_that_schedules_and_forecasts(tmp_path: Path) -> None:
    result = steerco("new", "--template", "mlops", "--name", "Churn model", "--start", "2027-03-01")
    assert result.exit_code == 0, result.output
    project = parse_project_yaml(result.stdout)
    assert (project.name, project.start) == ("Churn model", dt.date(2027, 3, 1))
    path = tmp_path / "churn.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    plan = steerco("schedule", str(path), "--method", "cpm", "--format", "json")
    assert plan.exit_code == 0, plan.output
    data = json.loads(plan.stdout)
    assert data["start"] == "2027-03-01"  # a Monday: unit 0
    assert data["tasks"][0]["start"] == "2027-03-01"
    forecast = steerco("forecast", str(path), "-n", "200", "--format", "json")
    assert forecast.exit_code == 0, forecast.output


def test_new_writes_the_output_file_and_refuses_to_overwrite_it(tmp_path: Path) -> None:
    path = tmp_path / "plans" / "cv.yaml"
    args = ["new", "-t", "computer-vision", "--start", "2027-01-04", "--output", str(path)]
    assert steerco(*args).exit_code == 0
    assert parse_project_yaml(path.read_text(encoding="utf-8")).name == "Computer vision project"
    path.write_text("mine", encoding="utf-8")
    again = steerco(*args)
    assert again.exit_code == 2
    assert path.read_text(encoding="utf-8") == "mine"
    assert steerco(*args, "--force").exit_code == 0
    assert path.read_text(encoding="utf-8") != "mine"


def test_new_rejects_an_unknown_template_or_date() -> None:
    unknown = steerco("new", "-t", "llm")
    assert unknown.exit_code == 2
    assert "llm-app" in unknown.output  # the suggestion
    assert steerco("new", "-t", "mlops", "--start", "March").exit_code == 2


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (dt.date(2027, 1, 4), dt.date(2027, 1, 4)),  # a Monday stays
        (dt.date(2027, 1, 5), dt.date(2027, 1, 11)),  # Tuesday -> next Monday
        (dt.date(2027, 1, 10), dt.date(2027, 1, 11)),  # Sunday -> the day after
    ],
)
def test_default_start_is_the_next_monday(today: dt.date, monday: dt.date) -> None:
    assert next_monday(today) == monday


# --- gates -------------------------------------------------------------------------------------


def test_gates_of_the_example(tmp_path: Path) -> None:
    result = steerco("gates", str(EXAMPLE), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["project"] == "Policy assistant"
    assert (data["met"], data["not_met"], data["unknown"], data["likely"]) == (2, 1, 2, 1)
    gates = {g["task"]: g for g in data["gates"]}
    assert list(gates) == [
        "go-no-go",
        "data-ready",
        "finetune-accepted",
        "model-accepted",
        "production-ready",
        "customer-accepted",
    ]
    go = gates["go-no-go"]
    assert (go["kind"], go["status"], go["decision"], go["date"]) == (
        "manual",
        "met",
        "go",
        "2027-02-12",
    )
    # examples/metrics.csv: recall@5 last 0.83 (index-v2) >= 0.8.
    ready = gates["data-ready"]
    assert ready["status"] == "met"
    assert ready["evidence"] == {
        "value": 0.83,
        "run": "index-v2",
        "when": "2027-03-17T16:00:00",
        "step": 2,
    }
    # answer_accuracy: 0.79, 0.88, 0.84; the last (0.84) counts, not the best (0.88).
    accepted = gates["model-accepted"]
    assert (accepted["status"], accepted["evidence"]["value"], accepted["count"]) == (
        "not_met",
        0.84,
        3,
    )
    assert accepted["source"] == {"file": "metrics.csv"}
    assert gates["production-ready"]["status"] == "unknown"
    assert gates["production-ready"]["evidence"] is None
    assert gates["customer-accepted"]["status"] == "unknown"
    assert gates["customer-accepted"]["planned"] > go["planned"]


def test_gates_table() -> None:
    result = steerco("gates", str(EXAMPLE), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "not met" in result.stdout
    assert "2 met, 1 likely, 1 not met, 2 unknown of 6 gates" in result.stdout


def test_gates_of_a_project_without_gates() -> None:
    result = steerco("gates", str(ROOT / "tests/cases/valid/canonical.yaml"))
    assert result.exit_code == 0
    assert "no milestone carries a gate" in result.stdout


def test_gates_reports_a_broken_metrics_file_located(tmp_path: Path) -> None:
    (tmp_path / "metrics.csv").write_text("metric,value\nf1,high\n", encoding="utf-8")
    project = tmp_path / "p.yaml"
    project.write_text(
        "name: P\nstart: 2027-01-04\ntasks:\n  - id: done\n    milestone: true\n"
        "    gate: {metric: f1, threshold: 0.8, source: metrics.csv}\n",
        encoding="utf-8",
    )
    result = steerco("gates", str(project))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'metrics.csv'}:2:4: bad_value: ")


def test_gates_reports_a_bad_gate_located(tmp_path: Path) -> None:
    project = tmp_path / "p.yaml"
    project.write_text(
        "name: P\nstart: 2027-01-04\ntasks:\n  - {id: a, duration: 2, gate: {approver: x}}\n",
        encoding="utf-8",
    )
    result = steerco("gates", str(project))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{project}:4:32: bad_gate: ")


def test_an_infinite_metric_leaves_the_gate_unknown_with_a_located_warning(
    tmp_path: Path,
) -> None:
    (tmp_path / "metrics.csv").write_text("metric,value\nauc_pr,inf\n", encoding="utf-8")
    project = tmp_path / "p.yaml"
    project.write_text(
        "name: P\nstart: 2027-01-04\ntasks:\n  - id: done\n    milestone: true\n"
        "    gate: {metric: auc_pr, threshold: 0.8, source: metrics.csv}\n",
        encoding="utf-8",
    )
    result = steerco("gates", str(project), "-f", "json")
    assert result.exit_code == 0
    # Located at the value of `metric: auc_pr` (line 6, column 20).
    assert result.stderr.startswith(f"{project}:6:20: warning: non_finite_metric: ")
    assert json.loads(result.stdout)["warnings"] == result.stderr.splitlines()
    (record,) = json.loads(result.stdout)["gates"]
    assert record["status"] == "unknown" and "auc_pr = inf" in record["reason"]
    assert record["evidence"]["value"] is None
    table = steerco("gates", str(project))
    assert table.exit_code == 0 and "unknown" in table.stdout
