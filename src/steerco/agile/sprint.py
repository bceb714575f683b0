"""The sprint report at a date: its state, commitment against capacity, burndown and burnup.

At the as-of date D a sprint is `planned` (D before its first day), `active` (D within it)
or `finished` (D after its last day). Its days run from the first day through D (through
the last day once finished); each day counts what the file records up to and including it.

- Commitment: the items in the sprint at its start (`commitment.sprint_scope`), their
  points and estimated person-days, against the capacity (`capacity.sprint_capacity`).
  Where finished sprints before this one started give a velocity (`velocity.velocity`),
  the points it can take are that mean velocity scaled by this sprint's capacity over
  the mean capacity of those sprints (unscaled when they had none).
- Completed: `sprints.completed_in`, done by D. Remaining: items the sprint holds at D
  that are not done by D. Added and removed: its scope changes up to D.
- Each day d: the items added and removed that day; scope = the items held at the end of
  d; done = those of them done on or before d (the burnup); remaining = scope - done (the
  burndown), in points and in items (an item without points counts in items only); ideal
  = committed points × (1 - w(d) / W), W the sprint's working days on the project
  calendar and w(d) those up to d, so the ideal line is flat over days off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from steerco.agile.board import status_on, timeline
from steerco.agile.capacity import SprintCapacity, sprint_capacity, working_days
from steerco.agile.commitment import SprintScope, sprint_scope
from steerco.agile.items import done_on
from steerco.agile.sprints import completed_in, points_of
from steerco.agile.velocity import velocity
from steerco.model import Project
from steerco.model.agile import ItemType, Sprint, StatusCategory, WorkItem

__all__ = [
    "BurnDay",
    "Commitment",
    "ItemRow",
    "PointsCapacity",
    "SprintReport",
    "SprintState",
    "Tally",
    "current_sprint",
    "sprint_report",
    "sprint_state",
]

SprintState = Literal["planned", "active", "finished"]


@dataclass(frozen=True)
class Tally:
    """Some items: how many, their points, and how many of them have no points."""

    items: int
    points: float
    unpointed: int


def tally(items: Iterable[WorkItem]) -> Tally:
    """Count the items, add their points and count those without points."""
    listed = list(items)
    return Tally(
        items=len(listed),
        points=points_of(listed),
        unpointed=sum(1 for item in listed if item.points is None),
    )


@dataclass(frozen=True)
class Commitment:
    """What the sprint took on at its start: items, points, estimated person-days."""

    items: int
    points: float
    unpointed: int
    person_days: float
    """The committed items' estimates in working days."""
    unestimated: int
    """Committed items without an estimate (they add no person-days)."""


@dataclass(frozen=True)
class PointsCapacity:
    """The points the sprint can take: mean velocity × capacity / mean capacity of its sprints."""

    points: float
    mean_velocity: float
    mean_capacity: float
    """Mean person-days of the velocity sprints."""
    sprints: tuple[str, ...]
    """The finished sprints whose velocity it reads (finished before this one started)."""
    scaled: bool
    """False when those sprints had no capacity: the mean velocity itself."""


@dataclass(frozen=True)
class ItemRow:
    """One item the sprint held: where it stands at the as-of date."""

    id: str
    title: str
    type: ItemType
    points: float | None
    estimate_days: float | None
    status: str | None
    category: StatusCategory
    assignee: str | None
    committed: bool
    added: dt.date | None
    """The day a scope change added it (the last one), if any."""
    removed: dt.date | None
    """The day a scope change removed it (the last one), if any."""
    in_sprint: bool
    """Whether the sprint holds it at the as-of date."""
    done: dt.date | None
    completed: bool
    """Completed in the sprint by the as-of date (`sprints.completed_in`)."""


@dataclass(frozen=True)
class BurnDay:
    """One day of the sprint: its scope change, the scope, done and remaining, the ideal."""

    date: dt.date
    working: bool
    """Whether the project calendar works this day."""
    added: Tally
    removed: Tally
    scope: Tally
    done: Tally
    remaining: Tally
    ideal_points: float


@dataclass(frozen=True)
class SprintReport:
    """A sprint at a date: state, capacity, commitment, progress, items and days."""

    sprint: Sprint
    as_of: dt.date
    state: SprintState
    capacity: SprintCapacity
    commitment: Commitment
    points_capacity: PointsCapacity | None
    """None when no sprint finished before this one started (no velocity yet)."""
    completed: Tally
    remaining: Tally
    added: Tally
    removed: Tally
    items: tuple[ItemRow, ...]
    days: tuple[BurnDay, ...]


def sprint_state(sprint: Sprint, as_of: dt.date) -> SprintState:
    """Planned before its first day, active through its last, finished after."""
    if as_of < sprint.start:
        return "planned"
    return "active" if as_of <= sprint.end else "finished"


def current_sprint(sprints: Sequence[Sprint], as_of: dt.date) -> Sprint | None:
    """The sprint active at `as_of`, else the last finished one, else the next one."""
    ordered = sorted(sprints, key=lambda s: (s.start, s.end))
    active = [s for s in ordered if sprint_state(s, as_of) == "active"]
    if active:
        return active[-1]
    finished = [s for s in ordered if sprint_state(s, as_of) == "finished"]
    if finished:
        return max(finished, key=lambda s: (s.end, s.start))
    return ordered[0] if ordered else None


