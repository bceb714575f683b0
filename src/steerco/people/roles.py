"""Role profiles: the skills and levels a role expects, category weights, experience, pay."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model

__all__ = ["CategoryWeights", "RoleLevel", "RoleLibrary", "RoleProfile", "SalaryBand"]

RoleLevel = Literal["entry", "mid", "senior"]


class SalaryBand(Model):
    """A yearly pay range with where the figures come from and their year."""

    min: float = Field(ge=0)
    max: float = Field(ge=0)
    open_ended: bool = Field(default=False, description="the band goes on above `max` ('150,000+')")
    currency: str = "USD"
    source: str = Field(min_length=1)
    year: int = Field(ge=1900, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> SalaryBand:
        if self.max < self.min:
            raise PydanticCustomError("bad_value", "a salary band needs min <= max")
        return self

    def text(self) -> str:
        """The band as people write it: '70,000-90,000 USD' or '120,000-150,000+ USD'."""
        plus = "+" if self.open_ended else ""
        return f"{self.min:,.0f}-{self.max:,.0f}{plus} {self.currency}"


class CategoryWeights(Model):
    """Importance (out of 10) of each skill category, with its source."""

    source: str = Field(min_length=1)
    year: int
    categories: dict[str, float]

    @model_validator(mode="after")
    def _in_range(self) -> CategoryWeights:
        for category, weight in self.categories.items():
            if not 0 < weight <= 10:
                raise PydanticCustomError(
                    "bad_value",
                    "weight of '{category}' is {weight}; weights run from above 0 to 10",
                    {"category": category, "weight": weight},
                )
        return self


class RoleProfile(Model):
    """What a role expects: skill levels, experience, helpful certifications and a salary band."""

    name: str = Field(min_length=1)
    track: Literal["ai-project-manager", "transition"]
    level: RoleLevel
    description: str = ""
    experience_months: int = Field(ge=0)
    leading_months: int = Field(ge=0)
    certifications: tuple[str, ...] = ()
    salary: SalaryBand
    skills: dict[str, int] = Field(min_length=1)
    weights: dict[str, float] | None = Field(
        default=None, description="category weights of this role, when not the defaults"
    )

    @model_validator(mode="after")
    def _levels(self) -> RoleProfile:
        for skill, level in self.skills.items():
            if not 1 <= level <= 5:
                raise PydanticCustomError(
                    "bad_skill_level",
                    "role expects '{skill}' at level {level}; expected levels run from 1 to 5",
                    {"skill": skill, "level": level},
                )
        return self


class RoleLibrary(Model):
    """Every role profile, by id, and the default category weights."""

    weights: CategoryWeights
    roles: dict[str, RoleProfile] = Field(min_length=1)

    def weights_of(self, role_id: str) -> dict[str, float]:
        """The category weights that apply to a role (its own, else the defaults)."""
        own = self.roles[role_id].weights
        return {**self.weights.categories, **(own or {})}

    def path(self) -> list[str]:
        """The AI project manager levels in order: entry, mid, senior."""
        order = {"entry": 0, "mid": 1, "senior": 2}
        ladder = [rid for rid, r in self.roles.items() if r.track == "ai-project-manager"]
        return sorted(ladder, key=lambda rid: order[self.roles[rid].level])

    def with_salaries(self, bands: dict[str, SalaryBand]) -> RoleLibrary:
        """The same roles with some salary bands replaced (a local override file)."""
        roles = {
            rid: role.revised(salary=bands[rid]) if rid in bands else role
            for rid, role in self.roles.items()
        }
        return self.revised(roles=roles)
