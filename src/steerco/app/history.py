"""What the team's history says: estimate accuracy (calibration) and throughput forecasts.

`calibrate_history` reads estimates against actuals and reports each estimator's and each
category's accuracy; `forecast_throughput` reads items finished per period and answers
"when will N items be done?" or "how many by this date?" by resampling the periods. The
results are the typed records of `steerco.render.calibration` and `steerco.render.throughput`,
each next to its JSON contract. Problems in the file (or with the history itself) are located
at the file; a bad option value (`items`, `by`, `start`) raises a ProjectError whose diagnostic
has no file and the option's name as its path, so a front end can report it on its own option.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal, TypeVar

from steerco.app._located import located_in
from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.render.calibration import CalibrationReport, RatioSpread
from steerco.render.throughput import (
    CountForecast,
    FinishBy,
    HistorySummary,
    Point,
    ThroughputReport,
    WhenForecast,
)

__all__ = [
    "CalibrationReport",
    "CountForecast",
    "FinishBy",
    "HistorySummary",
    "RatioSpread",
    "ThroughputReport",
    "WhenForecast",
    "calibrate_history",
    "forecast_throughput",
]

T = TypeVar("T")


def _option_error(option: str, message: str) -> ProjectError:
    """A bad option value: no file, the option's name as the path."""
    return ProjectError([Diagnostic(Code.bad_value, message, (option,))])


def calibrate_history(*, path: Path) -> CalibrationReport:
    """Read estimates against actuals from `path` and report how accurate each source was."""
    import numpy as np

    from steerco.forecast.calibration import DEFAULT_POOL, accuracy, calibrate
    from steerco.formats.history import load_history

    records = located_in(path, lambda: load_history(path))
    calibrated = located_in(path, lambda: calibrate(records))
    rows = accuracy(calibrated)
    p10, median, p90 = (float(v) for v in np.percentile(DEFAULT_POOL, [10, 50, 90]))
    return CalibrationReport(
        file=path,
        records=calibrated.records,
        estimators=tuple(r for r in rows if r.kind == "estimator"),
        categories=tuple(r for r in rows if r.kind == "category"),
        default=RatioSpread(median=median, p10=p10, p90=p90),
    )


def _unit(period_days: int | None) -> Literal["day", "week", "period"]:
    if period_days == 1:
        return "day"
    if period_days == 7:
        return "week"
    return "period"


def _label(period_days: int | None, first: Point, n: int) -> Point:
    """The date (or number) of the n-th forecast period, counting `first` as period 1."""
    if isinstance(first, dt.date):
        return first + dt.timedelta(days=(period_days or 1) * (n - 1))
    return first + n - 1


def _point(period_days: int | None, value: str | Point, option: str) -> Point:
    """A date (history by date) or a period number (history by period) for `option`."""
    by_date = period_days is not None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value) if by_date else int(value)
        except ValueError:
            pass
    elif isinstance(value, dt.date) == by_date:
        return value
    wanted = "a date like 2027-01-04" if by_date else "a period number"
    raise _option_error(option, f"{str(value)!r} is not {wanted}")


def _periods_through(period_days: int | None, first: Point, until: Point) -> int:
    """How many forecast periods, from `first`, have a date (or number) no later than `until`."""
    if isinstance(until, dt.date) and isinstance(first, dt.date):
        return (until - first).days // (period_days or 1) + 1
    if isinstance(until, int) and isinstance(first, int):
        return until - first + 1
    raise TypeError("a date and a period number cannot be compared")  # pragma: no cover


def _iso(value: Point) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def forecast_throughput(
    *,
    path: Path,
    items: int | None = None,
    by: str | Point | None = None,
    start: str | Point | None = None,
    iterations: int = 10000,
    seed: int = 0,
) -> ThroughputReport:
    """When `items` will be done, or how many items by `by`, from the history at `path`.

    Exactly one of `items` and `by` is given. `by` and `start` are dates for a history by
    date and period numbers for one by period (as text or as values); `start` defaults to
    the period after the history's last. The draws come from `numpy.random.default_rng(seed)`.
    """
    if (items is None) == (by is None):
        raise _option_error("items", "give either --items N or --by DATE")
    if items is not None and items < 1:
        raise _option_error("items", f"items must be at least 1, got {items}")
    import numpy as np

    from steerco.forecast.throughput import how_many, when_done
    from steerco.formats.history import load_throughput

    past = located_in(path, lambda: load_throughput(path))
    days = past.period_days
    first = _label(days, past.last, 2) if start is None else _point(days, start, "start")
    if seed < 0:
        raise _option_error("seed", f"a seed is a whole number of 0 or more, not {seed}")
    rng = np.random.default_rng(seed)
    forecast: WhenForecast | CountForecast
    if items is not None:
        count = items
        done = located_in(path, lambda: when_done(past.counts, count, iterations, rng))
        forecast = WhenForecast(
            items=done.items,
            percentiles={
                q: FinishBy(periods, None if periods is None else _label(days, first, periods))
                for q, periods in done.percentiles.items()
            },
            mean_periods=done.mean,
            unfinished=done.unfinished,
            max_periods=done.max_periods,
        )
    else:
        assert by is not None
        until = _point(days, by, "by")
        periods = _periods_through(days, first, until)
        if periods < 1:
            message = f"{by} is before the first forecast period, {_iso(first)}"
            raise _option_error("by", message)
        counted = located_in(path, lambda: how_many(past.counts, periods, iterations, rng))
        forecast = CountForecast(
            by=until,
            periods=counted.periods,
            percentiles=dict(counted.percentiles),
            mean_items=counted.mean,
        )
    history = HistorySummary(
        periods=int(past.counts.size),
        first=past.first,
        last=past.last,
        mean=float(past.counts.mean()),
        zeros=int(np.count_nonzero(past.counts == 0)),
        filled=past.filled,
    )
    return ThroughputReport(
        period=_unit(days),
        start=first,
        iterations=iterations,
        seed=seed,
        history=history,
        forecast=forecast,
    )
