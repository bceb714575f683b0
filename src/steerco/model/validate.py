"""Whole-project checks that make a Project that exists valid.

Field-level problems are caught by pydantic as the model is built; this module checks
what needs the whole project: unique ids, references that resolve, milestones and
summaries without durations, whole working units, sane dates and no dependency cycle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from steerco.codes import Code
from steerco.errors import CycleError, Diagnostic, Path, ProjectError, did_you_mean
from steerco.model.graph import find_cycle, topological_levels
from steerco.model.points import check_task_points
from steerco.model.quantities import WorkTime
from steerco.model.ranges import MAX_DATE, MAX_PERIODS, MAX_WORKING_DAYS
from steerco.model.task import Task, walk_tasks
from steerco.model.validate_agile import check_agile
from steerco.model.validate_gates import check_runs_and_gates

if TYPE_CHECKING:
    from steerco.model.progress import TaskProgress
    from steerco.model.project import PlacedTask, Project
    from steerco.model.task import Dependency

__all__ = [
    "CONSTRAINT_FIELDS",
    "ELAPSED_CALENDAR",
    "check_entry_edit",
    "check_project",
    "leaf_links",
]

ELAPSED_CALENDAR = "24x7"
"""The built-in calendar that works every day of the year, around the clock."""

_GLUED_LAG = re.compile(
    r"^(?P<task>.+?)(?P<lag>[+-]\s*[0-9]+(?:\.[0-9]+)?\s*[a-z]*)$", re.IGNORECASE
)


def _whole_units(
    project: Project,
    amount: WorkTime,
    path: Path,
    what: str,
    out: list[Diagnostic],
    *,
    fractional_hours: bool = False,
) -> None:
    """Refuse an amount that is not whole units (`fractional_hours`: unless the unit is hours).

    In a project planned in hours, a duration or likely value may be a fraction of an hour
    (ticket work of 0.7h); the schedule books it for whole hours, rounding up.
    """
    if project.unit != "hour" and _whole_days(amount):
        return  # whole days or periods: the common case, nothing to say
    if project.unit == "period":
        if amount.unit != "d":
            out.append(
                Diagnostic(
                    Code.bad_duration,
                    f"{what} {amount} has a time unit, but the project counts bare periods",
                    path,
                )
            )
        elif not float(amount.value).is_integer():
            out.append(
                Diagnostic(Code.bad_duration, f"{what} must be a whole number of periods", path)
            )
        return
    days = amount.in_days(project.calendar.hours_per_day, project.days_per_week)
    units = project.units(days)
    if fractional_hours and project.unit == "hour":
        return
    if abs(units - round(units)) > 1e-9:
        unit = "working day" if project.unit == "day" else "working hour"
        hint = "; set `unit: hour` on the project to plan in hours" if project.unit == "day" else ""
        out.append(
            Diagnostic(Code.bad_duration, f"{what} {amount} is not a whole {unit}{hint}", path)
        )


def _whole_days(amount: WorkTime) -> bool:
    """A whole number of days (`5`, `5d`): whole units of a project in days or periods."""
    return amount.unit == "d" and float(amount.value).is_integer()


def _check_ids(project: Project, placed_tasks: list[PlacedTask], out: list[Diagnostic]) -> None:
    seen: dict[str, Path] = {}
    for placed in placed_tasks:
        if placed.task.id in seen:
            out.append(
                Diagnostic(
                    Code.duplicate_id,
                    f"task id {placed.task.id!r} is used twice "
                    f"(first at {_show(seen[placed.task.id])})",
                    (*placed.path, "id"),
                )
            )
        else:
            seen[placed.task.id] = placed.path
    groups: tuple[tuple[str, list[str]], ...] = (
        ("resources", [r.id for r in project.resources]),
        ("risks", [r.id for r in project.risks]),
        ("stakeholders", [s.id for s in project.stakeholders]),
        ("communications", [c.id for c in project.communications]),
        ("decisions", [d.id for d in project.decisions]),
    )
    for group, item_ids in groups:
        ids: set[str] = set()
        for i, item_id in enumerate(item_ids):
            if item_id in ids:
                out.append(
                    Diagnostic(
                        Code.duplicate_id,
                        f"{group[:-1]} id {item_id!r} is used twice",
                        (group, i, "id"),
                    )
                )
            ids.add(item_id)


def _show(path: Path) -> str:
    return ".".join(str(p) for p in path)


def _check_task(
    project: Project,
    task: Task,
    path: Path,
    tasks: set[str],
    resources: set[str],
    out: list[Diagnostic],
) -> None:
    start = project.start
    if task.milestone:
        if task.children:
            out.append(
                Diagnostic(
                    Code.bad_value, "a summary task cannot be a milestone", (*path, "milestone")
                )
            )
        if task.estimate is not None or (task.duration is not None and task.duration.value != 0):
            key = "duration" if task.duration is not None else "estimate"
            out.append(
                Diagnostic(
                    Code.milestone_duration,
                    f"milestone {task.id!r} cannot have a {key}",
                    (*path, key),
                )
            )
    if task.children:
        for key in ("duration", "estimate"):
            if getattr(task, key) is not None:
                out.append(
                    Diagnostic(
                        Code.summary_duration,
                        f"summary task {task.id!r} takes its dates from its children; "
                        f"remove its {key}",
                        (*path, key),
                    )
                )
        if task.demands:
            out.append(
                Diagnostic(
                    Code.summary_demands,
                    f"summary task {task.id!r} cannot demand resources; "
                    "put demands on its children",
                    (*path, "demands"),
                )
            )
    if task.duration is not None and task.estimate is not None:
        out.append(
            Diagnostic(
                Code.bad_duration, "give a duration or an estimate, not both", (*path, "estimate")
            )
        )
    whole_days = project.unit != "hour"  # whole days or periods pass `_whole_units` at once
    if task.duration is not None and not (whole_days and _whole_days(task.duration)):
        _whole_units(
            project, task.duration, (*path, "duration"), "duration", out, fractional_hours=True
        )
    estimate = task.estimate  # a compute's estimate may be any hours
    sized = estimate is not None and task.compute is None
    if estimate is not None and sized and not (whole_days and _whole_days(estimate.likely)):
        likely = (*path, "estimate", "likely")
        _whole_units(project, estimate.likely, likely, "likely value", out, fractional_hours=True)
    for i, dep in enumerate(task.after):
        if dep.task not in tasks:
            out.append(
                Diagnostic(
                    Code.unknown_task,
                    f"no task has id {dep.task!r}{_dependency_hint(dep.task, tasks)}",
                    (*path, "after", i),
                )
            )
        if not (whole_days and _whole_days(dep.lag)):
            _whole_units(project, dep.lag, (*path, "after", i, "lag"), "lag", out)
    for i, demand in enumerate(task.demands):
        if demand.resource is not None and demand.resource not in resources:
            out.append(
                Diagnostic(
                    Code.unknown_resource,
                    f"no resource has id {demand.resource!r}"
                    f"{did_you_mean(demand.resource, resources)}",
                    (*path, "demands", i),
                )
            )
    if task.calendar is not None and task.calendar not in {ELAPSED_CALENDAR, *project.calendars}:
        named = list(project.calendars)
        out.append(
            Diagnostic(
                Code.unknown_calendar,
                f"no calendar is named {task.calendar!r}; write '24x7' or the name of a "
                f"calendar under `calendars:`{did_you_mean(task.calendar, named)}",
                (*path, "calendar"),
            )
        )
    if task.estimated_by is not None and task.estimated_by not in resources:
        out.append(
            Diagnostic(
                Code.unknown_resource,
                f"no resource has id {task.estimated_by!r}",
                (*path, "estimated_by"),
            )
        )
    if project.unit == "period":
        for key in CONSTRAINT_FIELDS:
            if getattr(task, key) is not None:
                out.append(
                    Diagnostic(
                        Code.bad_date,
                        f"{key} is a date, but this project counts bare periods (unit: period)",
                        (*path, key),
                    )
                )
    elif start is not None:
        for key in ("deadline", "finish_no_later_than", "must_finish_on"):
            value = getattr(task, key)
            if value is not None and value < start:
                out.append(
                    Diagnostic(
                        Code.deadline_before_start,
                        f"{key} {value} is before the project start {start}",
                        (*path, key),
                    )
                )


CONSTRAINT_FIELDS: tuple[str, ...] = (
    "deadline",
    "start_no_earlier_than",
    "start_no_later_than",
    "finish_no_earlier_than",
    "finish_no_later_than",
    "must_start_on",
    "must_finish_on",
)
"""The task fields that are dates the schedule must respect (or report missing)."""


def _dependency_hint(written: str, tasks: set[str]) -> str:
    """A did-you-mean for an unknown predecessor; `a+2d` is a lag glued to a known task."""
    glued = _GLUED_LAG.match(written)
    if glued is not None and glued.group("task") in tasks:
        lag = glued.group("lag").replace(" ", "")
        return f"; a lag follows the link type: write '{glued.group('task')} FS{lag}'"
    return did_you_mean(written, tasks)


def _horizon_terms(project: Project) -> Iterator[tuple[float, str, Path]]:
    """Each amount of working time that can lengthen the plan, in working days (or periods).

    A task counts with its longest duration (its estimate's high value, its fixed duration
    widened by the forecast band, its remaining work); a link with its lag (a lead as its
    size, so that no single amount is out of range either); a risk with its delay's high value.
    """
    hours, week = project.calendar.hours_per_day, project.days_per_week
    band = project.forecast.band
    band_path: Path = ("forecast", "band", "high")
    widen = 1.0 + band.high if band is not None else 1.0
    for placed in project.placed_tasks():
        task, path = placed.task, placed.path
        if task.duration is not None:
            days = task.duration.in_days(hours, week)
            yield days, f"task {task.id!r} duration {task.duration}", (*path, "duration")
            if days * widen > days:
                yield days * (widen - 1.0), f"the forecast band on {task.id!r}", band_path
        if task.estimate is not None:
            high = task.estimate.high
            yield (
                high.in_days(hours, week),
                f"task {task.id!r} estimate up to {high}",
                (
                    *path,
                    "estimate",
                    "high",
                ),
            )
        for k, dep in enumerate(task.after):
            what = f"the lag {dep.lag} of {task.id!r} after {dep.task!r}"
            yield abs(dep.lag.in_days(hours, week)), what, (*path, "after", k, "lag")
        rework = getattr(task.gate, "rework", None)
        if rework is not None and rework.duration is not None:
            what = f"the rework {rework.duration} of the gate of {task.id!r}"
            yield rework.duration.in_days(hours, week), what, (*path, "gate", "rework")
    for task_id, entry in project.progress.tasks.items():
        if entry.remaining is not None:
            what = f"the remaining {entry.remaining} of {task_id!r}"
            path = ("progress", "tasks", task_id, "remaining")
            yield entry.remaining.in_days(hours, week), what, path
    for i, risk in enumerate(project.risks):
        for key, delay in (
            ("impact", risk.impact.delay),
            ("residual", getattr(risk.residual, "delay", None)),
        ):
            if delay is not None:
                what = f"risk {risk.id!r} delay up to {delay.high}"
                yield delay.high.in_days(hours, week), what, ("risks", i, key, "delay", "high")


def _horizon_days(project: Project, placed_tasks: list[PlacedTask]) -> list[float]:
    """The amounts of `_horizon_terms`, in the same order, without their words and paths."""
    hours, week = project.calendar.hours_per_day, project.days_per_week
    band = project.forecast.band
    widen = 1.0 + band.high if band is not None else 1.0
    days: list[float] = []
    for placed in placed_tasks:
        task = placed.task
        if task.duration is not None:
            fixed = task.duration.in_days(hours, week)
            days.append(fixed)
            if fixed * widen > fixed:
                days.append(fixed * (widen - 1.0))
        if task.estimate is not None:
            days.append(task.estimate.high.in_days(hours, week))
        for dep in task.after:
            lag = dep.lag
            days.append(abs(lag.value if lag.unit == "d" else lag.in_days(hours, week)))
        rework = getattr(task.gate, "rework", None)
        if rework is not None and rework.duration is not None:
            days.append(rework.duration.in_days(hours, week))
    for entry in project.progress.tasks.values():
        if entry.remaining is not None:
            days.append(entry.remaining.in_days(hours, week))
    for risk in project.risks:
        for delay in (risk.impact.delay, getattr(risk.residual, "delay", None)):
            if delay is not None:
                days.append(delay.high.in_days(hours, week))
    return days


def _check_horizon(project: Project, placed_tasks: list[PlacedTask], out: list[Diagnostic]) -> None:
    """Bound the plan before anything is sized by it: each amount, their sum, the calendar."""
    periods = project.unit == "period"
    limit = MAX_PERIODS if periods else MAX_WORKING_DAYS
    days = _horizon_days(project, placed_tasks)
    total = sum(days)  # the order of `_horizon_terms`, so the same sum to the last bit
    if any(d > limit for d in days) or total > limit:
        _horizon_exceeded(project, out)
        return
    if project.start is None or periods:
        return
    span = int(total * 7 / project.days_per_week) + 1
    if (MAX_DATE - project.start).days < span:
        message = (
            f"the plan could run {total:.0f} working days from {project.start}, about "
            f"{span} calendar days, past {MAX_DATE}, the last date steerco plans with"
        )
        out.append(Diagnostic(Code.horizon_too_long, message, ("start",)))


def _horizon_exceeded(project: Project, out: list[Diagnostic]) -> None:
    """The diagnostic of an amount, or a sum of them, longer than steerco plans."""
    periods = project.unit == "period"
    limit = MAX_PERIODS if periods else MAX_WORKING_DAYS
    unit = "periods" if periods else "working days"
    about = "" if periods else " (about 100 years)"
    total = 0.0
    largest: tuple[float, str, Path] = (0.0, "", ())
    for days, what, path in _horizon_terms(project):
        if days > limit:
            message = f"{what} is longer than the longest plan steerco makes: {limit} {unit}{about}"
            out.append(Diagnostic(Code.bad_duration, message, path))
            return
        total += days
        largest = max(largest, (days, what, path), key=lambda term: term[0])
    if total > limit:
        message = (
            f"the plan could run {total:.0f} {unit} (all durations, lags and delays added); "
            f"steerco plans at most {limit}{about}; the largest is {largest[1]}"
        )
        out.append(Diagnostic(Code.horizon_too_long, message, largest[2]))


def _check_task_ids(
    ids: tuple[str, ...], tasks: set[str], path: Path, out: list[Diagnostic]
) -> None:
    """An `unknown_task` diagnostic, with a did-you-mean, for each id that names no task."""
    for j, task_id in enumerate(ids):
        if task_id not in tasks:
            out.append(
                Diagnostic(
                    Code.unknown_task,
                    f"no task has id {task_id!r}{did_you_mean(task_id, tasks)}",
                    (*path, j),
                )
            )


def _check_risks(
    project: Project, tasks: set[str], resources: set[str], out: list[Diagnostic]
) -> None:
    for i, risk in enumerate(project.risks):
        _check_task_ids(risk.tasks, tasks, ("risks", i, "tasks"), out)
        owners: list[tuple[str | None, Path]] = [(risk.owner, ("risks", i, "owner"))]
        owners += [
            (action.owner, ("risks", i, "actions", j, "owner"))
            for j, action in enumerate(risk.actions)
        ]
        for owner, path in owners:
            if owner is not None and owner not in resources:
                out.append(
                    Diagnostic(
                        Code.unknown_resource,
                        f"no resource has id {owner!r}{did_you_mean(owner, resources)}",
                        path,
                    )
                )


def _check_communications(project: Project, out: list[Diagnostic]) -> None:
    """An `unknown_stakeholder` diagnostic for each recipient of the plan that is not registered."""
    people = {stakeholder.id for stakeholder in project.stakeholders}
    for i, line in enumerate(project.communications):
        for j, person in enumerate(line.to):
            if person not in people:
                message = (
                    f"no stakeholder has id {person!r}{did_you_mean(person, people)}; "
                    "list them under `stakeholders:`"
                )
                out.append(
                    Diagnostic(Code.unknown_stakeholder, message, ("communications", i, "to", j))
                )


def _check_correlations(project: Project, tasks: set[str], out: list[Diagnostic]) -> None:
    for i, group in enumerate(project.forecast.correlations):
        _check_task_ids(group.tasks, tasks, ("forecast", "correlations", i, "tasks"), out)


def _check_task_progress(
    project: Project,
    task_id: str,
    entry: TaskProgress,
    path: Path,
    out: list[Diagnostic],
    milestones: set[str],
    instants: set[str],
) -> None:
    """A diagnostic for each contradiction in one task's progress.

    `milestones`: the ids of the milestones; `instants`: those and the tasks of no duration,
    the ones whose actual finish alone dates them.
    """
    status = project.progress.status_date
    start, finish, percent = entry.actual_start, entry.actual_finish, entry.percent_complete
    if start is None and finish is not None and task_id not in instants:
        # Taking the finish for the start would make it a one-day task: 5 days of work
        # finished on that day would cost a day and look five times under budget.
        message = (
            f"task {task_id!r} has an actual_finish but no actual_start: "
            "give actual_start as well, the first day worked on it"
        )
        out.append(Diagnostic(Code.missing_actual_start, message, (*path, "actual_finish")))
    if start is not None and finish is not None and finish < start:
        message = f"actual finish {finish} is before the actual start {start}"
        out.append(Diagnostic(Code.finish_before_start, message, (*path, "actual_finish")))
    two_days = start is not None and finish is not None and start != finish
    if two_days and task_id in milestones:
        message = (
            f"milestone {task_id!r} is reached on one day, not from {start} to {finish}: "
            "write the same actual_start and actual_finish"
        )
        out.append(Diagnostic(Code.milestone_actual_dates, message, (*path, "actual_start")))
    for name, day in (("actual_start", start), ("actual_finish", finish)):
        if day is not None and status is not None and day > status:
            message = f"{name} {day} is after the status date {status}"
            out.append(Diagnostic(Code.actual_after_status_date, message, (*path, name)))
        if day is not None and project.start is not None and day < project.start:
            message = f"{name} {day} is before the project start {project.start}"
            out.append(Diagnostic(Code.actual_before_project_start, message, (*path, name)))
    if start is None and finish is None and (entry.remaining is not None or (percent or 0) > 0):
        where = "percent_complete" if percent is not None else "remaining"
        message = f"task {task_id!r} has progress but no actual_start"
        out.append(Diagnostic(Code.missing_actual_start, message, (*path, where)))
    if finish is None and percent == 100:
        message = f"task {task_id!r} is 100% complete but has no actual_finish"
        out.append(Diagnostic(Code.missing_actual_finish, message, (*path, "percent_complete")))
    unfinished = [
        name
        for name, left in (
            ("percent_complete", percent is not None and percent < 100),
            ("remaining", entry.remaining is not None and entry.remaining.value > 0),
        )
        if left
    ]
    if finish is not None and unfinished:
        message = f"task {task_id!r} has an actual finish but work left ({unfinished[0]})"
        out.append(Diagnostic(Code.finished_not_complete, message, (*path, unfinished[0])))


def _check_progress(project: Project, out: list[Diagnostic]) -> None:
    progress = project.progress
    leaves = {leaf.id for leaf in project.leaves()}
    milestones = {leaf.id for leaf in project.leaves() if leaf.milestone}
    instants = milestones | {
        leaf.id
        for leaf in project.leaves()
        if leaf.duration is not None and leaf.duration.value == 0 and leaf.id in progress.tasks
    }
    tasks = {task.id for task in project.all_tasks()}
    if progress.status_date is not None and project.unit == "period":
        message = "progress needs dates: a project in bare periods has no calendar"
        out.append(Diagnostic(Code.progress_without_calendar, message, ("progress", "status_date")))
    if progress.tasks and progress.status_date is None:
        out.append(
            Diagnostic(Code.missing_status_date, "progress needs a `status_date`", ("progress",))
        )
    for task_id, entry in progress.tasks.items():
        path: Path = ("progress", "tasks", task_id)
        if task_id not in tasks:
            message = f"no task has id {task_id!r}{did_you_mean(task_id, tasks)}"
            out.append(Diagnostic(Code.unknown_task, message, path))
            continue
        if task_id not in leaves:
            message = f"{task_id!r} is a summary; record progress on its tasks, it is rolled up"
            out.append(Diagnostic(Code.progress_on_summary, message, path))
            continue
        _check_task_progress(project, task_id, entry, path, out, milestones, instants)


def leaf_links(project: Project) -> tuple[list[Task], list[tuple[int, int, Dependency, Path]]]:
    """Leaves in document order, and each dependency expanded to leaf pairs.

    A link is `(predecessor leaf index, successor leaf index, the dependency, its model
    path)`: a dependency on (or of) a summary task applies to all its leaves.
    """
    leaves = list(project.leaves())
    index = {leaf.id: i for i, leaf in enumerate(leaves)}
    leaves_of: dict[str, list[int]] = {}
    for task in project.all_tasks():
        leaves_of[task.id] = [index[leaf.id] for leaf in task.leaves()]
    links: list[tuple[int, int, Dependency, Path]] = []
    for placed in project.placed_tasks():
        successors = leaves_of[placed.task.id]
        for k, dep in enumerate(placed.task.after):
            for p in leaves_of[dep.task]:
                for s in successors:
                    links.append((p, s, dep, (*placed.path, "after", k)))
    return leaves, links


def _leaf_pairs(placed_tasks: list[PlacedTask]) -> tuple[int, list[list[int]]]:
    """The leaf count and each leaf's successor leaves, as `leaf_links` expands the links."""
    leaves = [placed.task for placed in placed_tasks if not placed.task.children]
    index = {leaf.id: i for i, leaf in enumerate(leaves)}
    leaves_of: dict[str, list[int]] = {}
    for placed in reversed(placed_tasks):  # children before their summary
        task = placed.task
        if task.children:
            leaves_of[task.id] = [i for child in task.children for i in leaves_of[child.id]]
        else:
            leaves_of[task.id] = [index[task.id]]
    successors: list[list[int]] = [[] for _ in leaves]
    for placed in placed_tasks:
        if not placed.task.after:
            continue
        after = leaves_of[placed.task.id]
        for dep in placed.task.after:
            for p in leaves_of[dep.task]:
                successors[p] += after
    return len(leaves), successors