def _points_capacity(project: Project, sprint: Sprint, capacity: float) -> PointsCapacity | None:
    past = velocity(project, sprint.start)
    if past.mean is None or past.mean_capacity is None:
        return None
    scaled = past.mean_capacity > 0
    points = past.mean * capacity / past.mean_capacity if scaled else past.mean
    return PointsCapacity(
        points=points,
        mean_velocity=past.mean,
        mean_capacity=past.mean_capacity,
        sprints=tuple(row.sprint for row in past.counted),
        scaled=scaled,
    )


def _commitment(project: Project, items: list[WorkItem]) -> Commitment:
    days = [_estimate_days(project, item) for item in items]
    return Commitment(
        items=len(items),
        points=points_of(items),
        unpointed=sum(1 for item in items if item.points is None),
        person_days=float(sum(d for d in days if d is not None)),
        unestimated=sum(1 for d in days if d is None),
    )


def _estimate_days(project: Project, item: WorkItem) -> float | None:
    if item.estimate is None:
        return None
    return item.estimate.in_days(project.calendar.hours_per_day, project.days_per_week)


def _done_by(project: Project, item: WorkItem, day: dt.date) -> bool:
    done = done_on(item, project.workflow)
    return done is not None and done <= day


def _days(project: Project, scope: SprintScope, last: dt.date, committed: float) -> list[BurnDay]:
    sprint = scope.sprint
    worked = working_days(project, sprint.start, sprint.end)
    total = len(worked)
    rows = []
    day = sprint.start
    while day <= last:
        changes = scope.changed_on(day)
        held = scope.held(day)
        done = [item for item in held if _done_by(project, item, day)]
        through = sum(1 for w in worked if w <= day)
        rows.append(
            BurnDay(
                date=day,
                working=day in worked,
                added=tally(item for item, c in changes if c.change == "added"),
                removed=tally(item for item, c in changes if c.change == "removed"),
                scope=tally(held),
                done=tally(done),
                remaining=tally(item for item in held if not _done_by(project, item, day)),
                ideal_points=committed * (1 - through / total) if total else committed,
            )
        )
        day += dt.timedelta(days=1)
    return rows


def _last_change(scope: SprintScope, item: WorkItem, kind: str, until: dt.date) -> dt.date | None:
    days = [c.date for c in scope.changes.get(item.id, ()) if c.change == kind and c.date <= until]
    return days[-1] if days else None


def _row(
    project: Project,
    scope: SprintScope,
    item: WorkItem,
    as_of: dt.date,
    last: dt.date,
    held: set[str],
    completed: set[str],
) -> ItemRow:
    """Where `item` stands at `as_of`.

    Its status on that day (`board.status_on`), not the file's latest, and its done day
    only once it has come.
    """
    workflow = project.workflow
    status = status_on(timeline(item, workflow), as_of) or workflow.initial().name
    done = done_on(item, workflow)
    return ItemRow(
        id=item.id,
        title=item.title,
        type=item.type,
        points=item.points,
        estimate_days=_estimate_days(project, item),
        status=status,
        category=workflow.category_of(status),
        assignee=item.assignee,
        committed=item.id in scope.committed_ids,
        added=_last_change(scope, item, "added", last),
        removed=_last_change(scope, item, "removed", last),
        in_sprint=item.id in held,
        done=done if done is not None and done <= as_of else None,
        completed=item.id in completed,
    )


def sprint_report(project: Project, sprint: Sprint, as_of: dt.date) -> SprintReport:
    """The sprint at `as_of`: commitment vs capacity, completed, remaining, items, each day."""
    state = sprint_state(sprint, as_of)
    scope = sprint_scope(project.backlog, sprint)
    capacity = sprint_capacity(project, sprint)
    committed = scope.committed()
    last = min(as_of, sprint.end)
    done_ids = {
        item.id
        for item in completed_in(project.backlog, project.workflow, sprint)
        if _done_by(project, item, last)
    }
    completed = [item for item in project.backlog if item.id in done_ids]
    if state == "planned":
        held, changes = committed, []
    else:
        held = scope.held(last)
        changes = [
            (item, change)
            for item in scope.items
            for change in scope.changes.get(item.id, ())
            if change.date <= last
        ]
    held_ids = {item.id for item in held}
    rows = tuple(
        _row(project, scope, item, as_of, last, held_ids, done_ids) for item in scope.items
    )
    commitment = _commitment(project, committed)
    days = _days(project, scope, last, commitment.points) if state != "planned" else []
    return SprintReport(
        sprint=sprint,
        as_of=as_of,
        state=state,
        capacity=capacity,
        commitment=commitment,
        points_capacity=_points_capacity(project, sprint, capacity.person_days),
        completed=tally(completed),
        remaining=tally(item for item in held if not _done_by(project, item, last)),
        added=tally(i for i, c in changes if c.change == "added"),
        removed=tally(i for i, c in changes if c.change == "removed"),
        items=rows,
        days=tuple(days),
    )
