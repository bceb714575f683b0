"""Variance against a baseline as the JSON object other tools read (`steerco variance`).

docs/baselines.md describes every field; docs/schemas/variance.schema.json pins them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from steerco.track.variance import TaskVariance, VarianceReport

__all__ = ["VARIANCE_FIELDS", "variance_json", "variance_object"]

VARIANCE_FIELDS = (
    "id",
    "name",
    "kind",
    "parent",
    "baseline_start",
    "start",
    "start_variance",
    "baseline_finish",
    "finish",
    "finish_variance",
    "baseline_duration",
    "duration",
    "duration_variance",
    "baseline_cost",
    "cost",
    "cost_variance",
)
"""The fields of each task's record, in order; the project's record has all but id, kind
and parent."""


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _record(row: TaskVariance) -> dict[str, Any]:
    return {key: _iso(getattr(row, key)) for key in VARIANCE_FIELDS}


def variance_object(report: VarianceReport) -> dict[str, Any]:
    """The JSON object of `steerco variance --format json`."""
    project = {k: v for k, v in _record(report.project).items() if k not in {"id", "parent"}}
    del project["kind"]
    return {
        "baseline": report.baseline,
        "saved": report.saved.isoformat(),
        "unit": report.unit,
        "axis": report.axis,
        "currency": report.currency,
        "plan": report.plan,
        "project": project,
        "slipped_milestones": report.slipped_milestones,
        "tasks": [_record(row) for row in report.tasks],
    }


def variance_json(report: VarianceReport) -> str:
    """The text `steerco variance --format json` prints: one line of JSON and a newline."""
    return json.dumps(variance_object(report)) + "\n"
