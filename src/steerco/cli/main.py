"""The `steerco` command line: validate, schedule and describe project files."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Annotated, TypeVar

import typer

from steerco.cli.options import (
    FileArgument,
    MethodName,
    OutputOption,
    WideOption,
    time_limit_option,
)
from steerco.errors import Diagnostic, ProjectError, Severity
from steerco.limits import MAX_WORKERS

__all__ = ["app", "run"]

app = typer.Typer(
    name="steerco",
    help="Plan, schedule and forecast AI/ML projects from a project file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_INVALID = 2
EXIT_NO_RESULT = 3
T = TypeVar("T")


class OutputFormat(StrEnum):
    """How `schedule` prints its result."""

    table = "table"
    json = "json"
    csv = "csv"


class Goal(StrEnum):
    """What levelling minimises."""

    makespan = "makespan"
    lateness = "lateness"
    cost = "cost"


def guarded(action: Callable[[], T]) -> T:
    """Run `action`; report a user's mistake as `FILE:LINE:COL: CODE: message` and exit 2."""
    try:
        return action()
    except ProjectError as error:
        for diagnostic in error.diagnostics:
            sys.stderr.write(diagnostic.format() + "\n")
        raise typer.Exit(EXIT_INVALID) from None


def _counted(diagnostics: Sequence[Diagnostic]) -> str:
    """`N errors, M warnings` (singular for one) over `diagnostics`."""
    warnings = sum(d.severity is Severity.warning for d in diagnostics)
    errors = len(diagnostics) - warnings
    return (
        f"{errors} error{'' if errors == 1 else 's'}, "
        f"{warnings} warning{'' if warnings == 1 else 's'}"
    )


@app.command()
def validate(
    file: FileArgument,
    hard_deadlines: Annotated[
        bool,
        typer.Option(
            "--hard-deadlines",
            help="Also check that every deadline can be met, as `schedule --hard-deadlines` needs.",
        ),
    ] = False,
) -> None:
    """Check a project file and report every problem with its line and column.

    A task in story points alone is a warning (points_need_history) when a history of
    points can date the file: `forecast --history H --history-estimate-unit points`.

    Ends with a summary line: `FILE: valid: ...; N errors, M warnings` on stdout (exit 0),
    or `FILE: N errors, M warnings` on stderr (exit 2).
    """
    from steerco.app.project import validate_project_file

    try:
        result = validate_project_file(path=file, hard_deadlines=hard_deadlines)
    except ProjectError as error:
        for diagnostic in error.diagnostics:
            sys.stderr.write(diagnostic.format() + "\n")
        sys.stderr.write(f"{file}: {_counted(error.diagnostics)}\n")
        raise typer.Exit(EXIT_INVALID) from None
    for warning in result.warnings:  # unknown skills, days off, points alone: warn, exit 0
        sys.stderr.write(warning.format() + "\n")
    sys.stdout.write(
        f"{file}: valid: {result.tasks} tasks and milestones, {result.summaries} summaries, "
        f"{result.dependencies} dependencies; {_counted(result.warnings)}\n"
    )


@app.command()
def schedule(
    file: FileArgument,
    method: Annotated[
        MethodName,
        typer.Option(
            help="auto: heuristic, then CP-SAT until the time limit (when tasks use resources); "
            "cp-sat; heuristic; cpm: critical path without resource limits."
        ),
    ] = "auto",
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.table,
    output: OutputOption = None,
    time_limit: Annotated[
        float,
        time_limit_option("Seconds for levelling."),
    ] = 10.0,
    workers: Annotated[
        int, typer.Option(min=1, max=MAX_WORKERS, help="CP-SAT worker threads.")
    ] = 2,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the heuristic and the solver.")] = 0,
    objective: Annotated[
        Goal,
        typer.Option(
            help="makespan; lateness: total lateness against deadlines; cost: staffing cost."
        ),
    ] = Goal.makespan,
    hard_deadlines: Annotated[
        bool,
        typer.Option(
            "--hard-deadlines",
            help="Make deadlines constraints (else they are soft: negative float).",
        ),
    ] = False,
    schedules: Annotated[
        int, typer.Option(min=1, help="Schedules the heuristic may generate.")
    ] = 5000,
    wide: WideOption = False,
) -> None:
    """Compute the schedule: dates, floats and the critical path, levelled when tasks use resources.

    Exits 3 when no schedule could be produced (e.g. hard deadlines that cannot be met).
    """
    from steerco.app.project import load_project_file
    from steerco.cli.output import write_output
    from steerco.cli.solving import schedule_with_progress
    from steerco.schedule.options import SolveOptions
    from steerco.schedule.plan import Schedule

    source = guarded(lambda: load_project_file(path=file))
    options = SolveOptions(
        method=method,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        schedules=schedules,
        objective=objective.value,
        hard_deadlines=hard_deadlines,
    )
    result = guarded(lambda: schedule_with_progress(source, options))
    guarded(lambda: write_output(result, output_format.value, output, str(file), wide=wide))
    if not isinstance(result, Schedule):
        raise typer.Exit(EXIT_NO_RESULT)


