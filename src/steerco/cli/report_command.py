"""`steerco report`: the status report as HTML, PDF or Markdown, for one audience."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from steerco.cli.options import date_option, time_limit_option
from steerco.limits import MAX_ITERATIONS

__all__ = ["report"]


class AudienceName(StrEnum):
    """steerco.model.communication.Audience, spelled here so that the CLI imports no model."""

    client = "client"
    sponsor = "sponsor"
    team = "team"


def report(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The project file (.yaml).", show_default=False)
    ],
    status_date: Annotated[
        dt.datetime | None,
        date_option(
            "--status-date",
            "Report at this date (default: the project file's status date, else today).",
        ),
    ] = None,
    audience: Annotated[
        AudienceName,
        typer.Option(
            "--audience",
            help="client: no rates, costs or names where the file hides them; sponsor; "
            "team: adds every task and each person's next tasks.",
        ),
    ] = AudienceName.team,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the report here; the suffix picks the format: .html (or .htm), .pdf "
            "or .md (its charts go to <stem>-charts/ beside it). Default: Markdown on stdout, "
            "without charts.",
            show_default=False,
        ),
    ] = None,
    iterations: Annotated[
        int,
        typer.Option(
            "--iterations",
            "-n",
            min=1,
            max=MAX_ITERATIONS,
            help="Monte Carlo iterations of the forecast.",
        ),
    ] = 1000,  # steerco.app.report.REPORT_ITERATIONS (the CLI imports no app at start-up)
    seed: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Seed of the forecast: the same seed gives the same report.",
            show_default=False,
        ),
    ] = None,
    time_limit: Annotated[
        float,
        time_limit_option("Seconds for levelling the plan, as `steerco schedule --time-limit`."),
    ] = 10.0,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            help="The baseline that cost and scope are measured against (default: the one "
            "named baseline, else the only one).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A status report a client is glad to read: RAG status, milestones, risks, budget, charts."""
    from rich.console import Console

    from steerco.app.report_output import render_report, report_format, write_report
    from steerco.cli.main import guarded

    if out is not None:
        try:
            report_format(out)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--out") from None
    day = status_date.date() if status_date else None
    console = Console(stderr=True)
    with console.status(f"building the {audience.value} status report of {file}..."):
        if out is None:
            rendered = guarded(
                lambda: render_report(
                    path=file,
                    status_date=day,
                    audience=audience.value,
                    fmt="md",
                    iterations=iterations,
                    seed=seed,
                    time_limit=time_limit,
                    baseline=baseline,
                    with_charts=False,
                )
            )
        else:
            target = out
            written = guarded(
                lambda: write_report(
                    path=file,
                    status_date=day,
                    audience=audience.value,
                    iterations=iterations,
                    seed=seed,
                    time_limit=time_limit,
                    baseline=baseline,
                    out=target,
                )
            )
    if out is None:
        sys.stdout.write(rendered.body.decode("utf-8"))
        return
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
