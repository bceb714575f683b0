"""Progress from runs: each training task's progress read from its run's log, written in place.

`steerco update FILE --from-runs`: every leaf with a `run:` gets its percent complete, actual
start, remaining work (and, when its run reached the plan, its actual finish) from the log
(`track.run_progress`), in one comment-preserving edit of the project file, validated as a
whole before it is written (a bad value changes nothing), with the status-date snapshot
that a manual `steerco update` keeps (`app.progress`). A dry run computes the same edit and
writes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steerco.codes import Code
from steerco.errors import Diagnostic, ProjectError, warning
from steerco.model import TaskProgress

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from steerco.model import PlacedTask, Project
    from steerco.track.run_progress import RunProgress

__all__ = ["RunTaskRecord", "RunsRecorded", "progress_from_runs"]


@dataclass(frozen=True)
class RunTaskRecord:
    """One linked training task: what its run says, and what the file records (or why not)."""

    task: str
    run: RunProgress | None
    """None when the task was skipped."""
    entry: TaskProgress | None
    """The task's progress entry once the edit is applied (None when skipped)."""
    skipped: str | None = None
    """Why nothing was recorded: a log that does not read, a run not started yet..."""


@dataclass(frozen=True)
class RunsRecorded:
    """What `progress_from_runs` wrote (or, on a dry run, would write)."""

    file: Path
    status_date: dt.date
    tasks: tuple[RunTaskRecord, ...]
    diff: str
    """The edit as a unified diff of the project file (empty when nothing changes)."""
    written: bool
    snapshots: Path | None
    warnings: tuple[Diagnostic, ...] = ()


def _percent(value: float) -> int | float:
    """Percent complete to one decimal, rounded down: 100 only when the plan is reached."""
    from steerco.app.progress import _number

    return _number(math.floor(value * 10 + 1e-9) / 10)


def _days(value: float) -> int | float:
    """Working days to two decimals, rounded up: never shorter than the rate says."""
    from steerco.app.progress import _number

    return _number(math.ceil(value * 100 - 1e-9) / 100)


def _apply(document: CommentedMap, status: dt.date, runs: dict[str, RunProgress]) -> None:
    """Write the status date and each task's progress from its run into the YAML document.

    A run that reached its plan finishes the task (`actual_finish`, 100%, no `remaining`);
    one whose rate is unknown (a single timed point) loses a `remaining` written before,
    so its percent complete decides the work left.
    """
    from ruamel.yaml.comments import CommentedMap

    from steerco.formats.yaml_edit import ensure_map

    progress = ensure_map(document, "progress")
    progress["status_date"] = status
    tasks = ensure_map(progress, "tasks")
    for task, run in runs.items():
        entry: Any = tasks.get(task)
        if not isinstance(entry, dict):
            entry = CommentedMap()
        entry["actual_start"] = run.actual_start
        entry["percent_complete"] = _percent(run.percent)
        if run.actual_finish is not None:
            entry["actual_finish"] = run.actual_finish
            entry.pop("remaining", None)
        elif run.remaining_days is not None:
            entry["remaining"] = _days(run.remaining_days)
        else:
            entry.pop("remaining", None)
        tasks[task] = entry


def _unread(placed: PlacedTask, message: str) -> Diagnostic:
    """A `run_log_unreadable` warning at the task's `run:` (located later)."""
    return warning(
        Code.run_log_unreadable, f"task {placed.task.id!r}: {message}", (*placed.path, "run")
    )


def _waiting_on_unrecorded(project: Project, started: set[str], file: str) -> list[Diagnostic]:
    """A warning per run recorded as started whose predecessor (a leaf) has no progress.

    The plan holds a task until its predecessors finish, so a run really under way waits,
    in the schedule, for a predecessor nobody recorded (docs/ml-runs.md's worked case).
    """
    leaves = {leaf.id for leaf in project.leaves()}
    out = []
    for placed in project.placed_tasks():
        if placed.task.id not in started:
            continue
        for k, link in enumerate(placed.task.after):
            if link.task in leaves and project.progress.of(link.task) is None:
                out.append(
                    warning(
                        Code.waits_on_unrecorded,
                        f"task {placed.task.id!r} is recorded as started, but its predecessor "
                        f"{link.task!r} has no progress: the plan holds the run until "
                        f"{link.task!r} is done; record it (steerco update {file} {link.task} "
                        "--done)",
                        (*placed.path, "after", k),
                    )
                )
    return out


