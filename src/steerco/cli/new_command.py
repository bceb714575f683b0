"""`steerco new`: start a project file from an ML lifecycle template."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from steerco.cli.options import OutputOption

__all__ = ["new", "next_monday"]


def next_monday(today: dt.date) -> dt.date:
    """The first Monday on or after `today`."""
    return today + dt.timedelta(days=-today.weekday() % 7)


def _list_templates() -> None:
    from rich.console import Console
    from rich.table import Table

    from steerco.library.templates import templates

    table = Table(title="Templates", header_style="bold")
    table.add_column("Name")
    table.add_column("What it plans")
    for info in templates():
        table.add_row(info.name, info.summary)
    console = Console()
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
    from steerco.errors import did_you_mean
    from steerco.library.templates import instantiate, template_names, template_text

    if list_templates or template is None:
        _list_templates()
        return
    names = template_names()
    if template not in names:
        hint = did_you_mean(template, names) or f"; one of {', '.join(names)}"
        raise typer.BadParameter(f"no template {template!r}{hint}", param_hint="--template")
    try:
        first = dt.date.fromisoformat(start) if start else next_monday(dt.date.today())
    except ValueError:
        raise typer.BadParameter(
            f"{start!r} is not a date like 2027-01-04", param_hint="--start"
        ) from None
    if output is not None and output.exists() and not force:
        raise typer.BadParameter(
            f"{output} exists; add --force to overwrite it", param_hint="--output"
        )
    text = instantiate(template_text(template), name=name, start=first)
    from steerco.cli.main import guarded
    from steerco.cli.output import atomic_write
    from steerco.formats.project_yaml import parse_project_yaml

    guarded(lambda: parse_project_yaml(text, output.name if output else "<stdout>"))
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)
        sys.stderr.write(f"{output}: written from the {template} template\n")
