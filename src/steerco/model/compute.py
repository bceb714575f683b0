"""Compute estimates: a training task's FLOPs on accelerators at a utilisation band."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model, also_written

__all__ = ["Compute", "UtilisationBand"]

_NUMBER = r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_PERCENT = re.compile(rf"^\s*{_NUMBER}\s*%\s*$")
_SHARE = re.compile(rf"^\s*{_NUMBER}\s*$")

LargeNumber = Annotated[
    float | None,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                # YAML 1.1 reads 8e9 (no dot, no sign) as text; steerco reads it as a number
                {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]*)?[eE][+-]?[0-9]+\s*$"},
            ]
        }
    ),
]


def _fraction(value: Any) -> Any:
    """`35%` or 0.35 -> 0.35; a share that is no number in (0, 100%] is `bad_compute`."""
    if isinstance(value, str):
        match = _PERCENT.match(value)
        share = _SHARE.match(value)
        if match:
            value = float(match.group(1)) / 100
        elif share:
            value = float(share.group(1))
        else:
            raise PydanticCustomError(
                "bad_compute",
                "cannot read '{value}' as a utilisation; write e.g. '40%' or 0.4",
                {"value": value},
            )
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value  # pydantic names the type it wanted
    if not 0 < value <= 1:  # nan fails this too
        raise PydanticCustomError(
            "bad_compute",
            "a utilisation is a share of the peak above 0 and at most 100%, got {value}",
            {"value": value},
        )
    return value


class UtilisationBand(Model):
    """The share of the accelerators' peak FLOP/s a run sustains: low, likely and high."""

    low: float = Field(gt=0, le=1)
    likely: float = Field(gt=0, le=1)
    high: float = Field(gt=0, le=1)

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, str) and ".." in value:
            parts = [p.strip() for p in value.split("..")]
            if len(parts) == 2:
                parts = [parts[0], "", parts[1]]
            if len(parts) != 3:
                raise PydanticCustomError(
                    "bad_compute",
                    "a utilisation band reads 'low..likely..high' (or 'low..high'), "
                    "e.g. '30%..40%..50%'",
                )
            if parts[1] == "":
                low, high = _fraction(parts[0]), _fraction(parts[2])
                likely = (float(low) + float(high)) / 2
            else:
                low, likely, high = (_fraction(p) for p in parts)
            return {"low": low, "likely": likely, "high": high}
        if isinstance(value, int | float | str):
            one = _fraction(value)
            return {"low": one, "likely": one, "high": one}
        if isinstance(value, dict):
            return {key: _fraction(item) for key, item in value.items()}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> UtilisationBand:
        if not self.low <= self.likely <= self.high:
            raise PydanticCustomError(
                "bad_compute", "a utilisation band needs low <= likely <= high"
            )
        return self


class Compute(Model):
    """A training task sized by compute: FLOPs (or 6 x parameters x tokens) on accelerators.

    GPU-hours = FLOPs / (peak FLOP/s per accelerator x utilisation) / 3600; the task's
    duration is GPU-hours / count on its calendar, as a three-point estimate from the
    utilisation band (the high utilisation gives the low duration).
    """

    model_config = ConfigDict(
        json_schema_extra=also_written(
            "utilisation",
            {
                "anyOf": [
                    {"type": "string", "pattern": r"^[\s0-9.%]+(\.\.[\s0-9.%]+){0,2}$"},
                    {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                ],
                "description": "'30%..40%..50%' (low, likely, high), '30%..50%', or one value",
            },
        )
    )

    flops: LargeNumber = Field(default=None, gt=0, description="total training FLOPs")
    params: LargeNumber = Field(default=None, gt=0, description="model parameters, e.g. 8e9")
    tokens: LargeNumber = Field(default=None, gt=0, description="training tokens, e.g. 2e9")
    accelerator: str = Field(
        min_length=1, description="id of the equipment resource the run trains on (a GPU pool)"
    )
    count: int | None = Field(
        default=None,
        gt=0,
        description="accelerators the run uses (default: the task's demand on `accelerator`)",
    )
    utilisation: UtilisationBand = Field(
        description="share of peak FLOP/s sustained: '30%..40%..50%', or one value"
    )

    @model_validator(mode="after")
    def _sized(self) -> Compute:
        by_flops = self.flops is not None
        by_tokens = self.params is not None or self.tokens is not None
        if by_flops == by_tokens or (by_tokens and (self.params is None or self.tokens is None)):
            raise PydanticCustomError(
                "bad_compute",
                "a compute estimate gives `flops`, or `params` and `tokens` (6 x params x "
                "tokens), one of the two",
            )
        return self

    @property
    def total_flops(self) -> float:
        """The FLOPs to train: as given, or 6 x parameters x tokens."""
        if self.flops is not None:
            return self.flops
        assert self.params is not None and self.tokens is not None
        return 6.0 * self.params * self.tokens