def _acyclic(count: int, successors: list[list[int]]) -> bool:
    """Whether the links among `count` nodes leave no cycle (Kahn's algorithm)."""
    indegree = [0] * count
    for after in successors:
        for s in after:
            indegree[s] += 1
    ready = [i for i in range(count) if indegree[i] == 0]
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        for s in successors[node]:
            indegree[s] -= 1
            if indegree[s] == 0:
                ready.append(s)
    return done == count


def _check_cycles(project: Project, placed_tasks: list[PlacedTask]) -> None:
    if _acyclic(*_leaf_pairs(placed_tasks)):
        return
    leaves, links = leaf_links(project)  # a cycle: find it again, with the links' paths
    src = np.fromiter((link[0] for link in links), dtype=np.int64, count=len(links))
    dst = np.fromiter((link[1] for link in links), dtype=np.int64, count=len(links))
    self_loops = np.flatnonzero(src == dst)
    if self_loops.size:
        link = links[int(self_loops[0])]
        task_id = leaves[link[0]].id
        raise CycleError(
            [
                Diagnostic(
                    Code.dependency_cycle, f"dependency cycle: {task_id} -> {task_id}", link[3]
                )
            ],
            cycle=(task_id, task_id),
        )
    level = topological_levels(len(leaves), src, dst)
    if (level >= 0).all():
        return
    cycle = find_cycle(src, dst, level)
    ids = [leaves[i].id for i in cycle]
    first_link: dict[tuple[int, int], Path] = {}
    for p, s, _, path in links:
        first_link.setdefault((p, s), path)
    path = first_link[(cycle[-1], cycle[0])]
    shown = " -> ".join([*ids, ids[0]])
    raise CycleError(
        [Diagnostic(Code.dependency_cycle, f"dependency cycle: {shown}", path)],
        cycle=(*ids, ids[0]),
    )


