"""Velocity: story points completed per finished sprint, and their mean, range and trend.

For each finished sprint (`sprints.finished_sprints`): the points and items it committed to
at its start (`commitment`) and those it completed (`sprints.completed_in`: done within the
sprint, so an item carried over counts for the sprint it was done in). Over the last N
finished sprints (N = `agile.velocity_sprints` unless asked otherwise): the mean, least and
most completed points, and the trend, the least-squares slope b of completed points against
the sprint's position 0..N-1 (points per sprint):

    b = Σ (i - ī)(v_i - v̄) / Σ (i - ī)²

The trend reads `rising` when b ≥ 5% of the mean, `falling` when b ≤ -5% of the mean,
else `flat`; it needs at least 3 sprints (with fewer, no trend).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from steerco.agile.capacity import sprint_capacity
from steerco.agile.commitment import sprint_scope
from steerco.agile.sprints import completed_in, finished_sprints, points_of
from steerco.model import Project
from steerco.model.agile import Sprint

__all__ = [
    "FLAT_SHARE",
    "MIN_TREND_SPRINTS",
    "SprintVelocity",
    "Trend",
    "Velocity",
    "slope",
    "sprint_velocity",
    "trend_of",
    "velocity",
]

Trend = Literal["rising", "falling", "flat"]
FLAT_SHARE = 0.05
"""A slope within ±5% of the mean velocity per sprint reads as flat."""
MIN_TREND_SPRINTS = 3
"""Fewer finished sprints than this give no trend."""


@dataclass(frozen=True)
class SprintVelocity:
    """One finished sprint: committed and completed points and items, and its capacity."""

    sprint: str
    name: str
    start: dt.date
    end: dt.date
    committed_points: float
    committed_items: int
    completed_points: float
    completed_items: int
    completed_unpointed: int
    """Completed items without points (they add no points)."""
    capacity: float
    """Person-days (`capacity.sprint_capacity`)."""


@dataclass(frozen=True)
class Velocity:
    """Velocity at a date: every finished sprint, and the statistics over the last `window`."""

    as_of: dt.date
    window: int
    """How many finished sprints the statistics look back on (at most)."""
    sprints: tuple[SprintVelocity, ...]
    """Every finished sprint, oldest first."""
    counted: tuple[SprintVelocity, ...]
    """The last `window` of them, which the statistics read."""
    mean: float | None
    low: float | None
    high: float | None
    slope: float | None
    """Least-squares points per sprint over `counted`; None with fewer than 3 sprints."""
    trend: Trend | None
    mean_capacity: float | None
    """Mean person-days of the counted sprints."""


def sprint_velocity(project: Project, sprint: Sprint) -> SprintVelocity:
    """The sprint's committed and completed points and items, and its capacity."""
    committed = sprint_scope(project.backlog, sprint).committed()
    done = completed_in(project.backlog, project.workflow, sprint)
    return SprintVelocity(
        sprint=sprint.id,
        name=sprint.name,
        start=sprint.start,
        end=sprint.end,
        committed_points=points_of(committed),
        committed_items=len(committed),
        completed_points=points_of(done),
        completed_items=len(done),
        completed_unpointed=sum(1 for item in done if item.points is None),
        capacity=sprint_capacity(project, sprint).person_days,
    )


def slope(values: list[float]) -> float:
    """The least-squares slope of `values` against their positions 0, 1, 2, ..."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    top = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    return top / sum((i - mean_x) ** 2 for i in range(n))


def trend_of(b: float, mean: float) -> Trend:
    """Rising when b ≥ 5% of the mean, falling when b ≤ -5% of it, else flat."""
    if b >= FLAT_SHARE * abs(mean) and b > 0:
        return "rising"
    if b <= -FLAT_SHARE * abs(mean) and b < 0:
        return "falling"
    return "flat"


def velocity(project: Project, as_of: dt.date, *, window: int | None = None) -> Velocity:
    """Velocity of the sprints finished before `as_of`, with statistics over the last `window`."""
    size = window if window is not None else project.agile.velocity_sprints
    rows = tuple(sprint_velocity(project, s) for s in finished_sprints(project.sprints, as_of))
    counted = rows[-size:] if size > 0 else ()
    values = [row.completed_points for row in counted]
    mean = sum(values) / len(values) if values else None
    b = slope(values) if len(values) >= MIN_TREND_SPRINTS else None
    return Velocity(
        as_of=as_of,
        window=size,
        sprints=rows,
        counted=counted,
        mean=mean,
        low=min(values) if values else None,
        high=max(values) if values else None,
        slope=b,
        trend=trend_of(b, mean or 0.0) if b is not None else None,
        mean_capacity=sum(r.capacity for r in counted) / len(counted) if counted else None,
    )
