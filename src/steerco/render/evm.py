"""Earned value as the JSON objects other tools read (`steerco evm --format json`, `--trend`).

docs/earned-value.md describes every field; docs/schemas/evm.schema.json and
docs/schemas/evm-trend.schema.json pin them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

from steerco.track.earned import EarnedValueAt, EarnedValueTrend
from steerco.track.evm import EarnedValue

__all__ = [
    "MEASURES",
    "TREND_MEASURES",
    "evm_json",
    "evm_object",
    "evm_trend_json",
    "evm_trend_object",
]

MEASURES = (
    "bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "eac_atypical", "eac_cpi_spi",
    "eac_manager", "etc", "vac", "tcpi", "tcpi_eac", "planned_duration", "earned_schedule",
    "actual_time", "sv_t", "spi_t", "ieac_t", "tspi",
)  # fmt: skip
"""The fields of every measured node, in order (see docs/earned-value.md)."""

TREND_MEASURES = ("pv", "ev", "ac", "spi", "cpi", "spi_t", "eac", "ieac_t")
"""The project's fields at each point of the trend, in order."""


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _node(value: EarnedValue) -> dict[str, Any]:
    return {key: getattr(value, key) for key in MEASURES}


def evm_object(result: EarnedValueAt) -> dict[str, Any]:
    """The JSON object of `steerco evm --format json`."""
    measured = result.measured
    return {
        "status_date": _iso(measured.status_date),
        "baseline": measured.baseline,
        "unit": result.unit,
        "currency": result.currency,
        "measure": result.measure,
        **_node(measured.project),
        "forecast_finish": _iso(result.forecast_finish),
        "earliest_finish": _iso(result.earliest_finish),
        "overhead": None if measured.overhead is None else asdict(measured.overhead),
        "wbs": {key: _node(value) for key, value in measured.wbs.items()},
        "tasks": {key: _node(value) for key, value in measured.tasks.items()},
        "unbaselined": list(measured.unbaselined),
    }


def evm_trend_object(trend: EarnedValueTrend) -> dict[str, Any]:
    """The JSON object of `steerco evm --trend --format json`."""
    return {
        "baseline": trend.baseline,
        "measure": trend.measure,
        "trend": [
            {
                "status_date": point.status_date.isoformat(),
                **{key: getattr(point.measures, key) for key in TREND_MEASURES},
                "forecast_finish": _iso(point.forecast_finish),
                "earliest_finish": _iso(point.earliest_finish),
            }
            for point in trend.points
        ],
    }


def evm_json(result: EarnedValueAt) -> str:
    """The text `steerco evm --format json` prints: the object, indented, and a newline."""
    return json.dumps(evm_object(result), indent=2) + "\n"


def evm_trend_json(trend: EarnedValueTrend) -> str:
    """The text `steerco evm --trend --format json` prints."""
    return json.dumps(evm_trend_object(trend), indent=2) + "\n"
