"""Whether steerco's critical path gives the dates the source tool stored in a foreign file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from steerco.formats.foreign.plan import ForeignPlan, StoredDates
from steerco.model import Project

__all__ = ["DateCheck", "DateMismatch", "check_dates"]


@dataclass(frozen=True)
class DateMismatch:
    """A task whose computed dates differ from the stored ones."""

    id: str
    name: str
    stored: StoredDates
    start: dt.date
    finish: dt.date


@dataclass(frozen=True)
class DateCheck:
    """The comparison of every stored task date with steerco's CPM dates for the same plan."""

    checked: int
    mismatches: tuple[DateMismatch, ...]
    pinned: tuple[str, ...]

    @property
    def matched(self) -> int:
        """Tasks whose start and finish both match the source tool's."""
        return self.checked - len(self.mismatches)


def check_dates(plan: ForeignPlan, project: Project | None = None) -> DateCheck:
    """Schedule `plan` by the critical path and compare each task's dates with the stored ones.

    Every task (leaf, milestone, summary) with stored dates is checked; `project` is the
    validated `plan.data` when the caller already has it.
    """
    from steerco.schedule.network import compile_project
    from steerco.schedule.plan import schedule_cpm

    project = project if project is not None else Project.model_validate(plan.data)
    schedule = schedule_cpm(compile_project(project))
    mismatches: list[DateMismatch] = []
    checked = 0
    for task in schedule.tasks():
        stored = plan.stored.get(task.id)
        if stored is None:
            continue
        checked += 1
        if not isinstance(task.start, dt.date) or not isinstance(task.finish, dt.date):
            raise TypeError("a foreign plan has dates: its project needs a start")
        if (task.start, task.finish) != (stored.start, stored.finish):
            mismatches.append(DateMismatch(task.id, task.name, stored, task.start, task.finish))
    return DateCheck(checked, tuple(mismatches), plan.pinned)
