"""A run's full metric histories from a real local MLflow file store (mlflow-skinny, no mocks)."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest
from mlflow.tracking import MlflowClient

from steerco.integrations.mlflow import fetch_mlflow_run
from steerco.track.runs import ScalarPoint

# (step, value, timestamp in ms)
LOSS = [(0, 2.0, 1_700_000_000_000), (100, 1.0, 1_700_000_060_000), (200, 0.5, 1_700_000_120_500)]
AUC = [(100, 0.7, 1_700_000_061_000), (200, 0.8, 1_700_000_121_000)]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Experiment `finetune` with an older run `warmup` and the latest run `main`."""
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    uri = (tmp_path / "mlruns").as_uri()
    client = MlflowClient(tracking_uri=uri)
    experiment = client.create_experiment("finetune")
    runs = {}
    for name, start, curves in (
        ("warmup", 1_000, {"loss": [(0, 3.0, 1_000)]}),
        ("main", 2_000, {"train/loss": LOSS, "val/auc": AUC}),
    ):
        run = client.create_run(experiment, start_time=start, run_name=name)
        for key, points in curves.items():
            # Logged out of order: the history comes back by step.
            for step, value, timestamp in reversed(points):
                client.log_metric(run.info.run_id, key, value, timestamp=timestamp, step=step)
        runs[name] = run.info.run_id
    client.create_experiment("empty")
    client.create_run(client.create_experiment("fresh"), start_time=3_000, run_name="starting")
    return {"uri": uri, "runs": runs}


def _points(points: list[tuple[int, float, int]]) -> tuple[ScalarPoint, ...]:
    return tuple(ScalarPoint(step, value, ms / 1000) for step, value, ms in points)


def test_the_latest_run_of_the_experiment_with_every_history(store: dict[str, Any]) -> None:
    fetched = fetch_mlflow_run(store["uri"], experiment="finetune", run=None)
    assert fetched.missing is None and fetched.history is not None
    history = fetched.history
    assert history.run == store["runs"]["main"]
    assert history.tags() == ("train/loss", "val/auc")
    assert history.series("train/loss") == _points(LOSS)
    assert history.series("val/auc") == _points(AUC)
    assert history.wall_times() == (1_700_000_000.0, 1_700_000_121.0)
    assert history.last_step("val/auc") == 200


def test_a_run_by_id_or_by_name(store: dict[str, Any]) -> None:
    warmup = store["runs"]["warmup"]
    by_id = fetch_mlflow_run(store["uri"], experiment=None, run=warmup)
    by_name = fetch_mlflow_run(store["uri"], experiment="finetune", run="warmup")
    for fetched in (by_id, by_name):
        assert fetched.history is not None and fetched.history.run == warmup
        assert fetched.history.scalars == {"loss": (ScalarPoint(0, 3.0, 1.0),)}


@pytest.mark.parametrize(
    ("experiment", "run", "said"),
    [
        ("nope", None, "no MLflow experiment named 'nope'"),
        ("empty", None, "no run of MLflow experiment 'empty'"),
        (None, "0123abc", "no MLflow run with id '0123abc'"),
        ("finetune", "other", "no run 'other' of MLflow experiment 'finetune'"),
        ("fresh", "starting", "MLflow run {id} has logged no metric yet"),
    ],
)
def test_what_cannot_be_found_is_missing_and_says_why(
    store: dict[str, Any], experiment: str | None, run: str | None, said: str
) -> None:
    fetched = fetch_mlflow_run(store["uri"], experiment=experiment, run=run)
    assert fetched.history is None and fetched.warnings == ()
    if "{id}" in said:
        client = MlflowClient(tracking_uri=store["uri"])
        [starting] = client.search_runs([client.get_experiment_by_name("fresh").experiment_id])
        said = said.format(id=starting.info.run_id)
    assert fetched.missing == said


def test_a_missing_mlflow_package_is_missing_with_the_install_hint(
    store: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def without_mlflow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("mlflow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_mlflow)
    fetched = fetch_mlflow_run(store["uri"], experiment="finetune", run=None)
    assert fetched.history is None
    assert fetched.missing is not None and "pip install 'steerco[mlflow]'" in fetched.missing
