"""Workload per person per week: person-days booked by a schedule against the person's capacity.

booked(p, w) = Σ over the working days d of week w of the units p works on d (hours / hours
per day in an hour project); capacity(p, w) = Σ over the same days of p's capacity, 0 on
leave and on weekdays outside p's own `workdays`. A week is over-allocated when booked >
capacity. Weeks start on Monday; a project counted in bare periods has weeks of 5 periods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from steerco.model import WEEKDAYS, Project, Resource
from steerco.schedule.network import Network

__all__ = [
    "Load",
    "WeekLoad",
    "Workload",
    "availability",
    "booked_days",
    "weekly_workload",
    "working_dates",
]

Load = dict[str, list[tuple[int, int, float]]]
"""Resource id -> booked runs (first unit, end unit, units), as `Schedule.load`."""
PERIODS_PER_WEEK = 5
_EPS = 1e-9


@dataclass(frozen=True)
class WeekLoad:
    """One person's week: person-days booked and available."""

    week: dt.date | int
    booked: float
    capacity: float

    @property
    def over(self) -> bool:
        """Booked beyond capacity."""
        return self.booked > self.capacity + _EPS

    @property
    def utilisation(self) -> float | None:
        """Booked / capacity (None when there is no capacity that week)."""
        return self.booked / self.capacity if self.capacity > _EPS else None


@dataclass(frozen=True)
class Workload:
    """Every team member's weeks, over the weeks the schedule spans."""

    weeks: list[dt.date | int]
    people: dict[str, list[WeekLoad]]

    def over_allocations(self) -> list[tuple[str, WeekLoad]]:
        """(person, week) for every over-allocated week, by person then week."""
        return [(p, w) for p, weeks in self.people.items() for w in weeks if w.over]


def _per_day(project: Project) -> int:
    return int(project.calendar.hours_per_day) if project.unit == "hour" else 1


def working_dates(network: Network, days: int) -> list[dt.date] | None:
    """The dates of working days 0..days-1 (None for a project without dates)."""
    if network.calendar is None:
        return None
    calendar = network.calendar.covering(days)
    dates: list[dt.date] = calendar.days[:days].astype(dt.date).tolist()
    return dates


def booked_days(project: Project, load: Load, days: int) -> dict[str, NDArray[np.float64]]:
    """Person-days each resource works on each working day 0..days-1."""
    per_day = _per_day(project)
    out: dict[str, NDArray[np.float64]] = {}
    for rid, runs in load.items():
        row = np.zeros(days, dtype=np.float64)
        for first, end, units in runs:
            day = np.arange(first, end, dtype=np.int64) // per_day
            np.add.at(row, day[day < days], units / per_day)
        out[rid] = row
    return out


def availability(resource: Resource, dates: list[dt.date] | None, days: int) -> NDArray[np.float64]:
    """The resource's capacity on each working day: 0 on leave and outside its own workdays."""
    row = np.full(days, resource.capacity, dtype=np.float64)
    if dates is None:
        return row
    for k, day in enumerate(dates[:days]):
        away = any(leave.start <= day <= leave.end for leave in resource.leave)
        off = resource.workdays is not None and WEEKDAYS[day.weekday()] not in resource.workdays
        if away or off:
            row[k] = 0.0
    return row


def _week_keys(dates: list[dt.date] | None, days: int) -> list[dt.date | int]:
    if dates is None:
        return [(d // PERIODS_PER_WEEK) * PERIODS_PER_WEEK for d in range(days)]
    return [d - dt.timedelta(days=d.weekday()) for d in dates[:days]]


def weekly_workload(project: Project, network: Network, load: Load, horizon: int) -> Workload:
    """Booked and available person-days of each person and pool per week, up to `horizon`."""
    per_day = _per_day(project)
    days = max(-(-horizon // per_day), 1)
    dates = working_dates(network, days)
    keys = _week_keys(dates, days)
    weeks = list(dict.fromkeys(keys))
    position = np.array([weeks.index(k) for k in keys], dtype=np.int64)
    booked = booked_days(project, load, days)
    people: dict[str, list[WeekLoad]] = {}
    for resource in project.resources:
        if resource.kind == "equipment":
            continue
        work = np.bincount(
            position, weights=booked.get(resource.id, np.zeros(days)), minlength=len(weeks)
        )
        free = np.bincount(
            position, weights=availability(resource, dates, days), minlength=len(weeks)
        )
        people[resource.id] = [
            WeekLoad(week, float(b), float(c))
            for week, b, c in zip(weeks, work.tolist(), free.tolist(), strict=True)
        ]
    return Workload(weeks, people)
