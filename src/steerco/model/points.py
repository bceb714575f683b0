"""Story points on a task: where they may stand, and which tasks only a points history dates.

A leaf task may give its estimate in story points (`points: 5`). Points are not working
time: only a history of estimates in points (working days per point, see
docs/history.md) turns them into a duration. A task with `points` and a `duration` or
`estimate` is planned on the latter by every command; the points are what a points
history calibrates. A task with points alone is dated only by `steerco forecast
--history` on a history of points; every other command refuses it (`points_need_history`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from steerco.codes import Code
from steerco.errors import Diagnostic, Path

if TYPE_CHECKING:
    from steerco.model.project import Project
    from steerco.model.task import Task

__all__ = ["check_task_points", "points_need_history", "points_only"]


def points_only(task: Task) -> bool:
    """Whether `task` is a leaf sized in story points alone (no duration, estimate, compute)."""
    return (
        task.points is not None
        and not task.children
        and not task.milestone
        and task.duration is None
        and task.estimate is None
        and task.compute is None
        and task.epic is None
    )


def check_task_points(task: Task, path: Path) -> list[Diagnostic]:
    """`points` stand on a leaf task that no epic or compute sizes, else a located problem."""
    if task.points is None:
        return []
    where = (*path, "points")
    if task.children:
        message = f"summary task {task.id!r} takes its dates from its children; remove its points"
        return [Diagnostic(Code.summary_duration, message, where)]
    if task.milestone:
        return [
            Diagnostic(Code.milestone_duration, f"milestone {task.id!r} cannot have points", where)
        ]
    for key, what in (("epic", "its epic's forecast"), ("compute", "its compute")):
        if getattr(task, key) is not None:
            message = f"task {task.id!r} is sized by {what}; remove its points or its `{key}`"
            return [Diagnostic(Code.bad_value, message, where)]
    return []


def points_need_history(project: Project, *, history: str | None = None) -> list[Diagnostic]:
    """A located `points_need_history` for each task sized in points alone (none: no such task).

    `history`: the file of a history in working time that was given (the message says so).
    """
    why = (
        f"the history {history} has estimates in working time, not points"
        if history is not None
        else "nothing here turns points into working time"
    )
    return [
        Diagnostic(
            Code.points_need_history,
            f"task {placed.task.id!r} is estimated in story points only and {why}; give it a "
            "`duration` or `estimate` too, or forecast it with a history of points "
            "(`steerco forecast FILE --history H --history-estimate-unit points`)",
            (*placed.path, "points"),
        )
        for placed in project.placed_tasks()
        if points_only(placed.task)
    ]
