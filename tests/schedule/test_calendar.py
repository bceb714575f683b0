"""Working calendars: weekends, public and explicit holidays, extra working days, hours.

Unit 0 is the first working day on or after the start; unit k the k-th working day after
it. `unit_on_or_after(day)` is the first unit of the first working day on or after `day`;
`unit_after(day)` is the time point at the end of `day` (units worked up to and including it).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from typing import Any

import holidays
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.model import WEEKDAYS, Calendar, Project
from steerco.schedule import WorkCalendar, compile_project, work_calendar
from steerco.schedule.plan import schedule_cpm

MON_4_JAN_2027 = dt.date(2027, 1, 4)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def first_dates(calendar: WorkCalendar, count: int) -> list[dt.date]:
    """The days of units 0..count-1."""
    return [d.astype(dt.date) for d in calendar.dates(np.arange(count, dtype=np.int64))]


def iso(dates: list[dt.date]) -> list[str]:
    return [d.isoformat() for d in dates]


# --- weekends and the start -------------------------------------------------------------


def test_weekends_are_skipped() -> None:
    calendar = work_calendar(Calendar(), MON_4_JAN_2027)
    assert iso(first_dates(calendar, 7)) == [
        "2027-01-04",
        "2027-01-05",
        "2027-01-06",
        "2027-01-07",
        "2027-01-08",
        "2027-01-11",
        "2027-01-12",
    ]


def test_start_on_a_weekend_makes_unit_zero_next_monday() -> None:
    calendar = work_calendar(Calendar(), day("2027-01-09"))  # a Saturday
    assert calendar.date(0) == day("2027-01-11")
    assert calendar.unit_on_or_after(day("2027-01-09")) == 0
    assert calendar.unit_on_or_after(day("2027-01-11")) == 0


def test_custom_workweek_skips_unlisted_days() -> None:
    # Sunday to Thursday: Fri 8 and Sat 9 are off.
    calendar = work_calendar(Calendar(workdays=("sun", "mon", "tue", "wed", "thu")), MON_4_JAN_2027)
    assert iso(first_dates(calendar, 6)) == [
        "2027-01-04",
        "2027-01-05",
        "2027-01-06",
        "2027-01-07",
        "2027-01-10",
        "2027-01-11",
    ]


def test_weekday_names_are_read_case_insensitively() -> None:
    assert Calendar.model_validate({"workdays": ["Monday", "TUE"]}).workdays == ("mon", "tue")


# --- public holidays --------------------------------------------------------------------


def test_us_federal_holiday_is_skipped() -> None:
    # Martin Luther King Jr. Day, Monday 18 January 2027.
    calendar = work_calendar(Calendar(country="US"), day("2027-01-11"))
    assert iso(first_dates(calendar, 6)) == [
        "2027-01-11",
        "2027-01-12",
        "2027-01-13",
        "2027-01-14",
        "2027-01-15",
        "2027-01-19",
    ]


def test_observed_holiday_is_skipped() -> None:
    # 4 July 2027 is a Sunday; it is observed on Monday 5 July.
    assert holidays.country_holidays("US", years=2027).get(day("2027-07-05")) is not None
    calendar = work_calendar(Calendar(country="US"), day("2027-06-28"))
    dates = first_dates(calendar, 6)
    assert day("2027-07-05") not in dates
    assert dates[5] == day("2027-07-06")
    assert calendar.unit_on_or_after(day("2027-07-03")) == 5  # Sat 3 -> Tue 6


def test_observed_new_year_falls_in_the_previous_year() -> None:
    # 1 January 2028 is a Saturday, observed on Friday 31 December 2027.
    calendar = work_calendar(Calendar(country="US"), day("2027-12-27"))
    assert iso(first_dates(calendar, 4)) == [
        "2027-12-27",
        "2027-12-28",
        "2027-12-29",
        "2027-12-30",
    ]
    assert calendar.date(4) == day("2028-01-03")


def test_subdivision_holiday_applies_only_there() -> None:
    # Epiphany, Wednesday 6 January 2027, is a public holiday in Bavaria, not in Berlin.
    bavaria = holidays.country_holidays("DE", subdiv="BY", years=2027)
    berlin = holidays.country_holidays("DE", subdiv="BE", years=2027)
    assert day("2027-01-06") in bavaria and day("2027-01-06") not in berlin
    by = work_calendar(Calendar(country="DE", subdivision="BY"), MON_4_JAN_2027)
    be = work_calendar(Calendar(country="DE", subdivision="BE"), MON_4_JAN_2027)
    assert by.date(2) == day("2027-01-07")
    assert be.date(2) == day("2027-01-06")


def test_us_state_holiday_applies_only_in_that_state() -> None:
    # César Chávez Day, Wednesday 31 March 2027, is a state holiday in California.
    assert day("2027-03-31") in holidays.country_holidays("US", subdiv="CA", years=2027)
    ca = work_calendar(Calendar(country="US", subdivision="CA"), day("2027-03-29"))
    us = work_calendar(Calendar(country="US"), day("2027-03-29"))
    assert ca.date(2) == day("2027-04-01")
    assert us.date(2) == day("2027-03-31")


def test_explicit_holidays_are_skipped() -> None:
    calendar = work_calendar(
        Calendar(holidays=(day("2027-01-05"), day("2027-01-07"))), MON_4_JAN_2027
    )
    assert iso(first_dates(calendar, 3)) == ["2027-01-04", "2027-01-06", "2027-01-08"]


def test_explicit_holiday_on_the_start_moves_unit_zero() -> None:
    calendar = work_calendar(Calendar(holidays=(MON_4_JAN_2027,)), MON_4_JAN_2027)
    assert calendar.date(0) == day("2027-01-05")


def test_working_day_makes_a_saturday_worked() -> None:
    calendar = work_calendar(Calendar(working_days=(day("2027-01-09"),)), MON_4_JAN_2027)
    dates = first_dates(calendar, 7)
    assert dates[5] == day("2027-01-09")
    assert dates[6] == day("2027-01-11")
    assert calendar.unit_on_or_after(day("2027-01-09")) == 5
    assert calendar.unit_after(day("2027-01-09")) == 6


def test_working_day_overrides_a_public_holiday() -> None:
    # MLK day is worked by exception.
    calendar = work_calendar(
        Calendar(country="US", working_days=(day("2027-01-18"),)), day("2027-01-18")
    )
    assert calendar.date(0) == day("2027-01-18")


# --- unit lookups -----------------------------------------------------------------------


def test_unit_on_or_after_a_weekend_is_the_next_monday() -> None:
    calendar = work_calendar(Calendar(), MON_4_JAN_2027)
    assert calendar.unit_on_or_after(day("2027-01-08")) == 4  # Friday
    assert calendar.unit_on_or_after(day("2027-01-09")) == 5  # Saturday -> Monday 11
    assert calendar.unit_on_or_after(day("2027-01-10")) == 5  # Sunday -> Monday 11


def test_unit_after_a_day_counts_units_worked_through_it() -> None:
    calendar = work_calendar(Calendar(), MON_4_JAN_2027)
    assert calendar.unit_after(day("2027-01-04")) == 1
    assert calendar.unit_after(day("2027-01-08")) == 5  # end of Friday
    assert calendar.unit_after(day("2027-01-09")) == 5  # nothing worked on the weekend
    assert calendar.unit_after(day("2027-01-11")) == 6


def test_unit_before_the_start_is_zero() -> None:
    calendar = work_calendar(Calendar(), MON_4_JAN_2027)
    assert calendar.unit_on_or_after(day("2026-12-01")) == 0
    assert calendar.unit_after(day("2026-12-01")) == 0


def test_lookups_far_beyond_the_compiled_range_extend_the_calendar() -> None:
    # 260 working days are compiled at first; 5 years later still maps back and forth.
    calendar = work_calendar(Calendar(country="US"), MON_4_JAN_2027, min_days=10)
    far = day("2032-06-15")  # a Tuesday, not a US holiday
    unit = calendar.unit_on_or_after(far)
    assert calendar.date(unit) == far
    assert calendar.unit_after(far) == unit + 1
    assert calendar.date(3000) > far


# --- hour units -------------------------------------------------------------------------


def test_hour_units_share_a_day() -> None:
    calendar = work_calendar(Calendar(), MON_4_JAN_2027, hours_per_unit_day=8)
    dates = first_dates(calendar, 17)
    assert set(dates[:8]) == {MON_4_JAN_2027}
    assert set(dates[8:16]) == {day("2027-01-05")}
    assert dates[16] == day("2027-01-06")


def test_hour_unit_lookups_land_on_day_boundaries() -> None:
    calendar = work_calendar(Calendar(), MON_4_JAN_2027, hours_per_unit_day=8)
    assert calendar.unit_on_or_after(day("2027-01-05")) == 8
    assert calendar.unit_on_or_after(day("2027-01-09")) == 40  # Saturday -> Monday 11
    assert calendar.unit_after(MON_4_JAN_2027) == 8
    assert calendar.unit_after(day("2027-01-08")) == 40


def test_hour_project_compiles_an_hour_calendar() -> None:
    project = Project.model_validate(
        {
            "name": "t",
            "start": "2027-01-04",
            "unit": "hour",
            "calendar": {"hours_per_day": 8},
            "tasks": [{"id": "a", "duration": "12h", "start_no_earlier_than": "2027-01-05"}],
        }
    )
    network = compile_project(project)
    assert network.calendar is not None
    assert network.calendar.hours_per_unit_day == 8
    assert network.earliest_start.tolist() == [8.0]
    (row,) = schedule_cpm(network).tasks()
    # units 8..19: Tuesday 5 (8..15) and Wednesday 6 (16..19).
    assert (row.es, row.ef) == (8, 20)
    assert (row.start, row.finish) == (day("2027-01-05"), day("2027-01-06"))


# --- the calendar in a scheduled project ------------------------------------------------


def test_schedule_dates_skip_holidays_of_the_project_calendar() -> None:
    # Start Mon 11 Jan 2027 in the US: 5 working days run Mon 11..Fri 15 and Tue 19
    # (MLK day, Mon 18, is off), so a 6-day task finishes Tue 19.
    project = Project.model_validate(
        {
            "name": "t",
            "start": "2027-01-11",
            "calendar": {"country": "US"},
            "tasks": [
                {"id": "a", "duration": 6},
                {"id": "b", "duration": 1, "after": ["a"]},
            ],
        }
    )
    got = {row.id: row for row in schedule_cpm(compile_project(project)).tasks()}
    assert (got["a"].start, got["a"].finish) == (day("2027-01-11"), day("2027-01-19"))
    assert got["b"].start == day("2027-01-20")


def test_deadline_on_a_holiday_ends_with_the_last_working_day_before_it() -> None:
    # Start Mon 11 Jan, US. Deadline Mon 18 (MLK day): time point at its end is 5.
    project = Project.model_validate(
        {
            "name": "t",
            "start": "2027-01-11",
            "calendar": {"country": "US"},
            "tasks": [{"id": "a", "duration": 7, "deadline": "2027-01-18"}],
        }
    )
    (row,) = schedule_cpm(compile_project(project)).tasks()
    assert (row.lf, row.total_float) == (5, -2)


# --- properties -------------------------------------------------------------------------


@st.composite
def calendars(draw: st.DrawFn) -> tuple[Calendar, dt.date]:
    """A random calendar and start date between 2025 and 2030."""
    workdays = draw(st.sets(st.sampled_from(WEEKDAYS), min_size=1))
    country, subdivision = draw(
        st.sampled_from([(None, None), ("US", None), ("US", "CA"), ("DE", "BY"), ("GB", None)])
    )
    span = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31))
    extra_off = draw(st.lists(span, max_size=8))
    extra_on = draw(st.lists(span, max_size=4))
    calendar = Calendar(
        workdays=tuple(d for d in WEEKDAYS if d in workdays),
        country=country,
        subdivision=subdivision,
        holidays=tuple(extra_off),
        working_days=tuple(extra_on),
    )
    return calendar, draw(span)


def is_working(calendar: Calendar, date: dt.date) -> bool:
    """Independent check: a working-day exception, else a workday that is no holiday."""
    if date in calendar.working_days:
        return True
    if WEEKDAYS[date.weekday()] not in calendar.workdays or date in calendar.holidays:
        return False
    if calendar.country is None:
        return True
    return date not in public_holidays(calendar.country, calendar.subdivision, date.year)


@functools.cache
def public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    """The holidays package's days off (observed days included) for one year."""
    found = holidays.country_holidays(country, subdiv=subdivision, years=year, observed=True)
    return frozenset(found.keys())


