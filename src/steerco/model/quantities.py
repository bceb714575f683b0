"""Quantities written in project files: amounts of working time and cost rates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from steerco.model.ranges import MAX_PERIODS, MAX_RATE, check_finite

__all__ = ["Rate", "RateField", "WorkTime", "WorkTimeField", "parse_rate", "parse_work_time"]

TimeUnitName = Literal["d", "h", "w", "e"]

_WORK_TIME = re.compile(
    r"^\s*([+-]?[0-9]+(?:\.[0-9]+)?)\s*(ed|edays?|d|h|w|days?|hours?|weeks?)?\s*$", re.IGNORECASE
)
_RATE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:/\s*(d|h|day|hour))?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class WorkTime:
    """An amount of time as written: a value and a unit (d = working days, h, w; e = elapsed days).

    Elapsed days (`5ed`, as MS Project writes them) are calendar days, weekends and
    holidays included: a task of elapsed duration runs around the clock.
    """

    value: float
    unit: TimeUnitName = "d"

    def __str__(self) -> str:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return f"{value}{'ed' if self.unit == 'e' else self.unit}"

    @property
    def elapsed(self) -> bool:
        """Whether this is elapsed time (calendar days), not working time."""
        return self.unit == "e"

    def in_days(self, hours_per_day: float, days_per_week: int) -> float:
        """Convert to working days of a calendar with the given day length and week.

        Elapsed days count as days of a calendar that works every day (`elapsed`).
        """
        if self.unit == "h":
            return self.value / hours_per_day
        if self.unit == "w":
            return self.value * days_per_week
        return self.value


def _amount_of_time(value: float) -> float:
    """`value` as a float, once it is finite and no larger than any horizon steerco plans."""
    if isinstance(value, float):
        check_finite(value, "bad_duration", "5 or '5d'")
    if abs(value) > MAX_PERIODS:
        raise PydanticCustomError(
            "bad_duration",
            "{value} is longer than any plan steerco makes (36500 working days, "
            "about 100 years); write the working time in days, e.g. 5 or '5d'",
            {"value": value},
        )
    return float(value)


def parse_work_time(value: Any) -> Any:
    """Read `5`, `2.5`, `"5d"`, `"4h"`, `"2w"`, `"5ed"` or `"-2d"` into a WorkTime (else as is)."""
    if isinstance(value, WorkTime):
        return value
    if isinstance(value, bool):
        raise PydanticCustomError(
            "bad_duration", "expected an amount of working time, got a boolean"
        )
    if isinstance(value, int | float):
        return WorkTime(_amount_of_time(value))
    if isinstance(value, str):
        match = _WORK_TIME.match(value)
        if match is None:
            raise PydanticCustomError(
                "bad_duration",
                "cannot read '{value}' as working time; write e.g. 5, '5d', '4h', '2w' or '5ed'",
                {"value": value},
            )
        unit = (match.group(2) or "d")[0].lower()
        return WorkTime(_amount_of_time(float(match.group(1))), unit)  # type: ignore[arg-type]
    raise PydanticCustomError("bad_duration", "expected an amount of working time like 5 or '5d'")


WorkTimeField = Annotated[
    WorkTime,
    BeforeValidator(parse_work_time),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^[+-]?[0-9]+(\.[0-9]+)?\s*(d|h|w|ed)$"},
            ],
            "description": (
                "working time: a number of working days, or '5d', '4h', '2w', or elapsed days '5ed'"
            ),
        }
    ),
]


@dataclass(frozen=True)
class Rate:
    """A cost rate: an amount per working day (`per="d"`) or per working hour (`per="h"`)."""

    amount: float
    per: Literal["d", "h"] = "d"

    def __str__(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{amount}/{self.per}"

    def per_day(self, hours_per_day: float) -> float:
        """The amount per working day."""
        return self.amount * hours_per_day if self.per == "h" else self.amount


def _rate_amount(value: float) -> float:
    """`value` as a float, once it is finite and from 0 to MAX_RATE."""
    if isinstance(value, float):
        check_finite(value, "bad_rate", "800 or '100/h'")
    if value < 0:
        raise PydanticCustomError("bad_rate", "a cost rate cannot be negative")
    if value > MAX_RATE:
        raise PydanticCustomError(
            "bad_rate",
            "a cost rate of {value} is out of range; it runs from 0 to 1000000 per day or hour",
            {"value": value},
        )
    return float(value)


def parse_rate(value: Any) -> Any:
    """Read `800` (per working day), `"800/d"` or `"100/h"` into a Rate."""
    if isinstance(value, Rate):
        return value
    if isinstance(value, bool):
        raise PydanticCustomError("bad_rate", "expected a cost rate, got a boolean")
    if isinstance(value, int | float):
        return Rate(_rate_amount(value))
    if isinstance(value, str):
        match = _RATE.match(value)
        if match is None:
            raise PydanticCustomError(
                "bad_rate",
                "cannot read '{value}' as a rate; write 800 or '100/h'",
                {"value": value},
            )
        per = (match.group(2) or "d")[0].lower()
        return Rate(_rate_amount(float(match.group(1))), per)  # type: ignore[arg-type]
    raise PydanticCustomError("bad_rate", "expected a cost rate like 800 or '100/h'")


RateField = Annotated[
    Rate,
    BeforeValidator(parse_rate),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?\s*/\s*(d|h)$"},
            ],
            "description": "cost per working day, or per hour with '/h' (e.g. '100/h')",
        }
    ),
]
