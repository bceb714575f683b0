"""MSPDI calendars as steerco calendars: work weeks, hours per day, exceptions, inheritance.

A calendar's `WeekDays` give each weekday (`DayType` 1 Sunday .. 7 Saturday) as working
or not with its working times; a derived calendar (`BaseCalendarUID`) inherits every
weekday and exception it does not set itself (flattened here). Exceptions come in two
forms: 2007+ `Exceptions/Exception` (recurring ones expanded over the plan's span) and
the older `WeekDay` with `DayType` 0 and a `TimePeriod` (read only when the first is
absent, as MS Project and MPXJ do). `WorkWeeks` (a different week over a period) are
expanded into holidays and working days over the plan's span.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from steerco.formats.foreign.mspdi_recurrence import Recurrence, recurring_dates
from steerco.formats.foreign.mspdi_tally import Tally
from steerco.formats.foreign.mspdi_xml import Reader
from steerco.model.calendar import WEEKDAYS

__all__ = ["RawCalendar", "read_calendars", "steerco_calendar"]

PARTIAL_RULE = "a day with fewer (or more) working hours counts as a whole working day"
_LONG_RANGE = 3660
"""An exception over more days than this (ten years) is read within the plan's span only."""


@dataclass
class RawCalendar:
    """One calendar as the file gives it; `week` maps weekday 0 (Monday)..6 to working hours."""

    uid: int
    name: str
    base: int | None
    line: int | None
    week: dict[int, float] = field(default_factory=dict)
    exceptions: dict[dt.date, float] = field(default_factory=dict)
    work_weeks: list[tuple[dt.date, dt.date, dict[int, float]]] = field(default_factory=list)
    recurring: int = 0
    own_changes: bool = False
    own_week: dict[int, float] = field(default_factory=dict)
    own_exceptions: dict[dt.date, float] = field(default_factory=dict)
    own_work_weeks: int = 0


def _hours(reader: Reader, element: etree._Element | None) -> float:
    """Working hours of a `WorkingTimes` element (a `ToTime` of 00:00 is midnight)."""
    if element is None:
        return 0.0
    total = 0.0
    for period in reader.children(element, "WorkingTime"):
        start, end = reader.text(period, "FromTime"), reader.text(period, "ToTime")
        if start is None or end is None:
            continue
        try:
            a, b = dt.time.fromisoformat(start), dt.time.fromisoformat(end)
        except ValueError:
            raise reader.error(
                period, f"working time {start!r} to {end!r}; write HH:MM:SS"
            ) from None
        minutes = (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)
        total += (minutes if minutes > 0 else minutes + 24 * 60) / 60
    return total


def _day_hours(reader: Reader, day: etree._Element, default: float) -> float:
    """The hours a `WeekDay` or exception works: 0 when not working."""
    if not reader.flag(day, "DayWorking"):
        return 0.0
    hours = _hours(reader, reader.child(day, "WorkingTimes"))
    return hours if hours > 0 else default


def _week(reader: Reader, parent: etree._Element | None, default: float) -> dict[int, float]:
    """Weekday (0 = Monday) -> hours of the `WeekDay`s with DayType 1..7."""
    week: dict[int, float] = {}
    if parent is None:
        return week
    for day in reader.children(parent, "WeekDay"):
        kind = reader.integer(day, "DayType", 0) or 0
        if 1 <= kind <= 7 and reader.text(day, "DayWorking") is not None:
            week[(kind + 5) % 7] = _day_hours(reader, day, default)
    return week


def _span(reader: Reader, element: etree._Element) -> tuple[dt.date, dt.date]:
    period = reader.child(element, "TimePeriod")
    if period is None:
        raise reader.error(element, "a calendar exception needs a <TimePeriod>")
    first, last = reader.date(period, "FromDate"), reader.date(period, "ToDate")
    if first is None or last is None:
        raise reader.error(period, "a <TimePeriod> needs <FromDate> and <ToDate>")
    if last < first:
        raise reader.error(period, f"the period ends ({last}) before it starts ({first})")
    return first, last


def _range(first: dt.date, last: dt.date, window: tuple[dt.date, dt.date]) -> list[dt.date]:
    if (last - first).days > _LONG_RANGE:
        first, last = max(first, window[0]), min(last, window[1])
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _exception_dates(
    reader: Reader, element: etree._Element, window: tuple[dt.date, dt.date]
) -> tuple[list[dt.date], bool]:
    """The dates of a 2007+ exception, and whether it recurs."""
    first, last = _span(reader, element)
    kind = reader.integer(element, "Type", 1) or 1
    period = reader.integer(element, "Period", 1) or 1
    if kind in (1, 7) and period == 1:
        return _range(first, last, window), False
    occurrences = (
        reader.integer(element, "Occurrences")
        if reader.flag(element, "EnteredByOccurrences")
        else None
    )
    rule = Recurrence(
        kind=kind,
        first=first,
        last=last,
        period=period,
        occurrences=occurrences,
        days_of_week=reader.integer(element, "DaysOfWeek", 0) or 0,
        month_day=reader.integer(element, "MonthDay", 1) or 1,
        month=reader.integer(element, "Month", 0) or 0,
        month_item=reader.integer(element, "MonthItem", 3) or 3,
        month_position=reader.integer(element, "MonthPosition", 0) or 0,
    )
    if kind not in range(1, 8):
        raise reader.error(element, f"exception <Type> {kind} is not one of 1..7")
    return recurring_dates(rule, window), True


