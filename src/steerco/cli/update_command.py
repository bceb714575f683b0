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


def update(
    file: ProjectFileArgument,
    task: Annotated[str, typer.Argument(metavar="TASK", help="The id of the task (or milestone).")],
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
    force: Annotated[
        bool, typer.Option("--force", help="Accept a --date after the plan's finish.")
    ] = False,
) -> None:
    """Record what happened to a task; the file keeps its comments and order.

    The file's status date moves to --date, and a snapshot of the progress at that date is
    kept in FILE's sidecar `<name>.snapshots.yaml` for trends. A milestone is reached or
    not: record it with --done. A --date after the plan's finish needs --force.
    """
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
