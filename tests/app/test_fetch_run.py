"""fetch_run: a task's `run:` link read from its log, whichever the source, path from the base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mlflow.tracking import MlflowClient

from run_logs import write_tensorboard
from steerco.app.runs import fetch_run
from steerco.model.run import RunLink
from steerco.track.runs import ScalarPoint


def _link(**keys: Any) -> RunLink:
    return RunLink.model_validate({"steps": 1000, **keys})


def test_tensorboard_path_relative_to_the_base(tmp_path: Path) -> None:
    write_tensorboard(tmp_path / "runs" / "exp7", {"val/auc": [(500, 0.75, 10.0)]})
    fetched = fetch_run(_link(source="tensorboard", path="runs/exp7", tag="val/auc"), base=tmp_path)
    assert fetched.warnings == () and fetched.history is not None
    assert fetched.history.series("val/auc") == (ScalarPoint(500, 0.75, 10.0),)


def test_csv_and_metrics_sources(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "training.log").write_text("epoch,loss\n0,0.5\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("metric,value,run\nf1,0.5,a\nf1,0.75,b\n", encoding="utf-8")
    csv = fetch_run(
        _link(source="csv", path="logs/training.log", epochs=3, steps=None), base=tmp_path
    )
    assert csv.history is not None and csv.history.epochs == ((0, 1.0),)
    metrics = fetch_run(_link(source="metrics", path="m.csv", run="b"), base=tmp_path)
    assert metrics.history is not None
    assert metrics.history.scalars == {"f1": (ScalarPoint(0, 0.75),)}


def test_mlflow_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    uri = (tmp_path / "mlruns").as_uri()
    client = MlflowClient(tracking_uri=uri)
    run = client.create_run(client.create_experiment("ft"), run_name="r")
    client.log_metric(run.info.run_id, "auc", 0.5, timestamp=2_000, step=7)
    fetched = fetch_run(_link(source="mlflow", uri=uri, experiment="ft"), base=tmp_path)
    assert fetched.history is not None and fetched.history.run == run.info.run_id
    assert fetched.history.scalars == {"auc": (ScalarPoint(7, 0.5, 2.0),)}
    named = fetch_run(_link(source="mlflow", uri=uri, experiment="ft", tag="f1"), base=tmp_path)
    assert [w.code for w in named.warnings] == ["run_log_unreadable"]
    assert run.info.run_id in named.warnings[0].message


def test_a_tag_the_log_lacks_is_a_warning_naming_the_tags_it_has(tmp_path: Path) -> None:
    write_tensorboard(tmp_path / "runs", {"val/acc": [(1, 0.5, 1.0)], "loss": [(1, 0.5, 1.0)]})
    fetched = fetch_run(_link(source="tensorboard", path="runs", tag="val/auc"), base=tmp_path)
    assert [(w.code, w.file, w.severity) for w in fetched.warnings] == [
        ("run_log_unreadable", str(tmp_path / "runs"), "warning")
    ]
    assert "'val/auc'" in fetched.warnings[0].message
    assert "loss, val/acc" in fetched.warnings[0].message
    assert fetched.history is not None  # what was read stays


def test_a_log_not_written_yet_is_missing(tmp_path: Path) -> None:
    for source, path in (("tensorboard", "runs/x"), ("csv", "log.csv"), ("metrics", "m.json")):
        fetched = fetch_run(_link(source=source, path=path, tag="auc"), base=tmp_path)
        assert fetched.history is None and fetched.warnings == ()
        assert fetched.missing is not None and str(tmp_path / path) in fetched.missing
