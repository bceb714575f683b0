"""Which calendar each task works on: its own, or its resources' within the project's.

A task's work runs on its own `calendar:` (`24x7`, or a calendar named under
`calendars:`), else on the project calendar; unless it says `split: false`, a named
resource with a `calendar:` of its own replaces the project calendar (intersected with
the task's own calendar when it has one; several such resources: their intersection, as
MS Project would schedule each assignment on its own calendar), and the days its named
resources do not work (their `workdays`, their leave) are taken out of that calendar, so
its work pauses over them and its finish moves out. An elapsed duration (`5ed`) runs on
24x7. The time axis is the project's working days, or every calendar day when some task
or lag needs a day the project does not work (24x7, elapsed time, a named calendar with
other workdays, a 24x7 `scheduling.lag_calendar`); the project calendar is then the
default task calendar. A working-time lag counts on the calendar
`scheduling.lag_calendar` names: the project's, the successor's or the predecessor's
(their compiled calendars), or plain calendar time (24x7); an elapsed lag on plain time.
`scheduling.finish_links: driving` marks the calendars so (`TaskCalendars.driving`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.model import WEEKDAYS, Calendar, Project, Resource, Task
from steerco.model.ranges import MAX_DATE
from steerco.model.validate import ELAPSED_CALENDAR
from steerco.people.skills import chosen_among, qualified
from steerco.schedule.calendar import WorkCalendar, work_calendar, worked_on
from steerco.schedule.worktime import TaskCalendars, task_calendars
from steerco.types import DateArray, FloatArray, IntArray

__all__ = [
    "EVERY_DAY",
    "around_the_clock",
    "every_day_axis",
    "plan_reach",
    "project_calendars",
    "task_day_hours",
]

EVERY_DAY: tuple[str, ...] = WEEKDAYS
_EPOCH = np.datetime64("1970-01-01", "D")
_CHECK_YEARS = 3


def _elapsed(task: Task) -> bool:
    """Whether the task's duration is written in elapsed days."""
    if task.estimate is not None:
        return task.estimate.likely.elapsed
    return task.duration is not None and task.duration.elapsed


def around_the_clock(project: Project, task: Task) -> bool:
    """Whether the task works every hour of every day: the built-in `24x7`, or elapsed time.

    Its days are then 24 hours long (equipment on it costs 24 hourly rates a day); any
    other task's day has its calendar's `hours_per_day` (`task_day_hours`).
    """
    if _elapsed(task):
        return True
    return task.calendar == ELAPSED_CALENDAR and ELAPSED_CALENDAR not in project.calendars


def task_day_hours(project: Project, task: Task) -> float:
    """Working hours in one working day of the task's own calendar.

    24 on the built-in `24x7` or with an elapsed duration; the named calendar's
    `hours_per_day` on a calendar under `calendars:`; the project calendar's otherwise.
    One day of the task's duration is one working day of that calendar in the schedule,
    so compute sizing, costs and run progress all count its days with these hours.
    """
    if around_the_clock(project, task):
        return 24.0
    if task.calendar is not None and task.calendar in project.calendars:
        return project.calendars[task.calendar].hours_per_day
    return project.calendar.hours_per_day


def _own(project: Project, name: str) -> Calendar:
    """The calendar a task names (`24x7`, or one under `calendars:`)."""
    if name in project.calendars:
        return project.calendars[name]
    return Calendar(workdays=EVERY_DAY, hours_per_day=project.calendar.hours_per_day)


def _resource_calendars(project: Project, task: Task) -> set[str]:
    """The calendars of the resources a task names or may pick (none with `split: false`)."""
    if not task.split or task.milestone:
        return set()
    named = {need.resource for need in task.demands if need.resource is not None}
    with_calendar = {r.id for r in project.resources if r.calendar is not None}
    named |= set(_candidates(project, task, with_calendar))
    found = {project.resource(rid).calendar for rid in named}
    return {name for name in found if name is not None}


def every_day_axis(project: Project) -> bool:
    """Whether the plan needs every calendar day on its time axis (not only the project's).

    True when a task runs 24x7 or has an elapsed duration, a lag is elapsed or counts on
    24x7 (`scheduling.lag_calendar`), or a named calendar in use (a task's or one of its
    resources') works a day the project calendar does not (over three years).
    """
    if project.start is None or project.unit == "period":
        return False
    leaves = [leaf for leaf in project.leaves() if not leaf.milestone]
    if any(_elapsed(leaf) for leaf in leaves):
        return True
    links = [dep for task in project.all_tasks() for dep in task.after]
    if any(dep.lag.elapsed for dep in links):
        return True
    if project.scheduling.lag_calendar == ELAPSED_CALENDAR and any(
        dep.lag.value != 0 or dep.lag_percent for dep in links
    ):
        return True
    names = {leaf.calendar for leaf in leaves if leaf.calendar is not None}
    names |= {name for leaf in leaves for name in _resource_calendars(project, leaf)}
    if ELAPSED_CALENDAR in names - set(project.calendars):
        return True
    if not names:
        return False
    start = np.datetime64(project.start, "D")
    days = np.arange(start, start + 366 * _CHECK_YEARS)
    mine = worked_on(project.calendar, days)
    return any(bool((worked_on(project.calendars[name], days) & ~mine).any()) for name in names)


