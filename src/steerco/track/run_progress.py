"""A training task's progress read from its run: percent, actual dates and the work left.

Pure: from a `RunHistory` (as `app.runs.fetch_run` read it), the task's `RunLink`, the
calendar it works on and the status date. Only what was logged by the end of the status
date (UTC) counts. Wall times are POSIX seconds; dates are their UTC days.

- done D: the last step of the run's `tag` (default: the scalar with the largest step), or,
  for a run planned in `epochs`, the epochs completed at that step; percent = 100·D/planned.
- actual start: the day of the first logged event (any scalar); a run whose D reached the
  plan is finished on the day of its last event.
- rate r = (D_last − D_first) / H, over the counted scalar's first and last timed points,
  where H is the working hours between them on the task's calendar: each day the calendar
  works counts its `day_hours` (24 on `24x7`) in proportion to the part of that day the
  span covers; days off count nothing.
- remaining working hours h = (planned − D) / r, in task-calendar days h / day_hours, and in
  project units those days times the units in a day (1 in a day project, `hours_per_day`
  in an hour project): the schedule runs that many units on the task's calendar from the
  data date, so a `24x7` run left 80 hours has 80/24 days (3.34, four calendar days in the
  plan) whatever the project's `hours_per_day`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from steerco.model import Calendar, Project, Task
from steerco.model.run import RunLink
from steerco.schedule.calendar import worked_on
from steerco.schedule.task_calendars import around_the_clock, task_day_hours
from steerco.track.runs import LATEST_WALL_TIME, RunHistory, ScalarPoint

__all__ = [
    "RunCalendar",
    "RunGap",
    "RunProgress",
    "run_calendar",
    "run_progress",
    "working_hours",
]

_DAY_SECONDS = 86_400.0


@dataclass(frozen=True)
class RunCalendar:
    """The calendar a training task works on, as far as its run's progress needs it.

    `calendar`: whose working days count (None: `24x7`, every day); `day_hours`: working
    hours in one of its working days (24 on `24x7`); `units_per_day`: project units in one
    such day (1 in a day project, the project's `hours_per_day` in an hour project).
    """

    calendar: Calendar | None
    day_hours: float
    units_per_day: float = 1.0


@dataclass(frozen=True)
class RunProgress:
    """What a run says about its task at the status date."""

    measure: Literal["steps", "epochs"]
    done: float
    """Steps (or epochs) completed by the end of the status date."""
    planned: int
    percent: float
    """100 · done / planned, at most 100."""
    last_step: int
    actual_start: dt.date
    actual_finish: dt.date | None
    """The day of the last event, when `done` reached `planned`; else None."""
    rate: float | None
    """Steps (or epochs) per working hour on the task's calendar; None with one timed point."""
    remaining_hours: float | None
    """Working hours still needed on the task's calendar (0 when finished)."""
    remaining_days: float | None
    """The same in working days of the task's calendar."""
    remaining_units: float | None
    """The same in the project's unit (days, or hours in an hour project)."""

    @property
    def finished(self) -> bool:
        """True when the run reached its planned steps (or epochs)."""
        return self.actual_finish is not None


@dataclass(frozen=True)
class RunGap:
    """Why a run gives its task no progress, in words; `unreadable`: the log lacks it.

    A run that logged nothing by the status date has not started: not `unreadable`.
    """

    reason: str
    unreadable: bool = True


def run_calendar(project: Project, task: Task) -> RunCalendar:
    """The calendar `task` works on: its own (`24x7`, elapsed, or named), else the project's.

    Its day hours are `task_day_hours`, the same the compute sizing and the costs count.
    The days its named resources do not work are not taken out: a run's clock is the
    cluster's, and its progress counts the task's calendar.
    """
    units = project.calendar.hours_per_day if project.unit == "hour" else 1.0
    hours = task_day_hours(project, task)
    if around_the_clock(project, task):
        return RunCalendar(None, hours, units)
    name = task.calendar
    own = project.calendars[name] if name is not None and name in project.calendars else None
    return RunCalendar(own or project.calendar, hours, units)


def _day(seconds: float) -> dt.date:
    """The UTC day of a POSIX time."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date()


def _midnight(day: dt.date) -> float:
    """The POSIX time at the start of `day`, UTC."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()


def working_hours(start: float, end: float, calendar: RunCalendar) -> float:
    """Working hours from `start` to `end` (POSIX seconds) on `calendar`.

    H = Σ over days d of (seconds of d inside [start, end] / 86400) · day_hours · works(d).
    """
    if end <= start:
        return 0.0
    if calendar.calendar is None:
        return (end - start) / 3600.0
    first, last = _day(start), _day(end)
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    works = worked_on(calendar.calendar, days)
    hours = 0.0
    for day, worked in zip(days.astype(dt.date).tolist(), works.tolist(), strict=True):
        if worked:
            begin = _midnight(day)
            inside = min(end, begin + _DAY_SECONDS) - max(start, begin)
            hours += max(inside, 0.0) / _DAY_SECONDS * calendar.day_hours
    return hours


def _counted(history: RunHistory, link: RunLink) -> tuple[str, Sequence[ScalarPoint]] | RunGap:
    """The scalar whose steps count progress: the run's `tag`, else the one logged furthest."""
    if link.tag is not None:
        if not history.series(link.tag):
            names = ", ".join(history.tags()) or "none"
            return RunGap(f"the run logged no scalar {link.tag!r} (it has: {names})")
        return link.tag, history.series(link.tag)
    logged = [tag for tag in history.tags() if history.series(tag)]
    if not logged:
        return RunGap("the run logged no scalar yet")
    tag = max(logged, key=lambda t: history.series(t)[-1].step)  # the first such, in order
    return tag, history.series(tag)


def _epochs_at(history: RunHistory, step: int) -> float | None:
    """Epochs completed at `step`: the last (step, epochs) pair at or before it."""
    reached = [epochs for at, epochs in history.epochs if at <= step]
    return reached[-1] if reached else None


def run_progress(
    history: RunHistory, link: RunLink, *, calendar: RunCalendar, status_date: dt.date
) -> RunProgress | RunGap:
    """The task's progress from its run, counting what was logged by the end of `status_date`.

    percent = 100 · D / planned; r = (D_last − D_first) / H(t_first, t_last);
    remaining hours = (planned − D) / r (see the module's docstring).
    """
    counted = _counted(history, link)
    if isinstance(counted, RunGap):
        return counted
    tag, series = counted
    end = (
        LATEST_WALL_TIME
        if status_date >= dt.date.max
        else _midnight(status_date + dt.timedelta(days=1))
    )
    points = [p for p in series if p.wall_time is None or p.wall_time < end]
    timed = [p for p in points if p.wall_time is not None]
    if not timed:
        if points:
            return RunGap(f"the run's {tag!r} has no wall times")
        return RunGap(f"not started: nothing logged by the end of {status_date}", False)
    every = history.wall_times(before=end)
    assert every is not None  # the counted scalar has a timed point before the end
    last_step = points[-1].step
    if link.epochs is not None:
        done, first = _epochs_at(history, last_step), _epochs_at(history, timed[0].step)
        if done is None:
            return RunGap(f"the run records no epochs up to step {last_step}; plan `steps:`")
        measure: Literal["steps", "epochs"] = "epochs"
        planned, start_done = link.epochs, first or 0.0
    else:
        measure, planned = "steps", link.steps or 0
        done, start_done = float(last_step), float(timed[0].step)
    # A log counted from step 0 ends at step planned - 1: that run is done too.
    finished = done >= (planned if measure == "epochs" else planned - 1)
    percent = 100.0 if finished else min(100.0, max(0.0, 100.0 * done / planned))
    hours = working_hours(timed[0].wall_time or 0.0, timed[-1].wall_time or 0.0, calendar)
    rate = (done - start_done) / hours if hours > 0 and done > start_done else None
    if finished:
        left: float | None = 0.0
    else:
        left = (planned - done) / rate if rate else None
    days = None if left is None else left / calendar.day_hours
    return RunProgress(
        measure=measure,
        done=done,
        planned=planned,
        percent=percent,
        last_step=last_step,
        actual_start=_day(every[0]),
        actual_finish=_day(every[1]) if finished else None,
        rate=rate,
        remaining_hours=left,
        remaining_days=days,
        remaining_units=None if days is None else days * calendar.units_per_day,
    )
