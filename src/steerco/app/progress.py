"""Record progress: what happened to a task, written into the project file in place.

The file keeps its comments, order and quoting (formats.yaml_edit); its status date moves
to the record's date, and a snapshot of the whole progress at that date is kept in the
sidecar `<stem>.snapshots.yaml` for `earned_value_trend`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, did_you_mean, warning
from steerco.model import Project, TaskProgress

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from steerco.schedule.plan import Schedule

__all__ = ["RecordedProgress", "progress_warnings_at", "record_progress"]


@dataclass(frozen=True)
class RecordedProgress:
    """What the project file says about the task once the record is written."""

    file: Path
    task: str
    entry: TaskProgress
    status_date: dt.date
    currency: str
    snapshots: Path
    warnings: tuple[Diagnostic, ...] = ()
    """Located warnings: a status date after today, actual dates on non-working days."""


def _refuse(path: Path, diagnostic: Diagnostic) -> ProjectError:
    """An error located at the project file (no line: it is about the request)."""
    return ProjectError([diagnostic.located(str(path), None, None)])


class _CurrentPlan:
    """The plan every command dates by (`steerco.app.plan`), computed once when first asked."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._plan: Schedule | None = None

    def _schedule(self) -> Schedule | None:
        """The plan, or None without a calendar (no dates to compare)."""
        from steerco.app.plan import dating_plan
        from steerco.schedule.network import compile_project

        if self._plan is None:
            network = compile_project(self.project)
            if network.calendar is None:
                return None
            self._plan = dating_plan(network, self.project).schedule
        return self._plan

    def start(self, task_id: str) -> dt.date | None:
        """The task's first working day in the plan (its actual start once started)."""
        plan = self._schedule()
        if plan is None:
            return None
        first = next(row.start for row in plan.tasks() if row.id == task_id)
        return first if isinstance(first, dt.date) else None

    def finish(self) -> dt.date | None:
        """The plan's last working day."""
        plan = self._schedule()
        if plan is None:
            return None
        last = plan.project_dates()[1]
        return last if isinstance(last, dt.date) else None


def _check_request(
    path: Path,
    project: Project,
    task: str,
    *,
    done: bool,
    percent: float | None,
    remaining: str | None,
    start: dt.date | None,
) -> None:
    """Refuse what a task cannot record: a milestone's percent or remaining, negative work."""
    from steerco.model.quantities import WorkTime, parse_work_time

    if project.task(task).milestone and (percent is not None or remaining is not None or start):
        given = "--percent" if percent is not None else "--remaining" if remaining else "--start"
        message = (
            f"{task!r} is a milestone: it is reached or not, on one day; record it with "
            f"--done (reached on --date), not {given}"
        )
        raise _refuse(path, Diagnostic(Code.milestone_progress, message))
    if remaining is not None:
        try:
            amount = parse_work_time(float(remaining) if _is_number(remaining) else remaining)
        except ValueError:  # the file's validation says what is wrong with the text
            return
        if isinstance(amount, WorkTime) and amount.value < 0:
            message = (
                f"--remaining {remaining} is negative; give the working time still needed, "
                "0 or more (--done when nothing is left)"
            )
            raise _refuse(path, Diagnostic(Code.negative_remaining, message))


def _check_status_date(
    path: Path,
    project: Project,
    status: dt.date,
    *,
    plan: _CurrentPlan,
    today: dt.date,
    force: bool,
) -> list[Diagnostic]:
    """A status date beyond the plan's finish is refused unless forced; after today, warned."""
    if status != project.progress.status_date and not force:
        finish = plan.finish()
        if finish is not None and status > finish:
            message = (
                f"the status date {status} is after the plan's finish {finish}; "
                "add --force (`force: true` in the API) if the date is right"
            )
            raise _refuse(path, Diagnostic(Code.status_date_beyond_plan, message))
    return [
        d.located(str(path), None, None)
        for d in future_status_date(status, today=today, check="--date")
    ]


def future_status_date(
    status: dt.date | None, *, today: dt.date, check: str = "progress.status_date"
) -> list[Diagnostic]:
    """A `status_date_in_future` warning (at `progress.status_date`) if `status` is after today."""
    if status is None or status <= today:
        return []
    message = f"the status date {status} is after today ({today}); check {check}"
    return [warning(Code.status_date_in_future, message, ("progress", "status_date"))]