def _away(project: Project, days: DateArray, resource_id: str) -> NDArray[np.bool_]:
    """Days on which a resource does not work: not its weekday, or on leave."""
    resource = project.resource(resource_id)
    off = _weekdays_off(resource, days)
    for leave in resource.leave:
        off |= (days >= np.datetime64(leave.start, "D")) & (days <= np.datetime64(leave.end, "D"))
    return off


def _own_mask(
    project: Project, task: Task, days: DateArray, base: NDArray[np.bool_], named: tuple[str, ...]
) -> NDArray[np.bool_]:
    """The days (of the axis) the task works before its resources' days away.

    Its own calendar (or the project's), where its `named` resources have calendars of
    their own: those instead of the project's, intersected with its own calendar.
    """
    if _elapsed(task):
        return np.ones(days.size, dtype=bool)
    names = [project.resource(rid).calendar for rid in named]
    shared = [project.calendars[name] for name in names if name is not None]
    if task.calendar is not None:
        mask = worked_on(_own(project, task.calendar), days)
    elif shared:
        mask = np.ones(days.size, dtype=bool)
    else:
        return base
    for resource_calendar in shared:
        mask &= worked_on(resource_calendar, days)
    return mask


def _calendar_key(task: Task, off: set[str]) -> tuple[str | None, tuple[str, ...]]:
    """What decides a task's calendar: its own, and its resources in `off` (days off, calendars)."""
    own = "elapsed" if _elapsed(task) else task.calendar
    if not task.split:
        return own, ()
    named = sorted({need.resource for need in task.demands if need.resource in off})
    return own, tuple(r for r in named if r is not None)


def _candidates(project: Project, task: Task, off: set[str]) -> tuple[str, ...]:
    """Who may be picked for the task's one person by role or skill, among those in `off`.

    Only a task (that splits) with a single such demand, of one person: several picks, or a
    choice of several people, keep the task's own calendar and avoid their days off instead.
    """
    if not task.split or task.milestone or not off:
        return ()
    picks = [need for need in task.demands if chosen_among(project, need)]
    if len(picks) != 1 or int(np.ceil(picks[0].units)) != 1:
        return ()
    return tuple(r.id for r in qualified(project.resources, picks[0]) if r.id in off)


def _axis_days(calendar: WorkCalendar, need: float, project: Project) -> DateArray:
    """Days of the axis: enough that the sparsest calendar in use still fits `need` units."""
    per_day = calendar.hours_per_unit_day
    weeks = [len(r.workdays) for r in project.resources if r.workdays] + [
        len(c.workdays) for c in project.calendars.values()
    ]
    stretch = 7.0 / max(1, min([*weeks, len(project.calendar.workdays)]))
    leave = sum((leave.end - leave.start).days + 1 for r in project.resources for leave in r.leave)
    days = int((need / per_day) * stretch * 1.5) + leave + 60
    try:
        return calendar.covering(days).days[:days]
    except ProjectError:  # past the last date steerco plans with: every unit after it works
        return work_calendar(calendar.calendar, calendar.start, min_days=0, until=MAX_DATE).days


def _never_worked(
    project: Project, task: Task, key: tuple[str | None, tuple[str, ...]], days: DateArray
) -> Diagnostic:
    """`unstaffable_demand` at a task whose people leave it no day to work, and why."""
    own = _own_mask(project, task, days, worked_on(project.calendar, days), key[1])
    weekly, away = [], []
    for rid in key[1]:
        resource = project.resource(rid)
        if resource.calendar is not None:
            weekly.append(f"{rid} works on the {resource.calendar} calendar")
        if resource.workdays is not None and not (own & ~_weekdays_off(resource, days)).any():
            weekly.append(f"{rid} works {', '.join(resource.workdays)} only")
        elif resource.leave:
            away.append(f"{rid} is away to {max(spell.end for spell in resource.leave)}")
    if _elapsed(task) or task.calendar is not None:
        name = "every day" if _elapsed(task) else f"the {task.calendar} calendar's days"
    else:
        name = f"the project's days ({', '.join(project.calendar.workdays)})"
    when = "can never be worked" if weekly else f"has no day to work on through {days[-1]!s}"
    reasons = "; ".join([*weekly, *away]) or "no day is left"
    message = (
        f"task {task.id!r} {when}: it runs on {name} less the days its people are away, "
        f"and {reasons}"
    )
    path = next((p.path for p in project.placed_tasks() if p.task.id == task.id), ())
    return Diagnostic(Code.unstaffable_demand, message, (*path, "demands"))


def _finished(project: Project, task: Task) -> bool:
    """Whether the task's progress says it finished: its actual dates date it, not its days."""
    entry = project.progress.of(task.id)
    return entry is not None and entry.actual_finish is not None