def _read_one(
    reader: Reader, element: etree._Element, window: tuple[dt.date, dt.date], hours: float
) -> RawCalendar:
    uid = reader.integer(element, "UID")
    if uid is None:
        raise reader.error(element, "a <Calendar> needs a <UID>")
    base = reader.integer(element, "BaseCalendarUID", -1)
    name = reader.text(element, "Name") or f"Calendar {uid}"
    raw = RawCalendar(
        uid, name, base if base is not None and base >= 0 else None, element.sourceline
    )
    weekdays = reader.child(element, "WeekDays")
    raw.week = _week(reader, weekdays, hours)
    exceptions = reader.child(element, "Exceptions")
    if exceptions is not None:
        for exception in reader.children(exceptions, "Exception"):
            dates, recurs = _exception_dates(reader, exception, window)
            raw.recurring += recurs
            worked = _day_hours(reader, exception, hours)
            raw.exceptions.update(dict.fromkeys(dates, worked))
    elif weekdays is not None:
        for day in reader.children(weekdays, "WeekDay"):
            if reader.integer(day, "DayType", 0) == 0:
                first, last = _span(reader, day)
                worked = _day_hours(reader, day, hours)
                raw.exceptions.update(dict.fromkeys(_range(first, last, window), worked))
    for week in reader.path(element, "WorkWeeks", "WorkWeek"):
        first, last = _span(reader, week)
        raw.work_weeks.append((first, last, _week(reader, reader.child(week, "WeekDays"), hours)))
    raw.own_changes = bool(raw.week or raw.exceptions or raw.work_weeks)
    raw.own_week, raw.own_exceptions = dict(raw.week), dict(raw.exceptions)
    raw.own_work_weeks = len(raw.work_weeks)
    return raw


def read_calendars(
    reader: Reader, root: etree._Element, window: tuple[dt.date, dt.date], hours: float
) -> dict[int, RawCalendar]:
    """Every calendar of the file by UID, inheritance flattened (base weekdays and exceptions)."""
    raw = {
        cal.uid: cal
        for cal in (
            _read_one(reader, element, window, hours)
            for element in reader.path(root, "Calendars", "Calendar")
        )
    }
    done: set[int] = set()

    def flatten(cal: RawCalendar, seen: tuple[int, ...]) -> None:
        if cal.uid in done:
            return
        base = raw.get(cal.base) if cal.base is not None else None
        if base is not None and base.uid not in seen:
            flatten(base, (*seen, cal.uid))
            cal.week = {**base.week, **cal.week}
            cal.exceptions = {**base.exceptions, **cal.exceptions}
            cal.work_weeks = [*base.work_weeks, *cal.work_weeks]
        for day in range(7):  # a weekday nobody sets: MS Project's default week
            cal.week.setdefault(day, hours if day < 5 else 0.0)
        done.add(cal.uid)

    for cal in raw.values():
        flatten(cal, ())
    return raw


def steerco_calendar(
    cal: RawCalendar,
    hours_per_day: float,
    window: tuple[dt.date, dt.date],
    tally: Tally,
) -> dict[str, Any]:
    """The steerco calendar of a flattened MSPDI calendar, counting what it approximates."""
    working = {day for day, hours in cal.week.items() if hours > 0}
    partial = [day for day in sorted(working) if abs(cal.week[day] - hours_per_day) > 1e-9]
    tally.add("partial working days", "approximated", PARTIAL_RULE, cal.name, len(partial))
    overrides = dict(cal.exceptions)
    if cal.work_weeks:
        tally.add(
            "work weeks",
            "approximated",
            "a work week's days that differ from the calendar's week become holidays or "
            "working days over the plan's span; its hours per day count as the calendar's",
            cal.name,
            len(cal.work_weeks),
        )
        for first, last, week in cal.work_weeks:
            day = max(first, window[0])
            while day <= min(last, window[1]):
                hours = week.get(day.weekday())
                if hours is not None and day not in cal.exceptions:
                    overrides[day] = hours
                day += dt.timedelta(days=1)
    holidays: list[dt.date] = []
    working_days: list[dt.date] = []
    for day, hours in sorted(overrides.items()):
        regular = day.weekday() in working
        if hours <= 0 and regular:
            holidays.append(day)
        elif hours > 0 and not regular:
            working_days.append(day)
        if hours > 0 and abs(hours - hours_per_day) > 1e-9:
            tally.add("partial working days", "approximated", PARTIAL_RULE, str(day))
    days = len(holidays) + len(working_days)
    tally.add("calendar exception days", "carried", "holidays and working days", cal.name, days)
    tally.add(
        "recurring calendar exceptions",
        "approximated",
        "expanded into single days over the plan's span",
        cal.name,
        cal.recurring,
    )
    out: dict[str, Any] = {"workdays": [WEEKDAYS[day] for day in sorted(working)] or ["mon"]}
    if not working:
        tally.add(
            "calendars without working weekdays", "approximated", "Monday made a workday", cal.name
        )
    out["hours_per_day"] = hours_per_day
    if holidays:
        out["holidays"] = holidays
    if working_days:
        out["working_days"] = working_days
    return out


def calendar_hours(cal: RawCalendar, default: float) -> float:
    """The most common working hours of the calendar's working weekdays (the longer on a tie)."""
    counts = Counter(hours for hours in cal.week.values() if hours > 0)
    if not counts:
        return default
    best = max(counts.values())
    return max(hours for hours, n in counts.items() if n == best)
