"""Kanban flow metrics over a window of days: WIP, cycle time, throughput, CFD, aging.

Every metric counts work items only (`items.is_work`: no epics, no sub-tasks), over the days
`start` through `end` (the as-of date), both included; where each item was on each day is
`board.status_on`.

- **WIP** of a status: the items in it on `end`; a status with a `wip_limit` is over it when
  it holds more items; `days_over` lists the window's days on which it held more.
- **Cycle time** (`cycle`): of the items done in the window, with discrete percentiles
  50/85/95, count and mean; unknown (with the reason) when no item was done in the window.
- **Throughput**: items done on each day (`throughput.done_per_period` with 1-day periods)
  and in each whole week of 7 days ending on `end` (the days before the first whole week
  count in the daily figures only).
- **Cumulative flow** (`cfd`): for each day, the items in each status of the workflow
  (every item in exactly one status, so a day's counts add up to the items on the board
  that day); stacked in workflow order, done at the bottom, they draw the classic chart,
  whose top edge is the items that had reached at least that status.
- **Aging**: each item in an in-progress status on `end`, its age `end - started + 1` days
  (`items.started_on`), and the highest cycle-time percentile it is older than: `beyond = 85`
  means it has been in progress longer than P85, so longer than at least 85% of the items
  done in the window took.
- **Flow efficiency**: `cycle.flow_efficiency`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from steerco.agile.board import Timeline, days_of, status_on, stretches, timeline
from steerco.agile.cycle import (
    CYCLE_PERCENTILES,
    CycleTime,
    Efficiency,
    cycle_times,
    flow_efficiency,
    percentile,
)
from steerco.agile.items import is_work, started_on
from steerco.agile.throughput import done_per_period
from steerco.model.agile import Workflow, WorkflowStatus, WorkItem

__all__ = [
    "AgingItem",
    "ColumnWip",
    "CycleSummary",
    "FlowMetrics",
    "WeekCount",
    "flow_metrics",
]


@dataclass(frozen=True)
class ColumnWip:
    """A status on the as-of date: its items, its limit and the window's days over it."""

    status: WorkflowStatus
    count: int
    days_over: tuple[dt.date, ...]

    @property
    def over(self) -> bool:
        """Whether the status holds more items than its limit on the as-of date."""
        limit = self.status.wip_limit
        return limit is not None and self.count > limit


@dataclass(frozen=True)
class CycleSummary:
    """Cycle-time percentiles (empty when unknown, `reason` says why), count and mean."""

    percentiles: dict[int, int]
    count: int
    mean: float | None
    reason: str | None = None


@dataclass(frozen=True)
class WeekCount:
    """Items done in the week from `start` through `end`."""

    start: dt.date
    end: dt.date
    count: int


@dataclass(frozen=True)
class AgingItem:
    """An item in progress on the as-of date, its age in days and the percentile it is beyond."""

    id: str
    status: str
    started: dt.date | None
    age: int | None
    beyond: int | None


@dataclass(frozen=True)
class FlowMetrics:
    """The flow of the board over the days `start` through `end` (the as-of date)."""

    start: dt.date
    end: dt.date
    statuses: tuple[WorkflowStatus, ...]
    items: int
    wip: tuple[ColumnWip, ...]
    cycles: tuple[CycleTime, ...]
    cycle: CycleSummary
    per_day: tuple[int, ...]
    weeks: tuple[WeekCount, ...]
    cfd: tuple[tuple[int, ...], ...]
    """For each day of the window, the items in each status (in `statuses` order)."""
    aging: tuple[AgingItem, ...]
    efficiency: Efficiency

    @property
    def days(self) -> list[dt.date]:
        """Every day of the window."""
        return days_of(self.start, self.end)


def _summary(cycles: Sequence[CycleTime], start: dt.date, end: dt.date) -> CycleSummary:
    if not cycles:
        reason = f"no item was done from {start} through {end}"
        return CycleSummary({}, 0, None, reason)
    ordered = sorted(c.days for c in cycles)
    values = {q: percentile(ordered, q) for q in CYCLE_PERCENTILES}
    return CycleSummary(values, len(ordered), sum(ordered) / len(ordered))


def _weeks(
    backlog: Sequence[WorkItem], workflow: Workflow, start: dt.date, end: dt.date
) -> tuple[WeekCount, ...]:
    first = start + dt.timedelta(days=((end - start).days + 1) % 7)
    counts = done_per_period(backlog, workflow, start=first, end=end, days=7)
    return tuple(
        WeekCount(first + dt.timedelta(7 * k), first + dt.timedelta(7 * k + 6), int(n))
        for k, n in enumerate(counts)
    )


def _aging(
    lines: Sequence[tuple[WorkItem, str | None]],
    workflow: Workflow,
    end: dt.date,
    cycle: CycleSummary,
) -> tuple[AgingItem, ...]:
    out = []
    for item, status in lines:
        if status is None or workflow.category_of(status) != "in_progress":
            continue
        began = started_on(item, workflow)
        age = None if began is None or began > end else (end - began).days + 1
        passed = [q for q, days in cycle.percentiles.items() if age is not None and age > days]
        out.append(AgingItem(item.id, status, began, age, max(passed, default=None)))
    return tuple(sorted(out, key=lambda a: -(a.age or 0)))


def _cfd(
    lines: Sequence[Timeline], names: Sequence[str], start: dt.date, end: dt.date
) -> tuple[tuple[int, ...], ...]:
    """For each day, the items in each status, added up run by run (a difference array)."""
    index = {name: k for k, name in enumerate(names)}
    days = (end - start).days + 1
    change = np.zeros((days + 1, len(names)), dtype=np.int64)
    for line in lines:
        for first, last, status in stretches(line, start, end):
            change[first, index[status]] += 1
            change[last + 1, index[status]] -= 1
    counts = np.cumsum(change[:days], axis=0)
    return tuple(tuple(int(n) for n in row) for row in counts)


def flow_metrics(
    backlog: Sequence[WorkItem], workflow: Workflow, *, start: dt.date, end: dt.date
) -> FlowMetrics:
    """WIP, cycle time, throughput, cumulative flow, aging and flow efficiency of the board."""
    if end < start:
        raise ValueError(f"the window ends ({end}) before it starts ({start})")
    work = [item for item in backlog if is_work(item)]
    lines = [timeline(item, workflow) for item in work]
    days = days_of(start, end)
    names = [s.name for s in workflow.statuses]
    cfd = _cfd(lines, names, start, end)
    wip = tuple(
        ColumnWip(
            status,
            cfd[-1][k],
            tuple(
                day
                for day, counts in zip(days, cfd, strict=True)
                if status.wip_limit is not None and counts[k] > status.wip_limit
            ),
        )
        for k, status in enumerate(workflow.statuses)
    )
    cycles = cycle_times(work, workflow, start=start, end=end)
    cycle = _summary(cycles, start, end)
    per_day = done_per_period(work, workflow, start=start, end=end, days=1)
    return FlowMetrics(
        start=start,
        end=end,
        statuses=workflow.statuses,
        items=len(work),
        wip=wip,
        cycles=tuple(cycles),
        cycle=cycle,
        per_day=tuple(int(n) for n in per_day),
        weeks=_weeks(work, workflow, start, end),
        cfd=cfd,
        aging=_aging([(line.item, status_on(line, end)) for line in lines], workflow, end, cycle),
        efficiency=flow_efficiency(cycles, work, workflow),
    )
