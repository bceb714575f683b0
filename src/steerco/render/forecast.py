"""The forecast as the JSON object other tools read (`steerco forecast --format json`)."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from steerco.forecast.result import Forecast

__all__ = ["FORECAST_FIELDS", "forecast_json", "forecast_object"]

FORECAST_FIELDS: tuple[str, ...] = (
    "iterations",
    "seed",
    "unit",
    "axis",
    "plan",
    "deterministic",
    "finish",
    "makespan",
    "p_on_time",
    "milestones",
    "criticality",
    "sensitivity",
    "cost",
    "risks",
    "fixed_tasks",
    "sensitivity_iterations",
    "notes",
    "calibration",
    "level",
    "rework",
)


def _plain(value: Any) -> Any:
    """Dates as ISO strings, non-finite numbers as null (NaN never reaches the output)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def forecast_object(forecast: Forecast) -> dict[str, Any]:
    """The forecast as plain JSON-ready data, keys in the documented order."""
    makespan = {
        k: forecast.makespan[k]
        for k in ("p10", "p50", "p80", "p90", "p95", "mean", "std", "p80_stderr")
    }
    plain: dict[str, Any] = _plain(
        {
            "iterations": forecast.iterations,
            "seed": forecast.seed,
            "unit": forecast.unit,
            "axis": forecast.axis,
            "plan": forecast.plan,
            "deterministic": {
                "finish": forecast.deterministic_finish,
                "makespan": forecast.deterministic_makespan,
            },
            "finish": forecast.finish,
            "makespan": makespan,
            "p_on_time": forecast.p_on_time,
            "milestones": {
                mid: {"units": m.units, "dates": m.dates, "p_deadline": m.p_deadline}
                for mid, m in forecast.milestones.items()
            },
            "criticality": forecast.criticality,
            "sensitivity": forecast.sensitivity,
            "cost": forecast.cost,
            "risks": {
                rid: {"occurrence": r.occurrence, "mean_delay": r.mean_delay}
                for rid, r in forecast.risks.items()
            },
            "fixed_tasks": forecast.fixed_tasks,
            "sensitivity_iterations": forecast.sensitivity_iterations,
            "notes": forecast.notes,
            "calibration": None
            if forecast.calibration is None
            else [
                {"task": p.task, "pool": p.kind, "key": p.key, "records": p.records}
                for p in forecast.calibration
            ],
            "level": None
            if forecast.level is None
            else {
                "applied": forecast.level.applied,
                "windows": forecast.level.windows,
                "size": forecast.level.size,
                "total_variance": forecast.level.total,
                "noise_variance": forecast.level.noise,
                "sd": forecast.level.sd,
            },
            "rework": [
                {
                    "milestone": r.milestone,
                    "status": r.status,
                    "p_met": r.p_met,
                    "probability": r.probability,
                    "duration": r.duration,
                    "task": r.task,
                }
                for r in forecast.rework
            ],
        }
    )
    return plain


def forecast_json(forecast: Forecast) -> str:
    """One JSON object and a newline; the same forecast gives the same bytes."""
    return json.dumps(forecast_object(forecast), indent=2, allow_nan=False) + "\n"
