"""The dates of a recurring MSPDI calendar exception (daily, weekly, monthly, yearly).

`Type`: 1 and 7 daily, 2 yearly on a day of a month, 3 yearly on the nth weekday of a
month, 4 monthly on a day, 5 monthly on the nth weekday, 6 weekly on the `DaysOfWeek`
bit mask (1 Sunday, 2 Monday ... 64 Saturday). `Period` is every how many days, weeks or
months; `MonthPosition` 0..4 is first..last, `MonthItem` 3..9 is Sunday..Saturday,
`Month` 0..11 January..December (MPXJ reads them so).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Recurrence", "recurring_dates"]


@dataclass(frozen=True)
class Recurrence:
    """The rule of one recurring exception, as its MSPDI fields give it."""

    kind: int
    first: dt.date
    last: dt.date
    period: int = 1
    occurrences: int | None = None
    days_of_week: int = 0
    month_day: int = 1
    month: int = 0
    month_item: int = 3
    month_position: int = 0


def _nth_weekday(year: int, month: int, weekday: int, position: int) -> dt.date:
    """The `position`th (0-based; 4 = last) `weekday` (0 = Monday) of a month."""
    days = [
        dt.date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    return days[-1] if position >= 4 else days[min(position, len(days) - 1)]


def _day_of_month(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _candidates(rule: Recurrence) -> Iterator[dt.date]:
    """Every date of the rule from its first date on (unbounded but increasing)."""
    weekday = (rule.month_item - 2 + 5) % 7  # MonthItem 3 = Sunday -> 6 ... 9 = Saturday -> 5
    period = max(rule.period, 1)
    if rule.kind in (1, 7):
        day = rule.first
        while True:
            yield day
            day += dt.timedelta(days=period)
    elif rule.kind == 6:
        mask = rule.days_of_week or 1 << ((rule.first.weekday() + 1) % 7)
        week = rule.first - dt.timedelta(days=rule.first.weekday())
        while True:
            for offset in range(7):
                day = week + dt.timedelta(days=offset)
                if mask & (1 << ((day.weekday() + 1) % 7)):
                    yield day
            week += dt.timedelta(weeks=period)
    elif rule.kind in (4, 5):
        year, month = rule.first.year, rule.first.month
        while True:
            if rule.kind == 4:
                yield _day_of_month(year, month, rule.month_day)
            else:
                yield _nth_weekday(year, month, weekday, rule.month_position)
            month += period
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    else:  # 2, 3: yearly
        month = rule.month + 1
        year = rule.first.year
        while True:
            if rule.kind == 2:
                yield _day_of_month(year, month, rule.month_day)
            else:
                yield _nth_weekday(year, month, weekday, rule.month_position)
            year += 1


def recurring_dates(rule: Recurrence, window: tuple[dt.date, dt.date]) -> list[dt.date]:
    """The rule's dates from its first to its last date (or occurrences), within `window`."""
    found: list[dt.date] = []
    count = 0
    for day in _candidates(rule):
        if day < rule.first:
            continue
        if day > rule.last or day > window[1]:
            break
        count += 1
        if rule.occurrences is not None and count > rule.occurrences:
            break
        if day >= window[0]:
            found.append(day)
    return found
