"""Tasks as a WBS tree, their estimates, dependencies and resource demands."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.model.compute import Compute
from steerco.model.gate import Gate
from steerco.model.quantities import RateField, WorkTime, WorkTimeField, parse_work_time
from steerco.model.ranges import MAX_AMOUNT, MAX_CAPACITY, MAX_POINTS, Day, check_finite
from steerco.model.run import RunLink

__all__ = [
    "Accrual",
    "Demand",
    "Dependency",
    "DependencyType",
    "Distribution",
    "Estimate",
    "PinReason",
    "PinnedDates",
    "Task",
    "TaskKind",
    "walk_tasks",
]

DependencyType = Literal["FS", "SS", "FF", "SF"]
Distribution = Literal["triangular", "pert", "lognormal", "uniform", "fixed"]
Accrual = Literal["start", "prorated", "end"]
TaskKind = Literal["task", "summary", "milestone"]

PinReason = Literal["manual", "levelled", "contoured"]

_DEPENDENCY = re.compile(
    r"^\s*(?P<task>[^\s]+)(?:\s+(?P<type>FS|SS|FF|SF)\s*(?P<lag>[+-]\s*[0-9.]+\s*[a-z%]*)?)?\s*$",
    re.IGNORECASE,
)
_POINTS = re.compile(
    r"^\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?)\s*(?:pts?|sp|points?)?\s*$",
    re.IGNORECASE,
)
"""Story points as written: `5`, `0.5`, `5pt`, `5 sp`, `5 points` (a number, perhaps a unit)."""


class Estimate(Model):
    """A three-point estimate of working time and the distribution it is read with."""

    low: WorkTimeField
    likely: WorkTimeField
    high: WorkTimeField
    distribution: Distribution = "pert"

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, str) and ".." in value:
            parts = [p.strip() for p in value.split("..")]
            if len(parts) != 3:
                raise PydanticCustomError(
                    "bad_duration",
                    "a three-point estimate reads 'low..likely..high', e.g. '3d..5d..10d'",
                )
            return {"low": parts[0], "likely": parts[1], "high": parts[2]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Estimate:
        if self.low.value < 0:
            raise PydanticCustomError("bad_duration", "an estimate cannot be negative")
        if not self.low.unit == self.likely.unit == self.high.unit:
            raise PydanticCustomError(
                "bad_duration", "write the three points of an estimate in one unit"
            )
        if not self.low.value <= self.likely.value <= self.high.value:
            raise PydanticCustomError(
                "bad_duration",
                "an estimate needs low <= likely <= high, got {low}, {likely}, {high}",
                {"low": str(self.low), "likely": str(self.likely), "high": str(self.high)},
            )
        if self.distribution == "lognormal" and not 0 < self.low.value < self.high.value:
            raise PydanticCustomError(
                "bad_duration",
                "a lognormal estimate reads low and high as its P10 and P90: "
                "it needs 0 < low < high",
            )
        return self


class Dependency(Model):
    """A link from a predecessor task: FS, SS, FF or SF with a lag (negative = lead).

    The lag is working time (`2d`, `4h`), elapsed time (`2ed`), or a percentage of the
    predecessor's duration (`lag_percent`, written `a FS+50%`), as MS Project writes it.
    """

    task: str = Field(min_length=1, description="id of the predecessor (a leaf or a summary)")
    type: DependencyType = "FS"
    lag: WorkTimeField = WorkTime(0.0)
    lag_percent: float | None = Field(
        default=None,
        ge=-1000,
        le=1000,
        description="a lag as a percentage of the predecessor's duration (negative: a lead); "
        "instead of `lag`",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, int):
            return {"task": str(value)}
        if isinstance(value, str):
            match = _DEPENDENCY.match(value)
            if match is None:
                raise PydanticCustomError(
                    "bad_dependency",
                    "cannot read dependency '{value}'; write 'task', 'task SS' or 'task FS+2d'",
                    {"value": value},
                )
            out: dict[str, Any] = {"task": match.group("task")}
            if match.group("type"):
                out["type"] = match.group("type").upper()
            lag = match.group("lag")
            if lag and lag.rstrip().endswith("%"):
                out["lag_percent"] = float(lag.replace(" ", "").rstrip("%"))
            elif lag:
                out["lag"] = lag.replace(" ", "")
            return out
        if isinstance(value, dict) and isinstance(value.get("type"), str):
            return {**value, "type": value["type"].upper()}
        return value

    @model_validator(mode="after")
    def _one_lag(self) -> Dependency:
        if self.lag_percent is not None and self.lag.value != 0:
            raise PydanticCustomError(
                "bad_dependency", "a link has one lag: write `lag` or `lag_percent`, not both"
            )
        return self


class PinnedDates(Model):
    """Dates a task keeps whatever its links say: set by hand, by levelling or by a contour."""

    start: Day = Field(description="the first day of the task")
    finish: Day = Field(description="the last day of the task")
    reason: PinReason = Field(
        default="manual",
        description="why the dates are kept: scheduled by hand (manual), moved by a "
        "levelling run (levelled), or a work contour edited by hand (contoured)",
    )

    @model_validator(mode="after")
    def _ordered(self) -> PinnedDates:
        if self.finish < self.start:
            raise PydanticCustomError(
                "bad_date",
                "pinned finish {finish} is before the pinned start {start}",
                {"finish": str(self.finish), "start": str(self.start)},
            )
        return self


class Demand(Model):
    """What a task needs: a named resource, or anyone of a role and/or with a skill level."""

    resource: str | None = None
    role: str | None = None
    skill: str | None = None
    min_level: int = Field(default=0, ge=0, le=5)
    units: float = Field(default=1.0, gt=0, le=MAX_CAPACITY)

    @model_validator(mode="after")
    def _one_target(self) -> Demand:
        if self.resource is not None and (self.role is not None or self.skill is not None):
            raise PydanticCustomError(
                "bad_demand", "a demand names a resource, or a role and/or a skill, not both"
            )
        if self.resource is None and self.role is None and self.skill is None:
            raise PydanticCustomError("bad_demand", "a demand needs a resource, a role or a skill")
        return self


def _demands_from_mapping(value: Any) -> Any:
    if isinstance(value, dict):
        return [{"resource": str(key), "units": units} for key, units in value.items()]
    return value


class Task(Model):
    """A node of the WBS: a summary (with children), a leaf task or a milestone."""

    id: str = Field(min_length=1)
    name: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    children: tuple[Task, ...] = ()
    duration: WorkTimeField | None = None
    estimate: Estimate | None = None
    points: float | None = Field(
        default=None,
        gt=0,
        le=MAX_POINTS,
        description="story points: the task's estimate in points, calibrated to working time "
        "through a history of points (`steerco forecast --history`); with a `duration` or "
        "`estimate` beside it, that is the plan every other command uses",
    )
    milestone: bool = False
    after: tuple[Dependency, ...] = Field(default=(), description="predecessors")
    demands: tuple[Demand, ...] = Field(
        default=(), description="{resource: units} or a list of demands"
    )
    cost: float = Field(default=0.0, ge=0, le=MAX_AMOUNT, description="fixed cost of the task")
    accrual: Accrual = "prorated"
    overhead: RateField | None = Field(
        default=None,
        description="cost per working day of the task's span (a summary: its leaves' span)",
    )
    deadline: Day | None = Field(default=None, description="finished by the end of this day")
    start_no_earlier_than: Day | None = Field(
        default=None, description="the task starts on this day or later"
    )
    start_no_later_than: Day | None = Field(
        default=None, description="the task starts on this day or earlier (bounds late dates)"
    )
    finish_no_earlier_than: Day | None = Field(
        default=None, description="the task finishes on this day or later"
    )
    finish_no_later_than: Day | None = Field(
        default=None, description="the task finishes on this day or earlier (bounds late dates)"
    )
    must_start_on: Day | None = Field(
        default=None, description="the task starts on this day: its early and late start"
    )
    must_finish_on: Day | None = Field(
        default=None, description="the task finishes on this day: its early and late finish"
    )
    pinned: PinnedDates | None = Field(
        default=None,
        description="dates the task keeps whatever its links say (imported from a plan "
        "scheduled by hand or levelled); its duration is the working time between them",
    )
    calendar: str | None = Field(
        default=None,
        description="the calendar the task's work runs on: '24x7' (every day, e.g. a training "
        "run on a GPU cluster) or the name of a calendar under `calendars:`; by default the "
        "calendar of its resources (their workdays and leave) within the project's",
    )
    split: bool = Field(
        default=True,
        description="whether the work may pause over its calendar's days off; false keeps "
        "it to one unbroken stretch of the project's working days",
    )
    category: str | None = Field(default=None, description="kind of work, for calibration")
    estimated_by: str | None = Field(default=None, description="resource id of the estimator")
    gate: Gate | None = Field(
        default=None, description="what must hold to pass this milestone: a metric or a decision"
    )
    epic: str | None = Field(
        default=None,
        description="id of the backlog epic that delivers this task: its duration comes "
        "from the epic's forecast (its remaining items over the team's throughput)",
    )
    run: RunLink | None = Field(
        default=None,
        description="the training run this task is: where it logs, and its planned steps or "
        "epochs (progress with `steerco update --from-runs`, metrics for gates)",
    )
    compute: Compute | None = Field(
        default=None,
        description="size a training task by compute (FLOPs on accelerators at a utilisation "
        "band) instead of a duration or estimate",
    )

    @model_validator(mode="before")
    @classmethod
    def _three_point_shorthand(cls, value: Any) -> Any:
        if isinstance(value, dict):
            duration = value.get("duration")
            if isinstance(duration, str) and ".." in duration and "estimate" not in value:
                value = {k: v for k, v in value.items() if k != "duration"}
                value["estimate"] = duration
            if "id" in value and isinstance(value["id"], int):
                value = {**value, "id": str(value["id"])}
        return value

    @field_validator("demands", mode="before")
    @classmethod
    def _demand_mapping(cls, value: Any) -> Any:
        return _demands_from_mapping(value)

    @field_validator("duration", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        parsed = parse_work_time(value)
        if isinstance(parsed, WorkTime) and parsed.value < 0:
            raise PydanticCustomError("bad_duration", "a duration cannot be negative")
        return parsed

    @field_validator("points", mode="before")
    @classmethod
    def _points(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str) and (match := _POINTS.match(value)) is not None:
            value = float(match.group(1))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError(
                "bad_value", "story points are a number, such as 5 or 0.5, got {value}",
                {"value": repr(value)},
            )  # fmt: skip
        check_finite(float(value), "bad_value", "5")
        if not 0 < value <= MAX_POINTS:
            raise PydanticCustomError(
                "bad_value",
                f"story points are more than 0 and at most {MAX_POINTS:,.0f}, got {{value}}",
                {"value": value},
            )
        return float(value)

    @field_validator("gate")
    @classmethod
    def _gate_on_milestone(cls, value: Gate | None, info: ValidationInfo) -> Gate | None:
        if value is not None and info.data.get("milestone") is False:
            raise PydanticCustomError(
                "bad_gate", "only a milestone can carry a gate; add `milestone: true`"
            )
        return value

    @property
    def kind(self) -> TaskKind:
        """`summary` when it has children, `milestone` when flagged, else `task`."""
        if self.children:
            return "summary"
        return "milestone" if self.milestone else "task"

    @property
    def planned(self) -> WorkTime:
        """The duration the critical path uses: the fixed duration or the likely value."""
        if self.estimate is not None:
            return self.estimate.likely
        if self.duration is not None:
            return self.duration
        return WorkTime(0.0)

    def label(self) -> str:
        """The name if given, else the id."""
        return self.name or self.id

    def walk(self) -> Iterator[Task]:
        """The task itself and all its descendants, depth first, in document order."""
        return iter(walk_tasks((self,)))

    def leaves(self) -> Iterator[Task]:
        """The leaf tasks (and milestones) under this task, or itself if it is a leaf."""
        return (task for task in self.walk() if not task.children)


def walk_tasks(tasks: Sequence[Task]) -> list[Task]:
    """`tasks` and all their descendants, depth first, in document order.

    A list, not nested generators: a 1,000-task WBS is walked many times per check.
    """
    found: list[Task] = []
    stack = list(reversed(tasks))
    while stack:
        task = stack.pop()
        found.append(task)
        if task.children:
            stack.extend(reversed(task.children))
    return found
