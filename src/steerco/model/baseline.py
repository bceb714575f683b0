"""Baselines: the plan as approved, frozen so that later plans and progress compare with it.

A baseline is not part of the project file: it lives in a sidecar file next to it
(`churn.yaml` -> `churn.baselines.yaml`, see docs/baselines.md), several named baselines
in one file. Each task of the WBS is frozen with its planned dates, its times in working
units from the project start, its duration, work and cost; a leaf also keeps its fixed
cost, accrual and cost per working unit, so that its time-phased cost can be rebuilt
exactly, and a summary keeps its children, so that WBS roll-ups need the baseline alone.
"""

from __future__ import annotations

import math

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from steerco.model.base import Model
from steerco.model.project import TimeUnit
from steerco.model.ranges import Day
from steerco.model.task import Accrual, TaskKind

__all__ = ["DEFAULT_BASELINE", "Baseline", "BaselineFile", "BaselineTask"]

DEFAULT_BASELINE = "baseline"

Units = int | float
DateOrUnits = Day | int


class BaselineTask(Model):
    """One frozen task of the WBS: a leaf (task or milestone) or a summary."""

    id: str = Field(min_length=1)
    name: str = ""
    kind: TaskKind
    parent: str | None = Field(default=None, description="id of the summary it belongs to")
    children: tuple[str, ...] = Field(default=(), description="a summary's direct children")
    start: DateOrUnits = Field(description="first working day (a number without dates)")
    finish: DateOrUnits = Field(description="last working day (a number without dates)")
    start_units: Units = Field(ge=0, description="planned start in working units from unit 0")
    finish_units: Units = Field(ge=0, description="planned finish in working units")
    duration: Units = Field(ge=0, description="finish_units - start_units")
    work: float = Field(default=0.0, ge=0, description="duration x demanded units")
    estimated_work: float | None = Field(
        default=None,
        ge=0,
        description="a leaf's estimated duration, progress aside, x the units it demands (x 1 "
        "if none): the work the status report's scope compares (absent in older baselines)",
    )
    cost: float = Field(default=0.0, ge=0, description="the task's budget; a summary's sum")
    fixed_cost: float | None = Field(default=None, ge=0, description="a leaf's fixed cost")
    accrual: Accrual | None = Field(default=None, description="when a leaf's fixed cost accrues")
    rate: float | None = Field(default=None, ge=0, description="a leaf's cost per working unit")

    @model_validator(mode="after")
    def _consistent(self) -> BaselineTask:
        if self.finish_units < self.start_units:
            raise PydanticCustomError(
                "bad_baseline",
                "task {id} finishes (unit {finish}) before it starts (unit {start})",
                {"id": self.id, "finish": self.finish_units, "start": self.start_units},
            )
        leaf_fields = (self.fixed_cost, self.accrual, self.rate)
        if self.kind == "summary":
            if not self.children:
                raise PydanticCustomError(
                    "bad_baseline", "summary {id} lists no children", {"id": self.id}
                )
            if any(value is not None for value in leaf_fields):
                raise PydanticCustomError(
                    "bad_baseline",
                    "summary {id} has a fixed_cost, accrual or rate; only leaves do",
                    {"id": self.id},
                )
        elif self.children or self.fixed_cost is None or self.rate is None or not self.accrual:
            raise PydanticCustomError(
                "bad_baseline",
                "{kind} {id} needs fixed_cost, accrual and rate and has no children",
                {"kind": self.kind, "id": self.id},
            )
        elif not math.isclose(
            self.cost, self.fixed_cost + self.rate * self.duration, rel_tol=1e-9, abs_tol=1e-6
        ):
            raise PydanticCustomError(
                "bad_baseline",
                "{id} costs {cost}, not fixed_cost + rate x duration = {expected}",
                {
                    "id": self.id,
                    "cost": self.cost,
                    "expected": self.fixed_cost + self.rate * self.duration,
                },
            )
        return self

    @property
    def is_leaf(self) -> bool:
        """True for a task or a milestone, False for a summary."""
        return self.kind != "summary"


