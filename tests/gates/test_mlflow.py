"""Gates read from a real local MLflow tracking store created in the test (no mocks).

The store is MLflow's file store (mlflow-skinny), which recent MLflow opens only with
MLFLOW_ALLOW_FILE_STORE=true. The reference for "the last value" is MLflow's own: the
metric value MLflow reports for the run (the value at the largest step).
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pytest
from mlflow.tracking import MlflowClient
from typer.testing import CliRunner

from steerco.cli.main import app
from steerco.errors import ProjectError
from steerco.integrations.mlflow import fetch_mlflow
from steerco.model.gate import MetricGate, MetricSource
from steerco.track.gates import evaluate_metric_gate


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Experiment `defects` with three runs: two on the test split, one on validation."""
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    uri = (tmp_path / "mlruns").as_uri()
    client = MlflowClient(tracking_uri=uri)
    experiment = client.create_experiment("defects")
    runs = {}
    for name, split, values, start in (
        ("baseline", "test", [0.70, 0.74], 1_000),
        ("tuned-val", "validation", [0.95], 2_000),
        ("tuned", "test", [0.80, 0.91, 0.86], 3_000),
    ):
        run = client.create_run(experiment, start_time=start, tags={"split": split}, run_name=name)
        for step, value in enumerate(values):
            client.log_metric(run.info.run_id, "f1", value, timestamp=start + step, step=step)
        client.set_terminated(run.info.run_id)
        runs[name] = run.info.run_id
    return {"uri": uri, "client": client, "runs": runs}


def _source(store: dict[str, Any], **keys: str) -> MetricSource:
    return MetricSource.model_validate({"mlflow": store["uri"], "experiment": "defects", **keys})


def test_latest_matching_run_and_its_last_value(store: dict[str, Any]) -> None:
    found = fetch_mlflow(_source(store, filter="tags.split = 'test'"), "f1")
    tuned = store["runs"]["tuned"]
    assert [o.value for o in found.values] == [0.80, 0.91, 0.86]
    assert {o.run for o in found.values} == {tuned}
    assert [o.step for o in found.values] == [0, 1, 2]
    reference = store["client"].get_run(tuned).data.metrics["f1"]
    assert found.values[-1].value == reference == 0.86


def test_without_filter_the_most_recent_run_is_chosen(store: dict[str, Any]) -> None:
    found = fetch_mlflow(_source(store), "f1")
    assert found.values[-1].run == store["runs"]["tuned"]


def test_run_by_id_and_by_name(store: dict[str, Any]) -> None:
    baseline = store["runs"]["baseline"]
    by_id = fetch_mlflow(MetricSource(mlflow=store["uri"], run=baseline), "f1")
    by_name = fetch_mlflow(_source(store, run="tuned-val"), "f1")
    assert [o.value for o in by_id.values] == [0.70, 0.74]
    assert [o.value for o in by_name.values] == [0.95]
    assert by_name.values[0].run == store["runs"]["tuned-val"]


@pytest.mark.parametrize(
    ("aggregate", "value", "status"),
    [("last", 0.86, "met"), ("max", 0.91, "met"), ("min", 0.80, "not_met")],
)
def test_gate_against_the_store(
    store: dict[str, Any], aggregate: str, value: float, status: str
) -> None:
    source = _source(store, filter="tags.split = 'test'")
    gate = MetricGate(metric="f1", threshold=0.85, aggregate=aggregate, source=source)  # type: ignore[arg-type]
    result = evaluate_metric_gate(gate, fetch_mlflow(source, "f1"))
    assert result.status == status
    assert result.evidence is not None and result.evidence.value == value
    assert result.evidence.run == store["runs"]["tuned"]
    assert result.evidence.when is not None


def test_unknown_experiment_run_or_metric_is_reported_not_raised(store: dict[str, Any]) -> None:
    for source, metric, words in (
        (MetricSource(mlflow=store["uri"], experiment="nope"), "f1", "nope"),
        (_source(store, filter="tags.split = 'train'"), "f1", "train"),
        (MetricSource(mlflow=store["uri"], run="0" * 32), "f1", "0" * 32),
        (_source(store), "recall", "recall"),
    ):
        found = fetch_mlflow(source, metric)
        assert found.values == ()
        assert found.missing is not None and words in found.missing


def test_a_missing_mlflow_package_says_how_to_install_it(
    store: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def without_mlflow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("mlflow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_mlflow)
    with pytest.raises(ProjectError) as raised:
        fetch_mlflow(_source(store), "f1")
    assert raised.value.code == "missing_extra"
    assert "steerco[mlflow]" in str(raised.value)


def test_gates_command_reads_the_store(store: dict[str, Any], tmp_path: Path) -> None:
    project = tmp_path / "p.yaml"
    project.write_text(
        f"""name: Defects
start: 2027-01-04
tasks:
  - {{id: train, duration: 5}}
  - id: accepted
    milestone: true
    after: [train]
    gate:
      metric: f1
      op: ">="
      threshold: 0.9
      source: {{mlflow: "{store["uri"]}", experiment: defects, filter: "tags.split = 'test'"}}
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["gates", str(project), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)["gates"][0]
    assert record["status"] == "not_met"  # last value 0.86 < 0.9
    assert record["evidence"]["value"] == 0.86
    assert record["evidence"]["run"] == store["runs"]["tuned"]
    assert record["evidence"]["step"] == 2
    assert record["source"]["experiment"] == "defects"


def test_a_refused_file_store_leaves_the_gate_unknown_with_mlflows_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLFLOW_ALLOW_FILE_STORE", raising=False)
    source = MetricSource(mlflow=(tmp_path / "mlruns").as_uri(), experiment="defects")
    found = fetch_mlflow(source, "f1")
    assert found.values == ()
    assert found.missing is not None and "MLFLOW_ALLOW_FILE_STORE" in found.missing


def test_an_unreachable_server_leaves_the_gate_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")  # the user's setting wins
    found = fetch_mlflow(MetricSource(mlflow="http://127.0.0.1:9", experiment="x"), "f1")
    assert found.values == ()
    assert found.missing is not None and "127.0.0.1:9" in found.missing
