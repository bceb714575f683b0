"""The total's level factor in the forecast: one factor per iteration, on calibrated tasks only."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from jsonschema import Draft202012Validator

from steerco.app.forecast import ForecastOptions, forecast_project
from steerco.errors import ProjectError
from steerco.forecast.calibrated import prefix_fits
from steerco.forecast.calibration import HistoryRecord
from steerco.forecast.distributions import estimate_distributions
from steerco.forecast.engine import ForecastInput, RiskEvents, simulate
from steerco.forecast.total_level import TotalLevel, total_level
from steerco.render.forecast import forecast_object
from steerco.schedule.network import network_from_arrays

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "forecast.schema.json").read_text("utf-8"))


def _chain_input(kinds: list[str], level: tuple[list[int], TotalLevel] | None) -> ForecastInput:
    """Three tasks in a row, each about 10 units: uniform 9.99..10.01, or fixed at 10."""
    n = len(kinds)
    net = network_from_arrays(
        [f"t{i}" for i in range(n)],
        np.full(n, 10.0),
        np.arange(n - 1, dtype=np.int64),
        np.arange(1, n, dtype=np.int64),
    )
    low = np.array([10.0 if k == "fixed" else 9.99 for k in kinds])
    high = np.array([10.0 if k == "fixed" else 10.01 for k in kinds])
    empty = np.zeros(0)
    risks = RiskEvents([], empty, estimate_distributions([], empty, empty, empty), empty, [])
    durations = estimate_distributions(kinds, low, np.full(n, 10.0), high)
    return ForecastInput(net, durations, risks, level=level)


def _level(sd: float, applied: bool = True) -> TotalLevel:
    return TotalLevel(windows=4, size=3, total=sd**2, noise=0.0, sd=sd, applied=applied)


def test_one_factor_per_iteration_moves_the_calibrated_tasks_together() -> None:
    # Tasks of 10 +- 0.01 units: the chain's 30 units times exp(0.3 z), one z per
    # iteration, so log(makespan / 30) has SD 0.3 and median 0 (standard error of the SD
    # at 8,000 iterations: 0.3 / sqrt(16,000) = 0.0024).
    inputs = _chain_input(["uniform"] * 3, ([0, 1, 2], _level(0.3)))
    sim = simulate(inputs, iterations=8000, seed=1)
    logs = np.log(sim.makespan / 30.0)
    assert float(np.std(logs)) == pytest.approx(0.3, abs=0.01)
    assert float(np.median(logs)) == pytest.approx(0.0, abs=0.01)
    d = sim.sample_durations.astype(np.float64)
    np.testing.assert_allclose(d[0] / d[1], 1.0, atol=3e-3)  # the same factor, each task


def test_a_task_that_no_longer_varies_is_not_moved() -> None:
    # A finished task is fixed at its actual duration: the level moves only what is left.
    inputs = _chain_input(["fixed", "uniform", "uniform"], ([0, 1, 2], _level(0.5)))
    sim = simulate(inputs, iterations=2000, seed=2)
    assert np.all(sim.sample_durations[0] == 10.0)
    assert float(np.std(np.log(sim.sample_durations[1]))) == pytest.approx(0.5, abs=0.03)


def test_no_factor_draws_what_the_forecast_drew_before() -> None:
    # Not applied, SD 0, or no level at all: the same streams, the same numbers.
    plain = simulate(_chain_input(["uniform"] * 3, None), iterations=3000, seed=3)
    for level in (_level(0.0), _level(0.4, applied=False)):
        sim = simulate(_chain_input(["uniform"] * 3, ([0, 1, 2], level)), iterations=3000, seed=3)
        np.testing.assert_array_equal(sim.makespan, plain.makespan)


CHAIN = """\
name: Chain
start: 2027-01-04
resources:
  - {id: dev, name: ML engineer 1, kind: person}
