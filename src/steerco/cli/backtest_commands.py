"""`steerco backtest estimates|throughput`: replay a history and score the forecasts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.history_commands import (
    ColumnsOption,
    DayfirstOption,
    EncodingOption,
    EstimateUnitOption,
    HistoryArgument,
    call_with_usage_errors,
)
from steerco.cli.options import (
    CalibrationModelName,
    CalibrationModelOption,
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
)

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.render.backtest import BacktestReport

__all__ = ["backtest_app"]

backtest_app = typer.Typer(
    help="Replay a history at cut points, forecast what followed, and score the forecasts.",
    no_args_is_help=True,
)

_FLAGS = {
    "cut": "--cut",
    "group": "--group",
    "items": "--items/--horizon",
    "horizon": "--horizon",
    "cuts": "--cuts",
    "window": "--window",
    "block": "--block",
    "level": "--level",
    "iterations": "--iterations",
    "seed": "--seed",
    "encoding": "--encoding",
    "columns": "--columns",
    "estimate_unit": "--estimate-unit",
}


class GroupBy(StrEnum):
    """steerco.app.backtest.GroupField: the record field whose values are the groups."""

    project = "project"
    category = "category"
    estimated_by = "estimated_by"


IterationsOption = Annotated[
    int, typer.Option("--iterations", "-n", min=1, max=100_000, help="Monte Carlo runs per cut.")
]
SeedOption = Annotated[int, typer.Option(min=0, help="Seed of the random draws.")]


@backtest_app.command()
def estimates(
    history: HistoryArgument,
    cut: Annotated[
        str,
        typer.Option(
            "--cut",
            help="Where to cut each group's records (oldest first): shares, comma-separated.",
        ),
    ] = "50%,70%,90%",
    group: Annotated[
        GroupBy | None,
        typer.Option(help="Backtest each project (category, estimator) on its own records."),
    ] = None,
    model: CalibrationModelOption = CalibrationModelName.loglinear,
    level: Annotated[
        str,
        typer.Option(
            help="past: each cut's total also moves as the same forecast, replayed on windows "
            "before the cut, missed (as `steerco forecast --history` does); fixed: the draws "
            "of the total as they are.",
        ),
    ] = "past",
    iterations: IterationsOption = 2000,
    seed: SeedOption = 0,
    encoding: EncodingOption = None,
    columns: ColumnsOption = None,
    estimate_unit: EstimateUnitOption = "time",
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Forecast the total actual after each cut from the records before it; score it."""
    from steerco.app.backtest import backtest_estimates
    from steerco.cli.progress import with_progress

    report = call_with_usage_errors(
        lambda: with_progress(
            "backtesting",
            lambda progress: backtest_estimates(
                path=history,
                cuts=cut,
                group=None if group is None else group.value,
                model=model.value,
                iterations=iterations,
                seed=seed,
                level=level,
                encoding=encoding,
                columns=columns,
                estimate_unit=estimate_unit,
                progress=progress,
            ),
        ),
        _FLAGS,
    )
    _show(report, output_format, output, wide)


