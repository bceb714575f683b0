"""`steerco new`: start a project file from an ML lifecycle template."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.options import OutputOption

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.app.templates import NewProject

__all__ = ["new"]


def _draw_templates(console: Console) -> None:
    from rich.table import Table

    from steerco.app.templates import list_templates

    table = Table(title="Templates", header_style="bold")
    table.add_column("Name")
    table.add_column("What it plans")
    for info in list_templates():
        table.add_row(info.name, info.summary)
    console.print(table)
    console.print("steerco new --template NAME [--name TEXT] [--start DATE] [--output FILE]")


def new(
    template: Annotated[
        str | None,
        typer.Option("--template", "-t", help="The template to start from (see --list)."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="The project's name.")] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", help="The project's first day, YYYY-MM-DD; default: next Monday."),
    ] = None,
    output: OutputOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the --output file if it exists.")
    ] = False,
    list_templates: Annotated[
        bool, typer.Option("--list", help="List the templates and exit.")
    ] = False,
) -> None:
    """Write a new project file from a template; without --template, list the templates."""
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich

    if list_templates or template is None:
        emit_rich(_draw_templates, None)
        return
    try:
        first = dt.date.fromisoformat(start) if start else None
    except ValueError:
        raise typer.BadParameter(
            f"{start!r} is not a date like 2027-01-04", param_hint="--start"
        ) from None
    if output is not None and output.exists() and not force:
        raise typer.BadParameter(
            f"{output} exists; add --force to overwrite it", param_hint="--output"
        )
    label = output.name if output else "<stdout>"
    made = guarded(lambda: _new_project(template, name, first, label))
    emit(made.text, output)
    if output is not None:
        sys.stderr.write(f"{output}: written from the {template} template\n")


def _new_project(template: str, name: str | None, start: dt.date | None, file: str) -> NewProject:
    """The new project; an unknown template is a usage error of `--template`."""
    from steerco.app.templates import new_project
    from steerco.errors import ProjectError

    try:
        return new_project(template=template, name=name, start=start, file=file)
    except ProjectError as error:
        if error.code != "unknown_template":
            raise
        raise typer.BadParameter(error.diagnostics[0].message, param_hint="--template") from None