tasks:
"""


def _project(tmp_path: Path, tasks: int) -> Path:
    lines = [CHAIN]
    for j in range(tasks):
        after = f", after: [t{j - 1}]" if j else ""
        lines.append(
            f"  - {{id: t{j}, name: Task {j}, estimate: '2d..2d..3d', estimated_by: dev, "
            f"category: build{after}}}\n"
        )
    path = tmp_path / "plan.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _jumpy_history(tmp_path: Path) -> Path:
    """120 records of 2 days whose level jumps every 10 records (log SD 0.5 between runs)."""
    rng = np.random.default_rng(11)
    levels = np.repeat(np.exp(rng.normal(0.0, 0.5, 12)), 10)
    rows = ["task,estimated_by,category,estimate,actual"]
    for i, level in enumerate(levels):
        actual = 2.0 * level * math.exp(rng.normal(0.0, 0.05))
        rows.append(f"r{i},dev,build,2,{actual:.4f}")
    path = tmp_path / "history.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_past_widens_the_band_of_a_history_whose_level_moved(tmp_path: Path) -> None:
    plan, history = _project(tmp_path, 10), _jumpy_history(tmp_path)
    options = ForecastOptions(iterations=4000, resources=False)
    past = forecast_project(path=plan, options=options, history=history).forecast
    fixed = forecast_project(path=plan, options=options, history=history, level="fixed").forecast
    assert fixed.level is None
    level = past.level
    assert level is not None and level.applied
    # 120 records, 10 tasks: windows of min(10, (120 - 5) // 3) = 10 records, 8 of them.
    assert (level.windows, level.size) == (8, 10)
    assert level.total > level.noise  # the windows missed by more than their draws show
    width = {
        name: f.makespan["p90"] / f.makespan["p10"]  # type: ignore[operator]
        for name, f in (("past", past), ("fixed", fixed))
    }
    assert width["past"] > 1.2 * width["fixed"]
    assert past.makespan["p50"] == pytest.approx(fixed.makespan["p50"], rel=0.05)
    found = forecast_object(past)
    Draft202012Validator(SCHEMA).validate(found)
    assert found["level"]["sd"] == pytest.approx(level.sd)
    assert forecast_object(fixed)["level"] is None


def test_a_short_history_keeps_the_draws_and_says_so(tmp_path: Path) -> None:
    # 8 records, 10 tasks: k = min(10, (8 - 5) // 3) = 1, windows start at 7, 6, 5: three
    # windows; 7 records: k = 0, none, so the level is not applied.
    plan = _project(tmp_path, 10)
    history = tmp_path / "short.csv"
    history.write_text(
        "task,estimated_by,category,estimate,actual\n"
        + "".join(f"r{i},dev,build,2,{2 + i % 3}\n" for i in range(7)),
        encoding="utf-8",
    )
    options = ForecastOptions(iterations=500, resources=False)
    past = forecast_project(path=plan, options=options, history=history).forecast
    fixed = forecast_project(path=plan, options=options, history=history, level="fixed").forecast
    assert past.level is not None and not past.level.applied
    assert past.makespan == fixed.makespan


def test_a_bad_level_names_the_option(tmp_path: Path) -> None:
    with pytest.raises(ProjectError) as error:
        forecast_project(
            path=_project(tmp_path, 2),
            options=ForecastOptions(iterations=100),
            history=_jumpy_history(tmp_path),
            level="sideways",
        )
    assert error.value.diagnostics[0].path == ("level",)


def test_the_replayed_window_is_the_size_of_the_forecast() -> None:
    # k = min(N, (t - 5) // 3): N tasks while the history is long enough, then capped.
    records = [HistoryRecord(f"r{i}", "dev", "build", 2.0, 2.0 + i % 3) for i in range(200)]
    for tasks, size in ((3, 3), (50, 50), (100, 65)):  # (200 - 5) // 3 = 65
        found = total_level(prefix_fits(records), tasks, rng=np.random.default_rng(0))
        assert found.size == size


def test_finished_tasks_are_not_forecast_again(tmp_path: Path) -> None:
    # Four of ten tasks finished by the status date: the level replays windows of six.
    plan = _project(tmp_path, 10)
    finish = ["2027-01-05", "2027-01-07", "2027-01-11", "2027-01-13"]
    done = "".join(
        f"    t{j}: {{actual_start: 2027-01-04, actual_finish: {day}}}\n"
        for j, day in enumerate(finish)
    )
    plan.write_text(
        plan.read_text("utf-8") + "progress:\n  status_date: 2027-01-13\n  tasks:\n" + done,
        encoding="utf-8",
    )
    options = ForecastOptions(iterations=500, resources=False)
    found = forecast_project(path=plan, options=options, history=_jumpy_history(tmp_path))
    assert found.forecast.level is not None and found.forecast.level.size == 6
