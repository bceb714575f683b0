"""`steerco release`: the sprint or week by which the release is done, at P50/P85/P95."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from steerco.cli.options import (
    FileArgument,
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
    date_option,
)

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["release"]

_FLAGS = {
    "cutline": "--cutline",
    "basis": "--basis",
    "iterations": "--iterations",
    "seed": "--seed",
    "level": "--level",
}


class Basis(StrEnum):
    """What the forecast resamples (steerco.model.agile.ForecastBasis, spelled here)."""

    velocity = "velocity"
    throughput = "throughput"


def _amount(value: float) -> str:
    return f"{value:g}"


def _draw(data: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    scope = data["scope"]
    unit = data["unit"]
    cut = f" above cut line {scope['cutline']}" if scope["cutline"] else ""
    console.print(
        f"{data['project']} — release{cut} as of {data['as_of']}, from {data['basis']} "
        f"({unit} per {data['period']})",
        markup=False,
    )
    console.print(
        f"Scope: {scope['items']} items, {scope['done_items']} done "
        f"({_amount(scope['done'])} {unit}), {scope['remaining_items']} remaining "
        f"({_amount(scope['remaining'])} {unit})",
        markup=False,
    )
    history = data["history"]
    if history:
        values = [h["value"] for h in history]
        console.print(
            f"History: {len(values)} {data['period']}s, mean {sum(values) / len(values):.1f} "
            f"{unit}, range {min(values):g}–{max(values):g}",
            markup=False,
        )
    forecast = data["forecast"]
    if forecast is not None:
        rows = []
        for name, cell in forecast["percentiles"].items():
            if cell["periods"] == 0:
                where, ends = "done", "—"
            elif cell["periods"] is None:
                where, ends = f"not within {forecast['max_periods']} {data['period']}s", "—"
            else:
                where = f"{data['period']} {cell['periods']}"
                if cell["sprint"]:
                    where += f" ({cell['sprint']})"
                ends = cell["end"]
            rows.append(Row([name, escape(where), ends]))
        columns = [Col("Chance"), Col("Done in", "text"), Col("Ends")]
        print_table(console, columns, rows, title="Release forecast", header_style="bold")
        if forecast["unfinished"]:
            console.print(
                f"{forecast['unfinished']} of {data['iterations']} runs did not finish within "
                f"{forecast['max_periods']} {data['period']}s",
                markup=False,
            )
    if data["deadline_chance"] is not None:
        console.print(
            f"Chance of finishing by the deadline {data['deadline']}: "
            f"{100 * data['deadline_chance']:.0f}%",
            markup=False,
        )
    if data["burnup"]:
        columns = [
            Col("Period", "text"),
            Col("Ends"),
            Col("Done", "figure", justify="right"),
            Col("Scope", "figure", justify="right"),
        ]
        rows = [
            Row([escape(p["label"]), p["end"], _amount(p["done"]), _amount(p["scope"])])
            for p in data["burnup"]
        ]
        print_table(console, columns, rows, title="Release burnup", header_style="bold")
    if data["reason"]:
        console.print(f"[bold red]no forecast:[/] {escape(data['reason'])}")
    for note in data["notes"]:
        console.print(f"[yellow]note:[/] {escape(note)}")


def release(
    file: FileArgument,
    cutline: Annotated[
        str | None,
        typer.Option(
            "--cutline",
            help="The release's last item: it and everything ranked above it (an epic: all "
            "its items). Default: `agile.cutline`, else the whole backlog.",
            show_default=False,
        ),
    ] = None,
    basis: Annotated[
        Basis | None,
        typer.Option(
            "--basis",
            help="Resample story points per finished sprint (velocity) or items done per "
            "week (throughput). Default: `agile.forecast`, else velocity for scrum.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        dt.datetime | None,
        date_option("--date", "The as-of day (default: the file's status date, else today)."),
    ] = None,
    iterations: Annotated[int, typer.Option(min=1, help="Monte Carlo runs.")] = 10000,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the random draws.")] = 0,
    level: Annotated[
        str,
        typer.Option(
            help="past: each run's level moves as this forecast, replayed at every earlier "
            "moment of the history, missed; fixed: the history's level taken as known.",
        ),
    ] = "past",
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Forecast when the remaining backlog, or all above a cut line, is done (P50/P85/P95).

    Exits 3 when there is no history to forecast from (no finished sprint, no whole week).
    """
    from steerco.app.release import release_forecast
    from steerco.cli.history_commands import call_with_usage_errors
    from steerco.cli.main import EXIT_NO_RESULT
    from steerco.cli.output import emit, emit_rich
    from steerco.render.release import release_json, release_object

    report = call_with_usage_errors(
        lambda: release_forecast(
            path=file,
            cutline=cutline,
            basis=None if basis is None else basis.value,
            as_of=None if date is None else date.date(),
            iterations=iterations,
            seed=seed,
            level=level,
        ),
        _FLAGS,
    )
    if output_format is TableOrJson.json:
        emit(release_json(report), output)
    else:
        data = release_object(report)
        emit_rich(lambda console: _draw(data, console), output, wide=wide)
    if report.forecast.runs is None:
        raise typer.Exit(EXIT_NO_RESULT)
