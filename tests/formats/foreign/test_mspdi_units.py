"""MSPDI's units: ISO 8601 durations, link lags, and the dates of recurring exceptions."""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.formats.foreign.mspdi_durations import (
    Amount,
    format_iso_hours,
    lag_amount,
    parse_iso_hours,
)
from steerco.formats.foreign.mspdi_recurrence import Recurrence, recurring_dates

D = dt.date
WIDE = (D(2000, 1, 1), D(2100, 1, 1))


@pytest.mark.parametrize(
    ("text", "hours"),
    [("PT40H0M0S", 40.0), ("-PT4H30M0S", -4.5), ("P1DT2H", 26.0), ("PT0H0M0S", 0.0)],
)
def test_iso_durations_read_as_hours(text: str, hours: float) -> None:
    assert parse_iso_hours(text) == hours


@pytest.mark.parametrize("text", ["P1Y", "P2M", "5 days", "PT"])
def test_unreadable_durations(text: str) -> None:
    assert parse_iso_hours(text) is None


def test_hours_written_as_iso_durations() -> None:
    assert format_iso_hours(40) == "PT40H0M0S"
    assert format_iso_hours(-4.5) == "-PT4H30M0S"
    assert format_iso_hours(0) == "PT0H0M0S"


def test_lags_in_tenths_of_a_minute_and_percent() -> None:
    assert lag_amount(9600, 7) == Amount(16.0)  # 2 working days of 8 h
    assert lag_amount(28800, 8) == Amount(48.0, elapsed=True)  # 2ed
    assert lag_amount(-2400, 5) == Amount(-4.0)  # a 4 h lead
    assert lag_amount(4800, 39) == Amount(8.0)  # an estimated day ("1d?")
    assert lag_amount(50, 19) == Amount(0.0, percent=50.0)
    assert lag_amount(25, 20) == Amount(0.0, elapsed=True, percent=25.0)


def rule(kind: int, first: D, last: D, **fields: int) -> Recurrence:
    return Recurrence(kind=kind, first=first, last=last, **fields)  # type: ignore[arg-type]


def test_daily_every_third_day() -> None:
    dates = recurring_dates(rule(1, D(2026, 1, 1), D(2026, 1, 10), period=3), WIDE)
    assert dates == [D(2026, 1, 1), D(2026, 1, 4), D(2026, 1, 7), D(2026, 1, 10)]


def test_weekly_every_other_week_on_mondays_and_wednesdays() -> None:
    weekly = rule(6, D(2026, 1, 5), D(2026, 1, 31), period=2, days_of_week=2 | 8)
    assert recurring_dates(weekly, WIDE) == [
        D(2026, 1, 5),
        D(2026, 1, 7),
        D(2026, 1, 19),
        D(2026, 1, 21),
    ]
    three = rule(6, D(2026, 1, 5), D(2026, 1, 31), period=2, days_of_week=10, occurrences=3)
    assert recurring_dates(three, WIDE) == [D(2026, 1, 5), D(2026, 1, 7), D(2026, 1, 19)]


def test_monthly_on_a_day_every_two_months() -> None:
    monthly = rule(4, D(2026, 1, 1), D(2026, 5, 31), period=2, month_day=15)
    assert recurring_dates(monthly, WIDE) == [D(2026, 1, 15), D(2026, 3, 15), D(2026, 5, 15)]


def test_monthly_on_the_second_monday() -> None:
    # MonthItem 4 is Monday (3 Sunday .. 9 Saturday), MonthPosition 1 the second
    monthly = rule(5, D(2026, 1, 1), D(2026, 3, 31), month_item=4, month_position=1)
    assert recurring_dates(monthly, WIDE) == [D(2026, 1, 12), D(2026, 2, 9), D(2026, 3, 9)]


def test_yearly_on_the_last_monday_of_may_and_on_a_date() -> None:
    last_monday = rule(3, D(2026, 1, 1), D(2027, 12, 31), month=4, month_item=4, month_position=4)
    assert recurring_dates(last_monday, WIDE) == [D(2026, 5, 25), D(2027, 5, 31)]
    christmas = rule(2, D(2026, 1, 1), D(2028, 12, 31), month=11, month_day=25)
    assert recurring_dates(christmas, (D(2026, 1, 1), D(2027, 12, 31))) == [
        D(2026, 12, 25),
        D(2027, 12, 25),
    ]
