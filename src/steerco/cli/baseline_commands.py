"""`steerco baseline` and `steerco variance`: freeze the plan, then compare plans with it."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from steerco.cli.options import FileArgument, TableOrJson, date_or_today
from steerco.schedule.planner import PlanMethod

if TYPE_CHECKING:
    from steerco.model import Project
    from steerco.model.baseline import Baseline
    from steerco.schedule.plan import Schedule
    from steerco.track.variance import TaskVariance, VarianceReport

__all__ = ["baseline", "variance", "variance_object"]

EXIT_NO_RESULT = 3
T = TypeVar("T")
VARIANCE_FIELDS = (
    "id",
    "name",
    "kind",
    "parent",
    "baseline_start",
    "start",
    "start_variance",
    "baseline_finish",
    "finish",
    "finish_variance",
    "baseline_duration",
    "duration",
    "duration_variance",
    "baseline_cost",
    "cost",
    "cost_variance",
)
_UNITS = {"day": "working days", "hour": "working hours", "period": "periods"}

MethodOption = Annotated[
    PlanMethod | None,
    typer.Option(
        help="How to compute the plan, as `steerco schedule --method` (auto, cp-sat, "
        "heuristic, cpm).",
        show_default=False,
    ),
]
TimeLimitOption = Annotated[
    float, typer.Option("--time-limit", min=0.1, help="Seconds for levelling.")
]


def _plan(file: Path, method: PlanMethod, time_limit: float) -> tuple[Schedule, Project | None]:
    """The plan as `steerco schedule` computes it, and the project; exit 3 without a plan."""
    from steerco.cli.main import guarded
    from steerco.cli.output import write_output
    from steerco.cli.solving import plan_with_progress
    from steerco.formats.loader import load_plan_input
    from steerco.schedule.options import SolveOptions
    from steerco.schedule.planner import Unscheduled

    network, project = guarded(lambda: load_plan_input(file))
    options = SolveOptions(method=method, time_limit=time_limit)
    result = plan_with_progress(network, project, options)
    if isinstance(result, Unscheduled):
        write_output(result, "table", None, str(file))
        raise typer.Exit(EXIT_NO_RESULT)
    return result, project


def _in_sidecar(file: Path, action: Callable[[], T]) -> T:
    """Run `action`, naming FILE's baselines file in diagnostics that name no file."""
    from steerco.errors import ProjectError
    from steerco.formats.baselines_file import baselines_path

    try:
        return action()
    except ProjectError as error:
        where = str(baselines_path(file))
        error.diagnostics = [
            d if d.file is not None else d.located(where, d.line, d.column)
            for d in error.diagnostics
        ]
        raise


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
        typer.Option("--contingency", min=0.0, help="Contingency reserve (money, not in BAC)."),
    ] = 0.0,
    management_reserve: Annotated[
        float,
        typer.Option(
            "--management-reserve", min=0.0, help="Management reserve (money, not in BAC)."
        ),
    ] = 0.0,
    method: MethodOption = None,
    time_limit: TimeLimitOption = 10.0,
) -> None:
    """Freeze the current plan as a named baseline in FILE's sidecar `<stem>.baselines.yaml`."""
    from steerco.cli.main import guarded
    from steerco.formats.baselines_file import save_baseline
    from steerco.track.baseline import freeze_baseline
    from steerco.track.planned_value import bac

    if not name.strip():
        raise typer.BadParameter("a baseline needs a name", param_hint="--name")
    saved = date_or_today(date, "--date")
    plan, project = _plan(file, method or "auto", time_limit)
    frozen = freeze_baseline(
        plan,
        project,
        name=name,
        saved=saved,
        contingency=contingency,
        management_reserve=management_reserve,
    )
    path = guarded(lambda: save_baseline(file, frozen, force=force))
    unit = _UNITS[frozen.unit]
    reserves = ""
    if contingency or management_reserve:
        reserves = (
            f", contingency {_money(contingency, frozen.currency)}, management reserve "
            f"{_money(management_reserve, frozen.currency)}"
        )
    sys.stdout.write(
        f"{path}: baseline {name!r} saved {saved}: BAC {_money(bac(frozen), frozen.currency)}"
        f"{reserves}, finish {frozen.finish} ({frozen.finish_units} {unit})\n"
    )


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _record(row: TaskVariance) -> dict[str, Any]:
    return {key: _iso(getattr(row, key)) for key in VARIANCE_FIELDS}


