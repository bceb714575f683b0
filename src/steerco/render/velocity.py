"""Velocity as JSON (`steerco velocity --format json`, docs/schemas/velocity.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from steerco.agile.velocity import FLAT_SHARE, MIN_TREND_SPRINTS, SprintVelocity, Velocity

__all__ = ["velocity_json", "velocity_object"]


def _sprint(row: SprintVelocity, counted: bool) -> dict[str, Any]:
    return {
        "id": row.sprint,
        "name": row.name,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "committed_points": row.committed_points,
        "committed_items": row.committed_items,
        "completed_points": row.completed_points,
        "completed_items": row.completed_items,
        "completed_unpointed": row.completed_unpointed,
        "capacity": row.capacity,
        "counted": counted,
    }


def velocity_object(result: Velocity) -> dict[str, Any]:
    """Velocity as plain JSON data: the sprints, then the statistics (docs/agile.md)."""
    counted = {row.sprint for row in result.counted}
    return {
        "as_of": result.as_of.isoformat(),
        "window": result.window,
        "sprints": [_sprint(row, row.sprint in counted) for row in result.sprints],
        "counted": len(result.counted),
        "mean": result.mean,
        "min": result.low,
        "max": result.high,
        "slope": result.slope,
        "trend": result.trend,
        "trend_rule": {"flat_share": FLAT_SHARE, "min_sprints": MIN_TREND_SPRINTS},
        "mean_capacity": result.mean_capacity,
    }


def velocity_json(result: Velocity) -> str:
    """Velocity as one line of JSON and a newline."""
    return json.dumps(velocity_object(result)) + "\n"