@app.command()
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the project file, for editors to complete and check it."""
    from steerco.cli.output import emit
    from steerco.formats.schema import project_schema_json

    emit(project_schema_json(), output)


from steerco.cli.forecast_command import forecast  # noqa: E402  (registered after `app` exists)

app.command()(forecast)


from steerco.cli.history_commands import calibration, throughput  # noqa: E402

app.command()(calibration)
app.command()(throughput)


from steerco.cli.backtest_commands import backtest_app  # noqa: E402

app.add_typer(backtest_app, name="backtest")


from steerco.cli.gates_command import gates  # noqa: E402
from steerco.cli.new_command import new  # noqa: E402

app.command()(gates)
app.command()(new)


from steerco.cli.compute_command import compute  # noqa: E402

app.command()(compute)


from steerco.cli.baseline_commands import baseline, variance  # noqa: E402

app.command()(baseline)
app.command()(variance)


from steerco.cli.evm_command import evm  # noqa: E402
from steerco.cli.update_command import update  # noqa: E402

app.command()(update)
app.command()(evm)


from steerco.cli.career_commands import career_app  # noqa: E402
from steerco.cli.team_command import team  # noqa: E402

app.command()(team)
app.add_typer(career_app, name="career")


from steerco.cli.risk_commands import risks_app  # noqa: E402

app.add_typer(risks_app, name="risks")


from steerco.cli.library_commands import certifications, skills  # noqa: E402

app.command()(skills)
app.command()(certifications)


from steerco.cli.report_command import report  # noqa: E402

app.command()(report)

from steerco.cli.comms_commands import comms_app, stakeholders  # noqa: E402
from steerco.cli.ical_command import ical  # noqa: E402

app.add_typer(comms_app, name="comms")
app.command()(stakeholders)
app.command()(ical)

from steerco.cli.release_command import release  # noqa: E402

app.command()(release)

from steerco.cli.import_commands import import_app  # noqa: E402

app.add_typer(import_app, name="import")

from steerco.cli.export_command import export  # noqa: E402

app.command()(export)

from steerco.cli.flow_command import flow  # noqa: E402

app.command()(flow)

from steerco.cli.sprint_commands import sprint, velocity  # noqa: E402

app.command()(sprint)
app.command()(velocity)

from steerco.cli.seed_command import seed  # noqa: E402
from steerco.cli.serve_command import serve  # noqa: E402

app.command()(serve)
app.command()(seed)

from steerco.cli.tokens_commands import tokens_app  # noqa: E402
from steerco.cli.users_commands import users_app  # noqa: E402

app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")

from steerco.cli.db_commands import db_app  # noqa: E402
from steerco.cli.workspace_project_commands import pull, push  # noqa: E402

app.command()(push)
app.command()(pull)
app.add_typer(db_app, name="db")

from steerco.cli.worker_command import worker  # noqa: E402

app.command()(worker)


def _print_version(value: bool) -> None:
    """`--version`: print `steerco X.Y.Z` and exit."""
    if value:
        from steerco import __version__

        sys.stdout.write(f"steerco {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Plan, schedule and forecast AI/ML projects from a project file."""


def run() -> None:
    """Entry point of the `steerco` script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except MemoryError:
        sys.stderr.write(
            "steerco: out of memory: the input asks for more than this machine has "
            "(a smaller plan, history or --iterations fits)\n"
        )
        sys.exit(1)
    except OSError as error:  # a path that cannot be read or written, a full disk
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"steerco: {where}{error.strerror or error}\n")
        sys.exit(2)
    except Exception as error:
        import traceback

        traceback.print_exc()
        sys.stderr.write(f"steerco: internal error: {error}\n")
        sys.exit(1)
