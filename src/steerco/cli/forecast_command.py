"""`steerco forecast`: Monte Carlo dates and costs, as a table for people or JSON for tools."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from steerco.cli.options import (
    CalibrationModelName,
    CalibrationModelOption,
    FileArgument,
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
    number_in,
)
from steerco.limits import MAX_ITERATIONS

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.forecast.result import Forecast
    from steerco.forecast.total_level import TotalLevel

__all__ = ["forecast"]


def forecast(
    file: FileArgument,
    iterations: Annotated[
        int,
        typer.Option(
            "--iterations", "-n", min=1, max=MAX_ITERATIONS, help="Monte Carlo iterations."
        ),
    ] = 10_000,
    seed: Annotated[
        int, typer.Option(min=0, help="Seed: the same seed gives the same numbers.")
    ] = 0,
    resources: Annotated[
        bool,
        typer.Option(
            "--resources/--no-resources",
            help="Level every iteration against the levelled plan when tasks use resources "
            "(--no-resources: the critical path's quick view).",
        ),
    ] = True,
    residual: Annotated[
        bool,
        typer.Option(
            "--residual", help="Use the risks' residual probability and impact after responses."
        ),
    ] = False,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="Estimate history (CSV or YAML): calibrate durations on actual/estimate ratios.",
        ),
    ] = None,
    history_encoding: Annotated[
        str | None,
        typer.Option(
            "--history-encoding",
            help="The history file's text encoding; default: detected (UTF-8, else Windows-1252).",
        ),
    ] = None,
    history_columns: Annotated[
        str | None,
        typer.Option(
            "--history-columns",
            metavar="FIELD=COLUMN,...",
            help="Read the history's fields from other columns, e.g. "
            "estimate=HoursEstimate,actual=HoursActual.",
        ),
    ] = None,
    history_estimate_unit: Annotated[
        str,
        typer.Option(
            "--history-estimate-unit",
            metavar="time|points",
            help="points: the history's estimates are story points (5pt always is); they "
            "calibrate the tasks' `points` in working days per point.",
        ),
    ] = "time",
    model: CalibrationModelOption = CalibrationModelName.loglinear,
    level: Annotated[
        str,
        typer.Option(
            "--level",
            metavar="past|fixed",
            help="With --history. past: the calibrated tasks' total also moves as the same "
            "forecast, replayed on the history's last windows, missed; fixed: the draws as "
            "they are.",
        ),
    ] = "past",
    lhs: Annotated[
        bool, typer.Option("--lhs", help="Latin hypercube sampling of the task durations.")
    ] = False,
    precision: Annotated[
        float | None,
        typer.Option(
            "--precision",
            min=0.0,
            parser=number_in(0.0),
            help="Stop early once the standard error of P80 is at most this many units.",
        ),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Forecast finish dates, milestones and cost as probabilities (Monte Carlo)."""
    from steerco.app.forecast import ForecastOptions, forecast_project
    from steerco.cli.output import emit, emit_rich

    def options() -> ForecastOptions:
        return ForecastOptions(
            iterations=iterations,
            seed=seed,
            lhs=lhs,
            residual=residual,
            resources=resources,
            precision=precision,
        )

    from steerco.cli.history_commands import call_with_usage_errors
    from steerco.cli.progress import with_progress

    run = call_with_usage_errors(
        lambda: with_progress(
            "forecasting",
            lambda on_block: forecast_project(
                path=file,
                options=options(),
                history=history,
                history_encoding=history_encoding,
                history_columns=history_columns,
                history_estimate_unit=history_estimate_unit,
                model=model.value,
                level=level,
                on_block=on_block,
            ),
        )
    )
    if output_format is TableOrJson.json:
        from steerco.render.forecast import forecast_json

        emit(forecast_json(run.forecast), output)
    else:
        emit_rich(lambda console: _render(run.forecast, console), output, wide=wide)


def _figure(value: float | None, places: int) -> str:
    """A number with `places` decimals, or a dash where it is not defined."""
    return "—" if value is None else f"{value:.{places}f}"


def _when(value: object) -> str:
    """A finish: a date as it is, a time in units (no calendar) to one decimal, with commas."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:,.1f}"
    return "—" if value is None else str(value)


_SHOWN_TASKS = 6
"""Task ids listed per pool in the calibration table; the JSON lists them all."""


def _rework(result: Forecast, console: Console) -> None:
    """Each gate's rework path and how often the forecast adds it, one row per gate."""
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, percent, print_table
    from steerco.schedule.axis import unit_words

    if not result.rework:
        return
    rows = []
    for path in result.rework:  # a delay is working time of the milestone's calendar
        what = f"task {path.task}"
        if path.duration is not None:
            what = f"+{path.duration:g} {unit_words(result.unit, count=path.duration)}"
        met = "" if path.p_met is None else percent(path.p_met)
        status = path.status.replace("_", " ")
        rows.append(
            Row([escape(path.milestone), status, met, escape(what), percent(path.probability)])
        )
    columns = [
        Col("Gate"),
        Col("Status"),
        Col("P(met)", "figure", justify="right"),
        Col("Rework", "list", priority=1),
        Col("Added", "figure", justify="right"),
    ]
    print_table(console, columns, rows, title="Rework if a gate fails")


