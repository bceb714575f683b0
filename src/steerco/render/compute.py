"""The JSON object of `steerco compute`: planned and used accelerator-hours and cost per task."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from steerco.errors import Diagnostic
from steerco.model.project import Project
from steerco.schedule.compute import GpuHours
from steerco.track.compute_budget import ComputeBudget, ComputeLine

__all__ = ["compute_object"]


def _points(hours: GpuHours | None) -> dict[str, float] | None:
    if hours is None:
        return None
    return {"low": hours.low, "likely": hours.likely, "high": hours.high}


def _line(line: ComputeLine) -> dict[str, Any]:
    return {
        "task": line.task,
        "name": line.name,
        "basis": line.basis,
        "resource": line.resource,
        "accelerator": line.accelerator,
        "count": line.count,
        "planned_hours": _points(line.planned),
        "rate": line.rate,
        "planned_cost": _points(line.planned_cost),
        "wall_hours": line.wall_hours,
        "used_hours": line.used,
        "used_cost": line.used_cost,
        "used_reason": line.used_reason,
        "booked_hours": line.booked,
        "booked_cost": line.booked_cost,
    }


def compute_object(
    project: Project, budget: ComputeBudget, warnings: Sequence[Diagnostic]
) -> dict[str, Any]:
    """Every training task's line, the totals, and the warnings (as printed on stderr)."""
    return {
        "project": project.name,
        "currency": project.currency,
        "tasks": [_line(line) for line in budget.lines],
        "totals": {
            "planned_hours": _points(budget.planned),
            "planned_cost": _points(budget.planned_cost),
            "used_hours": budget.used,
            "used_cost": budget.used_cost,
            "unknown_used": budget.unknown_used,
            "booked_hours": budget.booked,
            "booked_cost": budget.booked_cost,
        },
        "warnings": [w.format() for w in warnings],
    }
