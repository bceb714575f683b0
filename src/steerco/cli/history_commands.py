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

__all__ = [
    "ColumnsOption",
    "DayfirstOption",
    "EncodingOption",
    "EstimateUnitOption",
    "calibration",
    "call_with_usage_errors",
    "throughput",
]

T = TypeVar("T")

HistoryArgument = Annotated[
    Path,
    typer.Argument(
        metavar="HISTORY", help="A history file (.csv, .yaml or .yml).", show_default=False
    ),
]


EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="The history file's text encoding (e.g. cp1252, utf-16); default: detected "
        "(UTF-8, else Windows-1252).",
    ),
]
ColumnsOption = Annotated[
    str | None,
    typer.Option(
        "--columns",
        metavar="FIELD=COLUMN,...",
        help="Read fields from other columns, e.g. estimate=HoursEstimate,actual=HoursActual.",
    ),
]

EstimateUnitOption = Annotated[
    str,
    typer.Option(
        "--estimate-unit",
        metavar="time|points",
        help="points: the estimates are story points (5pt always is); a ratio is then "
        "working days per point.",
    ),
]
DayfirstOption = Annotated[bool, typer.Option("--dayfirst", help="Read 20/01/2027 as 20 January.")]

# The app names a bad option by its name (the diagnostic's path); the command line by its flag.
_FLAGS = {
    "items": "--items/--by",
    "by": "--by",
    "start": "--start",
    "status": "--status-date",
    "window": "--window",
    "block": "--block",
    "level": "--level",
    "encoding": "--encoding",
    "columns": "--columns",
    "estimate_unit": "--estimate-unit",
    "history_encoding": "--history-encoding",
    "history_columns": "--history-columns",
    "history_estimate_unit": "--history-estimate-unit",
}


def call_with_usage_errors(action: Callable[[], T], flags: Mapping[str, str] = _FLAGS) -> T:
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


def _per_point(value: float) -> str:
    return f"{value:.2f} d/pt"


