"""A person's self-description: skills, experience, education, certifications, target."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model

__all__ = ["EDUCATION", "Education", "Profile"]

Education = Literal["none", "secondary", "associate", "bachelor", "master", "doctorate"]
EDUCATION: tuple[Education, ...] = (
    "none",
    "secondary",
    "associate",
    "bachelor",
    "master",
    "doctorate",
)
"""Degrees from lowest to highest: `secondary` is a high-school diploma or equivalent."""


def _level(value: int) -> int:
    if not 0 <= value <= 5:
        raise PydanticCustomError(
            "bad_skill_level",
            "level {level} is out of range; levels run from 0 to 5",
            {"level": value},
        )
    return value


SkillLevel = Annotated[int, AfterValidator(_level)]


class Profile(Model):
    """Who a person is professionally, as they describe themselves in a small YAML file."""

    name: str = Field(default="", description="how to call the person, e.g. a role")
    current_role: str = ""
    skills: dict[str, SkillLevel] = Field(default_factory=dict, description="skill -> level 0..5")
    experience_months: int = Field(default=0, description="months of professional experience")
    leading_months: int = Field(default=0, description="months leading and directing projects")
    agile_months: int = Field(default=0, description="months on agile projects")
    education: Education = "secondary"
    pm_education_hours: float = Field(
        default=0, description="contact hours of project management education"
    )
    agile_education_hours: float = Field(default=0, description="contact hours of agile training")
    certifications: tuple[str, ...] = Field(default=(), description="certification ids held")
    courses: tuple[str, ...] = Field(default=(), description="required courses finished")
    target: str | None = Field(default=None, description="the role id the person aims for")

    @field_validator(
        "experience_months",
        "leading_months",
        "agile_months",
        "pm_education_hours",
        "agile_education_hours",
    )
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0:
            raise PydanticCustomError(
                "bad_value", "{value} is negative; months and hours start at 0", {"value": value}
            )
        return value
