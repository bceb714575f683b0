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

import contextlib
import dataclasses
import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from steerco.app._located import located_in
from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.model.ranges import MAX_DATE, MAX_HISTORY_PERIODS, MAX_PERIODS, MIN_DATE
from steerco.render.calibration import CalibrationReport, RatioSpread
from steerco.render.throughput import (
    CountForecast,
    FinishBy,
    HistorySummary,
    Point,
    ReadNotes,
    SamplingWindow,
    ThroughputReport,
    WhenForecast,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from steerco.forecast.level import Rates
    from steerco.formats.history import HistoryOptions

WindowKind = Literal["all", "last", "recent"]

__all__ = [
    "DEFAULT_BLOCK",
    "DEFAULT_LEVEL",
    "DEFAULT_WINDOW",
    "RECENT_HALF_LIFE_WEEKS",
    "CalibrationReport",
    "CountForecast",
    "FinishBy",
    "HistorySummary",
    "RatioSpread",
    "ReadNotes",
    "SamplingWindow",
    "ThroughputReport",
    "WhenForecast",
    "block_periods",
    "calibrate_history",
    "forecast_throughput",
    "history_options",
    "level_mode",
    "rates_at",
    "window_at",
]

DEFAULT_WINDOW = "recent"
"""The sampling window when none is given, chosen by backtest (docs/history.md)."""
RECENT_HALF_LIFE_WEEKS = 4
"""The half-life of `recent`: a period weighs half as much as one 4 weeks later."""
DEFAULT_BLOCK = "1w"
"""The runs draw whole weeks when no block is given (1 period of a history by number)."""
LevelMode = Literal["past", "fixed"]
DEFAULT_LEVEL: LevelMode = "past"
"""The runs' level moves as the history's past forecasts missed (`steerco.forecast.level`)."""

T = TypeVar("T")


def _check_reach(drawn: NDArray[np.int64], weights: NDArray[np.float64] | None, items: int) -> None:
    """Refuse `--items` the drawn periods' mean rate takes past `MAX_HISTORY_PERIODS` to finish.

    That is about how many periods every run of the forecast simulates.
    """
    import numpy as np

    if not drawn.size:
        return
    share = None if weights is None else weights[-drawn.size :]
    usable = share is None or float(share.sum()) > 0
    mean = float(np.average(drawn, weights=share)) if usable else 0.0
    periods = math.ceil(items / mean) if mean > 0 else 0
    if periods > MAX_HISTORY_PERIODS:
        message = (
            f"{items:,} items take about {periods:,} periods at the history's "
            f"mean of {mean:.3g} a period; at most {MAX_HISTORY_PERIODS:,}"
        )
        raise _option_error("items", message)


def _option_error(option: str, message: str) -> ProjectError:
    """A bad option value: no file, the option's name as the path."""
    return ProjectError([Diagnostic(Code.bad_value, message, (option,))])


def history_options(
    *,
    encoding: str | None = None,
    columns: str | dict[str, str] | None = None,
    dayfirst: bool = False,
    estimate_unit: str = "time",
    fields: tuple[str, ...],
) -> HistoryOptions:
    """How to read a history file, from the options as given; a bad one names its option."""
    from steerco.formats.history import HistoryOptions, check_encoding, parse_columns

    try:
        if encoding is not None:
            encoding = check_encoding(encoding)
    except ValueError as error:
        raise _option_error("encoding", str(error)) from None
    try:
        if isinstance(columns, str):
            columns = parse_columns(columns, fields)
        elif columns is not None:
            columns = parse_columns(",".join(f"{k}={v}" for k, v in columns.items()), fields)
    except ValueError as error:
        raise _option_error("columns", str(error)) from None
    if estimate_unit not in ("time", "points"):
        message = f"an estimate unit is time or points, not {estimate_unit!r}"
        raise _option_error("estimate_unit", message)
    return HistoryOptions(
        encoding=encoding,
        columns=columns or {},
        dayfirst=dayfirst,
        estimate_unit="points" if estimate_unit == "points" else "time",
    )


def calibrate_history(
    *,
    path: Path,
    encoding: str | None = None,
    columns: str | dict[str, str] | None = None,
    estimate_unit: str = "time",
) -> CalibrationReport:
    """Read estimates against actuals from `path` and report how accurate each source was.

    `encoding`, `columns` and `estimate_unit` say how to read the file
    (`history_options`); with estimates in story points, a ratio is days per point.
    """
    import numpy as np

    from steerco.forecast.calibration import (
        DEFAULT_POOL,
        accuracy,
        calibrate,
        overall_accuracy,
    )
    from steerco.formats.history import HISTORY_FIELDS, read_history

    options = history_options(
        encoding=encoding, columns=columns, estimate_unit=estimate_unit, fields=HISTORY_FIELDS
    )
    read = located_in(path, lambda: read_history(path, options))
    calibrated = located_in(path, lambda: calibrate(read.records))
    rows = accuracy(calibrated)
    p10, median, p90 = (float(v) for v in np.percentile(DEFAULT_POOL, [10, 50, 90]))
    return CalibrationReport(
        file=path,
        records=calibrated.records,
        estimators=tuple(r for r in rows if r.kind == "estimator"),
        categories=tuple(r for r in rows if r.kind == "category"),
        default=RatioSpread(median=median, p10=p10, p90=p90),
        overall=overall_accuracy(read.records),
        no_value=read.no_value,
        zero=read.zero,
        ignored=read.ignored,
        encoding=read.encoding,
        estimate_unit=read.estimate_unit,
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
    point: Point | None = None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            point = dt.date.fromisoformat(value) if by_date else int(value)
    elif isinstance(value, dt.date) == by_date:
        point = value
    if point is None:
        wanted = "a date like 2027-01-04" if by_date else "a period number"
        raise _option_error(option, f"{str(value)!r} is not {wanted}")
    if isinstance(point, dt.date) and not MIN_DATE <= point <= MAX_DATE:
        span = f"a date from {MIN_DATE} to {MAX_DATE}"
        raise _option_error(option, f"{point} is out of range; write {span}")
    if isinstance(point, int) and abs(point) > MAX_PERIODS:
        raise _option_error(option, f"period {point} is out of range; at most {MAX_PERIODS:,}")
    return point


def _periods_through(period_days: int | None, first: Point, until: Point) -> int:
    """How many forecast periods, from `first`, have a date (or number) no later than `until`."""
    if isinstance(until, dt.date) and isinstance(first, dt.date):
        return (until - first).days // (period_days or 1) + 1
    if isinstance(until, int) and isinstance(first, int):
        return until - first + 1
    raise TypeError("a date and a period number cannot be compared")  # pragma: no cover


def _iso(value: Point) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


_WINDOW = re.compile(
    r"^(?:all|(?P<recent>recent)(?::(?P<life>[0-9]+)(?P<life_unit>[dw]?))?|(?P<n>[0-9]+)(?P<unit>[dw]?))$"
)


def _in_periods(
    amount: int | str, unit: str, period_days: int | None, option: str = "window"
) -> int:
    """`amount` weeks (`w`), days (`d`) or periods (no unit) as periods of the history.

    More periods than the longest history holds (`MAX_HISTORY_PERIODS`) is the option's
    error: such a window or block is no different from the whole history, and its
    arithmetic would overflow.
    """
    digits = str(amount).lstrip("0") or "0"
    amount = int(digits) if len(digits) <= 12 else 10**12
    limit = MAX_HISTORY_PERIODS * (7 if unit == "w" else 1)
    if amount > limit:
        name = {"w": "weeks", "d": "days"}.get(unit, "periods")
        size = digits if len(digits) <= 24 else f"{len(digits):,} digits of"
        message = f"a {option} of {size} {name} is longer than any history; at most {limit:,}"
        raise _option_error(option, message)
    if amount < 1:
        raise _option_error(option, f"a {option} is at least 1 period, got {amount}{unit}")
    if unit and period_days is None:
        message = f"a history by period number has no {'weeks' if unit == 'w' else 'days'}; "
        raise _option_error(option, message + f"give a number of periods, e.g. {amount}")
    if unit == "w":
        return amount * 7 // (period_days or 7)
    if unit == "d":
        if period_days == 7 and amount % 7:
            raise _option_error(
                option, f"{amount}d is not a whole number of weeks of this weekly history"
            )
        return amount // (period_days or 1)
    return amount


def _window_rule(text: str, period_days: int | None) -> tuple[WindowKind, int, float]:
    """The kind of window `all`, `12w`, `30d`, `8`, `recent` or `recent:6w`, and its size.

    The size: the last periods (`last`; 0 otherwise) and the half-life in periods
    (`recent`; 0 otherwise).
    """
    match = _WINDOW.match(text.strip().lower())
    if match is None:
        raise _option_error(
            "window",
            f"cannot read {text!r} as a window; write all, the last weeks (12w), days (30d) "
            "or periods (8), or recent (recent:4w: recent weeks weigh more)",
        )
    if match["recent"]:
        amount: int | str = match["life"] if match["life"] else RECENT_HALF_LIFE_WEEKS
        unit = match["life_unit"] if match["life"] else ("w" if period_days else "")
        return "recent", 0, float(_in_periods(amount, unit or "", period_days))
    if match["n"]:
        return "last", _in_periods(match["n"], match["unit"] or "", period_days), 0.0
    return "all", 0, 0.0


def _window(
    text: str, period_days: int | None, size: int
) -> tuple[SamplingWindow, NDArray[np.float64] | None]:
    """The sampling window written as `all`, `12w`, `30d`, `8`, `recent` or `recent:6w`."""
    from steerco.forecast.throughput import recency_weights

    label = text.strip().lower()
    kind, periods, half_life = _window_rule(text, period_days)
    if kind == "recent":
        window = SamplingWindow("recent", label, size, half_life)
        return window, recency_weights(size, half_life)
    if kind == "last":
        return SamplingWindow("last", label, min(periods, size)), None
    return SamplingWindow("all", label, size), None


def rates_at(text: str, period_days: int | None) -> Rates:
    """The rate the `--window` text expects at every moment of a history, in one pass.

    `window_at`'s window, asked at each moment, gives the same means; this is what the
    level's replayed forecasts read (`steerco.forecast.level.window_rates`).
    """
    from steerco.forecast.level import window_rates

    kind, periods, half_life = _window_rule(text, period_days)
    return functools.partial(window_rates, kind=kind, periods=periods, half_life=half_life)


def window_at(
    text: str, period_days: int | None
) -> Callable[[NDArray[np.int64]], tuple[NDArray[np.int64], NDArray[np.float64] | None]]:
    """What the runs draw from at any moment, for `--window` text: the past's periods, weights.

    Raises the option's ProjectError for text that is not a window.
    """
    _window(text, period_days, 1)  # a bad window fails now, not at the first moment

    def window(past: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.float64] | None]:
        sampling, weights = _window(text, period_days, int(past.size))
        return past[past.size - sampling.periods :], weights

    return window


def level_mode(text: str) -> LevelMode:
    """`--level` as written: `past` or `fixed`; any other is the option's error."""
    mode = text.strip().lower()
    if mode == "past":
        return "past"
    if mode == "fixed":
        return "fixed"
    raise _option_error(
        "level",
        f"cannot read {text!r} as a level; write past (the forecast moves as past forecasts "
        "missed) or fixed (the forecast as it is)",
    )


_BLOCK = re.compile(r"^(?P<n>[0-9]+)(?P<unit>[dw]?)$")


def block_periods(text: str | None, period_days: int | None) -> int:
    """The periods of a block written as `1w`, `14d` or `3` (periods); None: the default.

    The default, `DEFAULT_BLOCK`, is one week of a history by date (7 days, or 1 week) and
    1 period of a history by period number, which has no weeks.
    """
    if text is None:
        return 1 if period_days is None else _in_periods(1, "w", period_days)
    match = _BLOCK.match(text.strip().lower())
    if match is None:
        raise _option_error(
            "block",
            f"cannot read {text!r} as a block; write weeks (1w), days (14d) or periods (7)",
        )
    periods = _in_periods(match["n"], match["unit"] or "", period_days, "block")
    if periods < 1:
        raise _option_error("block", f"a block is at least 1 period, got {text.strip()}")
    return periods


def _through_status(
    counts: NDArray[np.int64], period_days: int | None, first: Point, status: Point
) -> tuple[NDArray[np.int64], int]:
    """The counts up to the period labelled `status` (or the last before it), zeros added."""
    import numpy as np

    size = _periods_through(period_days, first, status)
    if size < 1:
        raise _option_error("status", f"{_iso(status)} is before the history's first period")
    if size <= counts.size:
        return counts[:size], 0
    if size > MAX_HISTORY_PERIODS:  # the zeros up to it would make the history too long
        message = (
            f"{_iso(status)} is {size:,} periods after the history's first, {_iso(first)}; "
            f"a history spans at most {MAX_HISTORY_PERIODS:,}"
        )
        raise _option_error("status", message)
    return np.concatenate(
        [counts, np.zeros(size - counts.size, dtype=np.int64)]
    ), size - counts.size


def forecast_throughput(
    *,
    path: Path,
    items: int | None = None,
    by: str | Point | None = None,
    start: str | Point | None = None,
    status: str | Point | None = None,
    window: str = DEFAULT_WINDOW,
    block: str | None = None,
    level: str = DEFAULT_LEVEL,
    iterations: int = 10000,
    seed: int = 0,
    encoding: str | None = None,
    columns: str | dict[str, str] | None = None,
    dayfirst: bool = False,
) -> ThroughputReport:
    """When `items` will be done, or how many items by `by`, from the history at `path`.

    Exactly one of `items` and `by` is given. `status`, `by` and `start` are dates for a
    history by date and period numbers for one by period (as text or as values). The
    history counts up to `status` (default: its last period), periods after the file's
    last counting 0; `start` defaults to the period after it. The runs draw from the
    `window` of the history (see `_window`), in blocks of `block` consecutive periods
    (`block_periods`; default a week), from `numpy.random.default_rng(seed)`; with
    `level` `past` (the default) each run's level moves as the same forecast, replayed at
    every earlier moment of the history, missed (`steerco.forecast.level`), with `fixed`
    the window's level is taken as known. `encoding`, `columns` and `dayfirst` say how to
    read the file (`history_options`).
    """
    if (items is None) == (by is None):
        raise _option_error("items", "give either --items N or --by DATE")
    if items is not None and items < 1:
        raise _option_error("items", f"items must be at least 1, got {items}")
    import numpy as np

    from steerco.forecast.level import past_errors
    from steerco.forecast.throughput import how_many, when_done
    from steerco.forecast.trend import rate_change
    from steerco.formats.history import THROUGHPUT_FIELDS, load_throughput

    read = history_options(
        encoding=encoding, columns=columns, dayfirst=dayfirst, fields=THROUGHPUT_FIELDS
    )
    past = located_in(path, lambda: load_throughput(path, read))
    days = past.period_days
    until = past.last if status is None else _point(days, status, "status")
    counts, status_zeros = _through_status(past.counts, days, past.first, until)
    last = _label(days, past.first, counts.size)
    first = _label(days, last, 2) if start is None else _point(days, start, "start")
    if seed < 0:
        raise _option_error("seed", f"a seed is a whole number of 0 or more, not {seed}")
    mode = level_mode(level)
    sampling, weights = _window(window, days, counts.size)
    sampling = dataclasses.replace(sampling, block=block_periods(block, days))
    drawn = counts[counts.size - sampling.periods :]
    if items is not None:
        _check_reach(drawn, weights, items)
    trend = rate_change(counts, block_periods=7 if days == 1 else 1)
    rng = np.random.default_rng(seed)
    forecast: WhenForecast | CountForecast
    if items is not None:
        count = items
        errors = (
            past_errors(counts, rates=rates_at(window, days), items=count)
            if mode == "past"
            else None
        )
        done = located_in(
            path,
            lambda: when_done(
                drawn, count, iterations, rng, weights=weights, block=sampling.block, level=errors
            ),
        )
        spread = done.level
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
        target = _point(days, by, "by")
        periods = _periods_through(days, first, target)
        if periods < 1:
            message = f"{by} is before the first forecast period, {_iso(first)}"
            raise _option_error("by", message)
        if periods > MAX_HISTORY_PERIODS:
            message = (
                f"{_iso(target)} is {periods:,} periods ahead; at most {MAX_HISTORY_PERIODS:,}"
            )
            raise _option_error("by", message)
        errors = (
            past_errors(counts, rates=rates_at(window, days), horizon=periods)
            if mode == "past"
            else None
        )
        counted = located_in(
            path,
            lambda: how_many(
                drawn,
                periods,
                iterations,
                rng,
                weights=weights,
                block=sampling.block,
                level=errors,
            ),
        )
        spread = counted.level
        forecast = CountForecast(
            by=target,
            periods=counted.periods,
            percentiles=dict(counted.percentiles),
            mean_items=counted.mean,
        )
    history = HistorySummary(
        periods=int(counts.size),
        first=past.first,
        last=past.last,
        mean=float(counts.mean()),
        zeros=int(np.count_nonzero(counts == 0)),
        filled=past.filled_in(min(counts.size, past.counts.size)),
        status_zeros=status_zeros,
        after_status=max(0, past.counts.size - counts.size),
    )
    return ThroughputReport(
        period=_unit(days),
        start=first,
        iterations=iterations,
        seed=seed,
        history=history,
        forecast=forecast,
        window=sampling,
        trend=trend,
        status=last,
        read=ReadNotes(past.encoding, past.ignored, past.items, past.skipped),
        level=spread,
    )
