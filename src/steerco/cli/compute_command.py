"""`steerco compute`: planned against used accelerator-hours and cost of each training task."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from steerco.cli.options import (
    FileArgument,
    OutputOption,
    TableOrJson,
    TableOrJsonOption,
    WideOption,
)

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["compute"]


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _band(points: dict[str, float] | None) -> str:
    """`low..likely..high`, or one figure when the three agree."""
    if points is None:
        return "—"
    low, likely, high = (_hours(points[p]) for p in ("low", "likely", "high"))
    return likely if low == likely == high else f"{low}..{likely}..{high}"


def _draw_table(data: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    if not data["tasks"]:
        console.print(
            f"{data['project']}: no training task (none sized by compute, demanding "
            "equipment or linked to a run)",
            markup=False,
        )
        return
    currency = data["currency"]
    columns = [
        Col("Task", "text"),
        Col("Accelerator", "text", priority=2),
        Col("Count", "figure", justify="right", priority=1),
        Col("Planned GPU-h", "figure", justify="right"),
        Col(f"Planned ({currency})", "figure", justify="right"),
        Col("Used GPU-h", "figure", justify="right"),
        Col(f"Used ({currency})", "figure", justify="right"),
        Col(f"Booked ({currency})", "figure", justify="right", priority=1),
    ]
    rows = [
        Row(
            [
                escape(line["name"]),
                escape(line["resource"] or "—"),
                "—" if line["count"] is None else f"{line['count']:g}",
                _band(line["planned_hours"]),
                _band(line["planned_cost"]),
                _hours(line["used_hours"]),
                _hours(line["used_cost"]),
                _hours(line["booked_cost"]),
            ]
        )
        for line in data["tasks"]
    ]
    totals = data["totals"]
    rows.append(
        Row(
            [
                "Total",
                "",
                "",
                _band(totals["planned_hours"]),
                _band(totals["planned_cost"]),
                _hours(totals["used_hours"]),
                _hours(totals["used_cost"]),
                _hours(totals["booked_cost"]),
            ],
            style="bold",
        )
    )
    title = escape(f"Compute — {data['project']}")
    print_table(console, columns, rows, title=title, header_style="bold")
    console.print("Planned: low..likely..high (compute: at the high, likely and low utilisation)")
    console.print(
        "Booked: what the plan reserves (its whole days), the cost steerco schedule shows"
    )
    for line in data["tasks"]:
        if line["used_reason"] is not None:
            console.print(f"[yellow]note:[/] {escape(line['task'])}: {escape(line['used_reason'])}")


def compute(
    file: FileArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Show planned and used GPU-hours and their cost for each training task."""
    from steerco.app.compute import compute_report
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.compute import compute_object

    report = guarded(lambda: compute_report(path=file))
    for warning in report.warnings:  # an unreadable run log: its used hours stay unknown
        sys.stderr.write(warning.format() + "\n")
    data = compute_object(report.project, report.budget, report.warnings)
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        emit_rich(lambda console: _draw_table(data, console), output, wide=wide)
