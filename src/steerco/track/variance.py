"""Variance of the current plan against a baseline: start, finish, duration and cost.

Every variance is the current plan minus the baseline: positive means later, longer or
dearer. Times are working units on the current plan's axis (when the project start moved
since the baseline, the baseline's units are shifted by the working units between the two
starts); costs are money in the project currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from steerco.codes import Code
from steerco.errors import ProjectError
from steerco.model.baseline import Baseline, BaselineTask
from steerco.schedule.calendar import work_calendar
from steerco.schedule.plan import Schedule, ScheduledTask
from steerco.track.overhead import planned_overhead

__all__ = ["TaskVariance", "VarianceReport", "variance"]

DateOrUnits = dt.date | int


@dataclass(frozen=True)
class TaskVariance:
    """One task's planned times and cost, in the baseline and now, and their differences.

    A task added since the baseline has no baseline values; one removed since has no
    current values; either way its variances are None.
    """

    id: str
    name: str
    kind: str
    parent: str | None
    baseline_start: DateOrUnits | None
    start: DateOrUnits | None
    start_variance: float | None
    baseline_finish: DateOrUnits | None
    finish: DateOrUnits | None
    finish_variance: float | None
    baseline_duration: float | None
    duration: float | None
    duration_variance: float | None
    baseline_cost: float | None
    cost: float | None
    cost_variance: float | None

    @property
    def slipped_milestone(self) -> bool:
        """True for a milestone that now falls later than in the baseline."""
        return self.kind == "milestone" and (self.finish_variance or 0.0) > 0


@dataclass(frozen=True)
class VarianceReport:
    """Variance of every task and WBS node; slipped milestones first, then in WBS order."""

    baseline: str
    saved: dt.date
    unit: str
    currency: str
    shift: int
    tasks: list[TaskVariance]
    project: TaskVariance
    plan: str = "critical path"
    """The current plan compared: `critical path` or `levelled (METHOD)`."""
    axis: str = "working"
    """What a unit of the time variances counts: working time, or every calendar day."""

    @property
    def slipped_milestones(self) -> list[str]:
        """Ids of the milestones that slipped, the worst slip first."""
        return [task.id for task in self.tasks if task.slipped_milestone]


def _axis_shift(baseline: Baseline, schedule: Schedule) -> int:
    """Working units from the baseline's unit 0 to the current plan's unit 0 (0 if unmoved)."""
    calendar = schedule.network.calendar
    now, then = schedule.network.start, baseline.project_start
    if calendar is None or now is None or then is None or now == then:
        return 0
    first, last = min(now, then), max(now, then)
    span = work_calendar(
        calendar.calendar, first, until=last, hours_per_unit_day=calendar.hours_per_unit_day
    )
    return span.unit_on_or_after(now) - span.unit_on_or_after(then)


def _difference(now: float | None, then: float | None) -> float | None:
    """Now - then in working units (an int when whole), or None when either is missing."""
    return None if now is None or then is None else _number(now - then)


def _money(now: float | None, then: float | None) -> float | None:
    """Now - then in money (always a float), or None when either is missing."""
    return None if now is None or then is None else float(now - then)


def _number(value: float) -> float:
    """Whole numbers as ints (as the plan prints times), others as floats."""
    return int(value) if float(value).is_integer() else value


def _compare(row: ScheduledTask | None, frozen: BaselineTask | None, shift: int) -> TaskVariance:
    """Variance of one task between its current row (None if removed) and its baseline."""
    start: int | None
    finish: int | None
    now: tuple[Any, ...]
    if row is not None:
        who = (row.id, row.name, row.kind, row.parent)
        start, finish = row.es + shift, row.ef + shift
        now = (row.start, row.finish, row.ef - row.es, row.cost or 0.0)
    else:
        assert frozen is not None
        who = (frozen.id, frozen.name, frozen.kind, frozen.parent)
        start = finish = None
        now = (None, None, None, None)
    then: tuple[Any, ...] = (None,) * 6
    if frozen is not None:
        then = (
            frozen.start,
            frozen.finish,
            frozen.start_units,
            frozen.finish_units,
            frozen.duration,
            frozen.cost,
        )
    return TaskVariance(
        *who,
        baseline_start=then[0],
        start=now[0],
        start_variance=_difference(start, then[2]),
        baseline_finish=then[1],
        finish=now[1],
        finish_variance=_difference(finish, then[3]),
        baseline_duration=then[4],
        duration=now[2],
        duration_variance=_difference(now[2], then[4]),
        baseline_cost=then[5],
        cost=now[3],
        cost_variance=_money(now[3], then[5]),
    )


def _project(baseline: Baseline, schedule: Schedule, shift: int) -> TaskVariance:
    """The whole project as one row: unit 0 to the finish, and the total cost (BAC then).

    Both costs count the overheads: the plan's over its spans, the baseline's (at today's
    rates) over the baseline's spans, so a slip shows as the overhead it adds.
    """
    start, finish = schedule.project_dates()
    cost = schedule.total_cost() or 0.0
    budget = sum(task.cost for task in baseline.leaves())
    if schedule.network.costs is not None:
        budget += planned_overhead(schedule.network.costs, baseline)
    return TaskVariance(
        id="",
        name=schedule.network.project,
        kind="project",
        parent=None,
        baseline_start=baseline.start,
        start=start,
        start_variance=shift,
        baseline_finish=baseline.finish,
        finish=finish,
        finish_variance=_difference(schedule.makespan + shift, baseline.finish_units),
        baseline_duration=baseline.finish_units,
        duration=schedule.makespan,
        duration_variance=_difference(schedule.makespan, baseline.finish_units),
        baseline_cost=budget,
        cost=cost,
        cost_variance=_money(cost, budget),
    )


def variance(baseline: Baseline, schedule: Schedule) -> VarianceReport:
    """Compare the plan `schedule` with `baseline`, task by task and node by node.

    start/finish variance = current es/ef - baseline start/finish units; duration variance
    = current (ef - es) - baseline duration; cost variance = current cost - baseline cost.
    Rows follow the current WBS order, then tasks removed since the baseline in its order;
    slipped milestones (finish variance > 0) move to the front, the worst slip first.
    """
    if baseline.unit != schedule.network.unit:
        raise ProjectError.single(
            Code.bad_baseline,
            f"baseline {baseline.name!r} counts in {baseline.unit}s but the project now "
            f"schedules in {schedule.network.unit}s; save a new baseline",
        )
    shift = _axis_shift(baseline, schedule)
    frozen = {task.id: task for task in baseline.tasks}
    rows = list(schedule.tasks())
    current = {row.id for row in rows}
    found = [_compare(row, frozen.get(row.id), shift) for row in rows]
    found += [_compare(None, task, shift) for task in baseline.tasks if task.id not in current]
    slipped = sorted(
        (t for t in found if t.slipped_milestone), key=lambda t: -(t.finish_variance or 0.0)
    )
    rest = [t for t in found if not t.slipped_milestone]
    return VarianceReport(
        baseline=baseline.name,
        saved=baseline.saved,
        unit=baseline.unit,
        currency=baseline.currency,
        shift=shift,
        tasks=slipped + rest,
        project=_project(baseline, schedule, shift),
        plan=schedule.plan_name,
        axis=schedule.network.axis,
    )
