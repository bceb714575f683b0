"""`steerco baseline` and `steerco variance`: freeze the plan, then compare plans with it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from steerco.cli.options import (
    FileArgument,
    MethodName,
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
    date_or_today,
    number_in,
    time_limit_option,
)
from steerco.limits import MAX_AMOUNT

if TYPE_CHECKING:
    from rich.console import Console

    from steerco.app.baseline import Planner
    from steerco.schedule.planner import Unscheduled

__all__ = ["baseline", "variance"]

EXIT_NO_RESULT = 3


MethodOption = Annotated[
    MethodName | None,
    typer.Option(
        help="How to compute the plan, as `steerco schedule --method` (auto, cp-sat, "
        "heuristic, cpm).",
        show_default=False,
    ),
]
TimeLimitOption = Annotated[
    float,
    time_limit_option("Seconds for levelling."),
]


def _live_planner() -> Planner:
    """Plan as `steerco schedule` does: the levelling search shown live, Ctrl-C keeps the best."""
    from steerco.cli.solving import plan_with_progress

    return plan_with_progress


def _no_plan(result: Unscheduled, file: Path) -> NoReturn:
    """Say why there is no plan (as `steerco schedule` does) and exit 3."""
    from steerco.cli.output import write_output

    write_output(result, "table", None, str(file))
    raise typer.Exit(EXIT_NO_RESULT)


def _money(amount: float, currency: str) -> str:
    return f"{amount:,.2f} {currency}" if amount % 1 else f"{amount:,.0f} {currency}"


def baseline(
    file: FileArgument,
    name: Annotated[
        str, typer.Option("--name", help="The baseline's name.", show_default=True)
    ] = "baseline",
    force: Annotated[
        bool, typer.Option("--force", help="Replace a baseline saved under the same name.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="The day the baseline is saved (default: today).", show_default=False
        ),
    ] = None,
    contingency: Annotated[
        float,
        typer.Option(
            "--contingency",
            min=0.0,
            max=MAX_AMOUNT,
            parser=number_in(0.0, MAX_AMOUNT),
            help="Contingency reserve (money, not in BAC).",
        ),
    ] = 0.0,
    management_reserve: Annotated[
        float,
        typer.Option(
            "--management-reserve",
            min=0.0,
            max=MAX_AMOUNT,
            parser=number_in(0.0, MAX_AMOUNT),
            help="Management reserve (money, not in BAC).",
        ),
    ] = 0.0,
    method: MethodOption = None,
    time_limit: TimeLimitOption = 10.0,
) -> None:
    """Freeze the current plan as a named baseline in FILE's sidecar `<stem>.baselines.yaml`."""
    from steerco.app.baseline import save_baseline
    from steerco.cli.main import guarded
    from steerco.schedule.options import SolveOptions
    from steerco.schedule.planner import Unscheduled

    if not name.strip():
        raise typer.BadParameter("a baseline needs a name", param_hint="--name")
    saved = date_or_today(date, "--date")
    options = SolveOptions(method=method or "auto", time_limit=time_limit)
    result = guarded(
        lambda: save_baseline(
            path=file,
            name=name,
            saved=saved,
            force=force,
            contingency=contingency,
            management_reserve=management_reserve,
            options=options,
            planner=_live_planner(),
        )
    )
    if isinstance(result, Unscheduled):
        _no_plan(result, file)
    from steerco.schedule.axis import unit_words

    frozen = result.baseline
    units = unit_words(frozen.unit, result.axis)
    reserves = ""
    if contingency or management_reserve:
        reserves = (
            f", contingency {_money(contingency, frozen.currency)}, management reserve "
            f"{_money(management_reserve, frozen.currency)}"
        )
    sys.stdout.write(
        f"{result.path}: baseline {name!r} saved {saved}: BAC {_money(result.bac, frozen.currency)}"
        f"{reserves}, finish {frozen.finish} ({frozen.finish_units} {units})\n"
    )


def _signed(value: float | None, money: bool = False) -> str:
    if value is None:
        return "—"
    if money:
        return f"{value:+,.0f}" if value else "0"
    return f"{value:+g}" if value else "0"


def _draw_variance(console: Console, data: dict[str, Any], file: Path) -> None:
    """The variance table and its summary lines, from the JSON object."""
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    columns = [
        Col("Task", "text"),
        Col("Id"),
        Col("Finish was"),
        Col("Finish now"),
        Col("Δ start", "figure", priority=2, justify="right"),
        Col("Δ finish", "figure", justify="right"),
        Col("Δ dur.", "figure", priority=3, justify="right"),
        Col("Δ cost", "figure", priority=1, justify="right"),
    ]
    rows = []
    depth: dict[str | None, int] = {None: -1}
    slipped = set(data["slipped_milestones"])
    for row in data["tasks"]:
        level = 0 if row["id"] in slipped else depth.get(row["parent"], -1) + 1
        depth[row["id"]] = level
        label = (
            "  " * level
            + escape(row["name"] or row["id"])
            + (" ◆" if row["kind"] == "milestone" else "")
        )
        style = None
        if row["id"] in slipped:
            style = "bold red"
        elif row["baseline_finish"] is None or row["finish"] is None:
            style = "dim"
        elif row["kind"] == "summary":
            style = "bold"
        cells = [
            label,
            escape(row["id"]),
            str(row["baseline_finish"] if row["baseline_finish"] is not None else "added"),
            str(row["finish"] if row["finish"] is not None else "removed"),
            _signed(row["start_variance"]),
            _signed(row["finish_variance"]),
            _signed(row["duration_variance"]),
            _signed(row["cost_variance"], money=True),
        ]
        rows.append(Row(cells, style))
    title = f"Variance against baseline {data['baseline']!r} ({data['saved']}) — {file}"
    print_table(console, columns, rows, title=escape(title), header_style="bold")
    from steerco.schedule.axis import unit_words

    whole, unit = data["project"], unit_words(data["unit"], data["axis"])
    console.print(
        f"Finish: {whole['baseline_finish']} → [bold]{whole['finish']}[/bold] "
        f"({_signed(whole['finish_variance'])} {unit}); cost "
        f"{whole['baseline_cost']:,.0f} → [bold]{whole['cost']:,.0f}[/bold] {data['currency']} "
        f"({_signed(whole['cost_variance'], money=True)})"
    )
    if slipped:
        console.print("[bold red]Slipped milestones: " + ", ".join(data["slipped_milestones"]))
    console.print(
        f"Δ = current plan ({data['plan']}) − baseline, in {unit} and {data['currency']}: "
        "positive is later, longer or dearer."
    )


def variance(
    file: FileArgument,
    baseline_name: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            help="The baseline to compare with (default: the one named `baseline`, or the "
            "only one).",
            show_default=False,
        ),
    ] = None,
    output_format: TableOrJsonOption = TableOrJson.table,
    method: MethodOption = None,
    time_limit: TimeLimitOption = 10.0,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Start, finish, duration and cost variance of the current plan against a baseline."""
    from steerco.app.baseline import plan_variance
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.variance import variance_json, variance_object
    from steerco.schedule.planner import Unscheduled

    report = guarded(
        lambda: plan_variance(
            path=file,
            baseline=baseline_name,
            method=method,
            time_limit=time_limit,
            planner=_live_planner(),
        )
    )
    if isinstance(report, Unscheduled):
        _no_plan(report, file)
    if output_format == TableOrJson.json:
        emit(variance_json(report), output)
    else:
        data = variance_object(report)
        emit_rich(lambda console: _draw_variance(console, data, file), output, wide=wide)