@settings(max_examples=60, deadline=None)
@given(calendars(), st.integers(min_value=1, max_value=400))
def test_dates_are_consecutive_working_days(drawn: tuple[Calendar, dt.date], count: int) -> None:
    calendar, start = drawn
    compiled = work_calendar(calendar, start, min_days=5)
    dates = first_dates(compiled, count)
    assert dates[0] >= start
    assert all(a < b for a, b in itertools.pairwise(dates))
    assert all(is_working(calendar, d) for d in dates)
    # No working day is skipped between the start and the last date.
    day_ = start
    while day_ < dates[-1]:
        assert is_working(calendar, day_) == (day_ in set(dates))
        day_ += dt.timedelta(days=1)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    calendars(),
    st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=50),
    st.sampled_from([1, 8]),
)
def test_unit_on_or_after_inverts_dates(
    drawn: tuple[Calendar, dt.date], units: list[int], hours: int
) -> None:
    calendar, start = drawn
    array = np.array(sorted(set(units)), dtype=np.int64)
    compiled = work_calendar(calendar, start, hours_per_unit_day=hours)
    compiled = compiled.covering(int(array[-1]) // hours)  # compile once, not per lookup
    dates = compiled.dates(array)
    assert np.all(np.diff(dates.astype(np.int64)) >= 0)
    day_index = array // hours
    same_day = day_index[1:] == day_index[:-1]
    assert np.all((np.diff(dates.astype(np.int64)) > 0) | same_day)
    for unit, date in zip(array.tolist(), dates.astype(dt.date).tolist(), strict=True):
        assert compiled.unit_on_or_after(date) == unit - unit % hours
        assert compiled.unit_after(date) == unit - unit % hours + hours


@settings(max_examples=200, deadline=None)
@given(calendars(), st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2031, 6, 30)))
def test_unit_lookups_bracket_any_day(drawn: tuple[Calendar, dt.date], date: dt.date) -> None:
    calendar, start = drawn
    compiled = work_calendar(calendar, start)
    first = compiled.unit_on_or_after(date)
    end = compiled.unit_after(date)
    if date < compiled.date(0):
        assert (first, end) == (0, 0)
        return
    working = is_working(calendar, date)
    assert end - first == (1 if working else 0)
    assert compiled.date(first) >= date
    if working:
        assert compiled.date(first) == date
    if first > 0:
        assert compiled.date(first - 1) < date


def test_dates_of_no_units_is_empty() -> None:
    calendar = work_calendar(Calendar(), MON_4_JAN_2027)
    assert calendar.dates(np.zeros(0, dtype=np.int64)).size == 0


@pytest.mark.parametrize(
    ("calendar_fields", "start", "expected_unit_zero"),
    [
        ({}, "2027-01-02", "2027-01-04"),
        ({"country": "US"}, "2027-01-01", "2027-01-04"),  # New Year's Day, then a weekend
        ({"workdays": ["sat"]}, "2027-01-04", "2027-01-09"),
    ],
)
def test_unit_zero_is_first_working_day_on_or_after_start(
    calendar_fields: dict[str, Any], start: str, expected_unit_zero: str
) -> None:
    calendar = work_calendar(Calendar.model_validate(calendar_fields), day(start))
    assert calendar.date(0) == day(expected_unit_zero)
