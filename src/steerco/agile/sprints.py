"""Which items a sprint holds and completed, and which sprints are finished.

An item belongs to every sprint in its `sprints`; it is completed in sprint S when S is
among them and it was done (`items.done_on`) between S's first and last day, both
included. An item carried over from S1 to S2 and done in S2 thus counts for S2 alone. A
sprint is finished at a date when its last day is before that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from steerco.agile.items import done_on, is_work
from steerco.model.agile import Sprint, Workflow, WorkItem

__all__ = ["completed_in", "finished_sprints", "in_sprint", "points_of"]


def in_sprint(backlog: Iterable[WorkItem], sprint: Sprint) -> list[WorkItem]:
    """The work items planned in the sprint (epics and sub-tasks left out), in file order."""
    return [item for item in backlog if sprint.id in item.sprints and is_work(item)]


def completed_in(backlog: Iterable[WorkItem], workflow: Workflow, sprint: Sprint) -> list[WorkItem]:
    """The sprint's work items done between its first and last day."""
    return [
        item
        for item in in_sprint(backlog, sprint)
        if (day := done_on(item, workflow)) is not None and sprint.start <= day <= sprint.end
    ]


def points_of(items: Iterable[WorkItem]) -> float:
    """The story points of the items; an item without points adds nothing."""
    return float(sum(item.points or 0.0 for item in items))


def finished_sprints(sprints: Iterable[Sprint], as_of: dt.date) -> list[Sprint]:
    """The sprints whose last day is before `as_of`, in order of their start."""
    return sorted((s for s in sprints if s.end < as_of), key=lambda s: (s.start, s.end))
