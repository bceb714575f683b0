"""Another project's task in an MSPDI file: a link from it becomes a constraint.

MS Project writes a cross-project predecessor as a row of its own (`ExternalTask` 1, the
other project in `ExternalTaskProject`) with the dates it had when the file was saved,
and the link (`CrossProject` 1) names that row's UID. steerco plans one project: the row
is not a task of the plan, and the link becomes a constraint on its successor at the
other task's stored date plus the lag (FS, SS: start no earlier than; FF, SF: finish no
earlier than), as the XER reader does with a link from another project's activity. The
lag counts working days of the successor's calendar (MS Project's rule), rounded to
whole days.
"""

from __future__ import annotations

import datetime as dt

from steerco.formats.foreign.mspdi_calendars import RawCalendar
from steerco.formats.foreign.mspdi_context import TaskRow, finish_day
from steerco.formats.foreign.mspdi_durations import Amount

__all__ = ["external_constraint"]

_MAX_STEPS = 3660
"""The most days a shift looks through for working days (a calendar that never works)."""


def external_constraint(
    kind: str,
    amount: Amount,
    other: TaskRow,
    calendar: RawCalendar | None,
    hours_per_day: float,
) -> tuple[str, dt.date] | None:
    """The constraint field and day a `kind` link from `other` puts on its successor.

    None when the other task has no stored date to anchor at.
    """
    start_side = kind in ("SS", "SF")
    moment = other.start if start_side else other.finish
    if moment is None:
        return None
    anchor = moment.date() if start_side else finish_day(other.start, moment)
    hours = amount.hours
    if amount.percent is not None:
        hours = amount.percent / 100 * (other.duration.hours if other.duration else 0.0)
    # Work after a finish begins the next working day (after a milestone, on its day); an
    # SF-driven finish ends the working day before the start.
    step = {"FS": 1, "SS": 0, "FF": 0, "SF": -1}[kind]
    if kind == "FS" and other.milestone:
        step = 0
    if amount.elapsed:
        day = _shift(calendar, anchor + dt.timedelta(days=round(hours / 24)), step)
    else:
        day = _shift(calendar, anchor, round(hours / hours_per_day) + step)
    name = "start_no_earlier_than" if kind in ("FS", "SS") else "finish_no_earlier_than"
    return name, day


def _works(calendar: RawCalendar | None, day: dt.date) -> bool:
    if calendar is None:
        return day.weekday() < 5
    hours = calendar.exceptions.get(day)
    if hours is None:
        for first, last, week in calendar.work_weeks:
            if first <= day <= last and day.weekday() in week:
                hours = week[day.weekday()]
        if hours is None:
            hours = calendar.week.get(day.weekday(), 0.0)
    return hours > 0


def _shift(calendar: RawCalendar | None, day: dt.date, days: int) -> dt.date:
    """The working day `days` working days after `day` (before, when negative)."""
    step = dt.timedelta(days=1 if days > 0 else -1)
    for _ in range(abs(days)):
        for _ in range(_MAX_STEPS):
            day += step
            if _works(calendar, day):
                break
    return day
