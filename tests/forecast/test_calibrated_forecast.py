"""A project forecast calibrated on history: the models, the pools, the shared factor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from steerco.app.forecast import ForecastOptions, forecast_project
from steerco.forecast.calibrated import calibrate_tasks, fit_model
from steerco.forecast.calibration import HistoryRecord, calibrate
from steerco.forecast.run import calibrated_leaves, forecast, forecast_inputs
from steerco.formats.loader import load_plan_input

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "support-assistant.yaml"
HISTORY = ROOT / "examples" / "history" / "estimates.csv"

CHAIN = """\
name: Chain
start: 2027-01-04
resources:
  - {id: ann, name: Ann, kind: person}
tasks:
"""


def _chain(tmp_path: Path, sizes: list[int]) -> Path:
    lines = [CHAIN]
    for j, size in enumerate(sizes):
        after = f", after: [t{j - 1}]" if j else ""
        lines.append(
            f"  - {{id: t{j}, name: Task {j}, estimate: '{size}d..{size}d..{size + 1}d', "
            f"estimated_by: ann, category: build{after}}}\n"
        )
    path = tmp_path / "chain.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _history(ratio_small: float, ratio_large: float, n: int = 60) -> list[HistoryRecord]:
    rng = np.random.default_rng(0)
    records = []
    for i in range(n):
        estimate = 1.0 if i % 2 else 20.0
        ratio = (ratio_small if i % 2 else ratio_large) * float(np.exp(rng.normal(0, 0.2)))
        records.append(HistoryRecord(f"r{i}", "ann", "build", estimate, estimate * ratio))
    return records


def test_the_ratio_model_is_todays_forecast() -> None:
    # the critical path's view on both sides: the core's default plan is the critical path
    options = ForecastOptions(iterations=500, resources=False)
    run = forecast_project(
        path=EXAMPLE, options=options, history=HISTORY, model="ratio", level="fixed"
    )
    network, project = load_plan_input(EXAMPLE)
    from steerco.formats.history import load_history

    today = ForecastOptions(iterations=500, calibration=calibrate(load_history(HISTORY)))
    assert run.forecast.makespan == forecast(network, project, today).makespan


def test_a_large_task_takes_the_ratio_of_large_tasks(tmp_path: Path) -> None:
    # History: 1-day tasks took twice as long, 20-day tasks half as long. A 20-day task is
    # forecast at about 10 days by size; the ratio model applies the small tasks' 2x to it
    # in about half of the iterations.
    network, project = load_plan_input(_chain(tmp_path, [20]))
    sources = {"loglinear": "estimator ann in category build", "ratio": "estimator ann"}
    found = {}
    for model, source in sources.items():
        options = ForecastOptions(iterations=2000, calibration=fit_model(_history(2, 0.5), model))
        found[model] = forecast(network, project, options).makespan
        rows, tasks = calibrated_leaves(project, options.calibration)  # type: ignore[arg-type]
        assert (rows, tasks.sources, tasks.records.tolist()) == ([0], (source,), [60])
    assert found["loglinear"]["p50"] == pytest.approx(10.0, rel=0.1)
    assert found["loglinear"]["p90"] < 15
    assert found["ratio"]["p90"] > 35


def test_calibrated_tasks_share_a_factor_in_the_engine(tmp_path: Path) -> None:
    network, project = load_plan_input(_chain(tmp_path, [3] * 40))
    records = _history(1.2, 1.2)
    model = fit_model(records, "loglinear")
    inputs = forecast_inputs(network, project, ForecastOptions(calibration=model))
    assert inputs.shared is not None
    rows, rho = inputs.shared
    expected = calibrate_tasks(model, ["ann"] * 40, ["build"] * 40, [3.0] * 40).correlation
    assert rows == list(range(40)) and rho == pytest.approx(expected) and rho > 0.1
    shared = forecast(network, project, ForecastOptions(iterations=4000, calibration=model))
    alone = forecast(
        network, project, ForecastOptions(iterations=4000, calibration=fit_model(records, "ratio"))
    )
    assert _width(shared.makespan) > 2 * _width(alone.makespan)


def _width(makespan: dict[str, float | None]) -> float:
    high, low = makespan["p90"], makespan["p10"]
    assert high is not None and low is not None
    return high - low
