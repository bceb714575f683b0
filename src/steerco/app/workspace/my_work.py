"""My work: a team member's own tasks for this week and next, across their projects.

A member's own tasks are the leaf tasks that demand the plan resource their membership is
linked to: the tasks `edits.record_task_progress` lets them update. The weeks are the
schedule's (the cached schedule job's JSON, as `steerco schedule --format json` prints
it): a task is in a week when its planned start and finish dates (both inclusive) overlap
it. Tasks started and not finished are listed whatever their planned dates; finished ones
are not.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal

from sqlalchemy import ColumnElement, Text, cast, select, true

from steerco.app.workspace.context import Action, Principal, Role, Workspace
from steerco.app.workspace.errors import NotFoundError
from steerco.app.workspace.permissions import allowed, authorize, require_own_task
from steerco.app.workspace.rows import find_row
from steerco.app.workspace.sections import current_section
from steerco.app.workspace.timestamps import day_or_none
from steerco.store.tables import Membership, Project, ProjectRow

__all__ = [
    "MyProject",
    "MyTask",
    "MyTasks",
    "Planned",
    "TaskProgressView",
    "TaskState",
    "my_projects",
    "my_tasks",
    "planned_dates",
    "task_progress",
    "week_start",
]

When = Literal["started", "this week", "next week"]


@dataclass(frozen=True)
class MyProject:
    """A project where the user has a linked plan resource and may record progress."""

    slug: str
    name: str
    role: Role
    resource: str


@dataclass(frozen=True)
class TaskProgressView:
    """What the revision records of a task so far (all None: nothing yet)."""

    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    percent: float | None = None
    remaining: str | None = None

    @property
    def started(self) -> bool:
        """Work on it has begun."""
        return self.actual_start is not None or bool(self.percent)

    @property
    def finished(self) -> bool:
        """It is done."""
        return self.actual_finish is not None or (self.percent or 0) >= 100


@dataclass(frozen=True)
class Planned:
    """A task's dates in the schedule (inclusive) and whether it is critical."""

    start: dt.date
    finish: dt.date
    critical: bool


@dataclass(frozen=True)
class MyTask:
    """One of my tasks: its plan dates, where it falls, and its recorded progress."""

    project: str
    id: str
    name: str
    parent: str | None
    milestone: bool
    when: When
    planned: Planned | None
    progress: TaskProgressView


@dataclass(frozen=True)
class MyTasks:
    """My tasks in one project for the two weeks from `week`, at its current revision."""

    project: str
    resource: str | None
    revision: int
    week: dt.date
    scheduled: bool
    """Whether the schedule's dates were known (False: only started tasks are placed)."""
    tasks: list[MyTask]


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def planned_dates(schedule: str | None) -> Mapping[str, Planned]:
    """Each dated task's planned start, finish and criticality in a schedule job's JSON.

    Nothing when there is no schedule, none could be made, or the plan has no calendar
    dates (a PSPLIB file counts periods). The last few schedules read are kept.
    """
    if not schedule:
        return {}
    return _planned(schedule)


@lru_cache(maxsize=16)
def _planned(schedule: str) -> Mapping[str, Planned]:
    try:
        data = json.loads(schedule)
    except ValueError:
        return {}
    found: dict[str, Planned] = {}
    for task in data.get("tasks") or []:
        start, finish = day_or_none(task.get("start")), day_or_none(task.get("finish"))
        if start is not None and finish is not None:
            found[str(task["id"])] = Planned(start, finish, bool(task.get("critical")))
    return MappingProxyType(found)


def _progress(entry: Any) -> TaskProgressView:
    """A task's entry under `progress.tasks` as a view (an empty one when it has none)."""
    if not isinstance(entry, dict):
        return TaskProgressView()
    percent = entry.get("percent_complete")
    remaining = entry.get("remaining")
    return TaskProgressView(
        actual_start=day_or_none(entry.get("actual_start")),
        actual_finish=day_or_none(entry.get("actual_finish")),
        percent=float(percent) if isinstance(percent, int | float) else None,
        remaining=None if remaining is None else str(remaining),
    )


def _when(planned: Planned | None, progress: TaskProgressView, monday: dt.date) -> When | None:
    """Where a task falls in the two weeks from `monday`; None when it is not my work now."""
    if progress.finished:
        return None
    if planned is not None:
        for offset, label in ((0, "this week"), (7, "next week")):
            first = monday + dt.timedelta(days=offset)
            last = first + dt.timedelta(days=6)
            if planned.start <= last and planned.finish >= first:
                return label  # type: ignore[return-value]
    if progress.started:
        return "started"
    return None


