"""`steerco worker`: take background analyses from a PostgreSQL workspace until stopped."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from steerco.cli.workspace_guard import EXIT_INVALID, DbOption, in_workspace
from steerco.limits import MAX_JOB_THREADS

__all__ = ["worker"]


def worker(
    db: DbOption = None,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency",
            min=1,
            max=MAX_JOB_THREADS,
            help="Jobs (and forecast parts) this process runs at once, each in its own thread.",
        ),
    ] = 1,
) -> None:
    """Run the jobs of a PostgreSQL workspace (procrastinate's queue); any number, any machine.

    Ctrl-C (or SIGTERM) stops taking jobs and waits for the running ones. A SQLite
    workspace runs its jobs inside `steerco serve` instead.
    """
    import logging

    from steerco.app.workspace.jobs import run_worker

    if not in_workspace(db, lambda workspace: workspace.is_postgresql):
        sys.stderr.write(
            "not_postgresql: steerco worker takes jobs from a PostgreSQL workspace "
            "(--db postgresql://user@host/database); a SQLite workspace runs its jobs "
            "inside `steerco serve`\n"
        )
        raise typer.Exit(EXIT_INVALID)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    run_worker(db=db, concurrency=concurrency)
