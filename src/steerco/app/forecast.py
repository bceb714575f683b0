"""Use case: forecast a project file — Monte Carlo dates, milestones and cost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from steerco.forecast.calibrated import DEFAULT_MODEL, ModelName
from steerco.forecast.result import Forecast
from steerco.forecast.run import ForecastOptions, forecast

__all__ = ["ForecastOptions", "ForecastRun", "forecast_project"]


@dataclass(frozen=True)
class ForecastRun:
    """The forecast of one project file, and the estimate history it was calibrated on."""

    file: Path
    history: Path | None
    forecast: Forecast


def forecast_project(
    *,
    path: Path,
    options: ForecastOptions | None = None,
    history: Path | None = None,
    model: ModelName = DEFAULT_MODEL,
    on_block: Callable[[int, int], None] | None = None,
) -> ForecastRun:
    """Load `path` (project YAML or PSPLIB), calibrate on `history` if given, and forecast it.

    `history` (CSV or YAML of estimates and actuals), calibrated by `model`
    (`steerco.forecast.calibrated`), replaces `options.calibration`;
    `on_block(done, total)` is called after each block of iterations. Invalid input (the
    project or the history) raises ProjectError with located diagnostics.
    """
    from steerco.formats.loader import load_plan_input

    options = options or ForecastOptions()
    network, project = load_plan_input(path)
    if history is not None:
        from steerco.forecast.calibrated import fit_model
        from steerco.formats.history import load_history

        options = replace(options, calibration=fit_model(load_history(history), model))
    result = forecast(network, project, options, on_block=on_block)
    return ForecastRun(file=path, history=history, forecast=result)