def my_projects(*, workspace: Workspace, principal: Principal) -> list[MyProject]:
    """The projects where the principal's membership names a plan resource, by name."""
    with workspace.transaction() as session:
        query = (
            select(Project.slug, Project.name, Membership.role, Membership.resource)
            .join(Membership, Membership.project_id == Project.id)
            .where(Membership.user_id == principal.user_id, Membership.resource.is_not(None))
            .order_by(Project.name, Project.slug)
        )
        if principal.projects is not None:
            query = query.where(Project.id.in_(principal.projects))
        rows = session.execute(query).all()
    return [
        MyProject(slug, name, Role(role), resource)
        for slug, name, role, resource in rows
        if resource is not None and allowed(Role(role), Action.update_own_progress)
    ]


def _demands(data: dict[str, Any], resource: str) -> bool:
    return any(d.get("resource") == resource for d in data.get("demands") or [])


_PLAIN_ID = frozenset(string.ascii_letters + string.digits + "._-:/ ")


def _may_name(resource: str) -> ColumnElement[bool]:
    """A cheap filter on the stored JSON text: rows that write `"resource"` somewhere.

    Decoding every task's JSON of a large plan costs most of the page; only rows that could
    demand the resource are decoded. An id JSON would escape is not filtered (always true).
    """
    if not resource or not set(resource) <= _PLAIN_ID:
        return true()
    escaped = resource.replace("_", "\\_")
    return cast(ProjectRow.data, Text).like(f'%"{escaped}"%', escape="\\")


def my_tasks(
    *,
    workspace: Workspace,
    principal: Principal,
    project: str,
    week: dt.date,
    schedule: str | None = None,
) -> MyTasks:
    """My unfinished tasks of `project` in the week of `week` and the next, and started ones.

    `schedule` is the project's schedule job result (JSON) for the current revision; without
    it only started tasks are listed (as "started"). In schedule order, this week first.
    """
    monday = week_start(week)
    planned = planned_dates(schedule)
    with workspace.transaction() as session:
        found = authorize(session, principal, project, Action.update_own_progress)
        revision = session.scalar(select(Project.revision).where(Project.id == found.project_id))
        resource = found.resource
        if resource is None:
            return MyTasks(found.slug, None, int(revision or 0), monday, bool(planned), [])
        rows = session.execute(
            select(ProjectRow.key, ProjectRow.name, ProjectRow.parent, ProjectRow.data)
            .where(
                ProjectRow.project_id == found.project_id,
                ProjectRow.collection == "tasks",
                _may_name(resource),
            )
            .order_by(ProjectRow.position)
        ).all()
        section = current_section(session, found.project_id, "progress")
    entries = section.get("tasks") if isinstance(section, dict) else None
    recorded = entries if isinstance(entries, dict) else {}
    tasks: list[MyTask] = []
    for key, name, parent, data in rows:
        if data.get("children") or not _demands(data, resource):
            continue
        progress = _progress(recorded.get(key))
        dates = planned.get(key)
        when = _when(dates, progress, monday)
        if when is None:
            continue
        tasks.append(
            MyTask(
                found.slug, key, name, parent, bool(data.get("milestone")), when, dates, progress
            )
        )
    order = {"started": 0, "this week": 1, "next week": 2}
    tasks.sort(key=lambda t: (order[t.when], t.planned.start if t.planned else dt.date.max))
    return MyTasks(found.slug, resource, int(revision or 0), monday, bool(planned), tasks)


@dataclass(frozen=True)
class TaskState:
    """A task whose progress the principal may record, as the current revision has it."""

    project: str
    id: str
    name: str
    milestone: bool
    revision: int
    progress: TaskProgressView


def task_progress(
    *, workspace: Workspace, principal: Principal, project: str, task: str
) -> TaskState:
    """The task's recorded progress, for someone who may update it (ForbiddenError if not)."""
    with workspace.transaction() as session:
        granted = authorize(session, principal, project, Action.update_own_progress)
        row = find_row(session, granted.project_id, "tasks", task)
        if row is None or row.data.get("children"):
            raise NotFoundError(f"no leaf task {task!r} in project {granted.slug!r}")
        require_own_task(granted, principal, task, row.data)
        revision = session.scalar(select(Project.revision).where(Project.id == granted.project_id))
        section = current_section(session, granted.project_id, "progress")
        name, milestone = row.name, bool(row.data.get("milestone"))
    entries = section.get("tasks") if isinstance(section, dict) else None
    entry = entries.get(task) if isinstance(entries, dict) else None
    return TaskState(granted.slug, task, name, milestone, int(revision or 0), _progress(entry))
