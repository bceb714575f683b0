"""Work-time arithmetic on a calendar mask, against hand cases and a plain unit-by-unit walk."""

from __future__ import annotations

import numpy as np
import pytest

from steerco.model.quantities import WorkTime, parse_work_time
from steerco.schedule.worktime import task_calendars

# Three Mon-Fri weeks: calendar 0 works every unit, calendar 1 Mon-Wed only.
WEEKS = np.array([[True] * 15, [d % 5 < 3 for d in range(15)]])
CAL = task_calendars(np.array([0, 1]), WEEKS, ("all", "mon-wed"))
MON_WED = np.int64(1)


def test_finish_pauses_over_days_off() -> None:
    # From Mon (0): Mon-Wed, ends at 3. From Thu (3): waits for Mon 5, ends Wed 7 -> 8.
    assert CAL.finish(MON_WED, np.array([0.0, 3.0]), 3.0).tolist() == [3.0, 8.0]
    assert CAL.snap(MON_WED, np.array([3.0, 4.0, 5.0]), 1.0).tolist() == [5.0, 5.0, 5.0]
    # Past the compiled axis every unit counts: 15 days = 9 in the axis + 6 after it.
    assert float(CAL.finish(MON_WED, 0.0, 15.0)) == 21.0


def test_late_dates_invert_the_finish() -> None:
    # Finish by 10 (end of Fri, week 2): the last three Mon-Wed units are 5, 6, 7.
    assert float(CAL.latest_start(MON_WED, 10.0, 3.0)) == 5.0
    # Finish at least 9 (Thu, off): work can end only at 11 (end of Mon, week 3), from 6.
    assert float(CAL.start_for_finish(MON_WED, 9.0, 3.0)) == 6.0
    # A start at most Fri 4 snaps back to Wed 2: two days then end at 6 (Mon after).
    assert float(CAL.finish_by_start(MON_WED, 4.0, 2.0)) == 6.0


def test_zero_duration_neither_snaps_nor_moves() -> None:
    assert float(CAL.snap(MON_WED, 3.0, 0.0)) == 3.0
    assert float(CAL.finish(MON_WED, 4.0, 0.0)) == 4.0


def _walk_finish(works: np.ndarray, s: int, d: int) -> int:
    """The end of the d-th worked unit at or after s, walking unit by unit."""
    t, done = s, 0
    while done < d:
        if t >= works.size or works[t]:
            done += 1
        t += 1
    return t


@pytest.mark.parametrize("seed", range(5))
def test_integer_answers_match_a_unit_by_unit_walk(seed: int) -> None:
    rng = np.random.default_rng(seed)
    works = rng.random((1, 40)) < 0.6
    works[0, 0] = True
    cal = task_calendars(np.array([0]), works, ("random",))
    c = np.int64(0)
    for s in range(30):
        for d in range(1, 6):
            finish = _walk_finish(works[0], s, d)
            assert float(cal.finish(c, float(s), float(d))) == finish
            # the earliest start whose finish reaches b is the smallest such s' >= 0 (the
            # answer may lie before unit 0, where every unit counts: then any start will do)
            starts = [t for t in range(45) if t >= works.shape[1] or works[0, t]]
            for b in (s, s + 3):
                want = min(t for t in starts if _walk_finish(works[0], t, d) >= b)
                got = cal.start_for_finish(c, float(b), float(d))
                assert float(cal.snap(c, np.maximum(got, 0.0), 1.0)) == want
            # the latest start finishing by `finish` finishes exactly there
            late = float(cal.latest_start(c, float(finish), float(d)))
            assert _walk_finish(works[0], int(late), d) <= finish
            nxt = [t for t in starts if t > late]
            assert _walk_finish(works[0], nxt[0], d) > finish


def test_working_lags_on_the_calendar_day_axis() -> None:
    # With lags counted on calendar 1 (Mon-Wed): +2 from Wed end (3) is Mon, Tue -> 7;
    # a lead of 2 from Mon (5) starts Tue (1); elapsed lags just add. Backwards, the
    # latest point 2 working days before 7 is Mon 5 (from Thu 3 it waits for Mon too).
    # A link's lag calendar -1 means plain units (an elapsed lag).
    lags = task_calendars(np.array([0]), WEEKS, ("all", "mon-wed"), lag_calendar=np.array([1]))
    assert float(lags.shift(3.0, 2.0, 1)) == 7.0
    assert float(lags.shift(5.0, -2.0, 1)) == 1.0
    assert float(lags.shift(3.0, 2.0, -1)) == 5.0
    assert float(lags.unshift(7.0, 2.0, 1)) == 5.0
    assert float(lags.unshift(1.0, -2.0, 1)) == 5.0
    assert float(lags.shift(3.0, 2.0, 0)) == 5.0  # calendar 0 works every day


def test_elapsed_days_read_and_write_as_ed() -> None:
    value = parse_work_time("5ed")
    assert value == WorkTime(5.0, "e") and value.elapsed and str(value) == "5ed"
    assert parse_work_time("3 edays") == WorkTime(3.0, "e")
    assert not parse_work_time("5d").elapsed
