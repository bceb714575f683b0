"""GanttProject's working calendar: its weekend days, holidays and worked days, as it decides.

GanttProject (`WeekendCalendarImpl.getDayMask`) takes a day as working unless its weekday
is a weekend day of `<default-week>` (1 = weekend); then a one-off `<date>` of type
`WORKING_DAY` makes a weekend day worked, and a one-off `HOLIDAY` (or a yearly one, a
`<date>` without `year`, unless a one-off date of that day says otherwise) makes a day off.
`<only-show-weekends value="true">` works the weekend days. A `NEUTRAL` date defers to the
yearly rule. The same rules give the steerco calendar: its workdays, holidays (the yearly
ones expanded over the plan's years) and working days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from steerco.formats.foreign.errors import content_error
from steerco.formats.foreign.gan_report import Tally, tag
from steerco.model.calendar import WEEKDAYS

__all__ = ["GanCalendar", "read_calendar"]

_TYPES = ("HOLIDAY", "WORKING_DAY", "NEUTRAL")
_LONGEST_SCAN = 3700  # days: ten years without a working day means the calendar has none


@dataclass(frozen=True)
class GanCalendar:
    """The project calendar of a `.gan` file, with GanttProject's rule for each day."""

    weekend: tuple[bool, ...] = (False, False, False, False, False, True, True)
    """Seven flags, Monday first: whether the weekday is a weekend day."""
    only_show_weekends: bool = False
    one_off: dict[dt.date, str] = field(default_factory=dict)
    yearly: dict[tuple[int, int], str] = field(default_factory=dict)

    def _holiday(self, day: dt.date) -> bool:
        kind = self.one_off.get(day, "NEUTRAL")
        if kind == "NEUTRAL":
            kind = self.yearly.get((day.month, day.day), "NEUTRAL")
        return kind == "HOLIDAY"

    def works(self, day: dt.date) -> bool:
        """Whether GanttProject schedules work on `day`."""
        if self._holiday(day):
            return False
        if not self.weekend[day.weekday()] or self.only_show_weekends:
            return True
        return self.one_off.get(day) == "WORKING_DAY"

    def on_or_after(self, day: dt.date) -> dt.date:
        """The first working day on or after `day`."""
        for k in range(_LONGEST_SCAN):
            candidate = day + dt.timedelta(days=k)
            if self.works(candidate):
                return candidate
        raise ValueError("the calendar has no working day")

    def before(self, day: dt.date) -> dt.date:
        """The last working day before `day`."""
        for k in range(1, _LONGEST_SCAN):
            candidate = day - dt.timedelta(days=k)
            if self.works(candidate):
                return candidate
        raise ValueError("the calendar has no working day")

    def last_day(self, start: dt.date, days: int) -> dt.date:
        """The last of `days` working days (at least one) starting on or after `start`."""
        day = self.on_or_after(start)
        for _ in range(days - 1):
            day = self.on_or_after(day + dt.timedelta(days=1))
        return day

    def steerco(self, first_year: int, last_year: int) -> dict[str, Any]:
        """The project calendar as steerco data; yearly dates expanded over the years given."""
        all_days = self.only_show_weekends
        workdays = [d for d, off in zip(WEEKDAYS, self.weekend, strict=True) if all_days or not off]
        days = set(self.one_off)
        for year in range(first_year, last_year + 1):
            for month, date in self.yearly:
                try:
                    days.add(dt.date(year, month, date))
                except ValueError:  # 29 February in a common year
                    continue
        holidays = sorted(d for d in days if self._holiday(d))
        worked = sorted(d for d in days if self.works(d) and WEEKDAYS[d.weekday()] not in workdays)
        out: dict[str, Any] = {"workdays": workdays}
        if holidays:
            out["holidays"] = holidays
        if worked:
            out["working_days"] = worked
        return out


def _int(element: etree._Element, name: str, file: str) -> int:
    value = element.get(name)
    try:
        return int(value or "")
    except ValueError:
        raise content_error(
            file,
            f"<{tag(element)}> needs a whole number in {name}=, not {value!r}",
            element.sourceline,
        ) from None


def _week(day_types: etree._Element | None, file: str) -> tuple[bool, ...]:
    """The weekend flags of `<default-week>` (Saturday and Sunday when it is absent)."""
    week = day_types.find("default-week") if day_types is not None else None
    if week is None:
        return GanCalendar().weekend
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    flags = tuple(_int(week, name, file) == 1 if week.get(name) else False for name in names)
    if all(flags):
        raise content_error(
            file,
            "<default-week> makes every day a weekend day: mark a working day 0",
            week.sourceline,
        )
    return flags


def _event(element: etree._Element, file: str) -> tuple[int | None, int, int, str]:
    """A `<date year month date type>`: year (None: every year), month, day and type."""
    kind = element.get("type") or "HOLIDAY"
    if kind not in _TYPES:
        raise content_error(
            file,
            f"<date> has type {kind!r}; GanttProject writes HOLIDAY, WORKING_DAY or NEUTRAL",
            element.sourceline,
        )
    year = _int(element, "year", file) if element.get("year") else None
    month, date = _int(element, "month", file), _int(element, "date", file)
    try:
        dt.date(year if year is not None else 2000, month, date)
    except ValueError:
        raise content_error(
            file,
            f"<date> names no day of the calendar: month {month}, day {date}",
            element.sourceline,
        ) from None
    return year, month, date, kind


def read_calendar(root: etree._Element, file: str, tally: Tally) -> GanCalendar:
    """The project calendar under `<calendars>`, each of its dates counted in `tally`."""
    calendars = root.find("calendars")
    if calendars is None:
        return GanCalendar()
    day_types = calendars.find("day-types")
    shown = day_types.find("only-show-weekends") if day_types is not None else None
    only_show = shown is not None and shown.get("value") == "true"
    one_off: dict[dt.date, str] = {}
    yearly: dict[tuple[int, int], str] = {}
    neutral: list[str] = []
    for element in calendars.iter("date"):
        year, month, date, kind = _event(element, file)
        if kind == "NEUTRAL":
            neutral.append(f"{year or '*'}-{month:02d}-{date:02d}")
        if year is None:
            yearly[(month, date)] = kind
        else:
            one_off[dt.date(year, month, date)] = kind
    calendar = GanCalendar(_week(day_types, file), only_show, one_off, yearly)
    exceptions = [d for d, kind in one_off.items() if kind != "NEUTRAL"]
    tally.add("calendar exceptions", "carried", len(exceptions), examples=map(str, exceptions))
    recurring = [f"--{m:02d}-{d:02d}" for (m, d), kind in yearly.items() if kind != "NEUTRAL"]
    tally.add(
        "yearly calendar dates",
        "approximated",
        len(recurring),
        "a date without a year recurs every year: steerco lists it for each year from the "
        "plan's start to the year after its last finish",
        recurring,
    )
    tally.add(
        "neutral calendar dates",
        "dropped",
        len(neutral),
        "a NEUTRAL date only defers to the weekday and yearly rules: nothing to carry",
        neutral,
    )
    if only_show:
        tally.add(
            "worked weekends (only-show-weekends)",
            "carried",
            1,
            "GanttProject works the weekend days it only shows: every weekday is a workday",
        )
    return calendar
