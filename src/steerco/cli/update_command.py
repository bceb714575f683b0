"""`steerco update`: record a task's progress in the project file, in place."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from steerco.cli.options import date_option
from steerco.errors import Diagnostic, did_you_mean

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from steerco.model import Project

__all__ = ["update"]

ProjectFileArgument = Annotated[
    Path, typer.Argument(help="The project file (.yaml) to update.", show_default=False)
]


def _refuse(file: Path, diagnostic: Diagnostic) -> NoReturn:
    from steerco.errors import ProjectError

    raise ProjectError([diagnostic.located(str(file), None, None)])


def _planned_start(project: Project, task_id: str) -> dt.date | None:
    """The task's start in the current plan (critical path from the status date)."""
    from steerco.schedule.network import compile_project
    from steerco.schedule.plan import schedule_cpm

    for row in schedule_cpm(compile_project(project)).tasks():
        if row.id == task_id and isinstance(row.start, dt.date):
            return row.start
    return None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _record(
    file: Path,
    task: str,
    *,
    done: bool,
    percent: float | None,
    remaining: str | None,
    cost: float | None,
    start: dt.date | None,
    date: dt.date | None,
) -> Project:
    from ruamel.yaml.comments import CommentedMap

    from steerco.formats.atomic import atomic_write
    from steerco.formats.loader import load_project
    from steerco.formats.snapshots import save_snapshot
    from steerco.formats.yaml_edit import edit_project_text, ensure_map

    if not (done or start or percent is not None or remaining is not None or cost is not None):
        what = "say what happened: --done, --percent, --remaining, --cost or --start"
        _refuse(file, Diagnostic("nothing_to_record", what))
    project = load_project(file)
    leaves = {leaf.id for leaf in project.leaves()}
    if task not in leaves:
        message = f"no task (leaf or milestone) has id {task!r}{did_you_mean(task, leaves)}"
        _refuse(file, Diagnostic("unknown_task", message))
    current = project.progress.status_date
    status = date or current or dt.date.today()
    if current is not None and status < current:
        message = f"the status date is {current}; --date {status} is earlier"
        _refuse(file, Diagnostic("bad_date", message))
    finished = done or percent == 100
    previous = project.progress.of(task)
    needs_start = (previous is None or previous.actual_start is None) and start is None
    planned = _planned_start(project, task) if needs_start else None
    first_day = start or (min(planned, status) if planned is not None else status)

    def mutate(document: CommentedMap) -> None:
        progress = ensure_map(document, "progress")
        progress["status_date"] = status
        tasks = ensure_map(progress, "tasks")
        entry: Any = tasks.get(task)
        if not isinstance(entry, dict):
            entry = CommentedMap()
        if start is not None or "actual_start" not in entry:
            entry["actual_start"] = first_day
        if percent is not None:
            entry["percent_complete"] = _number(percent)
        if remaining is not None:
            entry["remaining"] = _number(float(remaining)) if _is_number(remaining) else remaining
        if cost is not None:
            entry["actual_cost"] = _number(cost)
        if finished:
            entry["actual_finish"] = status
            entry.pop("remaining", None)
            if "percent_complete" in entry:
                entry["percent_complete"] = 100
        tasks[task] = entry

    text = file.read_text(encoding="utf-8")
    edited, updated = edit_project_text(text, str(file), mutate)
    save_snapshot(file, updated.progress)
    atomic_write(file, edited)
    return updated


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def update(
    file: ProjectFileArgument,
    task: Annotated[str, typer.Argument(help="The id of the task (or milestone).")],
    done: Annotated[bool, typer.Option("--done", help="The task finished (on --date).")] = False,
    percent: Annotated[
        float | None,
        typer.Option("--percent", help="Physical percent complete, 0..100.", show_default=False),
    ] = None,
    remaining: Annotated[
        str | None,
        typer.Option(
            "--remaining", help="Working time still needed: 3, '3d', '12h'.", show_default=False
        ),
    ] = None,
    cost: Annotated[
        float | None,
        typer.Option("--cost", help="Cumulative actual cost to date.", show_default=False),
    ] = None,
    start: Annotated[
        dt.datetime | None,
        date_option(
            "--start", "The actual start (default: the planned start, at the latest --date)."
        ),
    ] = None,
    date: Annotated[
        dt.datetime | None,
        date_option("--date", "The status date of this record (default: the file's, else today)."),
    ] = None,
) -> None:
    """Record what happened to a task; the file keeps its comments and order.

    The file's status date moves to --date, and a snapshot of the progress at that date is
    kept in FILE's sidecar `<name>.snapshots.yaml` for trends.
    """
    from steerco.cli.main import guarded

    updated = guarded(
        lambda: _record(
            file,
            task,
            done=done,
            percent=percent,
            remaining=remaining,
            cost=cost,
            start=start.date() if start else None,
            date=date.date() if date else None,
        )
    )
    entry = updated.progress.of(task)
    assert entry is not None
    if entry.finished:
        state = f"finished on {entry.actual_finish}"
    else:
        parts = [f"in progress since {entry.actual_start}"]
        if entry.percent_complete is not None:
            parts.append(f"{entry.percent_complete:g}% complete")
        if entry.remaining is not None:
            parts.append(f"{entry.remaining} remaining")
        state = ", ".join(parts)
    if entry.actual_cost is not None:
        state += f", actual cost {entry.actual_cost:,.2f} {updated.currency}"
    sys.stdout.write(f"{file}: {task}: {state} (status date {updated.progress.status_date})\n")
