"""The throughput forecast: its typed record and its JSON (`steerco throughput --format json`)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "CountForecast",
    "FinishBy",
    "HistorySummary",
    "Point",
    "ThroughputReport",
    "WhenForecast",
    "throughput_json",
    "throughput_object",
]

Point = dt.date | int
"""A period of a throughput history: its date (history by date) or its number (by period)."""


@dataclass(frozen=True)
class HistorySummary:
    """The throughput history as read: periods, first and last, mean, zeros, filled gaps."""

    periods: int
    first: Point
    last: Point
    mean: float
    zeros: int
    filled: int
    """How many periods were missing from the file and count as 0."""


@dataclass(frozen=True)
class FinishBy:
    """One percentile of a `when` forecast: periods needed and the last one's date (or number).

    Both are None when too many runs were not done within the forecast's `max_periods`.
    """

    periods: int | None
    finish: Point | None


@dataclass(frozen=True)
class WhenForecast:
    """When `items` will be done: done within `percentiles[q]` in at least q% of the runs."""

    items: int
    percentiles: dict[int, FinishBy]
    mean_periods: float | None
    unfinished: int
    max_periods: int


@dataclass(frozen=True)
class CountForecast:
    """How many items by `by` (`periods` forecast periods): at least `percentiles[q]` in q%."""

    by: Point
    periods: int
    percentiles: dict[int, int]
    mean_items: float


@dataclass(frozen=True)
class ThroughputReport:
    """A throughput forecast: the period unit, the first forecast period, the runs, the history."""

    period: Literal["day", "week", "period"]
    start: Point
    iterations: int
    seed: int
    history: HistorySummary
    forecast: WhenForecast | CountForecast


def _iso(value: Point | None) -> str | int | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _forecast(forecast: WhenForecast | CountForecast) -> dict[str, Any]:
    if isinstance(forecast, WhenForecast):
        return {
            "forecast": "when",
            "items": forecast.items,
            "percentiles": {
                f"P{q}": {"periods": cell.periods, "finish": _iso(cell.finish)}
                for q, cell in forecast.percentiles.items()
            },
            "mean_periods": forecast.mean_periods,
            "unfinished": forecast.unfinished,
            "max_periods": forecast.max_periods,
        }
    return {
        "forecast": "how_many",
        "by": _iso(forecast.by),
        "periods": forecast.periods,
        "percentiles": {f"P{q}": count for q, count in forecast.percentiles.items()},
        "mean_items": forecast.mean_items,
    }


def throughput_object(report: ThroughputReport) -> dict[str, Any]:
    """The forecast as plain JSON data: the run, the history, then the answer (docs/history.md)."""
    past = report.history
    return {
        "period": report.period,
        "start": _iso(report.start),
        "iterations": report.iterations,
        "seed": report.seed,
        "history": {
            "periods": past.periods,
            "first": _iso(past.first),
            "last": _iso(past.last),
            "mean": past.mean,
            "zeros": past.zeros,
            "filled": past.filled,
        },
        **_forecast(report.forecast),
    }


def throughput_json(report: ThroughputReport) -> str:
    """The throughput forecast as one line of JSON and a newline."""
    return json.dumps(throughput_object(report)) + "\n"