def _check_compute(project: Project, task: Task, path: Path, out: list[Diagnostic]) -> None:
    """A `compute` sizes a leaf task alone, on an equipment resource, with a count it can give.

    Whether steerco knows the accelerator's peak FLOP/s needs the table of accelerator
    types, and is checked where the estimate is derived (`schedule.compute`).
    """
    compute = task.compute
    assert compute is not None
    where = (*path, "compute")
    if task.children or task.milestone:
        kind = "summary task" if task.children else "milestone"
        out.append(
            Diagnostic(
                Code.bad_compute,
                f"{kind} {task.id!r} cannot be sized by compute; put `compute` on the "
                "training task itself",
                where,
            )
        )
        return
    if task.duration is not None:
        out.append(
            Diagnostic(
                Code.bad_compute,
                f"task {task.id!r} is sized by `compute`; remove its `duration` "
                "(the utilisation band gives its three-point estimate)",
                (*path, "duration"),
            )
        )
    equipment = {r.id: r for r in project.resources if r.kind == "equipment"}
    resource = equipment.get(compute.accelerator)
    if resource is None:
        known = {r.id for r in project.resources}
        what = "is not equipment" if compute.accelerator in known else "is not a resource"
        out.append(
            Diagnostic(
                Code.unknown_accelerator,
                f"accelerator {compute.accelerator!r} {what}; name an equipment resource "
                f"(`kind: equipment`){did_you_mean(compute.accelerator, equipment)}",
                (*where, "accelerator"),
            )
        )
        return
    demanded = sum(d.units for d in task.demands if d.resource == resource.id)
    count = compute.count
    if count is None and demanded == 0:
        out.append(
            Diagnostic(
                Code.bad_compute,
                f"task {task.id!r} does not demand {resource.id!r}; give the compute a "
                f"`count` of accelerators, or demand them (`demands: {{{resource.id}: 8}}`)",
                where,
            )
        )
    elif count is not None and demanded and count != demanded:
        out.append(
            Diagnostic(
                Code.bad_compute,
                f"the compute counts {count} of {resource.id!r} but the task demands "
                f"{demanded:g}; write one of the two",
                (*where, "count"),
            )
        )
    elif count is not None and count > resource.capacity:
        out.append(
            Diagnostic(
                Code.bad_compute,
                f"the compute counts {count} of {resource.id!r}, which has capacity "
                f"{resource.capacity:g}; lower the count or raise the capacity",
                (*where, "count"),
            )
        )


