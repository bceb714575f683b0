"""Re-schedule at the status date (P6's data date): what happened stays, the rest moves on.

- A finished task keeps its actual start and finish; no link can move it.
- An in-progress task keeps its actual start; its remaining work starts no earlier than
  the data date (the first working unit after the status date) and still waits for every
  predecessor as its links say (retained logic), so a task that started out of sequence
  does not finish before the predecessor it depends on.
- A task not started starts no earlier than the data date: nothing is planned in the past.

A task delivered by an epic has the progress its items give it (`agile.hybrid.epic_progress`).

The network's node for an in-progress task stands for its remaining work; links that
leave from its start (SS, SF) have their lag shortened by the time already worked, so a
successor still counts from the actual start.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from steerco.agile.hybrid import epic_progress
from steerco.codes import Code
from steerco.errors import Diagnostic, warning
from steerco.model import Project
from steerco.model.progress import TaskProgress
from steerco.schedule.calendar import WorkCalendar
from steerco.schedule.cost import CostTable
from steerco.schedule.network import Network, NetworkProgress, relinked

__all__ = [
    "FINISHED",
    "IN_PROGRESS",
    "NOT_STARTED",
    "apply_progress",
    "network_progress",
    "progress_warnings",
]

NOT_STARTED, IN_PROGRESS, FINISHED = 0, 1, 2


def _node(
    project: Project,
    calendar: WorkCalendar,
    entry: TaskProgress | None,
    planned: float,
    data_time: float,
    worked: Callable[[float, float], float] | None = None,
) -> tuple[int, float, float, float, float, float, float]:
    """(state, actual start, actual finish, elapsed, remaining, percent, actual cost).

    `worked(s, t)`: the working units of the task's own calendar between two points of
    the axis (its duration's units); None: the axis's units are the task's.
    """
    if entry is None or not entry.started:
        return NOT_STARTED, math.nan, math.nan, 0.0, planned, 0.0, math.nan
    cost = math.nan if entry.actual_cost is None else entry.actual_cost
    day = entry.actual_start or entry.actual_finish
    assert day is not None  # started
    start = float(calendar.unit_on_or_after(day))
    if entry.actual_finish is not None:
        finish = max(float(calendar.unit_after(entry.actual_finish)), start)
        if planned == 0:  # a milestone is reached at the end of its day
            start = finish
        span = finish - start if worked is None else worked(start, finish)
        return FINISHED, start, finish, span, 0.0, 1.0, cost
    elapsed = max(data_time - start if worked is None else worked(start, data_time), 0.0)
    hours = project.calendar.hours_per_day
    if entry.remaining is not None:
        remaining = project.units(entry.remaining.in_days(hours, project.days_per_week))
    elif entry.percent_complete is not None:
        remaining = planned * (1.0 - entry.percent_complete / 100.0)
    else:
        remaining = max(planned - elapsed, 0.0)
    remaining = float(math.ceil(remaining - 1e-9))  # whole units; never shorter than said
    if entry.percent_complete is not None:
        percent = entry.percent_complete / 100.0
    else:
        done = elapsed + remaining
        percent = elapsed / done if done > 0 else 0.0
    return IN_PROGRESS, start, math.nan, elapsed, remaining, percent, cost


def _worked(network: Network, node: int) -> Callable[[float, float], float] | None:
    """How many working units of `node`'s calendar lie between two points of the axis.

    A task on a calendar of its own (24x7 beside a weekday project on a calendar-day
    axis, a person's leave) counts its durations in that calendar's working units, and
    the calendar passes place it so: its actual span must be counted the same way, or a
    finished task of 9 working days over 11 calendar days would cost 11 days and, placed
    again from its actual start, finish 2 working days after it did.
    """
    calendars = network.calendars
    if calendars is None:
        return None
    c = int(calendars.index[node])

    def worked(start: float, end: float) -> float:
        return float(calendars.worked(c, end) - calendars.worked(c, start))

    return worked


def network_progress(project: Project, network: Network) -> NetworkProgress:
    """The progress of each node of `network` at the project's status date, in units."""
    status_date = project.progress.status_date
    calendar = network.calendar
    if status_date is None or calendar is None:
        raise ValueError("progress needs a status date and a calendar")
    # Units worked from the project start to the end of the (inclusive) status date.
    data_time = float(calendar.unit_after(status_date))
    epics = epic_progress(project)  # a task delivered by an epic: its items' progress
    entries = [epics.get(leaf.id) or project.progress.of(leaf.id) for leaf in project.leaves()]
    rows = [
        _node(project, calendar, entry, float(planned), data_time, _worked(network, i))
        for i, (entry, planned) in enumerate(zip(entries, network.duration.tolist(), strict=True))
    ]
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    default_rule = project.progress.earning
    return NetworkProgress(
        data_time=data_time,
        state=np.array(columns[0], dtype=np.int8),
        actual_start=np.array(columns[1], dtype=np.float64),
        actual_finish=np.array(columns[2], dtype=np.float64),
        elapsed=np.array(columns[3], dtype=np.float64),
        remaining=np.array(columns[4], dtype=np.float64),
        percent=np.array(columns[5], dtype=np.float64),
        actual_cost=np.array(columns[6], dtype=np.float64),
        earning=[
            entry.earning if entry is not None and entry.earning else default_rule
            for entry in entries
        ],
        recorded_start=tuple(_recorded_start(entry) for entry in entries),
        recorded_finish=tuple(None if entry is None else entry.actual_finish for entry in entries),
    )


def _recorded_start(entry: TaskProgress | None) -> dt.date | None:
    """The actual start as written (a milestone written with only its finish: that day)."""
    if entry is None:
        return None
    return entry.actual_start or entry.actual_finish


def progress_warnings(project: Project) -> list[Diagnostic]:
    """`actual_on_non_working_day` for each actual date the calendar does not work.

    The date is kept as recorded (the schedule reports it as written); the warning asks the
    person to check it. Unlocated: the diagnostics carry their model path.
    """
    if project.start is None or project.unit == "period":
        return []
    recorded = [
        (task_id, name, day)
        for task_id, entry in project.progress.tasks.items()
        for name, day in (
            ("actual_start", entry.actual_start),
            ("actual_finish", entry.actual_finish),
        )
        if day is not None and day >= project.start
    ]
    if not recorded:
        return []
    from steerco.schedule.calendar import work_calendar

    last = max(day for *_, day in recorded)
    worked = set(work_calendar(project.calendar, project.start, until=last).days.tolist())
    out: list[Diagnostic] = []
    for task_id, name, day in recorded:
        if day in worked:
            continue
        message = (
            f"{name} {day} ({day:%A}) of {task_id!r} is a day the calendar does not work; "
            "it is kept as recorded: check the date"
        )
        path = ("progress", "tasks", task_id, name)
        out.append(warning(Code.actual_on_non_working_day, message, path))
    return out


def _costs_at_completion(table: CostTable, progress: NetworkProgress) -> CostTable:
    """Costs such that fixed + rate x node duration is each task's cost at completion.

    Worked time is costed at the rates unless an actual cost was recorded; then the
    recorded cost replaces the worked part and the fixed cost not yet accrued is added.
    """
    finished = progress.state == FINISHED
    running = progress.state == IN_PROGRESS
    recorded = ~np.isnan(progress.actual_cost)
    done = progress.elapsed + progress.remaining
    share_left = np.divide(progress.remaining, done, out=np.zeros_like(done), where=done > 0)
    unaccrued = table.fixed * np.select(
        [table.accrual == 0, table.accrual == 1], [0.0, share_left], 1.0
    )
    actual = np.nan_to_num(progress.actual_cost)
    fixed = np.where(
        running,
        np.where(recorded, actual + unaccrued, table.fixed + table.rate * progress.elapsed),
        np.where(finished & recorded, actual, table.fixed),
    )
    rate = np.where(finished & recorded, 0.0, table.rate)
    begun = np.where(progress.started, progress.actual_start, np.inf)
    return replace(table, fixed=fixed, rate=rate, begun=begun)


def apply_progress(network: Network, progress: NetworkProgress) -> Network:
    """The network to schedule from the data date on (see the module docstring)."""
    state = progress.state
    finished = state == FINISHED
    running = state == IN_PROGRESS
    duration = np.where(
        finished, progress.elapsed, np.where(running, progress.remaining, network.duration)
    )
    earliest = np.where(
        finished,
        progress.actual_start,
        np.maximum(network.earliest_start, progress.data_time),
    )
    latest = np.where(finished, np.inf, network.latest_finish)
    keep = ~finished[network.dst]  # nothing moves what has happened
    from_start = network.from_finish == 0.0  # SS, SF
    shorten = np.where(running[network.src] & from_start, progress.elapsed[network.src], 0.0)
    demand = np.where(finished[:, None], 0.0, network.demand)
    costs = None if network.costs is None else _costs_at_completion(network.costs, progress)
    return relinked(
        network,
        keep,
        network.lag - shorten,
        duration=duration,
        earliest_start=earliest,
        latest_finish=latest,
        demand=demand,
        costs=costs,
        progress=progress,
    )
