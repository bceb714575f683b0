"""Constraint dates and pinned dates on the compiled network: early floors, late caps.

A date D in a constraint reads as a time point of the axis: a start on D is s_D, the
first unit of the first working day on or after D (`unit_on_or_after`), a finish on D is
f_D, the end of that day (`unit_after`). A milestone at point t shows the day of unit
t - 1, so a milestone starting on D is the point s_D + 1 (when s_D > 0), as
`start_no_earlier_than` has always read it. Per leaf (a summary's constraint applies to
each of its leaves), with d its planned duration on its calendar c:

- start_no_earlier_than, must_start_on: ES >= s_D (early floor);
- finish_no_earlier_than, must_finish_on: EF >= f_D, i.e. ES >= the earliest start
  whose finish reaches f_D (plain units: f_D - d; on calendars `start_for_finish`);
- finish_no_later_than, deadline, must_finish_on: LF <= f_D (late cap);
- start_no_later_than, must_start_on: LS <= s_D, i.e. LF <= the latest finish of a
  start at most s_D (plain units: s_D + d; on calendars `finish_by_start`).

The floors and caps use the planned duration: the Monte Carlo, which samples durations,
keeps the floor on the start (a sampled finish can then fall a little before a
finish-no-earlier-than date). A link that pushes a task past its must-start/finish date
wins (the late cap then shows as negative float).

A pinned task (`pinned:`) keeps its dates: ES floored at its start s_P (a milestone: the
point f_P of its finish), its duration the working units from there to f_P on its
calendar, LF capped at f_P; its incoming links are left out of the network by the caller.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

from steerco.model import Project, Task
from steerco.model.validate import CONSTRAINT_FIELDS
from steerco.schedule.calendar import WorkCalendar
from steerco.schedule.worktime import TaskCalendars
from steerco.types import FloatArray

__all__ = [
    "constraint_bounds",
    "constraint_dates",
    "pinned_leaves",
    "pinned_notes",
    "pinned_spans",
]


def constraint_dates(project: Project) -> list[dt.date]:
    """Every constraint and pinned date of the project (what the axis calendar must reach)."""
    found: list[dt.date] = []
    for task in project.all_tasks():
        found += [day for key in CONSTRAINT_FIELDS if (day := getattr(task, key)) is not None]
        if task.pinned is not None:
            found += [task.pinned.start, task.pinned.finish]
    return found


def pinned_leaves(leaves: list[Task]) -> NDArray[np.bool_]:
    """Which leaves keep pinned dates (a summary's `pinned:` does not move its leaves)."""
    return np.array([leaf.pinned is not None for leaf in leaves], dtype=bool)


def pinned_notes(project: Project) -> list[str]:
    """`kept its dates: 2 tasks (manual: a; levelled: b), ...`: the pinned leaves, by reason."""
    if project.start is None or project.unit == "period":
        return []
    by_reason: dict[str, list[str]] = {}
    for leaf in project.leaves():
        if leaf.pinned is not None:
            by_reason.setdefault(leaf.pinned.reason, []).append(leaf.id)
    if not by_reason:
        return []
    count = sum(len(ids) for ids in by_reason.values())
    groups = "; ".join(f"{reason}: {', '.join(ids)}" for reason, ids in by_reason.items())
    tasks = "1 task" if count == 1 else f"{count} tasks"
    return [f"kept its dates: {tasks} ({groups}), whatever their links say"]


def pinned_spans(
    leaves: list[Task], calendar: WorkCalendar, calendars: TaskCalendars | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(start point, finish point, duration) of each leaf: NaN where it is not pinned.

    A pinned task works from s_P = unit_on_or_after(start) to f_P = unit_after(finish);
    its duration is the units its calendar works in [s_P, f_P) (all of them without task
    calendars). A pinned milestone is the point f_P.
    """
    n = len(leaves)
    begin, end, duration = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    for i, leaf in enumerate(leaves):
        if leaf.pinned is None:
            continue
        stop = float(calendar.unit_after(leaf.pinned.finish))
        first = stop if leaf.milestone else float(calendar.unit_on_or_after(leaf.pinned.start))
        first = min(first, stop)
        begin[i], end[i] = first, stop
        if leaf.milestone:
            duration[i] = 0.0
        elif calendars is None:
            duration[i] = stop - first
        else:
            c = np.int64(calendars.index[i])
            worked = calendars.worked(c, np.array([first, stop]))
            duration[i] = float(np.rint(worked[1] - worked[0]))
    return begin, end, duration


def _start_point(calendar: WorkCalendar, day: dt.date, milestone: bool) -> float:
    """s_D, or s_D + 1 for a milestone past the first unit."""
    bound = calendar.unit_on_or_after(day)
    return float(bound + (1 if milestone and bound > 0 else 0))


def constraint_bounds(
    project: Project,
    leaves: list[Task],
    calendar: WorkCalendar,
    duration: FloatArray,
    calendars: TaskCalendars | None,
) -> tuple[FloatArray, FloatArray]:
    """Each leaf's earliest start and latest finish from the constraint fields (module doc)."""
    n = len(leaves)
    earliest = np.zeros(n)
    latest = np.full(n, np.inf)
    index = {leaf.id: i for i, leaf in enumerate(leaves)}

    def start_for_finish(i: int, f: float) -> float:
        if calendars is None:
            return f - float(duration[i])
        c = np.int64(calendars.index[i])
        return float(calendars.start_for_finish(c, np.float64(f), np.float64(duration[i])))

    def finish_by_start(i: int, x: float) -> float:
        if calendars is None:
            return x + float(duration[i])
        c = np.int64(calendars.index[i])
        return float(calendars.finish_by_start(c, np.float64(x), np.float64(duration[i])))

    for task in project.all_tasks():
        if all(getattr(task, key) is None for key in CONSTRAINT_FIELDS):
            continue
        rows = [index[leaf.id] for leaf in task.leaves()]
        for day in (task.start_no_earlier_than, task.must_start_on):
            if day is not None:
                for i in rows:
                    point = _start_point(calendar, day, leaves[i].milestone)
                    earliest[i] = max(earliest[i], point)
        for day in (task.finish_no_earlier_than, task.must_finish_on):
            if day is not None:
                f = float(calendar.unit_after(day))
                for i in rows:
                    earliest[i] = max(earliest[i], start_for_finish(i, f))
        for day in (task.finish_no_later_than, task.deadline, task.must_finish_on):
            if day is not None:
                f = float(calendar.unit_after(day))
                for i in rows:
                    latest[i] = min(latest[i], f)
        for day in (task.start_no_later_than, task.must_start_on):
            if day is not None:
                for i in rows:
                    x = _start_point(calendar, day, leaves[i].milestone)
                    latest[i] = min(latest[i], finish_by_start(i, x))
    return earliest, latest
