"""The throughput forecast: its typed record and its JSON (`steerco throughput --format json`)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from steerco.forecast.level import LevelSpread
from steerco.forecast.trend import RateChange

__all__ = [
    "CountForecast",
    "FinishBy",
    "HistorySummary",
    "Point",
    "ReadNotes",
    "SamplingWindow",
    "ThroughputReport",
    "WhenForecast",
    "level_object",
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
    status_zeros: int = 0
    """Periods after the file's last, up to the status date, counted as 0."""
    after_status: int = 0
    """Periods of the file after the status date, left out."""


@dataclass(frozen=True)
class ReadNotes:
    """How the file was read: its encoding, the columns no field reads, items skipped."""

    encoding: str
    ignored: tuple[str, ...]
    items: bool
    """True when the file listed finished items, one row each."""
    skipped: int
    """Items of such a list without a finish date (not done yet), left out."""


@dataclass(frozen=True)
class SamplingWindow:
    """Which periods the runs draw from: all, the last `periods`, or all weighted by recency.

    `half_life` (periods) is set for `recent`: a period weighs half as much as one
    `half_life` periods later. `label` is the window as written, e.g. `12w` or `recent`.
    """

    kind: Literal["all", "last", "recent"]
    label: str
    periods: int
    """How many periods of the history the runs draw from."""
    half_life: float | None = None
    block: int = 1
    """The runs draw blocks of this many consecutive periods (1: periods independently)."""


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
    window: SamplingWindow
    trend: RateChange | None
    """None when the history is too short to compare (see `steerco.forecast.trend`)."""
    status: Point
    """The status date (or period): the last period of the history the forecast counts."""
    read: ReadNotes
    level: LevelSpread | None = None
    """The level factor the runs drew (`--level past`); None with `--level fixed`."""


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


def _trend(trend: RateChange | None) -> dict[str, Any] | None:
    if trend is None:
        return None
    return {
        "changed": trend.changed,
        "p_value": trend.p_value,
        "recent_rate": trend.recent_rate,
        "earlier_rate": trend.earlier_rate,
        "ratio": trend.ratio,
        "block_periods": trend.block_periods,
        "recent_blocks": trend.recent_blocks,
        "earlier_blocks": trend.earlier_blocks,
    }


def level_object(level: LevelSpread | None, mode: str | None = None) -> dict[str, Any]:
    """The level factor as JSON (`steerco throughput`'s and `steerco release`'s).

    Its mode (by default `fixed` when there is no factor, else `past`), whether it applied,
    and what it was made of.
    """
    mode = mode or ("fixed" if level is None else "past")
    if level is None:
        return {"mode": mode, "applied": False}
    return {
        "mode": mode,
        "applied": level.applied,
        "moments": level.moments,
        "windows": level.windows,
        "total_variance": level.total,
        "noise_variance": level.noise,
        "sd": level.sd,
    }


def throughput_object(report: ThroughputReport) -> dict[str, Any]:
    """The forecast as plain JSON data: the run, the history, then the answer (docs/history.md)."""
    past, window, read = report.history, report.window, report.read
    return {
        "period": report.period,
        "status": _iso(report.status),
        "start": _iso(report.start),
        "iterations": report.iterations,
        "seed": report.seed,
        "window": {
            "kind": window.kind,
            "label": window.label,
            "periods": window.periods,
            "half_life": window.half_life,
            "block": window.block,
        },
        "history": {
            "periods": past.periods,
            "first": _iso(past.first),
            "last": _iso(past.last),
            "mean": past.mean,
            "zeros": past.zeros,
            "filled": past.filled,
            "status_zeros": past.status_zeros,
            "after_status": past.after_status,
            "items_list": read.items,
            "skipped": read.skipped,
            "ignored_columns": list(read.ignored),
            "encoding": read.encoding,
        },
        "trend": _trend(report.trend),
        "level": level_object(report.level),
        **_forecast(report.forecast),
    }


def throughput_json(report: ThroughputReport) -> str:
    """The throughput forecast as one line of JSON and a newline."""
    return json.dumps(throughput_object(report)) + "\n"
