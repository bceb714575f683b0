"""steerco calendars as MSPDI calendars: weekdays with working times, and exceptions."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from steerco.formats.foreign.mspdi_xml import NS
from steerco.model.calendar import WEEKDAYS, Calendar
from steerco.schedule.calendar import holiday_dates

__all__ = [
    "clock_after",
    "clock_at",
    "day_end",
    "day_start",
    "sub",
    "working_times",
    "write_calendar",
]

_DAY_START = dt.time(8, 0)


def sub(parent: etree._Element, name: str, text: object = None) -> etree._Element:
    """Append child `name` (in the MSPDI namespace) with `text`, if given."""
    child = etree.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        child.text = str(text)
    return child


def working_times(hours: float) -> list[tuple[dt.time, dt.time]]:
    """The working times of a day of `hours`: from 08:00 with a lunch hour after four hours."""
    if hours >= 24:
        return [(dt.time(0), dt.time(0))]
    start = dt.datetime.combine(dt.date(2000, 1, 3), _DAY_START if hours <= 15 else dt.time(0))
    if hours <= 4 or hours > 15:
        return [(start.time(), (start + dt.timedelta(hours=hours)).time())]
    lunch = start + dt.timedelta(hours=4)
    back = lunch + dt.timedelta(hours=1)
    return [
        (start.time(), lunch.time()),
        (back.time(), (back + dt.timedelta(hours=hours - 4)).time()),
    ]


def day_start(hours: float) -> dt.time:
    """When a working day of `hours` starts."""
    return working_times(hours)[0][0]


def day_end(hours: float) -> dt.time:
    """When a working day of `hours` ends (23:59 for a day of 24 hours)."""
    end = working_times(hours)[-1][1]
    return dt.time(23, 59) if end == dt.time(0) else end


def _offsets(hours: float) -> list[tuple[float, dt.datetime, dt.datetime]]:
    """Each working period of a day of `hours`: hours worked before it, its start and end."""
    day = dt.date(2000, 1, 3)
    found, before = [], 0.0
    for start, end in working_times(hours):
        a = dt.datetime.combine(day, start)
        b = dt.datetime.combine(day if end > start else day + dt.timedelta(days=1), end)
        found.append((before, a, b))
        before += (b - a).total_seconds() / 3600
    return found


def clock_at(hours: float, worked: float) -> dt.time:
    """When work resumes after `worked` hours of a day of `hours` (after lunch, not at noon)."""
    for before, start, end in _offsets(hours):
        if worked < before + (end - start).total_seconds() / 3600:
            return (start + dt.timedelta(hours=worked - before)).time()
    return day_end(hours)


def clock_after(hours: float, worked: float) -> dt.time:
    """When `worked` hours of a day of `hours` are done (at noon, not after lunch)."""
    for before, start, end in _offsets(hours):
        if worked <= before + (end - start).total_seconds() / 3600:
            moment = start + dt.timedelta(hours=worked - before)
            return dt.time(23, 59) if moment.time() == dt.time(0) else moment.time()
    return day_end(hours)


def _times(parent: etree._Element, hours: float) -> None:
    times = sub(parent, "WorkingTimes")
    for start, end in working_times(hours):
        period = sub(times, "WorkingTime")
        sub(period, "FromTime", start.isoformat())
        sub(period, "ToTime", end.isoformat())


def _exception(
    parent: etree._Element,
    day: dt.date,
    name: str,
    hours: float | None,
    last: dt.date | None = None,
) -> None:
    """One exception from `day` to `last` (default: that day alone), worked or not."""
    exception = sub(parent, "Exception")
    sub(exception, "EnteredByOccurrences", 0)
    period = sub(exception, "TimePeriod")
    sub(period, "FromDate", f"{day.isoformat()}T00:00:00")
    sub(period, "ToDate", f"{(last or day).isoformat()}T23:59:00")
    sub(exception, "Occurrences", 1)
    sub(exception, "Name", name)
    sub(exception, "Type", 1)
    sub(exception, "DayWorking", 1 if hours else 0)
    if hours:
        _times(exception, hours)


def write_calendar(
    parent: etree._Element,
    uid: int,
    name: str,
    calendar: Calendar | None,
    *,
    base: int | None = None,
    years: range = range(0),
    workdays: tuple[str, ...] | None = None,
    leave: tuple[tuple[dt.date, dt.date], ...] = (),
) -> None:
    """One `Calendar`: a base calendar from `calendar`, or a resource calendar on `base`.

    A `country` calendar's public holidays over `years` become exceptions. A resource
    calendar sets only the weekdays it does not work and its spells of leave (first and
    last day), one exception each, however long.
    """
    element = sub(parent, "Calendar")
    sub(element, "UID", uid)
    sub(element, "Name", name)
    sub(element, "IsBaseCalendar", 1 if base is None else 0)
    sub(element, "BaseCalendarUID", -1 if base is None else base)
    days = sub(element, "WeekDays")
    for number in range(1, 8):  # 1 Sunday .. 7 Saturday
        weekday = WEEKDAYS[(number + 5) % 7]
        if calendar is not None:
            day = sub(days, "WeekDay")
            sub(day, "DayType", number)
            works = weekday in calendar.workdays
            sub(day, "DayWorking", int(works))
            if works:
                _times(day, calendar.hours_per_day)
        elif workdays is not None and weekday not in workdays:
            day = sub(days, "WeekDay")
            sub(day, "DayType", number)
            sub(day, "DayWorking", 0)
    if len(days) == 0:
        element.remove(days)
    exceptions = sub(element, "Exceptions")
    if calendar is not None:
        off = set(calendar.holidays) | (holiday_dates(calendar, years) - set(calendar.working_days))
        for date in sorted(off):
            _exception(exceptions, date, "Holiday", None)
        for date in sorted(calendar.working_days):
            _exception(exceptions, date, "Working day", calendar.hours_per_day)
    for first, last in sorted(leave):
        _exception(exceptions, first, "Leave", None, last)
    if len(exceptions) == 0:
        element.remove(exceptions)