def _check_resource_calendars(project: Project, out: list[Diagnostic]) -> None:
    """A resource's `calendar:` names a calendar under `calendars:`."""
    named = list(project.calendars)
    for k, resource in enumerate(project.resources):
        if resource.calendar is not None and resource.calendar not in named:
            out.append(
                Diagnostic(
                    Code.unknown_calendar,
                    f"no calendar is named {resource.calendar!r}; name a calendar under "
                    f"`calendars:`{did_you_mean(resource.calendar, named)}",
                    ("resources", k, "calendar"),
                )
            )


def check_project(project: Project) -> None:
    """Raise a ProjectError listing every whole-project problem, or return if there is none."""
    out: list[Diagnostic] = []
    if project.start is None and project.unit != "period":
        out.append(Diagnostic(Code.missing_field, "the project needs a `start` date", ("start",)))
    if (
        project.start is not None
        and project.deadline is not None
        and project.deadline < project.start
    ):
        out.append(
            Diagnostic(
                Code.deadline_before_start,
                f"deadline {project.deadline} is before the project start {project.start}",
                ("deadline",),
            )
        )
    hours = project.calendar.hours_per_day
    if project.unit == "hour" and not float(hours).is_integer():
        out.append(
            Diagnostic(
                Code.bad_value,
                f"a project planned in hours needs whole hours per day, got {hours}",
                ("calendar", "hours_per_day"),
            )
        )
    placed_tasks = list(project.placed_tasks())
    _check_ids(project, placed_tasks, out)
    _check_resource_calendars(project, out)
    tasks = {placed.task.id for placed in placed_tasks}
    resources = {resource.id for resource in project.resources}
    for placed in placed_tasks:
        _check_task(project, placed.task, placed.path, tasks, resources, out)
        if placed.task.compute is not None:
            _check_compute(project, placed.task, placed.path, out)
        out.extend(check_task_points(placed.task, placed.path))
    _check_risks(project, tasks, resources, out)
    _check_correlations(project, tasks, out)
    check_runs_and_gates(project, out, placed_tasks)
    _check_communications(project, out)
    check_agile(project, out, placed_tasks)
    _check_progress(project, out)
    _check_horizon(project, placed_tasks, out)
    if not any(d.code in {"unknown_task", "duplicate_id"} for d in out):
        try:
            _check_cycles(project, placed_tasks)
        except CycleError as error:
            if not out:
                raise
            out.extend(error.diagnostics)
    if out:
        raise ProjectError(out)


