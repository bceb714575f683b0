"""Gates in the project file: both kinds load; mistakes get located `bad_gate` errors."""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.errors import ProjectError
from steerco.formats.project_yaml import parse_project_yaml
from steerco.model.gate import ManualGate, MetricGate

PROJECT = """name: Gated
start: 2027-01-04
tasks:
  - {id: train, duration: 5}
  - id: accepted
    milestone: true
    after: [train]
    gate: GATE
"""


def _load(gate: str, milestone: str = "true") -> object:
    text = PROJECT.replace("GATE", gate).replace("milestone: true", f"milestone: {milestone}")
    return parse_project_yaml(text, "p.yaml").task("accepted").gate


def _errors(gate: str, milestone: str = "true") -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(ProjectError) as raised:
        _load(gate, milestone)
    return [(d.code, d.line, d.column) for d in raised.value.diagnostics]


def test_metric_gate_with_defaults_and_file_shorthand() -> None:
    gate = _load("{metric: f1, threshold: 0.85, source: metrics.csv}")
    assert isinstance(gate, MetricGate)
    assert (gate.op, gate.aggregate, gate.source.file) == (">=", "last", "metrics.csv")


def test_mlflow_source() -> None:
    gate = _load(
        "{metric: auc, op: '>', threshold: 0.9, aggregate: max, "
        "source: {mlflow: 'http://127.0.0.1:5000', experiment: churn, "
        "filter: \"tags.split = 'test'\"}}"
    )
    assert isinstance(gate, MetricGate)
    assert gate.source.mlflow == "http://127.0.0.1:5000"
    assert gate.source.filter == "tags.split = 'test'"


def test_manual_gate_reads_yaml_no_as_no_go() -> None:
    gate = _load("{approver: sponsor, decision: no, date: 2027-02-01, note: Data too thin}")
    assert gate == ManualGate(
        approver="sponsor", decision="no-go", date=dt.date(2027, 2, 1), note="Data too thin"
    )
    pending = _load("{approver: sponsor}")
    assert isinstance(pending, ManualGate) and pending.decision is None


def test_only_a_milestone_carries_a_gate() -> None:
    assert _errors("{approver: sponsor}", milestone="false") == [("bad_gate", 8, 11)]


@pytest.mark.parametrize(
    ("gate", "expected"),
    [
        (
            "{metric: f1, threshold: 0.8, source: {file: m.csv, mlflow: 'http://h'}}",
            [("bad_gate", 8, 48)],
        ),
        ("{metric: f1, threshold: 0.8, source: {mlflow: 'http://h'}}", [("bad_gate", 8, 48)]),
        (
            "{metric: f1, threshold: 0.8, source: {file: m.csv, experiment: x}}",
            [("bad_gate", 8, 48)],
        ),
        ("{metric: f1, op: '=>', threshold: 0.8, source: m.csv}", [("bad_value", 8, 28)]),
        ("{metric: f1, aggregate: mean, threshold: 0.8, source: m.csv}", [("bad_value", 8, 35)]),
        ("{metric: f1, source: m.csv}", [("missing_field", 8, 11)]),
        ("{approver: sponsor, decision: maybe}", [("bad_value", 8, 41)]),
        ("{approver: sponsor, date: 2027-02-01}", [("bad_gate", 8, 11)]),
        ("{threshold: 0.8}", [("bad_gate", 8, 11)]),
        ("yes", [("bad_gate", 8, 11)]),
    ],
)
# The gate's `{` is at column 11 (after "    gate: "); a key's value is at 11 + its offset.
def test_bad_gates_are_located(gate: str, expected: list[tuple[str, int, int]]) -> None:
    assert _errors(gate) == expected
