"""Working-time calendars compiled to arrays: units to dates and back, vectorised.

Unit 0 is the first working day on or after the project start; unit k is the k-th
working day after it. In an hour-based project, unit u falls on working day
`u // hours_per_day`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.model import Calendar
from steerco.model.ranges import MAX_DATE
from steerco.types import DateArray

__all__ = ["WorkCalendar", "holiday_dates", "work_calendar", "worked_on"]


_EPOCH = np.datetime64("1970-01-01", "D")
_CALENDAR_END = dt.date(MAX_DATE.year + 100, 12, 31)
"""How far a calendar is ever compiled: a century past the last date a project may hold."""


def holiday_dates(calendar: Calendar, years: range) -> set[dt.date]:
    """Public holidays (observed days included) of the calendar's country and years."""
    if calendar.country is None:
        return set()
    import holidays

    subdivision = calendar.subdivision.upper() if calendar.subdivision else None
    found = holidays.country_holidays(
        calendar.country.upper(), subdiv=subdivision, years=list(years), observed=True
    )
    return set(found.keys())


def _working_days(calendar: Calendar, first: dt.date, last: dt.date) -> DateArray:
    """Every working day from `first` to `last` inclusive, as datetime64[D]."""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    weekday = (days - _EPOCH).astype(np.int64) % 7  # 1970-01-01 was a Thursday
    mask = np.array(calendar.weekday_mask, dtype=bool)[(weekday + 3) % 7]
    off = holiday_dates(calendar, range(first.year, last.year + 1)) | set(calendar.holidays)
    if off:
        mask &= ~np.isin(days, np.array(sorted(off), dtype="datetime64[D]"))
    extra = [d for d in calendar.working_days if first <= d <= last]
    if extra:
        mask |= np.isin(days, np.array(extra, dtype="datetime64[D]"))
    result: DateArray = days[mask]
    return result


def worked_on(calendar: Calendar, days: DateArray) -> NDArray[np.bool_]:
    """Whether `calendar` works each of `days` (sorted datetime64[D])."""
    if not days.size:
        return np.zeros(0, dtype=bool)
    first, last = days[0].astype(dt.date), days[-1].astype(dt.date)
    found: NDArray[np.bool_] = np.isin(days, _working_days(calendar, first, last))
    return found


@dataclass(frozen=True)
class WorkCalendar:
    """A calendar compiled from a start date: the list of working days as an array."""

    calendar: Calendar
    start: dt.date
    days: DateArray = field(repr=False)
    hours_per_unit_day: int = 1

    def covering(self, units: int) -> WorkCalendar:
        """Return this calendar, extended if needed so that working day index `units` exists."""
        if units < len(self.days):
            return self
        return work_calendar(
            self.calendar,
            self.start,
            min_days=units + 1,
            hours_per_unit_day=self.hours_per_unit_day,
        )

    def dates(self, units: NDArray[np.int64]) -> DateArray:
        """The working day on which each unit falls (units must be >= 0)."""
        day_index = np.asarray(units, dtype=np.int64) // self.hours_per_unit_day
        top = int(day_index.max()) if day_index.size else 0
        calendar = self.covering(top)
        return calendar.days[day_index]

    def date(self, unit: int) -> dt.date:
        """The working day on which `unit` falls."""
        value: dt.date = self.dates(np.array([unit]))[0].astype(dt.date)
        return value

    def unit_on_or_after(self, day: dt.date) -> int:
        """The first unit of the first working day on or after `day`."""
        calendar = self._reaching(day)
        index = int(np.searchsorted(calendar.days, np.datetime64(day, "D"), side="left"))
        return index * self.hours_per_unit_day

    def unit_after(self, day: dt.date) -> int:
        """The time point at the end of `day`: units worked on days up to and including it."""
        calendar = self._reaching(day)
        index = int(np.searchsorted(calendar.days, np.datetime64(day, "D"), side="right"))
        return index * self.hours_per_unit_day

    def _reaching(self, day: dt.date) -> WorkCalendar:
        if len(self.days) and self.days[-1] >= np.datetime64(day, "D"):
            return self
        return work_calendar(
            self.calendar, self.start, until=day, hours_per_unit_day=self.hours_per_unit_day
        )


def work_calendar(
    calendar: Calendar,
    start: dt.date,
    *,
    min_days: int = 260,
    until: dt.date | None = None,
    hours_per_unit_day: int = 1,
) -> WorkCalendar:
    """Compile `calendar` from `start` with at least `min_days` working days (and up to `until`)."""
    workdays_per_week = max(1, len(calendar.workdays)) + len(calendar.working_days)
    reach = (_CALENDAR_END - start).days
    span = int(min_days * 7 / workdays_per_week * 1.25) + 30
    last = start + dt.timedelta(days=max(0, min(span, reach)))
    if until is not None and until > last:
        last = min(until, _CALENDAR_END)
    while True:
        days = _working_days(calendar, start, last)
        if len(days) >= min_days or (not calendar.workdays and not calendar.working_days):
            return WorkCalendar(calendar, start, days, hours_per_unit_day)
        if last >= _CALENDAR_END:
            message = (
                f"the plan needs {min_days} working days from {start}, past {MAX_DATE}, "
                "the last date steerco plans with"
            )
            raise ProjectError([Diagnostic(Code.horizon_too_long, message)])
        last = start + dt.timedelta(days=min((last - start).days * 2 + 30, reach))