def _shape(task: Task) -> tuple[object, ...]:
    """What of a task the checks of other tasks, links, gates, runs, epics and progress read.

    Its id, whether it is a summary (its children's ids) or a milestone, its links, gate,
    run and epic. A task whose shape is unchanged can differ only in what `_check_task`,
    `_check_compute`, `check_task_points` and the horizon read of the task itself.
    """
    children = tuple(child.id for child in task.children)
    return (task.id, children, task.milestone, task.after, task.gate, task.run, task.epic)


def _horizon_shape(task: Task) -> tuple[object, ...]:
    """What of a task the horizon adds up: its duration, estimate, lags and gate's rework."""
    lags = tuple(dep.lag for dep in task.after)
    return (task.duration, task.estimate, lags, getattr(task.gate, "rework", None))


def _entry_at(project: Project, path: Path) -> Task:
    """The task at `path` (`("tasks", 2, "children", 0)`) of `project`."""
    owner: Any = project
    for part in path:
        owner = getattr(owner, part) if isinstance(part, str) else owner[part]
    assert isinstance(owner, Task)
    return owner


def check_entry_edit(project: Project, previous: Project, path: Path) -> None:
    """`check_project(project)` where `project` is the valid `previous` with one task replaced.

    `path` is the task's entry (`("tasks", 2, "children", 0)`); every field of `project`
    but the containers on that path holds the very objects of `previous`. When the entry's
    tasks keep their shape (`_shape`: ids, children, milestones, links, gates, runs,
    epics), no other task's checks, no reference, gate, progress entry or cycle can have
    changed, so only the entry's tasks are checked again, and the horizon when an amount it
    adds up changed; otherwise every check runs. Raises what `check_project` would raise.
    """
    same_fields = all(
        getattr(project, name) is getattr(previous, name)
        for name in type(project).model_fields
        if name != "tasks"
    )
    if not same_fields or not path or path[0] != "tasks":
        check_project(project)
        return
    before = walk_tasks((_entry_at(previous, path),))
    after = walk_tasks((_entry_at(project, path),))
    if len(before) != len(after) or any(
        _shape(old) != _shape(new) for old, new in zip(before, after, strict=True)
    ):
        check_project(project)
        return
    out: list[Diagnostic] = []
    placed_tasks = list(project.placed_tasks())
    tasks = {placed.task.id for placed in placed_tasks}
    resources = {resource.id for resource in project.resources}
    depth = len(path)
    for placed in placed_tasks:
        if placed.path[:depth] != path:
            continue
        _check_task(project, placed.task, placed.path, tasks, resources, out)
        if placed.task.compute is not None:
            _check_compute(project, placed.task, placed.path, out)
        out.extend(check_task_points(placed.task, placed.path))
    if any(
        _horizon_shape(old) != _horizon_shape(new) for old, new in zip(before, after, strict=True)
    ):
        _check_horizon(project, placed_tasks, out)
    if out:
        raise ProjectError(out)
