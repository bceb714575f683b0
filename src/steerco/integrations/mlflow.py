"""Metric values for gates, and training runs' histories, from an MLflow tracking store.

An optional extra (`steerco[mlflow]`): the MLflow client is imported only when a gate or a
run reads from MLflow, so other commands never pay for it. The chosen run is `run` (a run
id, or a run name within `experiment`), else the most recently started run of `experiment`
that matches `filter`; its metric history is returned oldest first by (step, timestamp), so
its last value is the one MLflow shows as the run's metric.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.track.gates import Observation, Observations
from steerco.track.runs import RunFetch, RunHistory, ScalarPoint

if TYPE_CHECKING:
    from steerco.model.gate import MetricSource

__all__ = ["INSTALL_HINT", "fetch_mlflow", "fetch_mlflow_run"]

INSTALL_HINT = "pip install 'steerco[mlflow]'"

# MLflow retries an unreachable server for minutes by default; a gate report should not.
_QUICK_FAILURE = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "2", "MLFLOW_HTTP_REQUEST_TIMEOUT": "20"}


@contextmanager
def _quick_failure() -> Iterator[None]:
    """Fewer retries and a shorter timeout while reading, unless the user has set them."""
    added = [name for name in _QUICK_FAILURE if name not in os.environ]
    os.environ.update({name: _QUICK_FAILURE[name] for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def _client_factory() -> Any:
    """MlflowClient, imported now; a missing package is the user's to install."""
    try:
        from mlflow.tracking import MlflowClient
    except ImportError:
        raise ProjectError.single(
            Code.missing_extra,
            f"this gate reads metrics from MLflow, which is not installed: {INSTALL_HINT}",
        ) from None
    return lambda uri: MlflowClient(tracking_uri=uri)


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _chosen_run(
    client: Any, experiment_name: str | None, run_key: str | None, filter_string: str | None
) -> tuple[Any | None, str]:
    """The run named by id (or by name within the experiment), else the experiment's latest."""
    from mlflow.exceptions import MlflowException

    experiment_ids: list[str] = []
    if experiment_name is not None:
        experiment = client.get_experiment_by_name(experiment_name)
        if experiment is None:
            return None, f"no MLflow experiment named {experiment_name!r}"
        experiment_ids = [experiment.experiment_id]
    conditions = [filter_string] if filter_string else []
    if run_key is not None:
        try:
            run = client.get_run(run_key)
        except MlflowException:
            run = None
        if run is not None and (not experiment_ids or run.info.experiment_id in experiment_ids):
            return run, ""
        if not experiment_ids:
            return None, f"no MLflow run with id {run_key!r}"
        conditions.append(f"attributes.run_name = {_quoted(run_key)}")
    runs = client.search_runs(
        experiment_ids,
        filter_string=" and ".join(conditions),
        order_by=["attributes.start_time DESC"],
        max_results=1,
    )
    if not runs:
        what = f"run {run_key!r}" if run_key is not None else "run"
        matching = f" matching {filter_string!r}" if filter_string else ""
        return None, f"no {what} of MLflow experiment {experiment_name!r}{matching}"
    return runs[0], ""


def fetch_mlflow(source: MetricSource, metric: str) -> Observations:
    """The logged values of `metric` in the chosen run of an MLflow store, oldest first.

    A store, experiment or run that cannot be found gives no values and says why (the gate
    is unknown); only a missing `mlflow` package raises.
    """
    assert source.mlflow is not None
    client_for = _client_factory()
    from mlflow.exceptions import MlflowException

    try:
        with _quick_failure():
            client = client_for(source.mlflow)
            run, why = _chosen_run(client, source.experiment, source.run, source.filter)
            if run is None:
                return Observations(missing=why)
            history = client.get_metric_history(run.info.run_id, metric)
    except (MlflowException, OSError) as error:
        message = getattr(error, "message", None) or str(error)
        return Observations(missing=f"MLflow at {source.mlflow}: {message.splitlines()[0]}")
    run_id = str(run.info.run_id)
    if not history:
        return Observations(missing=f"run {run_id} has logged no {metric!r}")
    ordered = sorted(history, key=lambda m: (m.step, m.timestamp))
    return Observations(
        tuple(
            Observation(
                float(m.value),
                run_id,
                dt.datetime.fromtimestamp(m.timestamp / 1000, tz=dt.UTC),
                int(m.step),
            )
            for m in ordered
        )
    )


def fetch_mlflow_run(uri: str, *, experiment: str | None, run: str | None) -> RunFetch:
    """Every metric's full history (steps, values, times) of one run in an MLflow store.

    The run is `run` (an id, or a name within `experiment`), else the most recently
    started run of `experiment`. A missing `mlflow` package, or a store, experiment or
    run that cannot be found, gives `missing` and says why.
    """
    try:
        import mlflow.tracking  # noqa: F401
    except ImportError:
        missing = f"reading an MLflow run needs the mlflow client: {INSTALL_HINT}"
        return RunFetch(None, missing=missing)
    client_for = _client_factory()
    from mlflow.exceptions import MlflowException

    try:
        with _quick_failure():
            client = client_for(uri)
            chosen, why = _chosen_run(client, experiment, run, None)
            if chosen is None:
                return RunFetch(None, missing=why)
            run_id = str(chosen.info.run_id)
            scalars = {
                key: tuple(
                    ScalarPoint(int(m.step), float(m.value), m.timestamp / 1000)
                    for m in sorted(
                        client.get_metric_history(run_id, key),
                        key=lambda m: (m.step, m.timestamp),
                    )
                )
                for key in sorted(chosen.data.metrics)
            }
    except (MlflowException, OSError) as error:
        message = getattr(error, "message", None) or str(error)
        return RunFetch(None, missing=f"MLflow at {uri}: {message.splitlines()[0]}")
    if not scalars:
        return RunFetch(None, missing=f"MLflow run {run_id} has logged no metric yet")
    return RunFetch(RunHistory(scalars, f"MLflow run {run_id}", run=run_id))
