"""The forecast use case: load a project file, calibrate on a history, run the forecast."""

from __future__ import annotations

from pathlib import Path

import pytest

from psplib_data import psplib_instance
from steerco.app.forecast import ForecastOptions, ForecastRun, forecast_project
from steerco.errors import ProjectError
from steerco.forecast.run import forecast
from steerco.formats.loader import load_plan_input
from steerco.render.forecast import forecast_json
from steerco.schedule.plan import Schedule
from steerco.schedule.planner import plan_network

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "support-assistant.yaml"
HISTORY = ROOT / "examples" / "history" / "estimates.csv"
PSPLIB = psplib_instance("j3010_1")


def test_forecast_project_is_the_core_forecast_of_the_loaded_file() -> None:
    options = ForecastOptions(iterations=800, seed=3)
    run = forecast_project(path=EXAMPLE, options=options)
    assert isinstance(run, ForecastRun) and run.file == EXAMPLE and run.history is None
    network, project = load_plan_input(EXAMPLE)
    plan = plan_network(network, project=project)
    assert isinstance(plan, Schedule)
    core = forecast(network, project, options, plan=plan)
    assert forecast_json(run.forecast) == forecast_json(core)


def test_history_calibrates_the_durations() -> None:
    options = ForecastOptions(iterations=800)
    plain = forecast_project(path=EXAMPLE, options=options).forecast
    calibrated = forecast_project(path=EXAMPLE, options=options, history=HISTORY)
    assert calibrated.history == HISTORY
    assert calibrated.forecast.makespan != plain.makespan


def test_progress_is_reported_per_block() -> None:
    seen: list[tuple[int, int]] = []
    forecast_project(
        path=EXAMPLE,
        options=ForecastOptions(iterations=20_000),
        on_block=lambda done, total: seen.append((done, total)),
    )
    assert seen and seen[-1] == (20_000, 20_000)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_psplib_file_is_forecast_in_periods() -> None:
    result = forecast_project(path=PSPLIB, options=ForecastOptions(iterations=300)).forecast
    assert result.unit == "period" and result.cost is None


def test_a_bad_history_raises_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("task,estimated_by,category,estimate,actual\nx,mle1,,five,10\n")
    with pytest.raises(ProjectError) as caught:
        forecast_project(path=EXAMPLE, history=bad)
    assert caught.value.diagnostics[0].file == str(bad)
    assert caught.value.diagnostics[0].line == 2


def test_a_missing_project_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ProjectError) as caught:
        forecast_project(path=tmp_path / "missing.yaml")
    assert caught.value.diagnostics[0].code == "file_not_found"
