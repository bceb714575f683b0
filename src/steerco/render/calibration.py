"""The calibration report: its typed record and its JSON (`steerco calibration --format json`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from steerco.forecast.calibration import EstimatorAccuracy

__all__ = ["CalibrationReport", "RatioSpread", "calibration_json", "calibration_object"]


@dataclass(frozen=True)
class RatioSpread:
    """Median and P10/P90 of actual/estimate ratios (the default for those without history)."""

    median: float
    p10: float
    p90: float


@dataclass(frozen=True)
class CalibrationReport:
    """Each estimator's and each category's accuracy, and the default spread for the rest."""

    file: Path
    records: int
    estimators: tuple[EstimatorAccuracy, ...]
    categories: tuple[EstimatorAccuracy, ...]
    default: RatioSpread
    overall: EstimatorAccuracy
    """Every record together, whoever estimated it."""
    no_value: int = 0
    """Rows skipped for an empty or `NA` estimate or actual."""
    zero: int = 0
    """Rows skipped for an estimate or actual of 0."""
    ignored: tuple[str, ...] = ()
    """Columns (or keys) of the file that no field reads."""
    encoding: str = "utf-8"
    estimate_unit: Literal["time", "points"] = "time"
    """`points`: the estimates were story points, and each ratio is working days per point."""


def _accuracy(row: EstimatorAccuracy) -> dict[str, Any]:
    return {
        "count": row.count,
        "median": row.median,
        "p10": row.p10,
        "p90": row.p90,
        "mean": row.mean,
        "within_estimate": row.within_estimate,
    }


def calibration_object(report: CalibrationReport) -> dict[str, Any]:
    """Records, accuracy by estimator and by category, and the default spread (docs/history.md)."""
    default = report.default
    return {
        "records": report.records,
        "all": _accuracy(report.overall),
        "estimators": {row.name: _accuracy(row) for row in report.estimators},
        "categories": {row.name: _accuracy(row) for row in report.categories},
        "default": {"median": default.median, "p10": default.p10, "p90": default.p90},
        "skipped": {"no_value": report.no_value, "zero": report.zero},
        "ignored_columns": list(report.ignored),
        "encoding": report.encoding,
        "estimate_unit": report.estimate_unit,
    }


def calibration_json(report: CalibrationReport) -> str:
    """The calibration report as one line of JSON and a newline."""
    return json.dumps(calibration_object(report)) + "\n"
