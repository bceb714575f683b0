"""`steerco calibration` and `steerco throughput`: what the team's history says."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from steerco.cli.options import OutputOption, TableOrJson, TableOrJsonOption, WideOption
from steerco.limits import MAX_ITERATIONS

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.render.calibration import CalibrationReport
    from steerco.render.throughput import ThroughputReport

__all__ = ["calibration", "throughput"]

T = TypeVar("T")

HistoryArgument = Annotated[
    Path,
    typer.Argument(
        metavar="HISTORY", help="A history file (.csv, .yaml or .yml).", show_default=False
    ),
]


# The app names a bad option by its name (the diagnostic's path); the command line by its flag.
_FLAGS = {"items": "--items/--by", "by": "--by", "start": "--start"}


def _call(action: Callable[[], T], flags: Mapping[str, str] = _FLAGS) -> T:
    """Run a use case: a bad option is a usage error on its flag, other problems located."""
    from steerco.cli.main import guarded
    from steerco.errors import ProjectError

    def options_as_usage_errors() -> T:
        try:
            return action()
        except ProjectError as error:
            first = error.diagnostics[0] if error.diagnostics else None
            if first is not None and first.file is None and first.path:
                flag = flags.get(str(first.path[0]))
                if flag is not None:
                    raise typer.BadParameter(first.message, param_hint=flag) from None
            raise

    return guarded(options_as_usage_errors)


def _ratio(value: float) -> str:
    return f"{value:.2f}×"


def calibration(
    history: HistoryArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Report how each estimator's and each category's estimates compare with the actuals."""
    from steerco.app.history import calibrate_history
    from steerco.cli.output import emit, emit_rich
    from steerco.render.calibration import calibration_json

    report = _call(lambda: calibrate_history(path=history))
    if output_format is TableOrJson.json:
        emit(calibration_json(report), output)
    else:
        emit_rich(lambda console: _print_calibration(report, console), output, wide=wide)


def _print_calibration(report: CalibrationReport, console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, percent, print_table

    for rows, title in ((report.estimators, "Estimator"), (report.categories, "Category")):
        if not rows:
            continue
        columns = [
            Col(title),
            Col("Tasks", "figure", justify="right"),
            Col("Median", "figure", justify="right"),
            Col("P10", "figure", priority=1, justify="right"),
            Col("P90", "figure", priority=1, justify="right"),
            Col("Mean", "figure", priority=2, justify="right"),
            Col("Within estimate", "figure", justify="right"),
        ]
        cells = [
            Row(
                [
                    escape(row.name),
                    str(row.count),
                    _ratio(row.median),
                    _ratio(row.p10),
                    _ratio(row.p90),
                    _ratio(row.mean),
                    percent(row.within_estimate, 0),
                ],
                style="red" if row.median > 1.25 or row.p90 > 2.5 else None,
            )
            for row in rows
        ]
        table_title = escape(f"{title} accuracy — {report.file}")
        print_table(console, columns, cells, title=table_title, header_style="bold")
    default = report.default
    console.print(
        "Ratio = actual / estimate (1.50× took half again as long as estimated); "
        "80% of the tasks fall between P10 and P90."
    )
    console.print(
        "Estimators and categories without history get the default: median "
        f"{_ratio(default.median)}, P10 {_ratio(default.p10)}, "
        f"P90 {_ratio(default.p90)}."
    )


def throughput(
    history: HistoryArgument,
    items: Annotated[
        int | None, typer.Option(min=1, help="When will this many items be done?")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            help="How many items will be done by this date (a period number for a history "
            "by period)?"
        ),
    ] = None,
    iterations: Annotated[
        int, typer.Option(min=1, max=MAX_ITERATIONS, help="Monte Carlo runs.")
    ] = 10000,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the random draws.")] = 0,
    start: Annotated[
        str | None,
        typer.Option(
            help="The first forecast period (a date, or a period number); default: the "
            "period after the history's last."
        ),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Forecast from throughput history: when N items will be done, or how many by a date."""
    from steerco.app.history import forecast_throughput
    from steerco.cli.output import emit, emit_rich
    from steerco.render.throughput import throughput_json

    report = _call(
        lambda: forecast_throughput(
            path=history, items=items, by=by, start=start, iterations=iterations, seed=seed
        )
    )
    if output_format is TableOrJson.json:
        emit(throughput_json(report), output)
    else:
        emit_rich(lambda console: _print_throughput(report, console), output, wide=wide)


def _iso(value: object) -> str:
    import datetime as dt

    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _print_throughput(report: ThroughputReport, console: Console) -> None:
    from steerco.cli.tables import Col, Row, print_table
    from steerco.render.throughput import WhenForecast

    unit, past, forecast = report.period, report.history, report.forecast
    runs = f"{report.iterations:,} runs"
    start = _iso(report.start)
    if isinstance(forecast, WhenForecast):
        rows = [
            Row(
                [f"P{q}", f"not within {forecast.max_periods} {unit}s", "—"]
                if cell.periods is None
                else [f"P{q}", _iso(cell.finish), str(cell.periods)]
            )
            for q, cell in forecast.percentiles.items()
        ]
        columns = [
            Col("Likelihood"),
            Col("Done by"),
            Col(f"{unit.capitalize()}s", "figure", priority=1, justify="right"),
        ]
        title = f"When will {forecast.items} items be done?"
        print_table(console, columns, rows, title=title, header_style="bold")
        console.print(f"{runs} from {start}; P85: done by then in at least 85% of them.")
        if forecast.unfinished:
            console.print(
                f"[yellow]{forecast.unfinished:,} runs were not done within "
                f"{forecast.max_periods} {unit}s.[/yellow]"
            )
    else:
        rows = [Row([f"P{q}", str(count)]) for q, count in forecast.percentiles.items()]
        columns = [Col("Likelihood"), Col("Items", "figure", justify="right")]
        title = f"How many items by {_iso(forecast.by)}?"
        print_table(console, columns, rows, title=title, header_style="bold")
        console.print(
            f"{runs} over {forecast.periods} {unit}s from {start}; "
            "P85: at least this many items in at least 85% of them."
        )
    console.print(
        f"History: {past.periods} {unit}s, {_iso(past.first)} to {_iso(past.last)}, "
        f"{past.mean:.2f} items a {unit} on average, {past.zeros} {unit}s with none "
        f"({past.filled} missing from the file, counted as 0)."
    )
