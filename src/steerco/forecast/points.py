"""Tasks estimated in story points, dated through a history of points.

With a history whose estimates are story points, each task with `points` draws its
working time from its points times the history's days per point (its calibrated pool,
`steerco.forecast.calibrated`). A task sized in points alone has no duration for the plan
the forecast is measured against: it is planned at the median of its calibrated draws,
rounded to whole units of the project (at least one). A task that such a history would
calibrate but that has no points is an error (`estimate_unit_mismatch`): days per point
cannot calibrate working time.
"""

from __future__ import annotations

import numpy as np

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError
from steerco.forecast.calibrated import CalibrationModel, TaskCalibration, calibrate_tasks
from steerco.model import Project, Task, WorkTime
from steerco.model.points import points_only

__all__ = ["PlannedPoints", "pointed_leaves", "sized_by_points", "unpointed"]

PlannedPoints = dict[str, float]
"""Task id -> the working days planned for a task sized in points alone."""


def _calibrated_without_points(task: Task, finished: set[str]) -> bool:
    """Whether a points history would calibrate `task`, which has no points to calibrate."""
    if task.children or task.milestone or task.points is not None:
        return False
    if task.epic is not None or task.compute is not None:  # sized by throughput or compute
        return False
    if task.pinned is not None or task.id in finished:  # not sampled: it keeps its time
        return False
    return task.planned.value > 0


def unpointed(project: Project) -> list[Diagnostic]:
    """A located `estimate_unit_mismatch` for each task with working time and no `points`.

    Milestones, tasks delivered by an epic, tasks sized by compute (they keep their
    utilisation band's estimate), pinned tasks, finished tasks and tasks of no length are
    not calibrated, and need no points.
    """
    finished = {
        task_id
        for task_id, done in project.progress.tasks.items()
        if done.actual_finish is not None
    }
    return [
        Diagnostic(
            Code.estimate_unit_mismatch,
            f"task {placed.task.id!r} is estimated in working time, but the history's "
            "estimates are story points (days per point cannot calibrate days); give it "
            "`points`, or forecast with a history whose estimates are working time",
            (*placed.path, "duration" if placed.task.duration is not None else "estimate"),
        )
        for placed in project.placed_tasks()
        if _calibrated_without_points(placed.task, finished)
    ]


def pointed_leaves(
    project: Project, calibration: CalibrationModel
) -> tuple[list[int], TaskCalibration]:
    """The leaves (document order) with `points` that a points history calibrates, and their draws.

    Milestones, tasks delivered by an epic and tasks planned at no length are left out, as
    a history of working time leaves them out (`forecast.run.calibrated_leaves`).

    Raises ProjectError (`estimate_unit_mismatch`) when a task that would be calibrated has
    no points (`unpointed`).
    """
    found = unpointed(project)
    if found:
        raise ProjectError(found)
    leaves = list(project.leaves())
    rows = [
        i
        for i, leaf in enumerate(leaves)
        if leaf.points is not None
        and not leaf.milestone
        and leaf.epic is None
        and (points_only(leaf) or leaf.planned.value > 0)  # planned at 0: of no length
    ]
    tasks = calibrate_tasks(
        calibration,
        [leaves[i].estimated_by for i in rows],
        [leaves[i].category for i in rows],
        [float(leaves[i].points or 0.0) for i in rows],
    )
    return rows, tasks


def _median_days(tasks: TaskCalibration) -> np.ndarray:
    """Each task's median draw, in working days: likely_i times its pool's median ratio."""
    medians = np.array([float(np.median(pool)) for pool in tasks.pools], dtype=np.float64)
    out: np.ndarray = tasks.likely * medians[tasks.pool] if tasks.size else np.zeros(0)
    return out


def sized_by_points(
    project: Project, calibration: CalibrationModel
) -> tuple[Project, PlannedPoints]:
    """`project` with each task sized in points alone given its planned duration, and those.

    The planned duration is the median of the task's calibrated draws in the project's
    units, rounded to the nearest whole unit and at least 1 (the forecast itself draws
    unrounded durations). Raises ProjectError (`estimate_unit_mismatch`, located by model
    path) when a task the history would calibrate has no points.
    """
    rows, tasks = pointed_leaves(project, calibration)
    leaves = list(project.leaves())
    medians = _median_days(tasks)
    planned: PlannedPoints = {}
    for row, days in zip(rows, medians.tolist(), strict=True):
        if points_only(leaves[row]):
            planned[leaves[row].id] = days
    if not planned:
        return project, planned
    hourly = project.unit == "hour"

    def duration(days: float) -> WorkTime:
        units = max(1.0, float(round(project.units(days))))
        return WorkTime(units, "h") if hourly else WorkTime(units)

    def visit(tasks_: tuple[Task, ...]) -> tuple[Task, ...]:
        out: list[Task] = []
        for task in tasks_:
            if task.children:
                task = task.model_copy(update={"children": visit(task.children)})
            elif task.id in planned:
                task = task.model_copy(update={"duration": duration(planned[task.id])})
            out.append(task)
        return tuple(out)

    return project.revised(tasks=visit(project.tasks)), planned