class Baseline(Model):
    """A named, dated snapshot of the plan: every task's dates, work and budget, and reserves."""

    name: str = Field(min_length=1)
    saved: Day = Field(description="the day the baseline was saved")
    project: str = Field(default="", description="the project's name when it was saved")
    project_start: Day | None = Field(default=None, description="the project's start")
    unit: TimeUnit
    currency: str = "USD"
    method: str = Field(default="cpm", description="the scheduling method of the frozen plan")
    start: DateOrUnits = Field(description="the project's first working day: unit 0")
    finish: DateOrUnits = Field(description="the project's last working day")
    finish_units: Units = Field(ge=0, description="the makespan: the planned duration PD")
    contingency: float = Field(default=0.0, ge=0, description="known-unknowns reserve, not in BAC")
    management_reserve: float = Field(
        default=0.0, ge=0, description="unknown-unknowns reserve, not in BAC"
    )
    tasks: tuple[BaselineTask, ...] = Field(
        default=(), description="the WBS in order, each summary just before its children"
    )

    @model_validator(mode="after")
    def _wbs_is_whole(self) -> Baseline:
        by_id: dict[str, BaselineTask] = {}
        for task in self.tasks:
            if task.id in by_id:
                raise PydanticCustomError(
                    "bad_baseline", "task id {id} appears twice", {"id": task.id}
                )
            by_id[task.id] = task
        for task in self.tasks:
            parent = by_id.get(task.parent) if task.parent is not None else None
            if task.parent is not None and (parent is None or task.id not in parent.children):
                raise PydanticCustomError(
                    "bad_baseline",
                    "task {id} names {parent} as its parent, which does not list it as a child",
                    {"id": task.id, "parent": task.parent},
                )
            for child in task.children:
                if child not in by_id or by_id[child].parent != task.id:
                    raise PydanticCustomError(
                        "bad_baseline",
                        "summary {id} lists {child}, which is not a task whose parent it is",
                        {"id": task.id, "child": child},
                    )
        return self

    @property
    def by_id(self) -> dict[str, BaselineTask]:
        """Every frozen task and summary by its id, computed once per `tasks` tuple."""
        cached = self.__dict__.get("_by_id")
        if cached is None or cached[0] is not self.tasks:  # a model_copy may swap the tasks
            cached = (self.tasks, {task.id: task for task in self.tasks})
            self.__dict__["_by_id"] = cached
        index: dict[str, BaselineTask] = cached[1]
        return index

    def task(self, task_id: str) -> BaselineTask:
        """The frozen task or summary with this id (KeyError if there is none)."""
        return self.by_id[task_id]

    def leaves(self, node_id: str | None = None) -> list[BaselineTask]:
        """The leaves under `node_id` (itself, if it is a leaf; all when None), in WBS order."""
        if node_id is None:
            return [task for task in self.tasks if task.is_leaf]
        index = self.by_id
        found: list[BaselineTask] = []
        stack = [index[node_id]]
        while stack:
            node = stack.pop()
            if node.is_leaf:
                found.append(node)
            else:
                stack.extend(index[child] for child in reversed(node.children))
        return found


class BaselineFile(Model):
    """The sidecar file: every saved baseline of one project, in the order they were saved."""

    baselines: tuple[Baseline, ...] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> BaselineFile:
        seen: set[str] = set()
        for baseline in self.baselines:
            if baseline.name in seen:
                raise PydanticCustomError(
                    "bad_baseline", "two baselines are named {name}", {"name": baseline.name}
                )
            seen.add(baseline.name)
        return self

    def names(self) -> list[str]:
        """The names of the baselines, in file order."""
        return [baseline.name for baseline in self.baselines]

    def shown(self) -> Baseline | None:
        """The baseline a view shows when none is asked for: `baseline`, else the first saved."""
        return self.get(DEFAULT_BASELINE) or (self.baselines[0] if self.baselines else None)

    def get(self, name: str) -> Baseline | None:
        """The baseline with this name, or None."""
        return next((b for b in self.baselines if b.name == name), None)

    def saving(self, baseline: Baseline) -> BaselineFile:
        """A copy with `baseline` added, or in place of the one with its name."""
        kept = [baseline if b.name == baseline.name else b for b in self.baselines]
        if self.get(baseline.name) is None:
            kept.append(baseline)
        return BaselineFile(baselines=tuple(kept))
