"""The sprint report as JSON (`steerco sprint --format json`, docs/schemas/sprint.schema.json)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from steerco.agile.capacity import SprintCapacity
from steerco.agile.sprint import BurnDay, ItemRow, PointsCapacity, SprintReport, Tally

__all__ = ["sprint_json", "sprint_object", "tally_object"]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def tally_object(tally: Tally) -> dict[str, Any]:
    """Items, points and items without points."""
    return {"items": tally.items, "points": tally.points, "unpointed": tally.unpointed}


def _capacity(capacity: SprintCapacity) -> dict[str, Any]:
    return {
        "basis": capacity.basis,
        "person_days": capacity.person_days,
        "computed": capacity.computed,
        "given": capacity.given,
        "working_days": capacity.working_days,
        "focus_factor": capacity.focus_factor,
        "members": [
            {
                "resource": m.resource,
                "name": m.name,
                "units": m.units,
                "days": m.days,
                "days_off": m.days_off,
                "person_days": m.person_days,
            }
            for m in capacity.members
        ],
    }


def _points_capacity(points: PointsCapacity | None) -> dict[str, Any] | None:
    if points is None:
        return None
    return {
        "points": points.points,
        "basis": "velocity_scaled_by_capacity" if points.scaled else "velocity",
        "mean_velocity": points.mean_velocity,
        "mean_capacity": points.mean_capacity,
        "sprints": list(points.sprints),
    }


def _item(row: ItemRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "type": row.type,
        "points": row.points,
        "estimate_days": row.estimate_days,
        "status": row.status,
        "category": row.category,
        "assignee": row.assignee,
        "committed": row.committed,
        "added": _iso(row.added),
        "removed": _iso(row.removed),
        "in_sprint": row.in_sprint,
        "done": _iso(row.done),
        "completed": row.completed,
    }


def _day(day: BurnDay) -> dict[str, Any]:
    return {
        "date": day.date.isoformat(),
        "working": day.working,
        "added": tally_object(day.added),
        "removed": tally_object(day.removed),
        "scope": tally_object(day.scope),
        "done": tally_object(day.done),
        "remaining": tally_object(day.remaining),
        "ideal_points": day.ideal_points,
    }


def sprint_object(report: SprintReport) -> dict[str, Any]:
    """The sprint report as plain JSON data (docs/agile.md)."""
    sprint = report.sprint
    c = report.commitment
    return {
        "sprint": {
            "id": sprint.id,
            "name": sprint.name,
            "goal": sprint.goal,
            "start": sprint.start.isoformat(),
            "end": sprint.end.isoformat(),
        },
        "as_of": report.as_of.isoformat(),
        "state": report.state,
        "capacity": _capacity(report.capacity),
        "commitment": {
            "items": c.items,
            "points": c.points,
            "unpointed": c.unpointed,
            "person_days": c.person_days,
            "unestimated": c.unestimated,
        },
        "points_capacity": _points_capacity(report.points_capacity),
        "completed": tally_object(report.completed),
        "remaining": tally_object(report.remaining),
        "added": tally_object(report.added),
        "removed": tally_object(report.removed),
        "items": [_item(row) for row in report.items],
        "days": [_day(day) for day in report.days],
    }


def sprint_json(report: SprintReport) -> str:
    """The sprint report as one line of JSON and a newline."""
    return json.dumps(sprint_object(report)) + "\n"
