"""The backlog: work items, the workflow they move through, sprints and the agile settings.

Dates are days, as everywhere in the file. An item's `started` and `done` are the first day
it was in progress and the day it was done; where they are not written, they follow from
its `history` of status changes (the first change into an in-progress status, the last
change into a done status), so a board exported with its history needs neither.
"""

from __future__ import annotations

import itertools
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.model.quantities import WorkTimeField
from steerco.model.ranges import MAX_AMOUNT, Day

__all__ = [
    "DEFAULT_STATUSES",
    "AgileSettings",
    "BlockedSpan",
    "ForecastBasis",
    "ItemType",
    "ScopeChange",
    "Sprint",
    "StatusCategory",
    "StatusChange",
    "WorkItem",
    "Workflow",
    "WorkflowStatus",
]

StatusCategory = Literal["todo", "in_progress", "done"]
ItemType = Literal["epic", "story", "bug", "spike", "task", "subtask", "test"]
ForecastBasis = Literal["velocity", "throughput"]


def _ids_as_text(value: Any, *keys: str) -> Any:
    """Ids written as bare numbers (`id: 12`) read as text, as task ids do."""
    if isinstance(value, dict):
        fixed = {k: str(value[k]) for k in keys if isinstance(value.get(k), int)}
        if fixed:
            return {**value, **fixed}
    return value


class WorkflowStatus(Model):
    """A column of the board: a status, its category and its work-in-progress limit."""

    name: str = Field(min_length=1, description="the status as the team names it, e.g. 'In Review'")
    category: StatusCategory = Field(description="todo, in_progress or done")
    wip_limit: int | None = Field(
        default=None, ge=1, description="most items in this status at once (Kanban)"
    )
    waiting: bool = Field(
        default=False,
        description="a queue (e.g. 'Ready for review'): time here counts as waiting, not "
        "active, in flow efficiency",
    )


DEFAULT_STATUSES = (
    WorkflowStatus(name="To Do", category="todo"),
    WorkflowStatus(name="In Progress", category="in_progress"),
    WorkflowStatus(name="Done", category="done"),
)


def _list_or_mapping(schema: dict[str, Any]) -> None:
    """A JSON Schema hook: a workflow is also written as the list of its statuses."""
    long_form = dict(schema)
    notes: dict[str, Any] = {
        k: long_form.pop(k) for k in ("description", "title") if k in long_form
    }
    statuses = long_form["properties"]["statuses"]
    written = {key: statuses[key] for key in ("type", "items", "minItems") if key in statuses}
    schema.clear()
    schema.update({"anyOf": [written, long_form], **notes})