def _pools(result: Forecast, console: Console) -> None:
    """Which pool of history each task was calibrated on, one row per pool."""
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    if not result.calibration:
        return
    groups: dict[tuple[str, str | None], list[str]] = {}
    records: dict[tuple[str, str | None], int] = {}
    for pool in result.calibration:
        groups.setdefault((pool.kind, pool.key), []).append(pool.task)
        records[pool.kind, pool.key] = pool.records
    rows = []
    for (kind, key), tasks in groups.items():
        if key is not None:
            name = f"{kind} {key}"
        else:
            name = "all records" if kind == "all" else "default (no history)"
        shown = ", ".join(tasks[:_SHOWN_TASKS]) + (", …" if len(tasks) > _SHOWN_TASKS else "")
        cells = [escape(name), f"{records[kind, key]:,}", f"{len(tasks):,}", escape(shown)]
        rows.append(Row(cells))
    columns = [
        Col("Calibrated on"),
        Col("Records", "figure", justify="right"),
        Col("Tasks", "figure", justify="right"),
        Col("Which", "list", priority=1),
    ]
    print_table(console, columns, rows, title="Calibration (--history)")


def _level_note(level: TotalLevel) -> str:
    """How far the calibrated tasks' total moves (--level past), or why it does not."""
    if not level.applied:
        return (
            "Level: the draws as they are: the history is too short to replay this forecast "
            "on 2 earlier windows (--level past)."
        )
    return (
        f"Level: the calibrated tasks' total moves by a factor of SD {level.sd:.2f} (log), as "
        f"this forecast replayed on the history's last {level.windows} windows of "
        f"{level.size:,} records missed (--level past)."
    )


def _render(result: Forecast, console: Console) -> None:
    """Draw the forecast: percentiles, milestones, what drives the finish, cost, risks."""
    from steerco.cli.tables import Col, Row, percent, print_table
    from steerco.schedule.axis import unit_words

    unit = unit_words(result.unit, result.axis)
    plan = [_when(result.deterministic_finish), f"{result.deterministic_makespan:g}"]
    rows = [Row(["plan", *plan])]
    for key in ("p10", "p50", "p80", "p90", "p95"):
        rows.append(Row([key.upper(), _when(result.finish[key]), _figure(result.makespan[key], 1)]))
    spread = f"{_figure(result.makespan['mean'], 1)} ± {_figure(result.makespan['std'], 1)}"
    rows.append(Row(["mean ± sd", "", spread]))
    print_table(
        console,
        [
            Col("", style="bold"),
            Col("Finish"),
            Col(f"Makespan ({unit})", "figure", justify="right"),
        ],
        rows,
        title=f"Forecast — {result.iterations:,} iterations, seed {result.seed}",
    )
    console.print(f"Plan: {result.plan}")
    stderr = result.makespan["p80_stderr"]
    console.print(
        f"P(on time) = {percent(result.p_on_time)}   "
        + (
            f"(standard error of P80: {stderr:.2f} {unit})"
            if stderr is not None
            else "(one iteration: no standard deviation or error)"
        )
    )
    if result.milestones:
        columns = [Col("Milestone"), Col("P50"), Col("P80"), Col("P95", priority=2)]
        columns.append(Col("P(deadline)", "figure", priority=1, justify="right"))
        rows = [
            Row(
                [
                    mid,
                    *(_when(m.dates[k] or m.units[k]) for k in ("p50", "p80", "p95")),
                    "" if m.p_deadline is None else percent(m.p_deadline),
                ]
            )
            for mid, m in result.milestones.items()
        ]
        print_table(console, columns, rows, title="Milestones")
    ranked = sorted(
        result.sensitivity.items(), key=lambda kv: -abs(kv[1]) if kv[1] is not None else 0.0
    )[:10]
    if ranked and ranked[0][1] is not None:
        rows = [
            Row([tid, f"{rho:+.2f}", percent(result.criticality[tid])])
            for tid, rho in ranked
            if rho is not None
        ]
        columns = [
            Col("Task"),
            Col("Sensitivity", "figure", justify="right"),
            Col("Criticality", "figure", priority=1, justify="right"),
        ]
        print_table(console, columns, rows, title="What drives the finish (top 10)")
    if result.cost is not None:
        c = result.cost
        console.print(
            f"Cost: plan {c['plan']:,.0f}, P50 {c['p50']:,.0f}, P80 {c['p80']:,.0f}, "
            f"P95 {c['p95']:,.0f}; contingency to P80: {c['contingency_p80']:,.0f}"
        )
    if result.risks:
        rows = [
            Row([rid, percent(r.occurrence), "" if r.mean_delay is None else f"{r.mean_delay:.1f}"])
            for rid, r in result.risks.items()
        ]
        columns = [
            Col("Risk"),
            Col("Occurred", "figure", justify="right"),
            Col("Mean delay", "figure", priority=1, justify="right"),
        ]
        print_table(console, columns, rows, title="Risks")
    _rework(result, console)
    _pools(result, console)
    if result.level is not None:
        console.print(_level_note(result.level))
    total = len(result.criticality)
    if result.fixed_tasks:
        console.print(
            f"[yellow]note:[/] {result.fixed_tasks} of {total} tasks have no uncertainty "
            "(a single duration and no `forecast.band`): they count as fixed."
        )
    for note in result.notes:
        console.print(f"[yellow]note:[/] {note}")
