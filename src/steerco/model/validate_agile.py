"""Whole-project checks of the backlog: references between items, sprints, statuses and tasks.

Each problem is a located diagnostic at the field that holds the bad reference, so a
front end points at the line to fix: an unknown status, parent, sprint, assignee or epic,
a sub-task hierarchy that loops, or a task delivered by something that is not an epic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from steerco.codes import Code
from steerco.errors import Diagnostic, Path, did_you_mean

if TYPE_CHECKING:
    from steerco.model.agile import WorkItem
    from steerco.model.project import PlacedTask, Project

__all__ = ["check_agile"]


def _unique(ids: list[str], what: str, group: str, out: list[Diagnostic]) -> None:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            out.append(
                Diagnostic(
                    Code.duplicate_id, f"{what} id {item_id!r} is used twice", (group, i, "id")
                )
            )
        seen.add(item_id)


def _status(project: Project, name: str, path: Path, out: list[Diagnostic]) -> None:
    if project.workflow.status(name) is None:
        names = [s.name for s in project.workflow.statuses]
        out.append(
            Diagnostic(
                Code.unknown_status,
                f"status {name!r} is not in the workflow ({', '.join(names)})"
                f"{did_you_mean(name, names)}; add it under `workflow:` with its category",
                path,
            )
        )


def _check_done_after_start(
    project: Project, item: WorkItem, path: Path, out: list[Diagnostic]
) -> None:
    """`finish_before_start` where the history starts an item after the day it was done.

    Its start is `started` or its first move into an in-progress status; its done day
    `done` or its last move into a done status (as the flow metrics read them). A start
    after it gave a negative cycle time, and an item both done and in progress.
    """
    workflow = project.workflow
    moves = [(j, c, workflow.status(c.status)) for j, c in enumerate(item.history)]
    if any(status is None for _, _, status in moves):
        return  # an unknown status is its own error
    if item.status is not None:
        written = workflow.status(item.status)
        now = written.category if written is not None else None
    else:
        last = moves[-1][2] if moves else None
        now = last.category if last is not None else ("done" if item.done else None)
    if now != "done":
        return  # reopened and not done again: no done day to be after (as `done_on` reads it)
    starts = [(j, c) for j, c, s in moves if s is not None and s.category == "in_progress"]
    dones = [c.date for _, c, s in moves if s is not None and s.category == "done"]
    done = item.done or (dones[-1] if dones else None)
    if done is None or item.started is not None or not starts:
        return  # `started` against `done` is the item's own check
    j, first = starts[0]
    if first.date > done:
        out.append(
            Diagnostic(
                Code.finish_before_start,
                f"item {item.id!r} is done on {done}, but its history moves it into "
                f"{first.status!r} on {first.date}, after; fix the done day or the history",
                (*path, "history", j, "date"),
            )
        )


def _check_item(
    project: Project,
    item: WorkItem,
    path: Path,
    items: dict[str, WorkItem],
    sprints: set[str],
    resources: set[str],
    out: list[Diagnostic],
) -> None:
    if item.status is not None:
        _status(project, item.status, (*path, "status"), out)
    for j, change in enumerate(item.history):
        _status(project, change.status, (*path, "history", j, "status"), out)
    _check_done_after_start(project, item, path, out)
    if item.parent is not None:
        if item.parent not in items:
            out.append(
                Diagnostic(
                    Code.unknown_item,
                    f"no work item has id {item.parent!r}{did_you_mean(item.parent, list(items))}",
                    (*path, "parent"),
                )
            )
        elif item.parent == item.id:
            out.append(Diagnostic(Code.parent_cycle, "an item cannot be its own parent", path))
    for j, sprint in enumerate(item.sprints):
        if sprint not in sprints:
            out.append(
                Diagnostic(
                    Code.unknown_sprint,
                    f"no sprint has id {sprint!r}{did_you_mean(sprint, sprints)}",
                    (*path, "sprints", j),
                )
            )
    if item.assignee is not None and item.assignee not in resources:
        out.append(
            Diagnostic(
                Code.unknown_resource,
                f"no resource has id {item.assignee!r}{did_you_mean(item.assignee, resources)}",
                (*path, "assignee"),
            )
        )


def _check_parent_cycles(
    project: Project, items: dict[str, WorkItem], out: list[Diagnostic]
) -> None:
    index = {item.id: i for i, item in enumerate(project.backlog)}
    reported: set[str] = set()
    for item in project.backlog:
        chain = [item.id]
        parent = item.parent
        while parent is not None and parent in items and parent not in chain:
            chain.append(parent)
            parent = items[parent].parent
        if parent == item.id and len(chain) > 1 and not reported.intersection(chain):
            shown = " -> ".join([*chain, item.id])
            out.append(
                Diagnostic(
                    Code.parent_cycle,
                    f"parents loop: {shown}",
                    ("backlog", index[item.id], "parent"),
                )
            )
            reported.update(chain)


def _check_sprints(project: Project, items: dict[str, WorkItem], out: list[Diagnostic]) -> None:
    resources = {r.id for r in project.resources}
    for i, sprint in enumerate(project.sprints):
        for j, member in enumerate(sprint.team):
            if member not in resources:
                out.append(
                    Diagnostic(
                        Code.unknown_resource,
                        f"no resource has id {member!r}{did_you_mean(member, resources)}",
                        ("sprints", i, "team", j),
                    )
                )
        for j, change in enumerate(sprint.scope_changes):
            where: Path = ("sprints", i, "scope_changes", j)
            if change.item not in items:
                out.append(
                    Diagnostic(
                        Code.unknown_item,
                        f"no work item has id {change.item!r}"
                        f"{did_you_mean(change.item, list(items))}",
                        (*where, "item"),
                    )
                )
            if not sprint.start <= change.date <= sprint.end:
                out.append(
                    Diagnostic(
                        Code.bad_date,
                        f"scope change on {change.date} is outside sprint {sprint.id!r} "
                        f"({sprint.start}..{sprint.end})",
                        (*where, "date"),
                    )
                )


def _check_epics(
    placed_tasks: Sequence[PlacedTask], items: dict[str, WorkItem], out: list[Diagnostic]
) -> None:
    for placed in placed_tasks:
        task = placed.task
        if task.epic is None:
            continue
        path: Path = (*placed.path, "epic")
        epic = items.get(task.epic)
        if epic is None:
            out.append(
                Diagnostic(
                    Code.unknown_item,
                    f"no work item has id {task.epic!r}{did_you_mean(task.epic, list(items))}",
                    path,
                )
            )
        elif epic.type != "epic":
            out.append(
                Diagnostic(
                    Code.bad_value,
                    f"{task.epic!r} is a {epic.type}, not an epic: a task is delivered by an "
                    "epic (type: epic) and its items",
                    path,
                )
            )
        if task.children or task.milestone:
            kind = "summary task" if task.children else "milestone"
            out.append(Diagnostic(Code.bad_value, f"a {kind} cannot be delivered by an epic", path))
        for key in ("duration", "estimate"):
            if getattr(task, key) is not None:
                out.append(
                    Diagnostic(
                        Code.bad_duration,
                        f"task {task.id!r} takes its duration from epic {task.epic!r}; "
                        f"remove its {key}",
                        (*placed.path, key),
                    )
                )


def check_agile(
    project: Project, out: list[Diagnostic], placed_tasks: Sequence[PlacedTask]
) -> None:
    """Append a located diagnostic for every bad reference of the backlog and sprints.

    `placed_tasks`: the project's `placed_tasks()`, walked once by the caller.
    """
    _unique([item.id for item in project.backlog], "work item", "backlog", out)
    _unique([sprint.id for sprint in project.sprints], "sprint", "sprints", out)
    items = {item.id: item for item in project.backlog}
    sprints = {sprint.id for sprint in project.sprints}
    resources = {r.id for r in project.resources}
    for i, item in enumerate(project.backlog):
        _check_item(project, item, ("backlog", i), items, sprints, resources, out)
    _check_parent_cycles(project, items, out)
    _check_sprints(project, items, out)
    _check_epics(placed_tasks, items, out)
    cutline = project.agile.cutline
    if cutline is not None and cutline not in items:
        out.append(
            Diagnostic(
                Code.unknown_item,
                f"no work item has id {cutline!r}{did_you_mean(cutline, list(items))}",
                ("agile", "cutline"),
            )
        )