@backtest_app.command()
def throughput(
    history: HistoryArgument,
    cuts: Annotated[
        int, typer.Option(min=1, help="How many cut points, spread evenly over the history.")
    ] = 5,
    items: Annotated[
        int | None, typer.Option(min=1, help="Forecast when this many more items are done.")
    ] = None,
    horizon: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Forecast the items done in this many periods (default: 28 days, 4 weeks "
            "or 4 periods).",
        ),
    ] = None,
    window: Annotated[
        str,
        typer.Option(
            help="What each cut's runs draw from, as in `steerco throughput`: all, the last "
            "weeks (12w), days (30d) or periods (8), or recent (recent weeks weigh more).",
        ),
    ] = "recent",
    block: Annotated[
        str | None,
        typer.Option(
            help="Each cut's runs draw blocks of consecutive periods: weeks (1w), days (14d) or "
            "periods (7); 1 draws periods independently. Default: 1w (1 period of a history "
            "by period number).",
        ),
    ] = None,
    level: Annotated[
        str,
        typer.Option(
            help="past: each cut's runs move their level as the same forecast, replayed "
            "before the cut, missed; fixed: the window's level taken as known.",
        ),
    ] = "past",
    iterations: IterationsOption = 2000,
    seed: SeedOption = 0,
    dayfirst: DayfirstOption = False,
    encoding: EncodingOption = None,
    columns: ColumnsOption = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Forecast what followed each cut of a throughput history from the periods before it."""
    from steerco.app.backtest import backtest_throughput
    from steerco.cli.progress import with_progress

    report = call_with_usage_errors(
        lambda: with_progress(
            "backtesting",
            lambda progress: backtest_throughput(
                path=history,
                cuts=cuts,
                items=items,
                horizon=horizon,
                window=window,
                block=block,
                level=level,
                iterations=iterations,
                seed=seed,
                encoding=encoding,
                columns=columns,
                dayfirst=dayfirst,
                progress=progress,
            ),
        ),
        _FLAGS,
    )
    _show(report, output_format, output, wide)


_CURVE_PRIORITY = {10: 0, 50: 0, 90: 0, 95: 0, 30: 1, 70: 1}
"""Which levels of the calibration curve a narrow table keeps longest (others: 2)."""


def _figure(value: float) -> str:
    """A number for a cell: whole numbers as they are, others to 3 significant figures."""
    import math

    if not math.isfinite(value):
        return "—"
    if value == round(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


def _share(value: float, places: int) -> str:
    """A relative error as a percentage; a dash where none is defined (a real outcome of 0)."""
    import math

    from steerco.cli.tables import percent

    return percent(value if math.isfinite(value) else None, places)


def _unscored(report: BacktestReport) -> str:
    """Which cuts the mean errors leave out: those where no item was done (no relative error)."""
    scored = sum(1 for c in report.cuts if c.actual)
    if scored == len(report.cuts):
        return ""
    return (
        f" (over the {scored} cuts with items done; {len(report.cuts) - scored} saw none, "
        "which has no relative error)"
    )


def _what(report: BacktestReport) -> tuple[str, str]:
    """The outcome's name and the reference's, for titles and headers."""
    if report.target == "total":
        if report.reference == "points_at_mean_pace":
            return "total actual (days)", "points at the mean pace"
        return "total actual (days)", "sum of estimates"
    if report.target == "periods":
        return f"{report.unit}s until {report.items} more items", "mean rate"
    return f"items in {report.horizon} {report.unit}s", "mean rate"


def _show(
    report: BacktestReport, output_format: TableOrJson, output: Path | None, wide: bool
) -> None:
    """Render a backtest as --format asks: the JSON, or the tables."""
    from steerco.cli.output import emit, emit_rich
    from steerco.render.backtest import backtest_json

    if output_format is TableOrJson.json:
        emit(backtest_json(report), output)
    else:
        emit_rich(lambda console: _print(report, console), output, wide=wide)


def _print(report: BacktestReport, console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, percent, print_table

    outcome, reference = _what(report)
    model = f", model {report.model}" if report.model else ""
    model += f", window {report.window}" if report.window else ""
    model += f", blocks of {report.block} {report.unit}s" if report.block else ""
    model += f", level {report.level}" if report.level else ""
    if not report.cuts:
        console.print(
            f"No cut of {escape(str(report.file))} has enough history before it and an "
            "outcome after it."
        )
        _print_read(report, console)
        return
    columns = [
        Col("Group", "text"),
        Col("Cut", "figure", justify="right"),
        Col("Known", "figure", priority=2, justify="right"),
        Col("Actual", "figure", justify="right"),
        Col("P10", "figure", justify="right"),
        Col("P50", "figure", justify="right"),
        Col("P90", "figure", justify="right"),
        Col("In band", "figure"),
        Col("P50 error", "figure", justify="right"),
        Col("Ref. error", "figure", priority=1, justify="right"),
    ]
    rows = [
        Row(
            [
                escape(c.group),
                percent(c.at, 0),
                str(c.known),
                _figure(c.actual),
                _figure(c.percentiles[10]),
                _figure(c.percentiles[50]),
                _figure(c.percentiles[90]),
                "yes" if c.covered else "no",
                _share(c.error, 0),
                _share(c.reference_error, 0),
            ],
            style=None if c.covered else "yellow",
        )
        for c in report.cuts
    ]
    title = escape(f"Backtest of {outcome} — {report.file}{model}")
    print_table(console, columns, rows, title=title, header_style="bold")
    overall = report.overall
    assert overall is not None
    console.print(
        f"{overall.cuts} cuts: within P10–P90 in {percent(overall.coverage, 0)} "
        f"(honest: 80%); no worse than P50 in {percent(overall.hits[50], 0)}, "
        f"P80 in {percent(overall.hits[80], 0)}, P95 in {percent(overall.hits[95], 0)}."
    )
    console.print(
        f"Mean P50 error {_share(overall.error, 1)}; {reference}: "
        f"{_share(overall.reference_error, 1)}{_unscored(report)}."
    )
    levels = list(overall.curve.items())
    print_table(
        console,
        [Col("")] + [Col(f"P{q}", "figure", _CURVE_PRIORITY.get(q, 2), "right") for q, _ in levels],
        [Row(["hits"] + [percent(v, 0) for _, v in levels])],
        title="Calibration curve",
        header_style="bold",
    )
    console.print("Hits: the share of cuts no worse than Pq; calibrated, it is q%.")
    _print_read(report, console)


def _print_read(report: BacktestReport, console: Console) -> None:
    """How the file was read, as `steerco calibration` and `steerco throughput` say it."""
    from rich.markup import escape

    read = report.read
    skipped = read.no_value + read.zero
    if skipped:
        console.print(
            f"Skipped {skipped:,} rows: {read.no_value:,} with an empty or NA estimate or "
            f"actual, {read.zero:,} with an estimate or actual of 0."
        )
    if read.undone_items:
        console.print(f"Skipped {read.undone_items:,} items without a finish date.")
    if read.estimate_unit == "points":
        console.print("Estimates are story points: the model draws working days per point.")
    if read.encoding != "utf-8":
        console.print(f"Read as {read.encoding} text.")
    if read.ignored:
        console.print(f"Columns not used: {escape(', '.join(read.ignored))}.")
