"""The project: the root of the model, valid by construction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator

from steerco.model.base import Model
from steerco.model.calendar import Calendar
from steerco.model.forecast import ForecastSettings
from steerco.model.progress import Progress
from steerco.model.ranges import Day
from steerco.model.resource import Resource
from steerco.model.risk import Risk
from steerco.model.task import Task

__all__ = ["Methodology", "PlacedTask", "Project", "TimeUnit"]

Methodology = Literal["waterfall", "scrum", "kanban", "hybrid"]
TimeUnit = Literal["day", "hour", "period"]


@dataclass(frozen=True)
class PlacedTask:
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
    methodology: Methodology = "waterfall"
    calendar: Calendar = Calendar()
    resources: tuple[Resource, ...] = ()
    tasks: tuple[Task, ...] = ()
    risks: tuple[Risk, ...] = ()
    forecast: ForecastSettings = ForecastSettings()
    progress: Progress = Progress()

    @model_validator(mode="after")
    def _valid_as_a_whole(self) -> Project:
        from steerco.model.validate import check_project

        check_project(self)
        return self

    def placed_tasks(self) -> Iterator[PlacedTask]:
        """Every task of the WBS in document order, with its path and parent."""

        def visit(
            tasks: tuple[Task, ...], prefix: tuple[str | int, ...], parent: str | None
        ) -> Iterator[PlacedTask]:
            for i, task in enumerate(tasks):
                path = (*prefix, i)
                yield PlacedTask(task, path, parent)
                yield from visit(task.children, (*path, "children"), task.id)

        return visit(self.tasks, ("tasks",), None)

    def all_tasks(self) -> Iterator[Task]:
        """Every task of the WBS, depth first, in document order."""
        for task in self.tasks:
            yield from task.walk()

    def leaves(self) -> Iterator[Task]:
        """The leaf tasks and milestones, in document order."""
        for task in self.tasks:
            yield from task.leaves()

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

    @property
    def days_per_week(self) -> int:
        """Working days in a week of the project calendar."""
        return len(self.calendar.workdays)

    def units(self, days: float) -> float:
        """Working days expressed in the project's scheduling unit."""
        return days * self.calendar.hours_per_day if self.unit == "hour" else days
