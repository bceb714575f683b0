"""Per-task deadlines the plan misses: which task, its deadline, its planned finish, how late.

A task's `deadline` is the end of that day: the time point D = the units worked up to and
including it. A task (leaf, milestone or summary) whose planned finish EF passes D misses
it by EF - D working units (its total float is then negative by at least as much, when the
deadline is soft). A plan without dates (no calendar) has no deadlines to miss.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from steerco.model import Project
from steerco.schedule.plan import DateOrInt, Schedule

__all__ = ["MissedDeadline", "missed_deadlines", "task_deadlines"]


@dataclass(frozen=True)
class MissedDeadline:
    """A task planned to finish after its deadline, and by how many working units."""

    task: str
    name: str
    deadline: dt.date
    finish: DateOrInt
    late: int


def task_deadlines(project: Project) -> dict[str, dt.date]:
    """Each task's own deadline (leaves, milestones and summaries), by task id."""
    return {t.id: t.deadline for t in project.all_tasks() if t.deadline is not None}


def missed_deadlines(schedule: Schedule) -> list[MissedDeadline]:
    """The tasks of `schedule.deadlines` planned to finish after them, in WBS order.

    late = EF - D, D = calendar.unit_after(deadline): working units past the deadline day.
    """
    calendar = schedule.network.calendar
    if not schedule.deadlines or calendar is None:
        return []
    missed: list[MissedDeadline] = []
    for task in schedule.tasks():
        deadline = schedule.deadlines.get(task.id)
        if deadline is None:
            continue
        late = task.ef - calendar.unit_after(deadline)
        if late > 0:
            missed.append(MissedDeadline(task.id, task.name, deadline, task.finish, late))
    return missed
