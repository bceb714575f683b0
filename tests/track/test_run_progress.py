"""A training task's progress from its run: percent, actual dates, rate and work left.

Hand-computed cases. 2027-03-01 is a Monday; 2027-03-05 a Friday.
"""

from __future__ import annotations

import datetime as dt

import pytest

from steerco.model import Calendar, Project
from steerco.model.run import RunLink
from steerco.track.run_progress import (
    RunCalendar,
    RunGap,
    RunProgress,
    run_calendar,
    run_progress,
    working_hours,
)
from steerco.track.runs import RunHistory, ScalarPoint

HOUR = 3600.0
MON = dt.datetime(2027, 3, 1, tzinfo=dt.UTC).timestamp()
FRI = dt.datetime(2027, 3, 5, tzinfo=dt.UTC).timestamp()
ROUND_THE_CLOCK = RunCalendar(None, 24.0)
WEEKDAYS_8H = RunCalendar(Calendar(), 8.0)  # Mon-Fri, 8 h a working day


def history(
    points: list[tuple[int, float | None]], tag: str = "loss", **more: object
) -> RunHistory:
    series = tuple(ScalarPoint(step, 1.0, wall) for step, wall in points)
    return RunHistory(scalars={tag: series}, source="runs/x", **more)  # type: ignore[arg-type]


def steps(planned: int, tag: str | None = None) -> RunLink:
    return RunLink(source="tensorboard", path="runs/x", steps=planned, tag=tag)


def progress(result: RunProgress | RunGap) -> RunProgress:
    assert isinstance(result, RunProgress), result
    return result


def test_24x7_run_a_fifth_done_in_20_hours_needs_80_more_hours() -> None:
    run = history([(0, MON), (5_000, MON + 10 * HOUR), (10_000, MON + 20 * HOUR)])
    got = progress(
        run_progress(run, steps(50_000), calendar=ROUND_THE_CLOCK, status_date=dt.date(2027, 3, 1))
    )
    assert (got.measure, got.done, got.planned, got.last_step) == ("steps", 10_000, 50_000, 10_000)
    assert got.percent == pytest.approx(20.0)
    assert got.rate == pytest.approx(500.0)  # steps per hour
    assert got.remaining_hours == pytest.approx(80.0)  # 40,000 steps / 500
    assert got.remaining_days == pytest.approx(80 / 24)  # a 24x7 day is 24 hours of the run
    assert got.remaining_units == pytest.approx(80 / 24)  # a day project counts days
    assert got.actual_start == dt.date(2027, 3, 1)
    assert got.actual_finish is None and not got.finished


def test_24x7_run_in_an_hour_project_counts_the_days_hours_per_day_units() -> None:
    run = history([(0, MON), (10_000, MON + 20 * HOUR)])
    calendar = RunCalendar(None, 24.0, units_per_day=8.0)
    got = progress(
        run_progress(run, steps(50_000), calendar=calendar, status_date=dt.date(2027, 3, 2))
    )
    assert got.remaining_units == pytest.approx(80 / 24 * 8)  # 3.33 calendar days of 8 units


def test_weekday_calendar_counts_no_hours_over_the_weekend() -> None:
    # Fri 00:00 to Tue 00:00: Friday and Monday worked, 8 h each; Sat and Sun count nothing.
    run = history([(0, FRI), (8_000, FRI + 96 * HOUR)])
    got = progress(
        run_progress(run, steps(40_000), calendar=WEEKDAYS_8H, status_date=dt.date(2027, 3, 9))
    )
    assert got.rate == pytest.approx(500.0)  # 8,000 steps in 16 working hours
    assert got.percent == pytest.approx(20.0)
    assert got.remaining_hours == pytest.approx(64.0)  # 32,000 / 500
    assert got.remaining_days == pytest.approx(8.0)  # 64 h at 8 h a day
    assert got.actual_start == dt.date(2027, 3, 5)
    # The same run on 24x7 spans 96 hours: a sixth of the rate, six times the hours left.
    clock = progress(
        run_progress(run, steps(40_000), calendar=ROUND_THE_CLOCK, status_date=dt.date(2027, 3, 9))
    )
    assert clock.rate == pytest.approx(8_000 / 96)
    assert clock.remaining_hours == pytest.approx(32_000 / (8_000 / 96))
    assert clock.remaining_days == pytest.approx(16.0)  # 384 h / 24


