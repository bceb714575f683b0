"""The one cost function: what each task costs, and how much of it is spent by a time point.

A task's cost is its fixed cost plus the rate of everything it demands (and its own
`overhead`) times the time it works. Rates are per working day unless written per hour
(`"100/h"`, times the calendar's hours per day; equipment works the hours of the task's
day, `task_day_hours`: on a task that runs around the clock, `24x7` or elapsed, 24 hours
of each of its days, so a GPU at "2.5/h" costs 60 a day there, as the cloud bills it, and
on a named calendar its `hours_per_day`, where a person keeps the calendar's working day). A
demand for a role or a skill is costed at the mean day rate of the resources that qualify.
Fixed costs accrue at the start, pro rata, or at the end. Overhead follows time: the
project's accrues over units 0 to its finish, a summary's over the span of its leaves
(its first start to its last finish), so a plan that finishes later costs more.
Forecasting and tracking reuse these functions with sampled or actual dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.model import Demand, Project, Task
from steerco.model.quantities import Rate
from steerco.people.skills import qualified
from steerco.schedule.task_calendars import task_day_hours
from steerco.types import FloatArray

__all__ = [
    "ACCRUALS",
    "CostTable",
    "SpanOverhead",
    "cost_table",
    "cost_to_date",
    "demand_day_rate",
    "overhead_cost",
    "plan_cost",
    "span_overheads",
    "task_cost",
]

ACCRUALS: tuple[str, ...] = ("start", "prorated", "end")


@dataclass(frozen=True)
class SpanOverhead:
    """A summary's overhead: its cost per working unit over the leaves `first:stop`."""

    id: str
    first: int
    stop: int
    rate: float


@dataclass(frozen=True)
class CostTable:
    """Per leaf task: fixed cost, its accrual (index into ACCRUALS) and cost per working unit.

    With the overheads that follow time: the project's (per working unit, from unit 0 to
    the finish) and the summaries' (over their leaves' span). `begun` holds each leaf's
    actual start (inf when not started), so a span in progress starts when the work did.
    """

    fixed: FloatArray
    accrual: NDArray[np.int8]
    rate: FloatArray
    overhead: float = 0.0
    spans: tuple[SpanOverhead, ...] = ()
    begun: FloatArray | None = None
    worked: FloatArray | None = None
    """On a calendar-day axis, the project's working units done by each axis unit (length
    + 1 values): overheads accrue on working days only. None: the axis is working time."""


def _working_time(table: CostTable, t: FloatArray) -> FloatArray:
    """Time points of the axis as the project's working time (the same on a working axis)."""
    if table.worked is None:
        return t
    result: FloatArray = np.interp(t, np.arange(table.worked.size, dtype=np.float64), table.worked)
    return result


def demand_day_rate(project: Project, demand: Demand, *, day_hours: float | None = None) -> float:
    """Cost per working day of one demand: units x the day rate of the resource(s) it names.

    `day_hours`: the hours of one of the task's days (`task_day_hours`: 24 on `24x7`, a
    named calendar's own); an hourly rate of equipment counts them, a person's keeps the
    project calendar's `hours_per_day` (None: the project calendar's for both).
    """
    hours = project.calendar.hours_per_day
    machine = hours if day_hours is None else day_hours
    chosen = qualified(project.resources, demand)
    rates = [
        r.rate.per_day(machine if r.kind == "equipment" else hours)
        for r in chosen
        if r.rate is not None
    ]
    return demand.units * (sum(rates) / len(rates) if rates else 0.0)


def _per_day(project: Project, rate: Rate | None) -> float:
    """A rate written in the file as an amount per working day (0 when there is none)."""
    return 0.0 if rate is None else rate.per_day(project.calendar.hours_per_day)


def _span_overheads(project: Project, per_unit_day: float) -> tuple[SpanOverhead, ...]:
    """Every summary with an overhead, with its leaves' range in document order."""
    found: list[SpanOverhead] = []
    count = 0

    def visit(task: Task) -> None:
        nonlocal count
        begin = count
        if not task.children:
            count += 1
            return
        for child in task.children:
            visit(child)
        if task.overhead is not None:
            rate = _per_day(project, task.overhead) / per_unit_day
            found.append(SpanOverhead(task.id, begin, count, rate))

    for task in project.tasks:
        visit(task)
    return tuple(found)