def _weekdays_off(resource: Resource, days: DateArray) -> NDArray[np.bool_]:
    """Days of the axis that fall on a weekday the resource does not work."""
    weekday = ((days - _EPOCH).astype(np.int64) + 3) % 7
    works = np.array([day in (resource.workdays or WEEKDAYS) for day in WEEKDAYS], dtype=bool)
    off: NDArray[np.bool_] = ~works[weekday]
    return off


def project_calendars(
    project: Project,
    calendar: WorkCalendar,
    *,
    every_day: bool,
    need: float,
    src: IntArray,
    dst: IntArray,
    plain_lag: NDArray[np.bool_],
) -> TaskCalendars | None:
    """Each leaf's calendar over the axis `calendar` (None when every leaf works every unit).

    `need` is how many units the plan may run (the axis covers that many working units of
    its sparsest calendar); `src`/`dst` are the links' leaves and `plain_lag` marks the
    links whose lag is plain time (elapsed) whatever `scheduling.lag_calendar` says.
    """
    if project.start is None or project.unit == "period":
        return None
    off = {r.id for r in project.resources if r.workdays is not None or r.leave}
    own = off | {r.id for r in project.resources if r.calendar is not None}
    leaves = list(project.leaves())
    keys = [(None, ()) if leaf.milestone else _calendar_key(leaf, own) for leaf in leaves]
    # A person picked by role or skill moves the task onto their calendar: one with days off
    # or with a calendar of their own (which may work other days than the project's).
    pickable = [_candidates(project, leaf, own) for leaf in leaves] if own else [()] * len(leaves)
    if not every_day and all(key == (None, ()) for key in keys) and not any(pickable):
        return None  # every task works every unit: nothing to compile, nothing to pay
    days = _axis_days(calendar, need, project)
    base = worked_on(project.calendar, days) if every_day else np.ones(days.size, dtype=bool)
    masks: dict[bytes, int] = {base.tobytes(): 0}
    rows: list[NDArray[np.bool_]] = [base]
    names = ["project"]
    by_key: dict[tuple[str | None, tuple[str, ...]], int] = {(None, ()): 0}
    away: dict[str, NDArray[np.bool_]] = {}

    def row(leaf: Task, key: tuple[str | None, tuple[str, ...]]) -> int:
        """The calendar row of `key` (its own calendar less its resources' days away)."""
        if key not in by_key:
            mask = _own_mask(project, leaf, days, base, key[1]).copy()
            for rid in key[1]:
                if rid not in off:
                    continue
                if rid not in away:
                    away[rid] = _away(project, days, rid)
                mask &= ~away[rid]
            raw = mask.tobytes()
            if raw not in masks:
                masks[raw] = len(rows)
                rows.append(mask)
                names.append(" & ".join([key[0] or "project", *key[1]]))
            by_key[key] = masks[raw]
        return by_key[key]

    index = [row(leaf, key) for leaf, key in zip(leaves, keys, strict=True)]
    empty = {c for c in set(index) if not rows[c].any()}  # each calendar once
    never = [
        (leaf, key)
        for leaf, key, c in zip(leaves, keys, index, strict=True)
        if key[1] and c in empty and not _finished(project, leaf)
    ]
    if never:
        raise ProjectError([_never_worked(project, leaf, key, days) for leaf, key in never])
    picked = {
        (i, rid): row(leaf, (keys[i][0], tuple(sorted({*keys[i][1], rid}))))
        for i, leaf in enumerate(leaves)
        for rid in pickable[i]
    }
    if len(rows) == 1 and not every_day:
        return None
    per_day = calendar.hours_per_unit_day
    works = np.repeat(np.stack(rows), per_day, axis=1)
    nodes = np.array(index, dtype=np.int64)
    return task_calendars(
        nodes,
        works,
        tuple(names),
        lag_calendar=_lag_calendars(project, nodes, src, dst, plain_lag, every_day),
        picked={key: c for key, c in picked.items() if c != index[key[0]]},
        driving=project.scheduling.finish_links == "driving",
    )


def _lag_calendars(
    project: Project,
    index: IntArray,
    src: IntArray,
    dst: IntArray,
    plain_lag: NDArray[np.bool_],
    every_day: bool,
) -> IntArray | None:
    """The calendar each link's lag counts on (-1: plain units), or None when all are plain.

    `scheduling.lag_calendar`: project -> calendar 0 (on an axis of the project's working
    units that is plain time); successor / predecessor -> that leaf's compiled calendar;
    24x7 -> plain time (the axis then counts every day). Elapsed lags: plain time. A
    person picked later by role or skill (`with_picks`) does not change a link's calendar.
    """
    rule = project.scheduling.lag_calendar
    if rule == "successor":
        on = index[dst].copy()
    elif rule == "predecessor":
        on = index[src].copy()
    elif rule == "project" and every_day:
        on = np.zeros(src.size, dtype=np.int64)
    else:
        return None
    on[plain_lag] = -1
    if not every_day:
        on[on == 0] = -1  # the project calendar works every unit of this axis
    return on if (on >= 0).any() else None


def plan_reach(duration: FloatArray, high: FloatArray, lag: FloatArray, release: float) -> float:
    """Units a plan may run, one task after another: releases, high durations and lags."""
    return float(release + np.maximum(duration, high).sum() + np.abs(lag).sum())