def test_working_hours_count_part_days_in_proportion() -> None:
    # Fri 12:00 to Mon 18:00: half of Friday (4 h), three quarters of Monday (6 h).
    assert working_hours(FRI + 12 * HOUR, FRI + 90 * HOUR, WEEKDAYS_8H) == pytest.approx(10.0)
    assert working_hours(FRI + 12 * HOUR, FRI + 90 * HOUR, ROUND_THE_CLOCK) == pytest.approx(78.0)
    assert working_hours(FRI + 30 * HOUR, FRI + 40 * HOUR, WEEKDAYS_8H) == 0.0  # Saturday
    assert working_hours(FRI, FRI, ROUND_THE_CLOCK) == 0.0


def test_a_holiday_of_the_calendar_counts_nothing() -> None:
    # A Mon-Sat lab calendar of 10 h days with Wednesday 3 March off: Mon 00:00 to Fri 00:00
    # is Mon, Tue, Thu worked = 30 h.
    lab = RunCalendar(
        Calendar.model_validate(
            {"workdays": ["mon", "tue", "wed", "thu", "fri", "sat"], "holidays": ["2027-03-03"]}
        ),
        10.0,
    )
    assert working_hours(MON, MON + 96 * HOUR, lab) == pytest.approx(30.0)


def test_only_what_was_logged_by_the_end_of_the_status_date_counts() -> None:
    run = history([(0, MON), (10_000, MON + 20 * HOUR), (30_000, MON + 60 * HOUR)])
    got = progress(
        run_progress(run, steps(50_000), calendar=ROUND_THE_CLOCK, status_date=dt.date(2027, 3, 1))
    )
    assert got.done == 10_000  # the 60-hour point is on 3 March
    later = progress(
        run_progress(run, steps(50_000), calendar=ROUND_THE_CLOCK, status_date=dt.date(2027, 3, 3))
    )
    assert later.done == 30_000 and later.rate == pytest.approx(500.0)
    assert later.remaining_hours == pytest.approx(40.0)


def test_a_run_that_reached_its_steps_finishes_on_the_day_of_its_last_event() -> None:
    run = history([(0, MON), (25_000, MON + 30 * HOUR), (50_000, MON + 50 * HOUR)])
    got = progress(
        run_progress(run, steps(50_000), calendar=ROUND_THE_CLOCK, status_date=dt.date(2027, 3, 9))
    )
    assert got.finished and got.actual_finish == dt.date(2027, 3, 3)  # 50 h after Mon 00:00
    assert got.percent == 100.0 and got.remaining_hours == 0.0 and got.remaining_units == 0.0


def test_progress_counts_the_tag_named_else_the_scalar_logged_furthest() -> None:
    run = RunHistory(
        scalars={
            "train/loss": (ScalarPoint(0, 1.0, MON), ScalarPoint(12_000, 0.5, MON + 24 * HOUR)),
            "val/auc": (
                ScalarPoint(1_000, 0.6, MON + 2 * HOUR),
                ScalarPoint(10_000, 0.8, MON + 20 * HOUR),
            ),
        },
        source="runs/x",
    )
    status = dt.date(2027, 3, 2)
    default = progress(
        run_progress(run, steps(60_000), calendar=ROUND_THE_CLOCK, status_date=status)
    )
    assert default.done == 12_000 and default.rate == pytest.approx(500.0)
    named = progress(
        run_progress(run, steps(60_000, "val/auc"), calendar=ROUND_THE_CLOCK, status_date=status)
    )
    assert named.done == 10_000 and named.rate == pytest.approx(9_000 / 18)
    assert named.actual_start == dt.date(2027, 3, 1)  # the first event of any scalar