def _leaf_day_rate(project: Project, leaf: Task) -> float:
    """Cost per day of a leaf's work: what it demands (over its day's hours) and its overhead."""
    day = task_day_hours(project, leaf)
    demands = sum(demand_day_rate(project, d, day_hours=day) for d in leaf.demands)
    return demands + _per_day(project, leaf.overhead)


def cost_table(project: Project) -> CostTable:
    """Fixed costs, accruals, rates and overheads of the project's leaf tasks, in document order.

    A leaf's own `overhead` adds to its rate: it is booked for the task's whole duration.
    """
    per_unit_day = project.calendar.hours_per_day if project.unit == "hour" else 1.0
    leaves = list(project.leaves())
    return CostTable(
        fixed=np.array([leaf.cost for leaf in leaves], dtype=np.float64),
        accrual=np.array([ACCRUALS.index(leaf.accrual) for leaf in leaves], dtype=np.int8),
        rate=np.array(
            [_leaf_day_rate(project, leaf) / per_unit_day for leaf in leaves], dtype=np.float64
        ),
        overhead=_per_day(project, project.overhead) / per_unit_day,
        spans=_span_overheads(project, per_unit_day),
    )


def span_overheads(table: CostTable, es: FloatArray, ef: FloatArray) -> FloatArray:
    """Each summary overhead over its span: rate x (max ef - min start) of its leaves.

    `es` and `ef` hold the leaves in document order along axis 0 (iterations along axis 1,
    if any); a leaf that has begun starts at its actual start. One row per `table.spans`.
    """
    start = es if table.begun is None else np.minimum(es, _column(table.begun, es))
    rows = [
        span.rate
        * (
            _working_time(table, ef[span.first : span.stop].max(axis=0))
            - _working_time(table, start[span.first : span.stop].min(axis=0))
        )
        for span in table.spans
    ]
    result: FloatArray = np.array(rows, dtype=np.float64).reshape((len(rows), *es.shape[1:]))
    return result


def overhead_cost(
    table: CostTable, es: FloatArray, ef: FloatArray, finish: float | FloatArray | None = None
) -> FloatArray:
    """Overhead of the project and every summary for the leaves' times (per iteration).

    project overhead x finish (unit 0 to the project's finish, default max ef) + the sum of
    `span_overheads`. Broadcasts over iterations along axis 1.
    """
    end = ef.max(axis=0, initial=0.0) if finish is None else np.asarray(finish, np.float64)
    total: FloatArray = table.overhead * _working_time(table, np.maximum(end, 0.0))
    if table.spans:
        total = total + span_overheads(table, es, ef).sum(axis=0)
    return total


def plan_cost(
    table: CostTable,
    duration: FloatArray,
    es: FloatArray,
    ef: FloatArray,
    finish: float | None = None,
) -> float:
    """The plan's total cost: every task's cost, then the overheads over its spans."""
    return float(task_cost(table, duration).sum() + overhead_cost(table, es, ef, finish))


def _column(values: FloatArray, like: FloatArray) -> FloatArray:
    """`values` (one per leaf) shaped to broadcast against `like` (leaves x iterations)."""
    return values.reshape((values.size,) + (1,) * (like.ndim - 1))


def task_cost(table: CostTable, duration: FloatArray) -> FloatArray:
    """Total cost of each task: fixed + rate x duration (broadcasts over sampled durations)."""
    result: FloatArray = table.fixed + table.rate * duration
    return result


def cost_to_date(
    table: CostTable, es: FloatArray, ef: FloatArray, t: float | FloatArray
) -> FloatArray:
    """Cost of each task spent by time point `t` (the end of the working unit before it).

    Work is spent as it is done: rate x clip(t - es, 0, ef - es). A fixed cost accrues
    when the task starts (t > es), pro rata with the work, or when it finishes (t >= ef);
    a zero-duration task incurs all of it at t >= es. Broadcasts over iterations.
    """
    duration = ef - es
    worked = np.clip(t - es, 0.0, duration)
    fraction = np.divide(
        worked, duration, out=np.zeros(np.broadcast(worked, duration).shape), where=duration > 0
    )
    started = np.asarray(t > es, dtype=np.float64)
    finished = np.asarray(t >= ef, dtype=np.float64)
    share = np.where(table.accrual == 0, started, np.where(table.accrual == 1, fraction, finished))
    share = np.where(duration > 0, share, np.asarray(t >= es, dtype=np.float64))
    result: FloatArray = table.rate * worked + table.fixed * share
    return result
