"""The working calendar of a project or a resource, as described in a project file."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from steerco.model.base import Model

__all__ = ["WEEKDAYS", "Calendar", "Weekday"]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Calendar(Model):
    """Working weekdays, day length, public holidays of a country, and exceptions."""

    workdays: tuple[Weekday, ...] = Field(
        default=("mon", "tue", "wed", "thu", "fri"), min_length=1, description="working weekdays"
    )
    country: str | None = Field(
        default=None, description="ISO country code for public holidays (the holidays package)"
    )
    subdivision: str | None = Field(
        default=None, description="state or region code within the country, e.g. CA or BY"
    )
    holidays: tuple[dt.date, ...] = Field(default=(), description="extra non-working dates")
    working_days: tuple[dt.date, ...] = Field(
        default=(), description="dates that are worked although the rules above say not"
    )
    hours_per_day: float = Field(default=8.0, gt=0, le=24, description="working hours per day")

    @field_validator("workdays", mode="before")
    @classmethod
    def _lowercase_weekdays(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(v.lower()[:3] if isinstance(v, str) else v for v in value)
        return value

    @property
    def weekday_mask(self) -> tuple[bool, ...]:
        """Seven booleans, Monday first: whether each weekday is worked."""
        return tuple(day in self.workdays for day in WEEKDAYS)