def test_a_run_planned_in_epochs_counts_the_epochs_logged() -> None:
    run = history(
        [(0, MON), (100, MON + HOUR), (200, MON + 2 * HOUR), (300, MON + 3 * HOUR)],
        epochs=((100, 1.0), (200, 2.0), (300, 3.0)),
    )
    link = RunLink(source="csv", path="log.csv", epochs=10)
    got = progress(
        run_progress(run, link, calendar=ROUND_THE_CLOCK, status_date=dt.date(2027, 3, 1))
    )
    assert (got.measure, got.done, got.planned) == ("epochs", 3.0, 10)
    assert got.percent == pytest.approx(30.0)
    assert got.rate == pytest.approx(1.0)  # three epochs in three hours
    assert got.remaining_hours == pytest.approx(7.0)


@pytest.mark.parametrize(
    ("run", "link", "words"),
    [
        (history([(0, MON)]), steps(10, "val/auc"), "no scalar 'val/auc'"),
        (history([(0, None), (5, None)]), steps(10), "no wall times"),
        (history([(0, MON + 48 * HOUR)]), steps(10), "nothing logged by the end of 2027-03-01"),
        (history([(0, MON)]), RunLink(source="csv", path="l.csv", epochs=3), "no epochs"),
        (RunHistory(scalars={}, source="runs/x"), steps(10), "no scalar yet"),
    ],
)
def test_a_log_that_says_too_little_gives_a_gap(run: RunHistory, link: RunLink, words: str) -> None:
    got = run_progress(run, link, calendar=ROUND_THE_CLOCK, status_date=dt.date(2027, 3, 1))
    assert isinstance(got, RunGap) and words in got.reason
    assert got.unreadable == ("not started" not in got.reason)


def test_one_timed_point_gives_percent_and_start_but_no_rate() -> None:
    got = progress(
        run_progress(
            history([(400, MON + HOUR)]),
            steps(1_000),
            calendar=ROUND_THE_CLOCK,
            status_date=dt.date(2027, 3, 1),
        )
    )
    assert got.percent == pytest.approx(40.0) and got.actual_start == dt.date(2027, 3, 1)
    assert got.rate is None and got.remaining_hours is None and got.remaining_units is None


def test_the_calendar_a_training_task_works_on() -> None:
    project = Project.model_validate(
        {
            "name": "p",
            "start": "2027-03-01",
            "unit": "hour",
            "calendar": {"hours_per_day": 8},
            "calendars": {
                "lab": {"workdays": ["mon", "tue", "wed", "thu", "fri", "sat"], "hours_per_day": 10}
            },
            "tasks": [
                {"id": "plain", "duration": 2},
                {"id": "gpu", "duration": 2, "calendar": "24x7"},
                {"id": "soak", "duration": "2ed"},
                {"id": "lab", "duration": 2, "calendar": "lab"},
            ],
        }
    )
    found = {task.id: run_calendar(project, task) for task in project.leaves()}
    assert found["plain"] == RunCalendar(project.calendar, 8.0, 8.0)
    assert found["gpu"] == RunCalendar(None, 24.0, 8.0)
    assert found["soak"] == RunCalendar(None, 24.0, 8.0)
    assert found["lab"] == RunCalendar(project.calendars["lab"], 10.0, 8.0)


def test_a_log_counted_from_step_0_is_finished_at_its_last_index() -> None:
    # range(2000) logs steps 0..1,999: the 2,000 planned steps are done
    run = history([(0, MON), (1_000, MON + 2 * HOUR), (1_999, MON + 4 * HOUR)])
    got = progress(
        run_progress(run, steps(2_000), calendar=ROUND_THE_CLOCK, status_date=dt.date(2027, 3, 1))
    )
    assert got.finished and got.percent == 100.0
    assert got.actual_finish == dt.date(2027, 3, 1)


def test_the_last_status_date_does_not_overflow() -> None:
    run = history([(0, MON), (1_000, MON + 2 * HOUR)])
    last_day = dt.date.max
    got = progress(run_progress(run, steps(4_000), calendar=ROUND_THE_CLOCK, status_date=last_day))
    assert got.done == 1_000
