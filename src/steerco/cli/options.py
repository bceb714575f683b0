"""Arguments and options that several `steerco` commands share."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from steerco.limits import MAX_TIME_LIMIT

__all__ = [
    "CalibrationModelName",
    "CalibrationModelOption",
    "FileArgument",
    "MethodName",
    "OutputOption",
    "TableOrJson",
    "TableOrJsonOption",
    "WideOption",
    "date_option",
    "date_or_today",
    "number_in",
    "time_limit_option",
]

MethodName = Literal["auto", "cp-sat", "heuristic", "cpm"]
"""steerco.schedule.options.PlanMethod, spelled here so that the CLI imports no scheduler."""

FileArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="A project file (.yaml) or a PSPLIB instance (.sm).",
        show_default=False,
    ),
]

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]

WideOption = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="Tables: show every column at its full width (default: fit the terminal, "
        "80 columns when piped, leaving out the least important columns).",
    ),
]


class TableOrJson(StrEnum):
    """How a command prints its result: a table for people or one JSON object for tools."""

    table = "table"
    json = "json"


class CalibrationModelName(StrEnum):
    """steerco.forecast.calibrated.MODELS, spelled here so that the CLI imports no NumPy."""

    loglinear = "loglinear"
    ratio = "ratio"


CalibrationModelOption = Annotated[
    CalibrationModelName,
    typer.Option(
        "--model",
        help="How history calibrates estimates: loglinear (by task size, errors shared; "
        "the backtests' choice) or ratio (resampled actual/estimate ratios, independent).",
    ),
]
"""`--model loglinear|ratio` of `forecast --history` and `backtest estimates`."""


TableOrJsonOption = Annotated[
    TableOrJson, typer.Option("--format", "-f", help="table: for people; json: one JSON object.")
]
"""`--format table|json`, the choice of every command that prints a table or one JSON object."""


def number_in(low: float, high: float | None = None) -> Callable[[str], float]:
    """A parser of a finite number from `low` to `high`, for a float option's `parser=`.

    Typer's own range check reads 'nan' as a number and reports it out of range ('Input
    should be less than or equal to 86400'); this one names what is wrong with it. A
    parser replaces Typer's check, so the option keeps min and max for its help only.
    """

    def parse(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            raise typer.BadParameter(f"{text!r} is not a number") from None
        if math.isnan(number) or (math.isinf(number) and "inf" in text.lower()):
            raise typer.BadParameter(f"{text!r} is not a finite number")
        if not low <= number <= (math.inf if high is None else high) or math.isinf(number):
            upper = " and finite" if high is None else f" and at most {high:g}"
            raise typer.BadParameter(f"{text} is out of range: at least {low:g}{upper}")
        return number

    return parse


def time_limit_option(help: str) -> Any:
    """A `--time-limit S` option: seconds for levelling, a finite number from 0.1 to a day."""
    return typer.Option(
        "--time-limit",
        min=0.1,
        max=MAX_TIME_LIMIT,
        parser=number_in(0.1, MAX_TIME_LIMIT),
        help=help,
    )


def date_option(flag: str, help: str) -> Any:
    """A `--flag YYYY-MM-DD` option, read into a datetime (None when not given)."""
    return typer.Option(
        flag, formats=["%Y-%m-%d"], help=help, show_default=False, callback=_in_range
    )


def _in_range(value: dt.datetime | None) -> dt.datetime | None:
    """The date option's value when a project may hold that date (1900 to 2199)."""
    if value is not None:
        _check_day(value.date(), None)
    return value


def _check_day(day: dt.date, option: str | None) -> dt.date:
    """`day`, or a BadParameter when it lies outside the dates a project file may hold."""
    from steerco.model.ranges import MAX_DATE, MIN_DATE

    if not MIN_DATE <= day <= MAX_DATE:
        raise typer.BadParameter(
            f"{day.isoformat()} is out of range; write a date from {MIN_DATE} to {MAX_DATE}",
            param_hint=option,
        )
    return day


def date_or_today(text: str | None, option: str) -> dt.date:
    """A date option written as YYYY-MM-DD, or today when it was not given."""
    if text is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2027-01-04", param_hint=option
        ) from None
    return _check_day(day, option)