def _number(value: float) -> int | float:
    """A whole number as an int (as a person writes it), anything else as it is."""
    return int(value) if float(value).is_integer() else value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class _Record:
    """The fields to write into the task's progress entry (None: leave as it is)."""

    status: dt.date
    first_day: dt.date
    start_given: bool
    finished: bool
    percent: float | None
    remaining: str | None
    cost: float | None

    def apply(self, document: CommentedMap, task: str) -> None:
        """Write the record into the round-trip YAML document of the project file."""
        from ruamel.yaml.comments import CommentedMap

        from steerco.formats.yaml_edit import ensure_map

        progress = ensure_map(document, "progress")
        progress["status_date"] = self.status
        tasks = ensure_map(progress, "tasks")
        entry: Any = tasks.get(task)
        if not isinstance(entry, dict):
            entry = CommentedMap()
        if self.start_given or "actual_start" not in entry:
            entry["actual_start"] = self.first_day
        if self.percent is not None:
            entry["percent_complete"] = _number(self.percent)
        if self.remaining is not None:
            remaining = self.remaining
            entry["remaining"] = _number(float(remaining)) if _is_number(remaining) else remaining
        if self.cost is not None:
            entry["actual_cost"] = _number(self.cost)
        if self.finished:
            entry["actual_finish"] = self.status
            entry.pop("remaining", None)
            if "percent_complete" in entry:
                entry["percent_complete"] = 100
        tasks[task] = entry


def record_progress(
    *,
    path: Path,
    task: str,
    done: bool = False,
    percent: float | None = None,
    remaining: str | None = None,
    cost: float | None = None,
    start: dt.date | None = None,
    date: dt.date | None = None,
    today: dt.date | None = None,
    force: bool = False,
) -> RecordedProgress:
    """Record what happened to the leaf `task` on `date`; the file is validated, then written.

    The status date becomes `date` (default: the file's, else `today`, else the system's
    date); it never moves back. `done` (or `percent == 100`) finishes the task on the status
    date: actual finish = status date, 100% complete, no remaining work. A task's first
    record sets its actual start: `start`, else its planned start in the current plan (the
    one every command dates by, `steerco.app.plan`), at the latest the status date.
    `remaining` is working time (`3`, `'3d'`, `'12h'`); `cost` the cumulative actual cost. A
    milestone takes `done` (both actual dates on the status date) and `cost` only. Nothing
    to record, an unknown task, an earlier date, negative `remaining`, a status date after
    the plan's finish (unless `force`) or a record that makes the file invalid raises a
    located ProjectError and changes nothing. A status date after `today` (default: the
    system's date) and actual dates on days the calendar does not work come back as located
    `warnings`. The load, the edit and both writes hold the file's lock: concurrent updates
    all land.
    """
    from steerco.formats.atomic import atomic_write, locked
    from steerco.formats.loader import load_project
    from steerco.formats.snapshots import save_snapshot
    from steerco.formats.yaml_edit import edit_project_text, read_source

    if not (done or start or percent is not None or remaining is not None or cost is not None):
        what = "say what happened: --done, --percent, --remaining, --cost or --start"
        raise _refuse(path, Diagnostic(Code.nothing_to_record, what))
    with locked(path):  # load, edit and write as one step against other writers
        project = load_project(path)
        leaves = {leaf.id for leaf in project.leaves()}
        if task not in leaves:
            message = f"no task (leaf or milestone) has id {task!r}{did_you_mean(task, leaves)}"
            raise _refuse(path, Diagnostic(Code.unknown_task, message))
        milestone = project.task(task).milestone
        _check_request(
            path, project, task, done=done, percent=percent, remaining=remaining, start=start
        )
        current = project.progress.status_date
        status = date or current or today or dt.date.today()
        if current is not None and status < current:
            message = f"the status date is {current}; --date {status} is earlier"
            raise _refuse(path, Diagnostic(Code.bad_date, message))
        plan = _CurrentPlan(project)
        warnings = _check_status_date(
            path, project, status, plan=plan, today=today or dt.date.today(), force=force
        )
        previous = project.progress.of(task)
        needs_start = (previous is None or previous.actual_start is None) and start is None
        planned = plan.start(task) if needs_start and not milestone else None
        record = _Record(
            status=status,
            first_day=start or (min(planned, status) if planned is not None else status),
            start_given=start is not None or (milestone and done),  # reached on the status date
            finished=done or percent == 100,
            percent=percent,
            remaining=remaining,
            cost=cost,
        )
        edited, updated = edit_project_text(
            read_source(path), str(path), lambda document: record.apply(document, task)
        )
        snapshots = save_snapshot(path, updated.progress)
        atomic_write(path, edited)  # last: a waiting writer then reads this text
    warnings += [d for d in progress_warnings_at(path, updated) if d.path[2:3] == (task,)]
    entry = updated.progress.of(task)
    assert entry is not None and updated.progress.status_date is not None  # just written
    return RecordedProgress(
        file=path,
        task=task,
        entry=entry,
        status_date=updated.progress.status_date,
        currency=updated.currency,
        snapshots=snapshots,
        warnings=tuple(warnings),
    )


def progress_warnings_at(
    path: Path, project: Project, *, today: dt.date | None = None
) -> list[Diagnostic]:
    """The file's actual dates on days off (and, given `today`, a future status date), located."""
    from steerco.formats.located import locate_in_file
    from steerco.schedule.status import progress_warnings

    found = progress_warnings(project)
    if today is not None:
        found += future_status_date(project.progress.status_date, today=today)
    return locate_in_file(path, found)
