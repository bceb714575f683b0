"""The documented range of every value a project file holds (docs/project-file.md, "Ranges").

Values outside these ranges are rejected at load with a located diagnostic, so that no
later step overflows a date, converts an infinity or sizes an array by a typo. The
horizon bound is what keeps every array that is sized by time (calendars, resource
profiles) small: it is checked before any of them is built.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from steerco.limits import MAX_AMOUNT, MAX_ITERATIONS

__all__ = [
    "MAX_AMOUNT",
    "MAX_BAND",
    "MAX_CAPACITY",
    "MAX_DATE",
    "MAX_HISTORY_PERIODS",
    "MAX_ITERATIONS",
    "MAX_PERIODS",
    "MAX_POINTS",
    "MAX_RATE",
    "MAX_WBS_DEPTH",
    "MAX_WORKING_DAYS",
    "MIN_DATE",
    "Day",
    "check_day",
    "check_finite",
]

MAX_WBS_DEPTH = 40
"""The deepest WBS a plan may hold, its tasks' level included: what a project file can nest
(YAML read to 100 levels: about 2.5 a WBS level) with room for a task's own lists."""
MIN_DATE = dt.date(1900, 1, 1)
"""The earliest date a project file may hold."""
MAX_DATE = dt.date(2199, 12, 31)
"""The latest date a project file may hold, and the latest a dated plan may reach."""
MAX_WORKING_DAYS = 36_500
"""The longest horizon of a dated plan, in working days (about 100 years of working time)."""
MAX_HISTORY_PERIODS = MAX_WORKING_DAYS
"""The longest throughput history, and the furthest a throughput forecast looks ahead."""
MAX_PERIODS = 1_000_000
"""The longest horizon of a plan in bare periods (`unit: period`)."""
MAX_POINTS = 10_000.0
"""The most story points a task may be estimated at (`points`)."""
MAX_CAPACITY = 10_000.0
"""The most units of a resource (its `capacity`, a demand's `units`)."""
MAX_RATE = 1_000_000.0
"""The highest cost rate, per working day or per hour."""
MAX_BAND = 10.0
"""The widest uncertainty band, as a fraction: +1000%."""


def check_finite(value: float, code: str, example: str) -> None:
    """Raise `code` (a PydanticCustomError) when `value` is an infinity or not a number."""
    if not math.isfinite(value):
        raise PydanticCustomError(
            code,
            "{value} is not a number steerco can use; write a finite number such as {example}",
            {"value": ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf"),
             "example": example},
        )  # fmt: skip


def check_day(value: dt.date) -> dt.date:
    """Pass a date from MIN_DATE to MAX_DATE; raise `bad_date` for any other."""
    if isinstance(value, dt.date) and not MIN_DATE <= value <= MAX_DATE:
        raise PydanticCustomError(
            "bad_date",
            "date {value} is out of range; write a date from {low} to {high}",
            {"value": value.isoformat(), "low": MIN_DATE.isoformat(), "high": MAX_DATE.isoformat()},
        )
    return value


Day = Annotated[dt.date, AfterValidator(check_day)]
"""A calendar date from 1900-01-01 to 2199-12-31."""
