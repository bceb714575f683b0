"""The release forecast: its typed record and its JSON (`steerco release --format json`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from steerco.agile.release import ReleaseForecast
from steerco.render.throughput import level_object

__all__ = ["ReleaseReport", "release_json", "release_object"]


@dataclass(frozen=True)
class ReleaseReport:
    """A project's release forecast with the run's settings and notes for the reader."""

    project: str
    forecast: ReleaseForecast
    iterations: int
    seed: int
    notes: tuple[str, ...] = ()


def _percentile(forecast: ReleaseForecast, periods: int | None) -> dict[str, Any]:
    cell = forecast.period(periods)
    return {
        "periods": periods,
        "sprint": None if cell is None else cell.sprint,
        "start": None if cell is None else cell.start.isoformat(),
        "end": None if cell is None else cell.end.isoformat(),
    }


def release_object(report: ReleaseReport) -> dict[str, Any]:
    """The release forecast as plain JSON data (docs/agile.md, docs/schemas/release.schema.json)."""
    f = report.forecast
    runs = f.runs
    scope = f.scope
    forecast = None
    if runs is not None:
        forecast = {
            "percentiles": {f"P{q}": _percentile(f, n) for q, n in f.percentiles.items()},
            "mean_periods": runs.mean,
            "unfinished": runs.unfinished,
            "max_periods": runs.cap,
        }
    return {
        "project": report.project,
        "as_of": f.as_of.isoformat(),
        "basis": f.basis,
        "unit": f.unit,
        "period": "sprint" if f.basis == "velocity" else "week",
        "iterations": report.iterations,
        "seed": report.seed,
        "scope": {
            "cutline": scope.cutline,
            "items": len(scope.done) + len(scope.remaining),
            "done_items": len(scope.done),
            "remaining_items": len(scope.remaining),
            "left_out": scope.left_out,
            "done": f.done,
            "remaining": f.remaining,
            "unpointed": f.unpointed,
            "imputed_points": f.imputed,
        },
        "history": [
            {"label": label, "value": value}
            for label, value in zip(f.history_labels, f.history, strict=True)
        ],
        "forecast": forecast,
        "level": level_object(f.level, f.level_mode),
        "deadline": None if f.deadline is None else f.deadline.isoformat(),
        "deadline_chance": f.deadline_chance,
        "burnup": [
            {"label": p.label, "end": p.end.isoformat(), "done": p.done, "scope": p.scope}
            for p in f.burnup
        ],
        "projections": [
            {
                "q": p.q,
                "start": p.start.isoformat(),
                "done": p.done,
                "end": p.end.isoformat(),
                "scope": p.scope,
            }
            for p in f.projections
        ],
        "reason": f.reason,
        "notes": list(report.notes),
    }


def release_json(report: ReleaseReport) -> str:
    """The release forecast as one line of JSON and a newline."""
    return json.dumps(release_object(report)) + "\n"
