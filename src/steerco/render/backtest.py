"""The backtest report: its typed record and its JSON (`steerco backtest ... --format json`)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from steerco.forecast.backtest import BacktestSummary, Cut

__all__ = ["BacktestReport", "HistoryReadNotes", "backtest_json", "backtest_object"]


@dataclass(frozen=True)
class HistoryReadNotes:
    """How the history file was read: its encoding, the columns no field reads, rows skipped."""

    encoding: str = "utf-8"
    ignored: tuple[str, ...] = ()
    estimate_unit: Literal["time", "points"] | None = None
    """What an estimate history's estimates are; None for a throughput history."""
    no_value: int = 0
    """Rows skipped for an empty or `NA` estimate or actual."""
    zero: int = 0
    """Rows skipped for an estimate or actual of 0."""
    items: bool = False
    """True when a throughput file listed finished items, one row each."""
    undone_items: int = 0
    """Items of such a list without a finish date (not done yet), left out."""


@dataclass(frozen=True)
class BacktestReport:
    """The cuts of one backtest, scored, and the scores over all of them.

    `target` says what was forecast: "total" (the actual hours of the tasks after the cut),
    "periods" (until `items` more were done) or "items" (done in `horizon` periods).
    """

    kind: Literal["estimates", "throughput"]
    file: Path
    target: Literal["total", "periods", "items"]
    reference: Literal["sum_of_estimates", "points_at_mean_pace", "mean_rate"]
    model: str | None
    group: str | None
    unit: str
    """The outcome's unit: "days" (working days) for estimates; "day", "week" or "period"."""
    items: int | None
    horizon: int | None
    window: str | None
    """What a throughput forecast drew from at each cut (`--window`): "all", "12w", "recent"."""
    block: int | None
    """The periods of each block a throughput forecast drew (`--block`); None for estimates."""
    iterations: int
    seed: int
    cuts: tuple[Cut, ...]
    overall: BacktestSummary | None
    level: Literal["past", "fixed"] | None = None
    """The level of each cut's forecast (`--level`): moved by past errors, or fixed."""
    read: HistoryReadNotes = HistoryReadNotes()


def _number(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _cut(cut: Cut) -> dict[str, Any]:
    return {
        "group": cut.group,
        "at": cut.at,
        "known": cut.known,
        "forecast": cut.forecast,
        "actual": cut.actual,
        "reference": cut.reference,
        "percentiles": {f"P{q}": _number(v) for q, v in sorted(cut.percentiles.items())},
        "covered": cut.covered,
        "error": _number(cut.error),
        "reference_error": _number(cut.reference_error),
    }


def _overall(summary: BacktestSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "cuts": summary.cuts,
        "coverage": summary.coverage,
        "hits": {f"P{q}": v for q, v in sorted(summary.hits.items())},
        "error": _number(summary.error),
        "reference_error": _number(summary.reference_error),
        "curve": {f"P{q}": v for q, v in sorted(summary.curve.items())},
    }


def backtest_object(report: BacktestReport) -> dict[str, Any]:
    """What was backtested, each cut and the overall scores (docs/history.md, Backtests)."""
    return {
        "backtest": report.kind,
        "target": report.target,
        "reference": report.reference,
        "model": report.model,
        "group": report.group,
        "unit": report.unit,
        "items": report.items,
        "horizon": report.horizon,
        "window": report.window,
        "block": report.block,
        "level": report.level,
        "iterations": report.iterations,
        "seed": report.seed,
        "cuts": [_cut(c) for c in report.cuts],
        "overall": _overall(report.overall),
        "read": _read(report.read),
    }


def _read(read: HistoryReadNotes) -> dict[str, Any]:
    return {
        "encoding": read.encoding,
        "ignored_columns": list(read.ignored),
        "estimate_unit": read.estimate_unit,
        "items_list": read.items,
        "skipped": {
            "no_value": read.no_value,
            "zero": read.zero,
            "undone_items": read.undone_items,
        },
    }


def backtest_json(report: BacktestReport) -> str:
    """The backtest report as one line of JSON and a newline."""
    return json.dumps(backtest_object(report)) + "\n"
