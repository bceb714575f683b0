"""Story points on a task: where they may stand, and which tasks only a points history dates.

A leaf task may give its estimate in story points (`points: 5`). Points are not working
time: only a history of estimates in points (working days per point, see
docs/history.md) turns them into a duration. A task with `points` and a `duration` or
`estimate` is planned on the latter by every command; the points are what a points
history calibrates. A task with points alone is dated only by `steerco forecast
--history` on a history of points; every other command that plans refuses it
(`points_need_history`). `steerco validate` warns of it instead (`points_only_warnings`):
the file is valid input for that forecast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from steerco.codes import Code
from steerco.errors import Diagnostic, Path, Severity
from steerco.model.quantities import WorkTime

if TYPE_CHECKING:
    from steerco.model.project import Project
    from steerco.model.task import Task

__all__ = [
    "check_task_points",
    "planned_at_least",
    "points_need_history",
    "points_only",
    "points_only_warnings",
]


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


def points_only_warnings(project: Project, *, file: str = "FILE") -> list[Diagnostic]:
    """A warning (`points_need_history`, at the task's `points`) per task sized in points alone.

    What `steerco validate` reports for a project a history of points can date: the task
    and the forecast of `file` that dates it.
    """
    return [
        Diagnostic(
            Code.points_need_history,
            f"task {placed.task.id!r} is estimated in story points only: `steerco forecast "
            f"{file} --history H --history-estimate-unit points` dates it on a history of "
            "points; schedule, report, baseline and a forecast without such a history "
            "refuse it until it has a `duration` or `estimate`",
            (*placed.path, "points"),
            severity=Severity.warning,
        )
        for placed in project.placed_tasks()
        if points_only(placed.task)
    ]


def planned_at_least(project: Project) -> Project:
    """`project` with each task sized in points alone planned at one unit of the project.

    One unit is the least a history of points plans such a task at
    (`forecast.points.sized_by_points`): what `steerco validate` checks the rest of the
    plan with.
    """
    if not any(points_only(leaf) for leaf in project.leaves()):
        return project
    least = WorkTime(1.0, "h") if project.unit == "hour" else WorkTime(1.0)

    def visit(tasks: tuple[Task, ...]) -> tuple[Task, ...]:
        out: list[Task] = []
        for task in tasks:
            if task.children:
                task = task.model_copy(update={"children": visit(task.children)})
            elif points_only(task):
                task = task.model_copy(update={"duration": least})
            out.append(task)
        return tuple(out)

    return project.revised(tasks=visit(project.tasks))
