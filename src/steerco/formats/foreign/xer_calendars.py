"""P6's `clndr_data`: a calendar's work week and exceptions, as a steerco calendar.

P6 writes a calendar as nested nodes `(0||NAME(attributes)(children))`:

    (0||CalendarData()(
      (0||DaysOfWeek()(
        (0||1()())                                      Sunday: no working time
        (0||2()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))   Monday: 8 hours
        ...  (1 = Sunday .. 7 = Saturday)
      ))
      (0||VIEW(ShowTotal|Y)())
      (0||Exceptions()(
        (0||0(d|45299)())                               a holiday (day 45299 since 1899-12-30)
        (0||1(d|45300)((0||0(s|08:00|f|12:00)())))      a day with other working time
      ))
    ))

XER files separate its lines with the character 0x7F; spaces and those are ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from steerco.model.ranges import MAX_DATE, MIN_DATE

__all__ = ["WeekCalendar", "parse_clndr_data"]

_EPOCH = dt.date(1899, 12, 30)
_LAST_DAY = (MAX_DATE - _EPOCH).days + 1
"""Day numbers past this are past MAX_DATE (a larger one would overflow a date)."""
_P6_WEEKDAYS = {"1": "sun", "2": "mon", "3": "tue", "4": "wed", "5": "thu", "6": "fri", "7": "sat"}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class _Node:
    name: str
    attributes: dict[str, str]
    children: tuple[_Node, ...]


@dataclass
class WeekCalendar:
    """Working hours per weekday (mon..sun) and per exception date, with the day's start."""

    hours: dict[str, float] = field(default_factory=dict)
    day_start: dict[str, dt.time] = field(default_factory=dict)
    exceptions: dict[dt.date, float] = field(default_factory=dict)

    def workdays(self) -> tuple[str, ...]:
        """The weekdays with working time, Monday first."""
        return tuple(day for day in _WEEKDAYS if self.hours.get(day, 0.0) > 0)

    def with_base(self, base: WeekCalendar) -> WeekCalendar:
        """The calendar with the exceptions of `base` it does not override (P6's inheritance)."""
        exceptions = {**base.exceptions, **self.exceptions}
        return WeekCalendar(dict(self.hours), dict(self.day_start), exceptions)

    def steerco(self, hours_per_day: float) -> tuple[dict[str, Any], int]:
        """The steerco calendar and how many days work other hours than `hours_per_day`.

        The calendar: workdays, hours_per_day, holidays and working_days.
        """
        workdays = self.workdays() or ("mon", "tue", "wed", "thu", "fri")
        holidays = sorted(
            day
            for day, hours in self.exceptions.items()
            if hours == 0 and _weekday(day) in workdays
        )
        working = sorted(
            day
            for day, hours in self.exceptions.items()
            if hours > 0 and _weekday(day) not in workdays
        )
        partial = sum(1 for day in workdays if abs(self.hours.get(day, 0.0) - hours_per_day) > 1e-6)
        partial += sum(
            1
            for hours in self.exceptions.values()
            if hours > 0 and abs(hours - hours_per_day) > 1e-6
        )
        data: dict[str, Any] = {"workdays": list(workdays), "hours_per_day": hours_per_day}
        if holidays:
            data["holidays"] = holidays
        if working:
            data["working_days"] = working
        return data, partial

    def is_working(self, day: dt.date) -> bool:
        """Whether the calendar has working time on `day`."""
        if day in self.exceptions:
            return self.exceptions[day] > 0
        return self.hours.get(_weekday(day), 0.0) > 0


def _weekday(day: dt.date) -> str:
    return _WEEKDAYS[day.weekday()]


class _Reader:
    """A recursive-descent reader of the nested node text (whitespace already removed)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def expect(self, char: str) -> None:
        """Step over `char`, which must come next."""
        if not self.text.startswith(char, self.at):
            raise ValueError(f"expected {char!r} at character {self.at}")
        self.at += len(char)

    def until(self, char: str) -> str:
        """The text up to the next `char` (left unread)."""
        end = self.text.find(char, self.at)
        if end < 0:
            raise ValueError(f"expected {char!r} after character {self.at}")
        value = self.text[self.at : end]
        self.at = end
        return value

    def node(self) -> _Node:
        """One `(N||NAME(attributes)(children))` node, its children read recursively."""
        self.expect("(")
        number = self.until("||")
        if not number.isdigit():
            raise ValueError(f"expected a node number at character {self.at - len(number)}")
        self.expect("||")
        name = self.until("(")
        self.expect("(")
        raw = self.until(")")
        self.expect(")")
        self.expect("(")
        children: list[_Node] = []
        while self.text.startswith("(", self.at):
            children.append(self.node())
        self.expect(")")
        self.expect(")")
        parts = raw.split("|") if raw else []
        attributes = dict(zip(parts[::2], parts[1::2], strict=False))
        return _Node(name, attributes, tuple(children))


def _clock(value: str) -> float:
    hours, _, minutes = value.partition(":")
    return int(hours) + int(minutes or 0) / 60


def _slots(node: _Node) -> tuple[float, dt.time | None]:
    """Working hours of a day's slots (`s|08:00|f|12:00`) and when the first one starts."""
    total = 0.0
    first: dt.time | None = None
    for slot in node.children:
        start, finish = slot.attributes.get("s", ""), slot.attributes.get("f", "")
        if not start or not finish:
            continue
        span = _clock(finish) - _clock(start)
        total += span if span > 0 else span + 24
        begin = dt.time(int(start.split(":")[0]) % 24, int(start.split(":")[1] or 0))
        first = begin if first is None or begin < first else first
    return total, first


def parse_clndr_data(text: str) -> WeekCalendar:
    """The work week and exceptions of a `clndr_data` value (ValueError when unreadable)."""
    compact = "".join(ch for ch in text if not ch.isspace() and ch != "\x7f")
    reader = _Reader(compact)
    root = reader.node()
    if reader.at != len(compact):
        raise ValueError(f"unexpected text after the calendar at character {reader.at}")
    calendar = WeekCalendar()
    for part in root.children:
        if part.name == "DaysOfWeek":
            for day in part.children:
                weekday = _P6_WEEKDAYS.get(day.name)
                if weekday is None:
                    raise ValueError(f"weekday {day.name!r} is not 1 (Sunday) to 7 (Saturday)")
                hours, first = _slots(day)
                calendar.hours[weekday] = hours
                if first is not None:
                    calendar.day_start[weekday] = first
        elif part.name == "Exceptions":
            for exception in part.children:
                number = exception.attributes.get("d", "")
                if not number.isdigit():
                    raise ValueError(f"an exception's day {number!r} is not a day number")
                when = _EPOCH + dt.timedelta(days=min(int(number), _LAST_DAY))
                if not MIN_DATE <= when <= MAX_DATE:
                    raise ValueError(
                        f"an exception's day {number} falls outside {MIN_DATE} to {MAX_DATE}"
                    )
                hours, _ = _slots(exception)
                calendar.exceptions[when] = hours
    return calendar
