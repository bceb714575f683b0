"""The date conventions: starts on the day of their unit, finishes on their last working day."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from steerco.model import Calendar
from steerco.schedule.calendar import work_calendar
from steerco.schedule.dates import finish_date, finish_dates, span_dates, start_date, start_dates

MONDAY = dt.date(2027, 1, 4)
WEEK = work_calendar(Calendar(), MONDAY)  # Mon-Fri
HOURS = work_calendar(Calendar(), MONDAY, hours_per_unit_day=8)


def day(n: int) -> dt.date:
    return dt.date(2027, 1, n)


def test_a_start_falls_on_the_day_of_its_unit() -> None:
    assert start_date(WEEK, 0) == day(4)
    assert start_dates(WEEK, [4, 5]) == [day(8), day(11)]  # Friday, then Monday
    assert start_date(HOURS, 9) == day(5)  # the second hour of the second day


def test_a_finish_is_the_last_working_day() -> None:
    assert finish_date(WEEK, 5) == day(8)  # five days from Monday: Friday, not Monday
    assert finish_date(WEEK, 6) == day(11)
    assert finish_date(HOURS, 16) == day(5)
    assert finish_date(HOURS, 17) == day(6)


def test_a_fractional_time_point_falls_on_the_day_it_reaches() -> None:
    assert finish_dates(WEEK, [4.2, 4.9999999999, 5.0000000001]) == [day(8), day(8), day(8)]
    assert finish_date(WEEK, 11.25) == day(19)  # IEAC(t) 11.25: unit 11, Tuesday 19
    assert finish_dates(WEEK, [0, -3, 0.5]) == [day(4), day(4), day(4)]


def test_a_milestone_falls_on_the_day_its_predecessors_finish() -> None:
    starts, finishes = span_dates(WEEK, [0, 3, 5, 0], [3, 3, 7, 0])
    assert starts == [day(4), day(6), day(11), day(4)]
    assert finishes == [day(6), day(6), day(12), day(4)]


def test_no_points_no_dates() -> None:
    assert finish_dates(WEEK, []) == [] and start_dates(WEEK, np.array([], dtype=np.int64)) == []


@given(st.lists(st.integers(0, 600), min_size=1, max_size=20))
def test_a_whole_time_point_ends_on_the_day_before_the_next_start(points: list[int]) -> None:
    for point, finish in zip(points, finish_dates(WEEK, points), strict=True):
        assert finish == (start_date(WEEK, point - 1) if point > 0 else day(4))
        if point > 0:
            assert finish < start_date(WEEK, point)
