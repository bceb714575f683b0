"""Deadline misses in the project's own words: dates and working days, not units.

A deadline D (a date) caps a task's finish at the end of that day, the unit
`unit_after(D)`; a task whose finish time f is past that cap c finishes on the day of
f (its last working day) and is f - c units late, that many working days in a day-based
project and (f - c) / hours-per-day working days in an hour-based one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from steerco.schedule.axis import unit_words
from steerco.schedule.dates import finish_dates
from steerco.schedule.network import Network

__all__ = ["DeadlineMiss", "deadline_misses", "working_time"]


@dataclass(frozen=True)
class DeadlineMiss:
    """A task that finishes after its deadline: both days, and how late in working days."""

    task: str
    deadline: dt.date | int
    finish: dt.date | int
    late: float

    def text(self, network: Network) -> str:
        """`b finishes 2027-01-11, 3 working days after its deadline 2027-01-06`."""
        late = working_time(network, self.late)
        return f"{self.task} finishes {self.finish}, {late} after its deadline {self.deadline}"


def working_time(network: Network, days: float) -> str:
    """`1 working day`, `3 working days`, `2 calendar days` (on that axis), or `4 periods`."""
    unit = "day" if network.calendar is not None else "period"
    return f"{days:g} {unit_words(unit, network.axis, days)}"


def _days(network: Network, points: ArrayLike) -> list[dt.date | int]:
    """The last working day of each time point, or the point itself without a calendar."""
    values = np.asarray(points, dtype=np.float64).reshape(-1)
    if network.calendar is None:
        return [round(v) for v in values.tolist()]
    return list(finish_dates(network.calendar, values))


def deadline_misses(network: Network, finish: ArrayLike, due: ArrayLike) -> list[DeadlineMiss]:
    """Each task whose `finish` time is past its `due` unit (finite, or >= 0 where given)."""
    end = np.asarray(finish, dtype=np.float64).reshape(-1)
    cap = np.asarray(due, dtype=np.float64).reshape(-1)
    late = np.flatnonzero(np.isfinite(cap) & (cap >= 0) & (end > cap + 1e-9))
    if late.size == 0:
        return []
    per_day = network.calendar.hours_per_unit_day if network.calendar is not None else 1
    finishes = _days(network, end[late])
    deadlines = _days(network, cap[late])
    misses = [
        DeadlineMiss(network.ids[i], deadline, day, float(end[i] - cap[i]) / per_day)
        for i, deadline, day in zip(late.tolist(), deadlines, finishes, strict=True)
    ]
    return sorted(misses, key=lambda miss: (-miss.late, miss.task))
