"""How a project asks to be forecast: the uncertainty band of fixed durations, correlations."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.model.ranges import MAX_BAND, check_finite
from steerco.model.task import Distribution

__all__ = ["Band", "Correlation", "ForecastSettings", "parse_percent"]

_PERCENT = re.compile(r"^\s*([+-]?[0-9]+(?:\.[0-9]+)?)\s*%\s*$")


def _fraction(value: float) -> float:
    """`value` as a float, once it is finite and of a sane size (a percentage up to 1000%)."""
    if isinstance(value, float):
        check_finite(value, "bad_value", "'+30%'")
    if abs(value) > MAX_BAND:
        raise PydanticCustomError(
            "bad_value", "a band runs from -100% to +1000%; write e.g. '-10%' or '+30%'"
        )
    return float(value)


def parse_percent(value: Any) -> Any:
    """Read `"-10%"` or `"+30%"` as a fraction (-0.1, 0.3); a bare number is a fraction already."""
    if isinstance(value, bool):
        raise PydanticCustomError("bad_value", "expected a percentage like '+30%', got a boolean")
    if isinstance(value, int | float):
        return _fraction(value)
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match is None:
            raise PydanticCustomError(
                "bad_value",
                "cannot read '{value}' as a percentage; write e.g. '-10%' or '+30%'",
                {"value": value},
            )
        return _fraction(float(match.group(1)) / 100.0)
    return value


Percent = Annotated[
    float,
    BeforeValidator(parse_percent),
    PlainSerializer(lambda v: f"{v * 100:+g}%", return_type=str),
    WithJsonSchema({"type": ["string", "number"], "pattern": r"^[+-]?[0-9]+(\.[0-9]+)?%$"}),
]


class Band(Model):
    """Uncertainty of tasks written with a single duration d: d(1+low)..d..d(1+high)."""

    low: Percent = Field(default=-0.1, le=0, ge=-1)
    high: Percent = Field(default=0.3, ge=0, le=MAX_BAND)
    distribution: Distribution = "triangular"


class Correlation(Model):
    """Tasks whose durations move together: every pair of them has this rank correlation."""

    tasks: tuple[str, ...] = Field(
        min_length=2, description="ids of tasks (a summary stands for all its leaves)"
    )
    coefficient: float = Field(gt=-1, le=1)

    @model_validator(mode="before")
    @classmethod
    def _between(cls, value: Any) -> Any:
        if isinstance(value, dict) and "between" in value and "tasks" not in value:
            return {("tasks" if k == "between" else k): v for k, v in value.items()}
        return value


class ForecastSettings(Model):
    """Forecast options kept with the project: band, PERT weight and correlations."""

    band: Band | None = Field(
        default=None, description="uncertainty of single durations; without it they are fixed"
    )
    pert_lambda: float = Field(
        default=4.0, gt=0, le=100, description="weight of the likely value in PERT"
    )
    correlations: tuple[Correlation, ...] = ()
