"""Progress as recorded at a status date: actual dates, percent complete, remaining, cost."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.model.quantities import WorkTime, WorkTimeField
from steerco.model.ranges import MAX_AMOUNT, Day

__all__ = ["EARNING_RULES", "EarningRule", "Progress", "TaskProgress"]

EarningRule = Literal["percent_complete", "0/100", "50/50"]
EARNING_RULES: tuple[str, ...] = ("percent_complete", "0/100", "50/50")


class TaskProgress(Model):
    """What happened to one leaf task by the status date."""

    actual_start: Day | None = Field(default=None, description="the first day worked")
    actual_finish: Day | None = Field(
        default=None, description="the last day worked; the task is finished"
    )
    percent_complete: float | None = Field(
        default=None, description="physical percent complete, 0..100"
    )
    remaining: WorkTimeField | None = Field(
        default=None, description="working time still needed after the status date"
    )
    actual_cost: float | None = Field(
        default=None, ge=0, le=MAX_AMOUNT, description="cumulative actual cost to the status date"
    )
    earning: EarningRule | None = Field(
        default=None, description="earning rule of this task, when not the project's"
    )

    @field_validator("percent_complete")
    @classmethod
    def _percent_in_range(cls, value: float | None) -> float | None:
        if value is not None and not 0 <= value <= 100:
            raise PydanticCustomError(
                "bad_percent",
                "percent complete is {value}; it runs from 0 to 100",
                {"value": value},
            )
        return value

    @field_validator("remaining")
    @classmethod
    def _remaining_not_negative(cls, value: WorkTime | None) -> WorkTime | None:
        if value is not None and value.value < 0:
            raise PydanticCustomError(
                "negative_remaining",
                "remaining is {value}; write the working time still needed, 0 or more",
                {"value": str(value)},
            )
        return value

    @property
    def finished(self) -> bool:
        """True when the task has an actual finish."""
        return self.actual_finish is not None

    @property
    def started(self) -> bool:
        """True when the task has an actual start (or finish)."""
        return self.actual_start is not None or self.actual_finish is not None


class Progress(Model):
    """The project's progress at its status date, per leaf task."""

    status_date: Day | None = Field(
        default=None, description="progress is counted to the end of this day (inclusive)"
    )
    earning: EarningRule = Field(
        default="percent_complete", description="how tasks earn value: the project's default"
    )
    manager_eac: float | None = Field(
        default=None,
        ge=0,
        le=MAX_AMOUNT,
        description="the project manager's own estimate at completion",
    )
    tasks: dict[str, TaskProgress] = Field(default_factory=dict, description="task id -> progress")

    @field_validator("tasks", mode="before")
    @classmethod
    def _ids_as_text(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(key): item for key, item in value.items()}
        return value

    def of(self, task_id: str) -> TaskProgress | None:
        """The progress recorded for `task_id`, if any."""
        return self.tasks.get(task_id)
