"""Risks as the model keeps them: probability, impact, response and residual after it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from steerco.model.base import Model
from steerco.model.task import Estimate

__all__ = ["Residual", "Response", "Risk", "RiskImpact"]

Response = Literal["avoid", "mitigate", "transfer", "accept", "escalate"]


class RiskImpact(Model):
    """What happens when a risk occurs: a delay (three points) on its tasks, and a cost."""

    delay: Estimate | None = None
    cost: float = Field(default=0.0, ge=0)


class Residual(Model):
    """Probability and impact left after the response has been carried out."""

    probability: float = Field(ge=0, le=1)
    delay: Estimate | None = None
    cost: float = Field(default=0.0, ge=0)


class Risk(Model):
    """An uncertain event that would delay linked tasks or cost money."""

    id: str = Field(min_length=1)
    title: str
    description: str = ""
    probability: float = Field(ge=0, le=1)
    impact: RiskImpact = RiskImpact()
    tasks: tuple[str, ...] = Field(default=(), description="ids of the tasks it delays")
    owner: str | None = Field(default=None, description="resource id of the owner")
    response: Response | None = None
    plan: str = Field(default="", description="contingency plan")
    residual: Residual | None = None
