"""Use case: forecast a project file — Monte Carlo dates, milestones and cost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

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
    on_block: Callable[[int, int], None] | None = None,
) -> ForecastRun:
    """Load `path` (project YAML or PSPLIB), calibrate on `history` if given, and forecast it.

    The forecast is measured against the plan every command dates by (`steerco.app.plan`):
    levelled when tasks use resources, and then levelled in every iteration too, unless
    `options.resources` is False (the critical path's quick view). `history` (CSV or YAML
    of actual/estimate ratios) replaces `options.calibration`; `on_block(done, total)` is
    called after each block of iterations. Invalid input (the project or the history)
    raises ProjectError with located diagnostics.
    """
    from steerco.app.plan import dating_plan
    from steerco.formats.loader import load_plan_input

    options = options or ForecastOptions()
    network, project = load_plan_input(path)
    if history is not None:
        from steerco.forecast.calibration import calibrate
        from steerco.formats.history import load_history

        options = replace(options, calibration=calibrate(load_history(history)))
    plan = dating_plan(network, project, levelled=options.resources)
    result = forecast(network, project, options, plan=plan.schedule, on_block=on_block)
    if plan.notes:
        result = replace(result, notes=[*plan.notes, *result.notes])
    return ForecastRun(file=path, history=history, forecast=result)
