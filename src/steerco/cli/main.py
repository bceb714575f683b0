"""The `steerco` command line: validate, schedule and describe project files."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from steerco.errors import ProjectError

__all__ = ["app", "run"]

app = typer.Typer(
    name="steerco",
    help="Plan, schedule and forecast AI/ML projects from a project file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_INVALID = 2
EXIT_NO_RESULT = 3
T = TypeVar("T")

FileArgument = Annotated[
    Path,
    typer.Argument(help="A project file (.yaml) or a PSPLIB instance (.sm).", show_default=False),
]


class OutputFormat(StrEnum):
    """How `schedule` prints its result."""

    table = "table"
    json = "json"
    csv = "csv"


class Method(StrEnum):
    """Scheduling methods."""

    cpm = "cpm"


def guarded(action: Callable[[], T]) -> T:
    """Run `action`; report a user's mistake as `FILE:LINE:COL: CODE: message` and exit 2."""
    try:
        return action()
    except ProjectError as error:
        for diagnostic in error.diagnostics:
            sys.stderr.write(diagnostic.format() + "\n")
        raise typer.Exit(EXIT_INVALID) from None


@app.command()
def validate(file: FileArgument) -> None:
    """Check a project file and report every problem with its line and column."""
    from steerco.formats.loader import load_network

    network = guarded(lambda: load_network(file))
    summaries = len(network.summaries)
    sys.stdout.write(
        f"{file}: valid: {network.size} tasks and milestones, {summaries} summaries, "
        f"{network.src.size} dependencies\n"
    )


@app.command()
def schedule(
    file: FileArgument,
    method: Annotated[Method, typer.Option(help="Scheduling method.")] = Method.cpm,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
) -> None:
    """Compute the schedule: early/late dates, floats and the critical path."""
    from steerco.cli.output import write_output
    from steerco.formats.loader import load_network
    from steerco.schedule.plan import schedule_cpm

    network = guarded(lambda: load_network(file))
    result = schedule_cpm(network)
    write_output(result, output_format.value, output)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the project file, for editors to complete and check it."""
    from steerco.cli.output import atomic_write
    from steerco.formats.schema import project_schema_json

    text = project_schema_json()
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)


def run() -> None:
    """Entry point of the `steerco` script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as error:
        import traceback

        traceback.print_exc()
        sys.stderr.write(f"steerco: internal error: {error}\n")
        sys.exit(1)
