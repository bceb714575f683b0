"""The date conventions in one place: on which working day a time in units falls.

Times are working units from the project start (`WorkCalendar`: unit k falls on the k-th
working day, or on day k // hours_per_day in an hour-based project). A task that works
units [es, ef) starts on the day of unit es and finishes on the day of unit ef - 1: its
finish date is its last working day, not the day after. A time point t (the end of a task,
a forecast percentile, an estimate at completion; fractional ones too) is the end of
ceil(t) units, so it falls on the day of unit ceil(t) - 1, and t <= 0 on the day of unit 0.
A zero-length task (a milestone) at t falls on the day its predecessors finish: the day
of t as a time point.

Going the other way (a date to units) is `WorkCalendar.unit_on_or_after` (where work on a
day begins) and `WorkCalendar.unit_after` (the end of the day: status and deadline dates).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import ArrayLike

from steerco.schedule.calendar import WorkCalendar

__all__ = ["finish_date", "finish_dates", "span_dates", "start_date", "start_dates"]

_TOLERANCE = 1e-9  # a time point within this of a whole unit counts as that unit


def _finish_units(points: ArrayLike) -> np.ndarray:
    """The unit whose day a time point falls on: ceil(t) - 1, never below unit 0."""
    whole = np.ceil(np.asarray(points, dtype=np.float64) - _TOLERANCE).astype(np.int64)
    units: np.ndarray = np.maximum(whole - 1, 0)
    return units


def _days(calendar: WorkCalendar, units: np.ndarray) -> list[dt.date]:
    if units.size == 0:
        return []
    days: list[dt.date] = calendar.dates(units).astype(dt.date).tolist()
    return days


def start_dates(calendar: WorkCalendar, units: ArrayLike) -> list[dt.date]:
    """The day on which work starting at each unit begins: the day of unit u (u >= 0)."""
    return _days(calendar, np.asarray(units, dtype=np.int64).reshape(-1))


def start_date(calendar: WorkCalendar, unit: int) -> dt.date:
    """The day on which work starting at `unit` begins."""
    return start_dates(calendar, [unit])[0]


def finish_dates(calendar: WorkCalendar, points: ArrayLike) -> list[dt.date]:
    """The last working day of each time point t: the day of unit max(ceil(t) - 1, 0)."""
    return _days(calendar, _finish_units(np.asarray(points, dtype=np.float64).reshape(-1)))


def finish_date(calendar: WorkCalendar, point: float) -> dt.date:
    """The last working day of the time point `point` (a finish, a forecast, an IEAC(t))."""
    return finish_dates(calendar, [point])[0]


def span_dates(
    calendar: WorkCalendar, es: ArrayLike, ef: ArrayLike
) -> tuple[list[dt.date], list[dt.date]]:
    """Start and finish dates of tasks working units [es, ef).

    Start: the day of unit es; finish: the day of unit ef - 1. A task with ef <= es (a
    milestone) starts and finishes on the day its predecessors finish: the day of es - 1,
    or of unit 0 when es = 0.
    """
    first = np.asarray(es, dtype=np.int64).reshape(-1)
    end = np.asarray(ef, dtype=np.int64).reshape(-1)
    zero = end <= first
    begin = np.where(zero, np.maximum(first - 1, 0), first)
    last = np.where(zero, begin, end - 1)
    days = _days(calendar, np.concatenate([begin, last]))
    return days[: first.size], days[first.size :]
