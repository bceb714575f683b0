"""How every agile metric reads a work item: its category, start and done days, rank, epic.

One reading for all of them, so that the sprint report, the flow metrics, the release
forecast and a task delivered by an epic never disagree about the same item:

- An item's category is its status's. An item without a written `status` is in its last
  `history` status; without a history it is done when it has a `done` day, in progress
  when it has a `started` day, else in the workflow's initial status.
- It started on its `started` day, else on the day of its first history change into an
  in-progress status, else (done with no in-progress change) on the day it was done.
- It was done, when its category is done, on its `done` day, else on the day of its last
  history change into a done status; an item that is not done has no done day.
- Epics are containers: they are not counted as work (`is_work`); neither are sub-tasks,
  which are parts of their story (as Jira counts throughput and velocity).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from steerco.codes import Code
from steerco.errors import Diagnostic, Severity
from steerco.model.agile import StatusCategory, Workflow, WorkItem

__all__ = [
    "category",
    "done_on",
    "epic_items",
    "is_work",
    "ranked",
    "started_on",
    "undated_done",
]


def category(item: WorkItem, workflow: Workflow) -> StatusCategory:
    """The item's status category (to do, in progress, done)."""
    if item.status is None:
        if item.history and (last := workflow.status(item.history[-1].status)) is not None:
            return last.category
        if item.done is not None:
            return "done"
        if item.started is not None:
            return "in_progress"
    return workflow.category_of(item.status)


def _changes_into(item: WorkItem, workflow: Workflow, wanted: StatusCategory) -> list[dt.date]:
    days = []
    for change in item.history:
        status = workflow.status(change.status)
        if status is not None and status.category == wanted:
            days.append(change.date)
    return days


def done_on(item: WorkItem, workflow: Workflow) -> dt.date | None:
    """The day the item was done, or None when it is not done (or the day is not known)."""
    if category(item, workflow) != "done":
        return None
    if item.done is not None:
        return item.done
    days = _changes_into(item, workflow, "done")
    return days[-1] if days else None


def started_on(item: WorkItem, workflow: Workflow) -> dt.date | None:
    """The first day the item was in progress, or None when it has not started (or not known)."""
    if item.started is not None:
        return item.started
    days = _changes_into(item, workflow, "in_progress")
    if days:
        return days[0]
    return done_on(item, workflow)


def is_work(item: WorkItem) -> bool:
    """Whether the item counts as a unit of work (not an epic, not a sub-task)."""
    return item.type not in {"epic", "subtask"}


def ranked(backlog: Sequence[WorkItem]) -> list[WorkItem]:
    """The backlog in order: by `rank` (lower first), then items without one in file order."""
    order = sorted(
        range(len(backlog)),
        key=lambda i: (backlog[i].rank is None, backlog[i].rank or 0.0, i),
    )
    return [backlog[i] for i in order]


def epic_items(backlog: Iterable[WorkItem], epic: str) -> list[WorkItem]:
    """The items under an epic, at any depth (its stories and their sub-tasks), in file order."""
    items = list(backlog)
    parent = {item.id: item.parent for item in items}

    def under(item_id: str) -> bool:
        seen: set[str] = set()
        current = parent.get(item_id)
        while current is not None and current not in seen:
            if current == epic:
                return True
            seen.add(current)
            current = parent.get(current)
        return False

    return [item for item in items if item.id != epic and under(item.id)]


def undated_done(backlog: Sequence[WorkItem], workflow: Workflow) -> list[Diagnostic]:
    """A warning (`undated_done`, at the item) per work item done on no known day.

    Velocity, sprint burndowns and flow count an item on its done day, so they leave it
    out; a release counts it as done.
    """
    return [
        Diagnostic(
            Code.undated_done,
            f"item {item.id!r} is done, but no day says when (`done:`, or a move into a done "
            "status in its `history`): velocity, sprint burndowns and flow metrics leave it "
            "out, release forecasts count it as done",
            ("backlog", i, "status" if item.status is not None else "id"),
            severity=Severity.warning,
        )
        for i, item in enumerate(backlog)
        if is_work(item) and category(item, workflow) == "done" and done_on(item, workflow) is None
    ]
