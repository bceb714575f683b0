"""Compute budgets: planned against used accelerator-hours and their cost, per training task.

Planned: a task sized by `compute` plans the GPU-hours its FLOPs give at the utilisation
band (`schedule.compute.gpu_hours`); a task that demands equipment plans duration x units x
the hours of its day (`task_day_hours`: 24 on a task that runs around the clock, a named
calendar's own `hours_per_day`, the project calendar's otherwise), from its estimate's
three points or its fixed duration. Used: a linked run's wall time, first to last logged
event, x the accelerators it uses. Cost: hours x the resource's rate per hour (a day rate
over the hours of the task's day), the same rate the schedule's cost charges
(`schedule.cost`). Pure: the runs come in read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from steerco.model import Project, Task
from steerco.model.resource import Resource
from steerco.schedule.compute import (
    AcceleratorType,
    GpuHours,
    compute_count,
    gpu_hours,
    peak_tflops,
)
from steerco.schedule.task_calendars import task_day_hours
from steerco.track.runs import RunHistory

__all__ = ["ComputeBudget", "ComputeLine", "compute_budget", "hourly_rate", "used_wall_hours"]


@dataclass(frozen=True)
class ComputeLine:
    """One training task on one accelerator resource: planned and used hours, and their cost.

    `basis`: `compute` (sized by FLOPs), `demand` (its duration x its demand on
    equipment) or `run` (a linked run on no known accelerator: only its wall time).
    `used_reason` says why `used` is unknown (no run, a log that could not be read).
    """

    task: str
    name: str
    basis: str
    resource: str | None
    accelerator: str | None
    count: float | None
    planned: GpuHours | None
    rate: float | None
    wall_hours: float | None
    used: float | None
    used_reason: str | None
    booked: float | None = None
    """Hours the plan reserves: its duration for the task (whole days or hours, as the
    schedule books them) x count x the hours of the task's day; the schedule's cost."""

    @property
    def booked_cost(self) -> float | None:
        """Booked hours x the hourly rate: what `steerco schedule` costs the task at."""
        if self.booked is None or self.rate is None:
            return None
        return self.booked * self.rate

    @property
    def planned_cost(self) -> GpuHours | None:
        """Planned hours x the hourly rate (None without a rate or a plan)."""
        if self.planned is None or self.rate is None:
            return None
        return self.planned.scaled(self.rate)

    @property
    def used_cost(self) -> float | None:
        """Used hours x the hourly rate (None when either is unknown)."""
        if self.used is None or self.rate is None:
            return None
        return self.used * self.rate


@dataclass(frozen=True)
class ComputeBudget:
    """Every line, and the totals of what is known."""

    lines: tuple[ComputeLine, ...]

    @property
    def planned(self) -> GpuHours:
        """Planned hours of every line, summed point by point."""
        known = [line.planned for line in self.lines if line.planned is not None]
        return GpuHours(*(sum(getattr(h, p) for h in known) for p in ("low", "likely", "high")))

    @property
    def planned_cost(self) -> GpuHours:
        """Planned cost of every line with a rate, summed point by point."""
        known = [c for line in self.lines if (c := line.planned_cost) is not None]
        return GpuHours(*(sum(getattr(c, p) for c in known) for p in ("low", "likely", "high")))

    @property
    def used(self) -> float | None:
        """Used hours of the lines where they are known (None when no line's is)."""
        known = [line.used for line in self.lines if line.used is not None]
        return sum(known) if known else None

    @property
    def used_cost(self) -> float | None:
        """Used cost of the lines where it is known (None when no line's is)."""
        known = [c for line in self.lines if (c := line.used_cost) is not None]
        return sum(known) if known else None

    @property
    def booked(self) -> float | None:
        """Booked hours of the lines where the plan books them (None when none does)."""
        known = [line.booked for line in self.lines if line.booked is not None]
        return sum(known) if known else None

    @property
    def booked_cost(self) -> float | None:
        """Booked cost of the lines with a rate (None when none has one)."""
        known = [c for line in self.lines if (c := line.booked_cost) is not None]
        return sum(known) if known else None

    @property
    def unknown_used(self) -> int:
        """How many lines with a run have no used hours (a log missing or unreadable)."""
        return sum(line.used is None and line.used_reason is not None for line in self.lines)


def hourly_rate(project: Project, task: Task, resource: Resource) -> float | None:
    """The resource's cost per hour on `task`: per hour as written, a day rate over its day."""
    if resource.rate is None:
        return None
    hours = (
        task_day_hours(project, task)
        if resource.kind == "equipment"
        else project.calendar.hours_per_day
    )
    return resource.rate.per_day(hours) / hours


def used_wall_hours(history: RunHistory) -> float | None:
    """Hours from the first to the last logged event (None when no point has a wall time)."""
    span = history.wall_times()
    return None if span is None else (span[1] - span[0]) / 3600.0


def _days(project: Project, task: Task) -> GpuHours:
    """The task's duration in days: its estimate's three points, or its duration thrice."""
    hours, week = project.calendar.hours_per_day, project.days_per_week
    if task.estimate is not None:
        points = (task.estimate.low, task.estimate.likely, task.estimate.high)
        return GpuHours(*(p.in_days(hours, week) for p in points))
    days = task.planned.in_days(hours, week)
    return GpuHours(days, days, days)


def _used(
    task: Task, count: float | None, runs: Mapping[str, RunHistory | str]
) -> tuple[float | None, float | None, str | None]:
    """(wall hours, used hours, why unknown) of the task's run."""
    if task.run is None:
        return None, None, None
    found = runs.get(task.id, "the run's log was not read")
    if isinstance(found, str):
        return None, None, found
    wall = used_wall_hours(found)
    if wall is None:
        return None, None, "the run's log has no wall times"
    if count is None:
        return wall, None, "no accelerator count: demand equipment, or size the task by compute"
    return wall, wall * count, None


def _compute_line(
    project: Project,
    task: Task,
    types: Mapping[str, AcceleratorType],
    runs: Mapping[str, RunHistory | str],
) -> ComputeLine:
    compute = task.compute
    assert compute is not None
    resource = project.resource(compute.accelerator)
    count = compute_count(task)
    peak = peak_tflops(resource, types)
    wall, used, why = _used(task, count, runs)
    return ComputeLine(
        task=task.id,
        name=task.label(),
        basis="compute",
        resource=resource.id,
        accelerator=resource.accelerator,
        count=count,
        planned=None if peak is None else gpu_hours(compute, peak),
        rate=hourly_rate(project, task, resource),
        wall_hours=wall,
        used=used,
        used_reason=why,
    )


def _task_lines(
    project: Project,
    task: Task,
    types: Mapping[str, AcceleratorType],
    runs: Mapping[str, RunHistory | str],
) -> list[ComputeLine]:
    """The lines of one leaf: its compute, its demands on equipment, or its bare run."""
    lines = [_compute_line(project, task, types, runs)] if task.compute is not None else []
    covered = {line.resource for line in lines}
    equipment = {r.id: r for r in project.resources if r.kind == "equipment"}
    day = task_day_hours(project, task)
    for demand in task.demands:
        resource = equipment.get(demand.resource or "")
        if resource is None or resource.id in covered:
            continue
        covered.add(resource.id)
        units = sum(d.units for d in task.demands if d.resource == resource.id)
        wall, used, why = _used(task, units, runs) if not lines else (None, None, None)
        lines.append(
            ComputeLine(
                task=task.id,
                name=task.label(),
                basis="demand",
                resource=resource.id,
                accelerator=resource.accelerator,
                count=units,
                planned=_days(project, task).scaled(units * day),
                rate=hourly_rate(project, task, resource),
                wall_hours=wall,
                used=used,
                used_reason=why,
            )
        )
    if not lines and task.run is not None:
        wall, used, why = _used(task, None, runs)
        lines.append(
            ComputeLine(task.id, task.label(), "run", None, None, None, None, None, wall, used, why)
        )
    return lines


def _booked(project: Project, line: ComputeLine, days: float | None) -> ComputeLine:
    """`line` with the hours its plan duration (`days`) reserves: days x count x day hours."""
    if days is None or line.count is None:
        return line
    task = project.task(line.task)
    day = task_day_hours(project, task)
    return replace(line, booked=days * line.count * day)


def compute_budget(
    project: Project,
    types: Mapping[str, AcceleratorType],
    runs: Mapping[str, RunHistory | str],
    *,
    booked_days: Mapping[str, float] | None = None,
) -> ComputeBudget:
    """Planned and used accelerator-hours of every training task, in WBS order.

    A training task is a leaf sized by `compute`, one that demands equipment, or one with a
    `run`. `runs`: each linked task's history, or why it could not be read (a task absent
    from it: not read). `booked_days`: each task's duration in the plan, in days, which
    books whole units (so a 0.74-day run reserves its accelerators for 1 day).
    """
    days = booked_days or {}
    lines = [
        _booked(project, line, days.get(leaf.id))
        for leaf in project.leaves()
        if not leaf.milestone
        for line in _task_lines(project, leaf, types, runs)
    ]
    return ComputeBudget(tuple(lines))
