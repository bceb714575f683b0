"""Metric files (CSV and JSON) as gate sources: values in order, run filter, located errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from steerco.errors import ProjectError
from steerco.formats.metrics_file import load_metrics, parse_metrics
from steerco.model.gate import MetricGate
from steerco.track.gates import Observation, evaluate_metric_gate

CSV = """metric,value,run,step,timestamp
f1,0.81,run-a,1,2027-04-01T10:00:00
f1,0.88,run-a,2,2027-04-02T10:00:00
auc,0.93,run-a,2,2027-04-02
f1,0.84,run-b,1,2027-04-05T09:30:00
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows_become_observations_in_file_order(tmp_path: Path) -> None:
    found = load_metrics(_write(tmp_path, "m.csv", CSV), "f1")
    assert found.missing is None
    assert found.values == (
        Observation(0.81, "run-a", dt.datetime(2027, 4, 1, 10), 1),
        Observation(0.88, "run-a", dt.datetime(2027, 4, 2, 10), 2),
        Observation(0.84, "run-b", dt.datetime(2027, 4, 5, 9, 30), 1),
    )
    assert load_metrics(tmp_path / "m.csv", "auc").values == (
        Observation(0.93, "run-a", dt.date(2027, 4, 2), 2),
    )


def test_run_filter_keeps_one_runs_values(tmp_path: Path) -> None:
    found = load_metrics(_write(tmp_path, "m.csv", CSV), "f1", run="run-a")
    assert [o.value for o in found.values] == [0.81, 0.88]
    missing = load_metrics(tmp_path / "m.csv", "f1", run="run-z")
    assert missing.values == ()
    assert missing.missing is not None and "run-z" in missing.missing


def test_csv_gate_last_max_min(tmp_path: Path) -> None:
    found = load_metrics(_write(tmp_path, "m.csv", CSV), "f1")

    def status(aggregate: str) -> str:
        gate = MetricGate.model_validate(
            {"metric": "f1", "threshold": 0.85, "aggregate": aggregate, "source": "m.csv"}
        )
        return evaluate_metric_gate(gate, found).status

    # last 0.84 < 0.85; the best (0.88) passes; the worst (0.81) does not.
    assert (status("last"), status("max"), status("min")) == ("not_met", "met", "not_met")


def test_json_records_and_wrapped_records(tmp_path: Path) -> None:
    records = '[{"metric": "f1", "value": 0.7, "run": "r1"}, {"metric": "f1", "value": 0.9}]'
    assert [o.value for o in load_metrics(_write(tmp_path, "a.json", records), "f1").values] == [
        0.7,
        0.9,
    ]
    wrapped = '{"metrics": ' + records + "}"
    found = load_metrics(_write(tmp_path, "b.json", wrapped), "f1")
    assert found.values[0] == Observation(0.7, "r1")


def test_json_mapping_of_metrics_with_nested_names(tmp_path: Path) -> None:
    text = '{"test": {"f1": 0.91, "precision": [0.8, 0.85]}, "latency_ms": 120}'
    path = _write(tmp_path, "dvc.json", text)
    assert load_metrics(path, "test.f1").values == (Observation(0.91),)
    assert [o.value for o in load_metrics(path, "test.precision").values] == [0.8, 0.85]
    assert load_metrics(path, "latency_ms").values == (Observation(120.0),)
    nested = _write(tmp_path, "nested.json", '{"metrics": {"f1": 0.9}}')
    assert load_metrics(nested, "metrics.f1").values == (Observation(0.9),)


def test_a_file_not_written_yet_leaves_the_gate_unknown(tmp_path: Path) -> None:
    found = load_metrics(tmp_path / "later.csv", "f1")
    assert found.values == ()
    assert found.missing is not None and "later.csv" in found.missing


def test_an_unknown_metric_gives_no_values(tmp_path: Path) -> None:
    found = load_metrics(_write(tmp_path, "m.csv", CSV), "recall")
    assert found.values == () and found.missing is not None and "recall" in found.missing


def _error(text: str, kind: str) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(ProjectError) as raised:
        parse_metrics(text, kind=kind, file="m")
    return [(d.code, d.line, d.column) for d in raised.value.diagnostics]


def test_csv_errors_are_located_at_the_cell() -> None:
    text = "metric,value,step,timestamp\nf1,high,1,2027-04-01\nf1,0.9,two,2027-13-01\n"
    assert _error(text, "csv") == [
        ("bad_value", 2, 4),
        ("bad_value", 3, 8),
        ("bad_date", 3, 12),
    ]


def test_csv_header_problems() -> None:
    assert _error("metric,valeu\nf1,0.9\n", "csv") == [
        ("missing_field", 1, 1),
        ("unknown_key", 1, 8),
    ]


def test_json_errors_are_located() -> None:
    text = '[\n  {"metric": "f1", "value": "x"},\n  {"value": 0.5}\n]\n'
    assert _error(text, "json") == [("bad_value", 2, 29), ("missing_field", 3, 3)]
    assert _error('{"f1": [0.9, "bad"]}', "json") == [("bad_value", 1, 14)]


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError) as raised:
        load_metrics(_write(tmp_path, "m.txt", CSV), "f1")
    assert raised.value.code == "unknown_file_type"
