"""Resources: people, roles (pools of interchangeable people) and equipment such as GPUs."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.model.calendar import Weekday, normalise_weekdays
from steerco.model.quantities import RateField
from steerco.model.ranges import MAX_CAPACITY, Day

__all__ = ["DateRange", "Resource", "ResourceKind"]

ResourceKind = Literal["person", "role", "equipment"]
_RANGE = re.compile(r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*\.\.\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*$")


class DateRange(Model):
    """An inclusive range of calendar dates, e.g. a leave from `start` to `end`."""

    start: Day
    end: Day

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return {"start": value, "end": value}
        if isinstance(value, str):
            match = _RANGE.match(value)
            if match:
                return {"start": match.group(1), "end": match.group(2)}
            return {"start": value.strip(), "end": value.strip()}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise PydanticCustomError("bad_date", "date range ends before it starts")
        return self


class Resource(Model):
    """A person, a role or a piece of equipment that tasks demand."""

    id: str = Field(min_length=1)
    name: str = ""
    kind: ResourceKind = "person"
    role: str | None = Field(default=None, description="a person's role, matched by role demands")
    capacity: float = Field(
        default=1.0, le=MAX_CAPACITY, description="units available at a time (people, GPUs)"
    )
    rate: RateField | None = Field(default=None, description="cost per working day, or '100/h'")
    skills: dict[str, int] = Field(default_factory=dict, description="skill name -> level 0..5")
    leave: tuple[DateRange, ...] = Field(default=(), description="dates or 'a..b' date ranges")
    workdays: tuple[Weekday, ...] | None = Field(
        default=None,
        min_length=1,
        description="weekdays this resource works, when fewer than the project calendar's",
    )
    calendar: str | None = Field(
        default=None,
        description="the name of a calendar under `calendars:` this resource works on, "
        "instead of the project's; its tasks work on it (within their own calendar)",
    )
    accelerator: str | None = Field(
        default=None,
        description="equipment only: the accelerator type (e.g. h100-sxm, a100-80gb), whose "
        "peak FLOP/s steerco knows (data/accelerators.yaml)",
    )
    peak_tflops: float | None = Field(
        default=None,
        gt=0,
        le=1e6,
        description="equipment only: peak dense TFLOP/s of one unit at the training precision "
        "(overrides the accelerator type's)",
    )
    description: str = ""

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    _weekdays = field_validator("workdays", mode="before")(normalise_weekdays)

    @field_validator("capacity")
    @classmethod
    def _capacity_not_negative(cls, value: float) -> float:
        if value < 0:
            raise PydanticCustomError(
                "negative_capacity", "capacity is {value}; it must be 0 or more", {"value": value}
            )
        return value

    @field_validator("skills")
    @classmethod
    def _levels_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        for skill, level in value.items():
            if not 0 <= level <= 5:
                raise PydanticCustomError(
                    "bad_skill_level",
                    "skill '{skill}' has level {level}; levels run from 0 to 5",
                    {"skill": skill, "level": level},
                )
        return value

    def label(self) -> str:
        """The name if given, else the id."""
        return self.name or self.id