def calibration(
    history: HistoryArgument,
    encoding: EncodingOption = None,
    columns: ColumnsOption = None,
    estimate_unit: EstimateUnitOption = "time",
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Report how each estimator's and each category's estimates compare with the actuals."""
    from steerco.app.history import calibrate_history
    from steerco.cli.output import emit, emit_rich
    from steerco.render.calibration import calibration_json

    report = call_with_usage_errors(
        lambda: calibrate_history(
            path=history, encoding=encoding, columns=columns, estimate_unit=estimate_unit
        )
    )
    if output_format is TableOrJson.json:
        emit(calibration_json(report), output)
    else:
        emit_rich(lambda console: _print_calibration(report, console), output, wide=wide)


def _print_calibration(report: CalibrationReport, console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, percent, print_table

    points = report.estimate_unit == "points"
    ratio = _per_point if points else _ratio
    tables = [
        (r, t) for r, t in ((report.estimators, "Estimator"), (report.categories, "Category"))
    ]
    shown = [(rows, title) for rows, title in tables if rows] or [((), "Estimator")]
    for number, (rows, title) in enumerate(shown):
        columns = [
            Col(title),
            Col("Tasks", "figure", justify="right"),
            Col("Median", "figure", justify="right"),
            Col("P10", "figure", priority=1, justify="right"),
            Col("P90", "figure", priority=1, justify="right"),
            Col("Mean", "figure", priority=2, justify="right"),
            Col("Within estimate", "figure", justify="right"),
        ]
        listed = [*rows, report.overall] if number == 0 else list(rows)
        cells = [
            Row(
                [
                    escape(row.name) if row.kind != "all" else "[bold]all records[/bold]",
                    str(row.count),
                    ratio(row.median),
                    ratio(row.p10),
                    ratio(row.p90),
                    ratio(row.mean),
                    "—" if points else percent(row.within_estimate, 0),
                ],
                style="red" if not points and (row.median > 1.25 or row.p90 > 2.5) else None,
            )
            for row in listed
        ]
        table_title = escape(f"{title} accuracy — {report.file}")
        print_table(console, columns, cells, title=table_title, header_style="bold")
    default = report.default
    if points:
        console.print(
            "Estimates in story points: each figure is working days per point (actual / "
            "estimate); 80% of the tasks fall between P10 and P90."
        )
    else:
        console.print(
            "Ratio = actual / estimate (1.50× took half again as long as estimated); "
            "80% of the tasks fall between P10 and P90."
        )
        console.print(
            "Estimators and categories without history get the default: median "
            f"{_ratio(default.median)}, P10 {_ratio(default.p10)}, "
            f"P90 {_ratio(default.p90)}."
        )
    skipped = report.no_value + report.zero
    if skipped:
        console.print(
            f"Skipped {skipped:,} rows: {report.no_value:,} without an estimate or actual "
            f"(empty or NA), {report.zero:,} with an estimate or actual of 0."
        )
    if report.encoding not in ("utf-8", "ascii"):
        console.print(f"Read as {report.encoding} text.")
    if report.ignored:
        console.print(f"Columns not used: {escape(', '.join(report.ignored))}.")


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
            "period after the status date."
        ),
    ] = None,
    status_date: Annotated[
        str | None,
        typer.Option(
            "--status-date",
            help="The day the history runs to (a period number for a history by period): "
            "days after its last row count as 0; default: its last row's.",
        ),
    ] = None,
    window: Annotated[
        str,
        typer.Option(
            help="Which periods the runs draw from: all, the last weeks (12w), days (30d) or "
            "periods (8), or recent (recent weeks weigh more; recent:4w sets the half-life).",
        ),
    ] = "recent",
    block: Annotated[
        str | None,
        typer.Option(
            help="The runs draw blocks of consecutive periods: weeks (1w), days (14d) or "
            "periods (7); 1 draws periods independently. Default: 1w (1 period of a history "
            "by period number).",
        ),
    ] = None,
    level: Annotated[
        str,
        typer.Option(
            help="past: each run's level moves as this forecast, replayed at every earlier "
            "moment of the history, missed; fixed: the window's level taken as known.",
        ),
    ] = "past",
    dayfirst: DayfirstOption = False,
    encoding: EncodingOption = None,
    columns: ColumnsOption = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Forecast from throughput history: when N items will be done, or how many by a date."""
    from steerco.app.history import forecast_throughput
    from steerco.cli.output import emit, emit_rich
    from steerco.render.throughput import throughput_json

    report = call_with_usage_errors(
        lambda: forecast_throughput(
            path=history,
            items=items,
            by=by,
            start=start,
            status=status_date,
            window=window,
            block=block,
            level=level,
            iterations=iterations,
            seed=seed,
            encoding=encoding,
            columns=columns,
            dayfirst=dayfirst,
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
    through = (
        "" if not past.status_zeros else f", {past.status_zeros} more up to {_iso(report.status)}"
    )
    console.print(
        f"History: {past.periods} {unit}s, {_iso(past.first)} to {_iso(report.status)}, "
        f"{past.mean:.2f} items a {unit} on average, {past.zeros} {unit}s with none "
        f"({past.filled} missing from the file{through}, counted as 0)."
    )
    console.print(_window_note(report))
    console.print(_level_note(report))
    for note in _read_notes(report):
        console.print(note)
    trend = report.trend
    if trend is not None and trend.changed:
        console.print(f"[yellow]warning:[/yellow] {_trend_sentence(report)}")


def _window_note(report: ThroughputReport) -> str:
    """Which periods the runs drew from, and in blocks of how many, in words."""
    window, unit = report.window, report.period
    if window.kind == "all":
        text = f"Window: all {window.periods} {unit}s, equally likely (--window all)"
    elif window.kind == "last":
        text = f"Window: the last {window.periods} {unit}s (--window {window.label})"
    else:
        text = (
            f"Window: recent {unit}s weigh more, a {unit} half as much as one "
            f"{window.half_life:g} {unit}s later (--window {window.label})"
        )
    if window.block == 1:
        return f"{text}; each {unit} drawn on its own."
    return f"{text}; drawn in blocks of {window.block} consecutive {unit}s (--block)."


def _level_note(report: ThroughputReport) -> str:
    """How far the runs' level moves (--level), or why it does not, in words."""
    level, unit = report.level, report.period
    if level is None:
        return "Level: the window's, taken as known (--level fixed)."
    if not level.applied:
        return (
            f"Level: the window's, taken as known: the history is too short to replay this "
            f"forecast before (one span of {unit}s at least; --level past)."
        )
    return (
        f"Level: each run's moves by a factor of SD {level.sd:.2f} (log), as this forecast "
        f"replayed at {level.moments:,} earlier {unit}s missed (about {level.windows:.0f} "
        "independent spans; --level past)."
    )


def _read_notes(report: ThroughputReport) -> list[str]:
    """What reading the file left out or guessed, one sentence each."""
    read, notes = report.read, []
    if read.encoding not in ("utf-8", "ascii"):
        notes.append(f"Read as {read.encoding} text.")
    if read.items:
        skipped = f"; {read.skipped} without a finish date left out" if read.skipped else ""
        notes.append(f"One row per finished item, counted per {report.period}{skipped}.")
    if read.ignored:
        notes.append(f"Columns not used: {', '.join(read.ignored)}.")
    return notes


def _trend_sentence(report: ThroughputReport) -> str:
    """The rate change found by the trend test, per week for a daily history."""
    trend = report.trend
    assert trend is not None
    per = "week" if report.period in ("day", "week") else report.period
    scale = 7 if report.period == "day" else 1
    blocks = "weeks" if per == "week" else f"{per}s"
    return (
        f"the pace has changed: {trend.recent_rate * scale:.2f} items a {per} over the last "
        f"{trend.recent_blocks} {blocks} against {trend.earlier_rate * scale:.2f} over the "
        f"{trend.earlier_blocks} before (Mann-Whitney p = {trend.p_value:.3f}); a window of "
        "recent weeks follows the new pace (--window recent, --window 8w)."
    )
