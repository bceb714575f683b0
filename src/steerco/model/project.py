"""The project: the root of the model, valid by construction."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.agile import AgileSettings, Sprint, Workflow, WorkItem
from steerco.model.base import Model
from steerco.model.calendar import Calendar
from steerco.model.communication import Communication, Decision, Reporting, Stakeholder
from steerco.model.forecast import ForecastSettings
from steerco.model.progress import Progress
from steerco.model.quantities import RateField
from steerco.model.ranges import Day
from steerco.model.resource import Resource
from steerco.model.risk import Risk
from steerco.model.scheduling import SchedulingRules
from steerco.model.task import Task, walk_tasks

__all__ = ["DeclaredSkill", "Methodology", "PlacedTask", "Project", "TimeUnit"]

Methodology = Literal["waterfall", "scrum", "kanban", "hybrid"]
TimeUnit = Literal["day", "hour", "period"]
SKILL_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""A skill id: lower-case letters and digits, words joined by single hyphens (`pii-redaction`)."""


def _id_or_mapping(schema: dict[str, Any]) -> None:
    """A JSON Schema hook: a declared skill is also written as its bare id."""
    long_form = dict(schema)
    notes: dict[str, Any] = {
        k: long_form.pop(k) for k in ("description", "title") if k in long_form
    }
    schema.clear()
    written = {"type": "string", "pattern": SKILL_ID, "description": "the skill's id"}
    schema.update({"anyOf": [written, long_form], **notes})


class DeclaredSkill(Model):
    """A skill the project adds to steerco's taxonomy: written as its id, or id, name, aliases."""

    model_config = ConfigDict(json_schema_extra=_id_or_mapping)

    id: str = Field(
        description="lower-case words joined by hyphens, e.g. pii-redaction",
        json_schema_extra={"pattern": SKILL_ID},
    )
    name: str = Field(default="", description="display name; the id when left out")
    aliases: tuple[str, ...] = Field(default=(), description="other names that mean this skill")

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"id": value} if isinstance(value, str) else value

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not re.match(SKILL_ID, value):
            suggestion = "-".join(re.findall(r"[a-z0-9]+", value.lower())) or "pii-redaction"
            raise PydanticCustomError(
                "bad_value",
                "skill id '{id}' is not an id: write lower-case letters and digits joined by "
                "hyphens, e.g. '{suggestion}'",
                {"id": value, "suggestion": suggestion},
            )
        return value

    def label(self) -> str:
        """The name if given, else the id."""
        return self.name or self.id


class PlacedTask(NamedTuple):
    """A task with where it sits: its model path and its parent's id."""

    task: Task
    path: tuple[str | int, ...]
    parent: str | None


class Project(Model):
    """A whole project: calendar, resources, the WBS of tasks and the risks."""

    name: str = Field(min_length=1)
    description: str = ""
    start: Day | None = Field(default=None, description="the first day of the project")
    deadline: Day | None = Field(default=None, description="the committed finish")
    unit: TimeUnit = Field(
        default="day", description="scheduling unit: working days, hours, or bare periods"
    )
    currency: str = "USD"
    overhead: RateField | None = Field(
        default=None,
        description="cost per working day from the project's start to its finish (team, "
        "office, reservations), or '150/h'",
    )
    methodology: Methodology = "waterfall"
    calendar: Calendar = Calendar()
    calendars: dict[str, Calendar] = Field(
        default_factory=dict,
        description="named calendars that tasks may run on (`calendar: NAME` on a task); "
        "'24x7' is built in",
    )
    scheduling: SchedulingRules = Field(
        default=SchedulingRules(),
        description="rules of the critical path that differ between tools (where a lag counts)",
    )
    skills: tuple[DeclaredSkill, ...] = Field(
        default=(),
        description="skills this project adds to steerco's taxonomy, so that its people and "
        "demands may name them",
    )
    resources: tuple[Resource, ...] = ()
    tasks: tuple[Task, ...] = ()
    risks: tuple[Risk, ...] = ()
    forecast: ForecastSettings = ForecastSettings()
    progress: Progress = Progress()
    stakeholders: tuple[Stakeholder, ...] = Field(
        default=(), description="the stakeholder register"
    )
    communications: tuple[Communication, ...] = Field(
        default=(), description="the communication plan: which report goes to whom, how often"
    )
    decisions: tuple[Decision, ...] = Field(
        default=(), description="decisions the project needs, shown in status reports"
    )
    reporting: Reporting = Reporting()
    workflow: Workflow = Field(
        default=Workflow(),
        description="the board's statuses in order, each with its category (todo, "
        "in_progress, done) and WIP limit",
    )
    backlog: tuple[WorkItem, ...] = Field(
        default=(), description="work items: epics, stories, bugs, spikes, tasks, sub-tasks"
    )
    sprints: tuple[Sprint, ...] = ()
    agile: AgileSettings = AgileSettings()

    @model_validator(mode="after")
    def _valid_as_a_whole(self) -> Project:
        from steerco.model.validate import check_project

        check_project(self)
        return self

    def placed_tasks(self) -> Iterator[PlacedTask]:
        """Every task of the WBS in document order, with its path and parent."""
        placed: list[PlacedTask] = []

        def visit(
            tasks: tuple[Task, ...], prefix: tuple[str | int, ...], parent: str | None
        ) -> None:
            for i, task in enumerate(tasks):
                path = (*prefix, i)
                placed.append(PlacedTask(task, path, parent))
                if task.children:
                    visit(task.children, (*path, "children"), task.id)

        visit(self.tasks, ("tasks",), None)
        return iter(placed)

    def all_tasks(self) -> Iterator[Task]:
        """Every task of the WBS, depth first, in document order."""
        return iter(walk_tasks(self.tasks))

    def leaves(self) -> Iterator[Task]:
        """The leaf tasks and milestones, in document order."""
        return (task for task in self.all_tasks() if not task.children)

    def task(self, task_id: str) -> Task:
        """The task with this id (KeyError if there is none)."""
        for task in self.all_tasks():
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def resource(self, resource_id: str) -> Resource:
        """The resource with this id (KeyError if there is none)."""
        for resource in self.resources:
            if resource.id == resource_id:
                return resource
        raise KeyError(resource_id)

    def risk_expired(self, risk: Risk) -> bool:
        """Whether every task `risk` is linked to is finished (an actual finish recorded).

        A summary counts as finished when all its leaves are. A risk linked to no task (a
        project-wide risk) never expires; nor does one on a task this project lacks.
        """
        if not risk.tasks:
            return False
        by_id = {task.id: task for task in self.all_tasks()}
        finished = {task_id for task_id, entry in self.progress.tasks.items() if entry.finished}
        linked = [by_id.get(task_id) for task_id in risk.tasks]
        return all(
            task is not None and all(leaf.id in finished for leaf in task.leaves())
            for task in linked
        )

    @property
    def days_per_week(self) -> int:
        """Working days in a week of the project calendar."""
        return len(self.calendar.workdays)

    def units(self, days: float) -> float:
        """Working days expressed in the project's scheduling unit."""
        return days * self.calendar.hours_per_day if self.unit == "hour" else days
