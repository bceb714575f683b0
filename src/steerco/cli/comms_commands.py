"""`steerco comms due|send` (the communication plan) and `steerco stakeholders` (the register)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.options import (
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
    date_or_today,
)

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.app.comms import CommsDue, StakeholderRegister
    from steerco.errors import Diagnostic

__all__ = ["comms_app", "stakeholders"]

comms_app = typer.Typer(
    help="The communication plan: which status reports are due, and e-mailing them.",
    no_args_is_help=True,
)

ProjectArgument = Annotated[
    Path, typer.Argument(metavar="FILE", help="A project file (.yaml).", show_default=False)
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help="The day to look at, YYYY-MM-DD; today by default."),
]

_QUADRANT_WORDS = {
    "manage_closely": "Manage closely (high influence, high interest)",
    "keep_satisfied": "Keep satisfied (high influence, low interest)",
    "keep_informed": "Keep informed (low influence, high interest)",
    "monitor": "Monitor (low influence, low interest)",
}


def _warn(warnings: Iterable[Diagnostic]) -> None:
    for warning in warnings:
        sys.stderr.write(warning.format() + "\n")


@comms_app.command()
def due(
    file: ProjectArgument,
    date: DateOption = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """List the reports of the communication plan that are due and not yet sent."""
    from steerco.app.comms import comms_due
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.comms import due_json

    day = date_or_today(date, "--date")
    result = guarded(lambda: comms_due(path=file, date=day))
    _warn(result.warnings)
    if output_format is TableOrJson.json:
        text = due_json(result.project.name, day.isoformat(), result.due, result.warnings)
        emit(text, output)
    else:
        emit_rich(lambda console: _draw_due(result, console), output, wide=wide)


def _draw_due(result: CommsDue, console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    when = result.date.isoformat()
    if not result.due:
        console.print(f"{escape(result.project.name)}: nothing is due on {when}")
        return
    rows = [
        Row(
            [
                escape(item.line.id),
                item.occurrence.isoformat(),
                str(item.skipped),
                str(item.failures),
                item.line.audience,
                item.line.format,
                escape(", ".join(p.email or f"{p.id} (no email)" for p in item.recipients)),
            ]
        )
        for item in result.due
    ]
    columns = [
        Col("line"),
        Col("due"),
        Col("skipped", "figure", 2, "right"),
        Col("failed", "figure", 3, "right"),
        Col("audience", "text", 1),
        Col("format", "text", 1),
        Col("to", "list"),
    ]
    print_table(console, columns, rows, title=f"{result.project.name}: due on {when}")


@comms_app.command()
def send(
    file: ProjectArgument,
    date: DateOption = None,
    smtp_config: Annotated[
        Path | None,
        typer.Option(
            "--smtp-config",
            help="A TOML file of SMTP settings (host, port, security, user, password, from); "
            "STEERCO_SMTP_* environment variables override it.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be sent; send and record nothing.")
    ] = False,
) -> None:
    """Render the due reports and e-mail them; the send journal keeps what went.

    Exit 0 when everything due was sent (or nothing was due), 3 when some could not be
    sent: they stay due, and the next `comms send` tries them again.
    """
    from steerco.app.comms import send_due
    from steerco.cli.main import EXIT_NO_RESULT, guarded

    day = date_or_today(date, "--date")
    result = guarded(
        lambda: send_due(path=file, date=day, smtp_config=smtp_config, dry_run=dry_run)
    )
    _warn(result.warnings)
    for outcome in result.outcomes:
        item = outcome.due
        what = f"{item.line.id} ({item.occurrence.isoformat()})"
        to = ", ".join(outcome.addresses) or "nobody"
        if outcome.status == "dry_run":
            sys.stdout.write(f"would send {what} to {to}: {outcome.subject}\n")
        elif outcome.status == "sent":
            sys.stdout.write(f"sent {what} to {to}: {', '.join(outcome.files)}\n")
        else:
            sys.stdout.write(f"failed {what}: {outcome.error}; it stays due\n")
    if not result.outcomes:
        sys.stdout.write(f"{result.project.name}: nothing is due on {day.isoformat()}\n")
    elif not dry_run:
        sent = len(result.outcomes) - result.failed
        sys.stdout.write(f"{sent} sent, {result.failed} failed; journal: {result.journal}\n")
    if result.failed:
        raise typer.Exit(EXIT_NO_RESULT)


def stakeholders(
    file: ProjectArgument, output: OutputOption = None, wide: WideOption = False
) -> None:
    """Show the stakeholder register and the power-interest grid."""
    from steerco.app.comms import stakeholder_register
    from steerco.cli.main import guarded
    from steerco.cli.output import emit_rich

    result = guarded(lambda: stakeholder_register(path=file))
    emit_rich(lambda console: _draw_register(result, console), output, wide=wide)


def _draw_register(result: StakeholderRegister, console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    people = result.project.stakeholders
    if not people:
        console.print(
            f"{escape(result.project.name)}: no stakeholders; list them under `stakeholders:`"
        )
        return
    rows = [
        Row(
            [
                escape(p.id),
                escape(p.name),
                escape(p.organisation),
                escape(p.role),
                p.interest,
                p.influence,
                p.attitude,
                p.channel,
                p.audience,
                escape(p.email or "—"),
            ]
        )
        for p in people
    ]
    columns = [
        Col("id"),
        Col("name", "text"),
        Col("organisation", "text", 3),
        Col("role", "text", 2),
        Col("interest", "text", 1),
        Col("influence", "text", 1),
        Col("attitude", "text", 2),
        Col("channel", "text", 3),
        Col("audience", "text", 2),
        Col("email", "text", 4),
    ]
    print_table(console, columns, rows, title=f"{result.project.name}: stakeholders")
    console.print("Power-interest grid (medium counts as high):")
    for quadrant, members in result.quadrants.items():
        names = ", ".join(p.name for p in members) or "—"
        console.print(f"  {_QUADRANT_WORDS[quadrant]}: {escape(names)}")