class Workflow(Model):
    """The statuses of the board in order; written as the list of statuses itself."""

    model_config = ConfigDict(json_schema_extra=_list_or_mapping)

    statuses: tuple[WorkflowStatus, ...] = Field(default=DEFAULT_STATUSES, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        return {"statuses": value} if isinstance(value, list | tuple) else value

    @model_validator(mode="after")
    def _one_done_and_unique(self) -> Workflow:
        seen: set[str] = set()
        for status in self.statuses:
            key = status.name.casefold()
            if key in seen:
                raise PydanticCustomError(
                    "duplicate_id",
                    "the workflow names status '{name}' twice",
                    {"name": status.name},
                )
            seen.add(key)
        if not any(status.category == "done" for status in self.statuses):
            raise PydanticCustomError(
                "bad_value",
                "a workflow needs a status in the done category, e.g. "
                "{{name: Done, category: done}}",
            )
        return self

    def status(self, name: str) -> WorkflowStatus | None:
        """The status of this name (case-insensitive), or None."""
        key = name.casefold()
        return next((s for s in self.statuses if s.name.casefold() == key), None)

    def initial(self) -> WorkflowStatus:
        """The status a new item starts in: the first to-do status, else the first."""
        return next((s for s in self.statuses if s.category == "todo"), self.statuses[0])

    def category_of(self, name: str | None) -> StatusCategory:
        """The category of a status name; None (not written) is the initial status's."""
        status = self.initial() if name is None else self.status(name)
        if status is None:
            raise KeyError(name)
        return status.category


class StatusChange(Model):
    """An item moved into `status` on `date` (its history, as an issue tracker records it)."""

    date: Day
    status: str = Field(min_length=1)


class BlockedSpan(Model):
    """Days an item was blocked: from `start` to `end` (both included; no end: still blocked)."""

    start: Day
    end: Day | None = None
    reason: str = ""


class WorkItem(Model):
    """A story, bug, spike, task, sub-task, test or epic of the backlog."""

    id: str = Field(min_length=1, description="the item's key, e.g. 'ML-12'")
    title: str = ""
    type: ItemType = "story"
    points: float | None = Field(default=None, ge=0, le=MAX_AMOUNT, description="story points")
    estimate: WorkTimeField | None = Field(
        default=None, description="estimated working time, e.g. '3d' or '6h'"
    )
    status: str | None = Field(
        default=None, description="a status of the workflow; by default its first to-do status"
    )
    assignee: str | None = Field(default=None, description="resource id")
    parent: str | None = Field(
        default=None, description="id of the epic, or of the story a sub-task belongs to"
    )
    sprints: tuple[str, ...] = Field(
        default=(), description="sprint ids the item was planned in, oldest first"
    )
    rank: float | None = Field(
        default=None,
        description="order in the backlog (lower first); items without a rank follow in file order",
    )
    labels: tuple[str, ...] = ()
    created: Day | None = None
    started: Day | None = Field(default=None, description="first day in progress")
    done: Day | None = Field(default=None, description="the day it was done")
    history: tuple[StatusChange, ...] = Field(
        default=(), description="status changes, oldest first"
    )
    blocked: tuple[BlockedSpan, ...] = Field(default=(), description="spans it was blocked")

    @model_validator(mode="before")
    @classmethod
    def _shorthands(cls, value: Any) -> Any:
        value = _ids_as_text(value, "id", "parent")
        if isinstance(value, dict) and isinstance(value.get("sprints"), str | int):
            value = {**value, "sprints": [str(value["sprints"])]}
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> WorkItem:
        order = [(n, d) for n in ("created", "started", "done") if (d := getattr(self, n))]
        for (first, a), (then, b) in itertools.pairwise(order):
            if b < a:
                raise PydanticCustomError(
                    "finish_before_start",
                    "{then} {b} is before {first} {a}",
                    {"then": then, "b": str(b), "first": first, "a": str(a)},
                )
        for span in self.blocked:
            if span.end is not None and span.end < span.start:
                raise PydanticCustomError(
                    "finish_before_start",
                    "a blocked span ends ({end}) before it starts ({start})",
                    {"end": str(span.end), "start": str(span.start)},
                )
        days = [change.date for change in self.history]
        if days != sorted(days):
            raise PydanticCustomError(
                "bad_value", "write an item's history oldest first: its dates go backwards"
            )
        return self


class ScopeChange(Model):
    """An item added to or removed from a sprint after it started."""

    date: Day
    item: str = Field(min_length=1, description="work item id")
    change: Literal["added", "removed"] = "added"

    @model_validator(mode="before")
    @classmethod
    def _item_as_text(cls, value: Any) -> Any:
        return _ids_as_text(value, "item")


class Sprint(Model):
    """A time-box: its dates, goal, team and how much of their time goes to the sprint."""

    id: str = Field(min_length=1)
    name: str = ""
    start: Day = Field(description="the first day")
    end: Day = Field(description="the last day (the sprint review)")
    goal: str = ""
    team: tuple[str, ...] = Field(
        default=(), description="resource ids; by default every person of the project"
    )
    focus_factor: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="share of working time spent on sprint work; by default `agile.focus_factor`",
    )
    capacity: float | None = Field(
        default=None,
        ge=0,
        le=MAX_AMOUNT,
        description="person-days available, when given instead of computed from the calendars",
    )
    scope_changes: tuple[ScopeChange, ...] = Field(
        default=(), description="items added or removed after the start"
    )

    @model_validator(mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return _ids_as_text(value, "id")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Sprint:
        if self.end < self.start:
            raise PydanticCustomError(
                "finish_before_start",
                "sprint ends ({end}) before it starts ({start})",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self


class AgileSettings(Model):
    """How sprints and the backlog are forecast: focus factor, velocity window, cut line."""

    focus_factor: float = Field(
        default=1.0, gt=0, le=1, description="share of working time spent on sprint work"
    )
    velocity_sprints: int = Field(
        default=3, ge=1, le=100, description="how many finished sprints velocity looks back on"
    )
    forecast: ForecastBasis | None = Field(
        default=None,
        description="what the release forecast resamples: velocity (points per sprint) or "
        "throughput (items per week); by default velocity for scrum, throughput otherwise",
    )
    cutline: str | None = Field(
        default=None,
        description="id of the last item of the release: it and everything ranked above it",
    )
    sprint_days: int | None = Field(
        default=None,
        ge=1,
        le=366,
        description="calendar days of a future sprint; by default the last sprint's",
    )

    @model_validator(mode="before")
    @classmethod
    def _cutline_as_text(cls, value: Any) -> Any:
        return _ids_as_text(value, "cutline")
