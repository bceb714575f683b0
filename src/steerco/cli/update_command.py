"""`steerco update`: record a task's progress in the project file, in place."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.options import date_option

if TYPE_CHECKING:
    from steerco.app.progress import RecordedProgress
    from steerco.app.progress_from_runs import RunsRecorded, RunTaskRecord

__all__ = ["update"]

ProjectFileArgument = Annotated[
    Path,
    typer.Argument(metavar="FILE", help="The project file (.yaml) to update.", show_default=False),
]


def _state(recorded: RecordedProgress) -> str:
    """The task's progress in words: finished, or in progress with what is known."""
    entry = recorded.entry
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
        state += f", actual cost {entry.actual_cost:,.2f} {recorded.currency}"
    return state


def _amount(value: float) -> str:
    """A count as a person reads it: thousands separated, at most one decimal."""
    return f"{round(value, 1):,g}" if value >= 1000 else f"{round(value, 1):g}"


def _run_line(record: RunTaskRecord) -> str:
    """One task's progress from its run, in words."""
    run, entry = record.run, record.entry
    if run is None or entry is None:
        return f"{record.task}: skipped: {record.skipped}"
    done = f"{_amount(run.done)} of {_amount(run.planned)} {run.measure}"
    if run.actual_finish is not None:
        return (
            f"{record.task}: finished on {run.actual_finish} ({done}), started {run.actual_start}"
        )
    parts = [f"{done} ({entry.percent_complete:g}%)", f"started {run.actual_start}"]
    if run.rate is not None and run.remaining_hours is not None and entry.remaining is not None:
        per_hour = f"{_amount(run.rate)} {run.measure}/h"
        hours = f"{_amount(run.remaining_hours)} h at {per_hour}"
        parts.append(f"remaining {entry.remaining.value:g} days ({hours})")
    else:
        parts.append("no rate yet (one timed point): remaining from the percent")
    return f"{record.task}: {', '.join(parts)}"


def _runs_report(recorded: RunsRecorded, *, dry_run: bool) -> str:
    """What --from-runs recorded (or would record), one line a task; a dry run's diff."""
    head = f"{recorded.file}: progress from runs at {recorded.status_date}"
    lines = [head, *(f"  {_run_line(record)}" for record in recorded.tasks)]
    if not recorded.diff:
        lines.append("nothing to write: no run gave its task progress")
    elif dry_run:
        lines += [recorded.diff.rstrip("\n"), f"(dry run: {recorded.file} not written)"]
    return "\n".join(lines) + "\n"


def _from_runs(file: Path, date: dt.datetime | None, *, dry_run: bool) -> None:
    """`update FILE --from-runs`: each linked training task's progress from its run's log."""
    from steerco.app.progress_from_runs import progress_from_runs
    from steerco.cli.main import guarded

    recorded = guarded(
        lambda: progress_from_runs(path=file, date=date.date() if date else None, dry_run=dry_run)
    )
    for warning in recorded.warnings:  # skipped tasks, days off: warn, exit 0
        sys.stderr.write(warning.format() + "\n")
    sys.stdout.write(_runs_report(recorded, dry_run=dry_run))


def update(
    file: ProjectFileArgument,
    task: Annotated[
        str | None,
        typer.Argument(
            metavar="TASK",
            help="The id of the task (or milestone); not with --from-runs.",
            show_default=False,
        ),
    ] = None,
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
        date_option(
            "--date",
            "The status date of this record (default: the file's, else today; with "
            "--from-runs: today, or the file's if later).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Accept a --date after the plan's finish.")
    ] = False,
    from_runs: Annotated[
        bool,
        typer.Option(
            "--from-runs",
            help="Set every training task's progress (a leaf with `run:`) from its run's log.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="With --from-runs: show the edit, write nothing."),
    ] = False,
) -> None:
    """Record what happened to a task; the file keeps its comments and order.

    The file's status date moves to --date, and a snapshot of the progress at that date is
    kept in FILE's sidecar `<name>.snapshots.yaml` for trends. A milestone is reached or
    not: record it with --done. A --date after the plan's finish needs --force.

    --from-runs (no TASK) reads each training task's run instead: percent complete from the
    steps (or epochs) logged, actual start from its first event, remaining work from the
    observed rate on the task's calendar; --dry-run prints the edit and writes nothing.
    """
    manual = {
        "--done": done,
        "--percent": percent is not None,
        "--remaining": remaining is not None,
        "--cost": cost is not None,
        "--start": start is not None,
        "--force": force,
    }
    if from_runs:
        given = [name for name, used in manual.items() if used]
        if task is not None or given:
            what = f"TASK {task!r}" if task is not None else ", ".join(given)
            message = f"--from-runs sets every linked task from its run; drop {what}"
            raise typer.BadParameter(message, param_hint="--from-runs")
        _from_runs(file, date, dry_run=dry_run)
        return
    if task is None:
        message = "name the TASK to update, or give --from-runs to update every task from its run"
        raise typer.BadParameter(message, param_hint="TASK")
    if dry_run:
        raise typer.BadParameter("--dry-run goes with --from-runs", param_hint="--dry-run")
    from steerco.app.progress import record_progress
    from steerco.cli.main import guarded

    recorded = guarded(
        lambda: record_progress(
            path=file,
            task=task,
            done=done,
            percent=percent,
            remaining=remaining,
            cost=cost,
            start=start.date() if start else None,
            date=date.date() if date else None,
            force=force,
        )
    )
    for warning in recorded.warnings:  # kept as recorded: warn, exit 0
        sys.stderr.write(warning.format() + "\n")
    sys.stdout.write(f"{file}: {task}: {_state(recorded)} (status date {recorded.status_date})\n")
