"""Risks as the model keeps them: cause, event, effect, probability, impacts, responses.

The forecast reads `probability`, `impact` (`delay`, `cost`), `residual`, `tasks` and
`status`; the rest is the register that `steerco risks` reports.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from steerco.model.base import Model
from steerco.model.ranges import MAX_AMOUNT, Day
from steerco.model.task import Estimate

__all__ = [
    "Rating",
    "Residual",
    "Response",
    "Risk",
    "RiskAction",
    "RiskImpact",
    "RiskStatus",
]

Response = Literal["avoid", "mitigate", "transfer", "accept", "escalate"]
RiskStatus = Literal["open", "occurred", "closed"]
Rating = Annotated[int, Field(ge=1, le=5)]
"""A level on the 1-5 scale: 1 very low, 2 low, 3 moderate, 4 high, 5 very high."""


class RiskImpact(Model):
    """What happens when a risk occurs: a delay (three points) on its tasks, a cost, ratings."""

    delay: Estimate | None = None
    cost: float = Field(default=0.0, ge=0, le=MAX_AMOUNT)
    scope: Rating | None = Field(default=None, description="scope/quality impact, 1-5")
    compliance: Rating | None = Field(default=None, description="compliance impact, 1-5")


class Residual(Model):
    """Probability and impact left after the response has been carried out."""

    probability: float = Field(ge=0, le=1)
    delay: Estimate | None = None
    cost: float = Field(default=0.0, ge=0, le=MAX_AMOUNT)


class RiskAction(Model):
    """One response action: what is done, by whom, by when, and whether it is done."""

    action: str = Field(min_length=1)
    owner: str | None = Field(default=None, description="resource id of the action's owner")
    due: Day | None = None
    done: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"action": value} if isinstance(value, str) else value


class Risk(Model):
    """An uncertain event that would delay linked tasks, cost money or hurt scope/compliance."""

    id: str = Field(min_length=1)
    title: str
    description: str = ""
    cause: str = ""
    event: str = ""
    effect: str = ""
    category: str | None = Field(default=None, description="e.g. data, model, genai, legal")
    probability: float = Field(ge=0, le=1)
    impact: RiskImpact = RiskImpact()
    tasks: tuple[str, ...] = Field(default=(), description="ids of the tasks it delays")
    owner: str | None = Field(default=None, description="resource id of the owner")
    proximity: Day | None = Field(default=None, description="when it could first occur")
    triggers: tuple[str, ...] = ()
    warning_signs: tuple[str, ...] = ()
    response: Response | None = None
    actions: tuple[RiskAction, ...] = ()
    plan: str = Field(default="", description="contingency plan")
    fallback: str = Field(default="", description="what to do if the contingency plan fails")
    residual: Residual | None = None
    status: RiskStatus = "open"
    review: Day | None = Field(default=None, description="next review date")
    library: str | None = Field(default=None, description="id of the library risk it came from")