def variance_object(report: VarianceReport) -> dict[str, Any]:
    """The JSON object of `steerco variance --format json`."""
    project = {k: v for k, v in _record(report.project).items() if k not in {"id", "parent"}}
    del project["kind"]
    return {
        "baseline": report.baseline,
        "saved": report.saved.isoformat(),
        "unit": report.unit,
        "currency": report.currency,
        "project": project,
        "slipped_milestones": report.slipped_milestones,
        "tasks": [_record(row) for row in report.tasks],
    }


def _signed(value: float | None, money: bool = False) -> str:
    if value is None:
        return "—"
    if money:
        return f"{value:+,.0f}" if value else "0"
    return f"{value:+g}" if value else "0"


def _print_variance(data: dict[str, Any], file: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(
        title=f"Variance against baseline {data['baseline']!r} ({data['saved']}) — {file}",
        header_style="bold",
    )
    for column, justify in (
        ("Task", "left"),
        ("Id", "left"),
        ("Finish was", "left"),
        ("Finish now", "left"),
        ("Δ start", "right"),
        ("Δ finish", "right"),
        ("Δ dur.", "right"),
        ("Δ cost", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    depth: dict[str | None, int] = {None: -1}
    slipped = set(data["slipped_milestones"])
    for row in data["tasks"]:
        level = 0 if row["id"] in slipped else depth.get(row["parent"], -1) + 1
        depth[row["id"]] = level
        label = (
            "  " * level + (row["name"] or row["id"]) + (" ◆" if row["kind"] == "milestone" else "")
        )
        style = None
        if row["id"] in slipped:
            style = "bold red"
        elif row["baseline_finish"] is None or row["finish"] is None:
            style = "dim"
        elif row["kind"] == "summary":
            style = "bold"
        table.add_row(
            label,
            row["id"],
            str(row["baseline_finish"] if row["baseline_finish"] is not None else "added"),
            str(row["finish"] if row["finish"] is not None else "removed"),
            _signed(row["start_variance"]),
            _signed(row["finish_variance"]),
            _signed(row["duration_variance"]),
            _signed(row["cost_variance"], money=True),
            style=style,
        )
    console.print(table)
    whole, unit = data["project"], _UNITS[data["unit"]]
    console.print(
        f"Finish: {whole['baseline_finish']} → [bold]{whole['finish']}[/bold] "
        f"({_signed(whole['finish_variance'])} {unit}); cost "
        f"{whole['baseline_cost']:,.0f} → [bold]{whole['cost']:,.0f}[/bold] {data['currency']} "
        f"({_signed(whole['cost_variance'], money=True)})"
    )
    if slipped:
        console.print("[bold red]Slipped milestones: " + ", ".join(data["slipped_milestones"]))
    console.print(
        f"Δ = current plan − baseline, in {unit} and {data['currency']}: positive is later, "
        "longer or dearer."
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
    output_format: Annotated[
        TableOrJson,
        typer.Option("--format", "-f", help="table: for people; json: one JSON object."),
    ] = TableOrJson.table,
    method: MethodOption = None,
    time_limit: TimeLimitOption = 10.0,
) -> None:
    """Start, finish, duration and cost variance of the current plan against a baseline."""
    from steerco.cli.main import guarded
    from steerco.formats.baselines_file import load_baseline
    from steerco.track.variance import variance as compare

    frozen: Baseline = guarded(lambda: load_baseline(file, baseline_name))
    chosen: PlanMethod = method or ("cpm" if frozen.method == "cpm" else "auto")
    plan, _ = _plan(file, chosen, time_limit)
    data = variance_object(guarded(lambda: _in_sidecar(file, lambda: compare(frozen, plan))))
    if output_format == TableOrJson.json:
        sys.stdout.write(json.dumps(data) + "\n")
    else:
        _print_variance(data, file)
