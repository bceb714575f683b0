"""The working calendar of a project or a resource, as described in a project file."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.model.ranges import Day

__all__ = ["WEEKDAYS", "Calendar", "Weekday", "normalise_weekdays"]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def normalise_weekdays(value: object) -> object:
    """Accept `Mon`, `monday` or `MON` for `mon` in a list of weekdays."""
    if isinstance(value, list | tuple):
        return tuple(v.lower()[:3] if isinstance(v, str) else v for v in value)
    return value


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
    holidays: tuple[Day, ...] = Field(default=(), description="extra non-working dates")
    working_days: tuple[Day, ...] = Field(
        default=(), description="dates that are worked although the rules above say not"
    )
    hours_per_day: float = Field(default=8.0, gt=0, le=24, description="working hours per day")

    _weekdays = field_validator("workdays", mode="before")(normalise_weekdays)

    @model_validator(mode="after")
    def _known_region(self) -> Calendar:
        if self.country is None:
            if self.subdivision is not None:
                raise PydanticCustomError("bad_value", "a subdivision needs a country")
            return self
        import holidays

        supported = holidays.list_supported_countries()
        if self.country.upper() not in supported:
            raise PydanticCustomError(
                "bad_value",
                "unknown country '{country}' for public holidays; use an ISO code such as US, "
                "GB or DE",
                {"country": self.country},
            )
        subdivisions = supported[self.country.upper()]
        if self.subdivision is not None and self.subdivision.upper() not in subdivisions:
            raise PydanticCustomError(
                "bad_value",
                "unknown subdivision '{subdivision}' of {country}; known: {known}",
                {
                    "subdivision": self.subdivision,
                    "country": self.country,
                    "known": ", ".join(subdivisions[:12])
                    + (", ..." if len(subdivisions) > 12 else ""),
                },
            )
        return self

    @property
    def weekday_mask(self) -> tuple[bool, ...]:
        """Seven booleans, Monday first: whether each weekday is worked."""
        return tuple(day in self.workdays for day in WEEKDAYS)