def _read_runs(
    project: Project, base: Path, status: dt.date
) -> tuple[list[RunTaskRecord], dict[str, RunProgress], list[Diagnostic]]:
    """Each linked leaf's run read and measured: the skipped, the measured, the warnings."""
    from steerco.app.runs import fetch_run
    from steerco.track.run_progress import RunGap, run_calendar, run_progress

    records: list[RunTaskRecord] = []
    measured: dict[str, RunProgress] = {}
    found: list[Diagnostic] = []
    for placed in project.placed_tasks():
        task, link = placed.task, placed.task.run
        if link is None:
            continue
        previous = project.progress.of(task.id)
        if previous is not None and previous.finished:
            why = f"finished on {previous.actual_finish} already; left as recorded"
            records.append(RunTaskRecord(task.id, None, None, why))
            continue
        fetched = fetch_run(link, base=base)
        found += fetched.warnings
        if fetched.history is None:
            why = fetched.missing or "its log could not be read"
            if not fetched.warnings:
                found.append(_unread(placed, why))
            records.append(RunTaskRecord(task.id, None, None, why))
            continue
        calendar = run_calendar(project, task)
        result = run_progress(fetched.history, link, calendar=calendar, status_date=status)
        if isinstance(result, RunGap):
            named = link.tag is not None and link.tag not in fetched.history.scalars
            if result.unreadable and not named:  # a tag the log lacks: the fetch warned
                found.append(_unread(placed, result.reason))
            records.append(RunTaskRecord(task.id, None, None, result.reason))
            continue
        implausible = _implausible(project, result)
        if implausible is not None:  # skip this task, record the others
            found.append(_unread(placed, implausible))
            records.append(RunTaskRecord(task.id, None, None, implausible))
            continue
        measured[task.id] = result
        records.append(RunTaskRecord(task.id, result, None))
    return records, measured, found


def _implausible(project: Project, measured: RunProgress) -> str | None:
    """Why the file could not take what the run measured (None: it can), so it is skipped."""
    from steerco.model.ranges import MAX_WORKING_DAYS

    if project.start is not None and measured.actual_start < project.start:
        return (
            f"the run started on {measured.actual_start}, before the project's start "
            f"{project.start}: is it the right log?"
        )
    if measured.remaining_days is not None and measured.remaining_days > MAX_WORKING_DAYS:
        return (
            f"at the rate observed ({measured.rate or 0:.3g} {measured.measure} an hour) the "
            f"run needs {measured.remaining_days:.3g} more days, longer than any plan; check "
            "its planned size"
        )
    return None


def _diff(path: Path, before: str, after: str) -> str:
    """The edit as a unified diff of the file."""
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), str(path), str(path)
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _status_date(path: Path, project: Project, date: dt.date | None, today: dt.date) -> dt.date:
    """`date`, else today or the file's status date if later; never before the file's."""
    current = project.progress.status_date
    status = date or max(today, current or today)
    if current is not None and status < current:
        message = f"the status date is {current}; --date {status} is earlier"
        raise ProjectError([Diagnostic(Code.bad_date, message).located(str(path), None, None)])
    return status


def progress_from_runs(
    *,
    path: Path,
    date: dt.date | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
) -> RunsRecorded:
    """Set each training task's progress from its run, as of `date`; one validated write.

    Every leaf with a `run:` that is not finished in the file is read
    (`app.runs.fetch_run`) and measured (`track.run_progress`) with what was logged by the
    end of the status date: `date`, else `today` (default: the system's date) or the
    file's status date when later; it never moves back (`bad_date`). Each measured task gets
    `actual_start`, `percent_complete` (to 0.1, rounded down) and `remaining` (working days
    of its calendar, to 0.01, rounded up), or `actual_finish` when its run reached the plan.
    A task whose log is missing, unreadable or says too little is skipped with a located
    `run_log_unreadable` warning. No project task with a `run:` raises `nothing_to_record`.
    The status date and the tasks are written in one edit, validated as a whole (a located
    ProjectError changes nothing), with the status-date snapshot, under the file's lock;
    `dry_run` computes the same edit and writes nothing.
    """
    from steerco.app.progress import future_status_date, progress_warnings_at
    from steerco.formats.atomic import atomic_write, locked
    from steerco.formats.loader import load_project
    from steerco.formats.located import locate_in_file
    from steerco.formats.snapshots import save_snapshot
    from steerco.formats.yaml_edit import edit_project_text, read_source

    today = today or dt.date.today()
    with locked(path):  # read, edit and write as one step against other writers
        project = load_project(path)
        if not any(leaf.run is not None for leaf in project.leaves()):
            message = (
                "no task names a run; link a training task to its log with "
                "`run: {source: tensorboard, path: runs/NAME, steps: N}`"
            )
            raise ProjectError(
                [Diagnostic(Code.nothing_to_record, message).located(str(path), None, None)]
            )
        status = _status_date(path, project, date, today)
        records, measured, found = _read_runs(project, path.parent, status)
        found = [d for d in found if d.file is not None] + locate_in_file(
            path, [d for d in found if d.file is None]
        )
        found += [
            d.located(str(path), None, None)
            for d in future_status_date(status, today=today, check="--date")
        ]
        before = read_source(path)
        if not measured:
            return RunsRecorded(path, status, tuple(records), "", False, None, tuple(found))
        after, updated = edit_project_text(
            before, str(path), lambda document: _apply(document, status, measured)
        )
        snapshots = None
        if not dry_run:
            snapshots = save_snapshot(path, updated.progress)
            atomic_write(path, after)  # last: a waiting writer then reads this text
    if not dry_run:
        found += [
            d for d in progress_warnings_at(path, updated) if d.path[2:3] and d.path[2] in measured
        ]
    found += locate_in_file(path, _waiting_on_unrecorded(updated, set(measured), str(path)))
    entries = tuple(
        RunTaskRecord(r.task, r.run, updated.progress.of(r.task)) if r.run else r for r in records
    )
    return RunsRecorded(
        path, status, entries, _diff(path, before, after), not dry_run, snapshots, tuple(found)
    )
