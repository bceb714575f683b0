"""Cycle time of finished items, its percentiles, and flow efficiency.

- **Cycle time** of a done item, in calendar days, both ends included: `done - started + 1`
  (`items.started_on`, `items.done_on`), so an item started and done on the same day took 1.
- **Percentiles** are discrete, in the convention of `forecast.throughput`: with the `n`
  cycle times sorted in increasing order (0-based), Pq is the element `ceil(n * q / 100) - 1`
  (NumPy's `method="inverted_cdf"`), the fewest days within which at least q% of the items
  were done; each is a cycle time some item really had.
- **Flow efficiency** of a done item: active days / cycle days, where a day of its cycle is
  inactive when it falls in one of its `blocked` spans (an open span runs on) or the item
  was in a `waiting: true` status that day (`board.status_on`); a day both blocked and
  waiting counts once. Overall flow efficiency is the items' active days over their cycle
  days, summed. It is unknown when the workflow has no waiting status and no item records
  a blocked span, and, for one item, when the workflow has waiting statuses but the item has
  neither a history (which days it waited is not known) nor a blocked span.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from steerco.agile.board import Timeline, days_of, statuses_over, timeline
from steerco.agile.items import done_on, is_work, started_on
from steerco.forecast.throughput import discrete_percentile
from steerco.model.agile import Workflow, WorkItem

__all__ = [
    "CYCLE_PERCENTILES",
    "CycleTime",
    "Efficiency",
    "cycle_times",
    "flow_efficiency",
    "percentile",
]

CYCLE_PERCENTILES = (50, 85, 95)


@dataclass(frozen=True)
class CycleTime:
    """A done item's cycle: started, done, its days, and the days it was active (None: unknown)."""

    id: str
    started: dt.date
    done: dt.date
    days: int
    active_days: int | None
    note: str | None = None
    """Why `active_days` is unknown."""

    @property
    def efficiency(self) -> float | None:
        """Active days over cycle days, or None when the active days are unknown."""
        return None if self.active_days is None else self.active_days / self.days


@dataclass(frozen=True)
class Efficiency:
    """Overall flow efficiency (None: unknown, `reason` says why) over `items` items."""

    value: float | None
    active_days: int
    days: int
    items: int
    reason: str | None = None


def percentile(ordered: Sequence[int], q: int) -> int:
    """Discrete Pq of values sorted in increasing order: the element ceil(n*q/100) - 1."""
    return discrete_percentile(ordered, q)


def _inactive(line: Timeline, workflow: Workflow, start: dt.date, end: dt.date) -> int:
    waiting = {s.name for s in workflow.statuses if s.waiting}
    spans = [(s.start, s.end or dt.date.max) for s in line.item.blocked]
    days = days_of(start, end)
    count = 0
    for day, status in zip(days, statuses_over(line, days), strict=True):
        if status in waiting or any(a <= day <= b for a, b in spans):
            count += 1
    return count


def _cycle(item: WorkItem, workflow: Workflow, start: dt.date, done: dt.date) -> CycleTime:
    days = (done - start).days + 1
    has_waiting = any(s.waiting for s in workflow.statuses)
    if has_waiting and not item.history and not item.blocked:
        note = "no history: the days it spent in waiting statuses are not known"
        return CycleTime(item.id, start, done, days, None, note)
    inactive = _inactive(timeline(item, workflow), workflow, start, done)
    return CycleTime(item.id, start, done, days, days - inactive)


def cycle_times(
    backlog: Iterable[WorkItem], workflow: Workflow, *, start: dt.date, end: dt.date
) -> list[CycleTime]:
    """The cycle of every work item done from `start` through `end`, by done day then file order."""
    out = []
    for item in backlog:
        done = done_on(item, workflow) if is_work(item) else None
        began = started_on(item, workflow)
        if done is not None and began is not None and start <= done <= end:
            out.append(_cycle(item, workflow, began, done))
    return sorted(out, key=lambda c: c.done)


def flow_efficiency(
    cycles: Sequence[CycleTime], backlog: Iterable[WorkItem], workflow: Workflow
) -> Efficiency:
    """Active days over cycle days of the items whose active days are known."""
    recorded = any(s.waiting for s in workflow.statuses) or any(i.blocked for i in backlog)
    if not recorded:
        reason = "no item records a blocked span and no status is marked waiting: true"
        return Efficiency(None, 0, 0, 0, reason)
    known = [c for c in cycles if c.active_days is not None]
    if not known:
        reason = "no item done in the window has a known number of active days"
        return Efficiency(None, 0, 0, 0, reason)
    active = sum(c.active_days or 0 for c in known)
    days = sum(c.days for c in known)
    return Efficiency(active / days, active, days, len(known))
