"""`steerco gates`: each gated milestone as met, likely, unlikely, not met or unknown."""

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

__all__ = ["gates"]

_STYLE = {
    "met": "green",
    "likely": "cyan",
    "unlikely": "bold yellow",
    "not_met": "bold red",
    "unknown": "yellow",
}


def _evidence(record: dict[str, Any]) -> str:
    """The value and where it came from, or why there is none (or the decision taken)."""
    evidence = record["evidence"]
    if evidence is None:
        return str(record["reason"])
    where = [f"run {evidence['run']}"] if evidence["run"] else []
    if evidence["step"] is not None:
        where.append(f"step {evidence['step']}")
    if evidence["when"]:
        where.append(str(evidence["when"])[:16].replace("T", " "))
    value = "not a number" if evidence["value"] is None else f"{evidence['value']:g}"
    text = value + (f" ({', '.join(where)})" if where else "")
    outlook = record["outlook"]
    if outlook is not None:
        text += (
            f"; predicted {outlook['predicted']:.3g} ({outlook['low']:.3g}–"
            f"{outlook['high']:.3g}) at step {outlook['final_step']:,.0f}, "
            f"{outlook['family']} on {outlook['points']} points"
        )
    return text


def _status(record: dict[str, Any]) -> str:
    """`met`, `not met`, `unknown`; `likely · P=0.83` with the outlook's P(met)."""
    outlook = record["outlook"]
    text = str(record["status"]).replace("_", " ")
    return text if outlook is None else f"{text} · P={outlook['p_met']:.2f}"


def _gate_text(record: dict[str, Any]) -> str:
    if record["kind"] == "manual":
        return f"go/no-go by {record['approver']}"
    which = "" if record["aggregate"] == "last" else f"{record['aggregate']} "
    return f"{which}{record['metric']} {record['op']} {record['threshold']:g}"


def _draw_table(data: dict[str, Any], console: Console) -> None:
    from rich.markup import escape

    from steerco.cli.tables import Col, Row, print_table

    if not data["gates"]:
        console.print(f"{data['project']}: no milestone carries a gate", markup=False)
        return
    columns = [
        Col("Milestone", "text"),
        Col("Planned"),
        Col("Gate", "list", priority=1),
        Col("Status"),
        Col("Evidence", "list", priority=2),
    ]
    rows = [
        Row(
            [
                escape(record["name"]),
                str(record["planned"]),
                escape(_gate_text(record)),
                _status(record),
                escape(_evidence(record)),
            ],
            style=_STYLE[record["status"]],
        )
        for record in data["gates"]
    ]
    title = escape(f"Gates — {data['project']}")
    print_table(console, columns, rows, title=title, header_style="bold")
    outlooks = "".join(
        f"{data[status]} {status}, " for status in ("likely", "unlikely") if data[status]
    )
    console.print(
        f"{data['met']} met, {outlooks}{data['not_met']} not met, {data['unknown']} unknown "
        f"of {len(data['gates'])} gates"
    )
    console.print(f"Planned dates: {data['plan']}", markup=False)
    for note in data["notes"]:
        console.print(f"[yellow]note:[/] {escape(note)}")


def gates(
    file: FileArgument,
    output_format: TableOrJsonOption = TableOrJson.table,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Show each gated milestone as met, likely, unlikely, not met or unknown, with the evidence."""
    from steerco.app.gates import evaluate_gates
    from steerco.cli.main import guarded
    from steerco.cli.output import emit, emit_rich
    from steerco.render.gates import gates_object

    report = guarded(lambda: evaluate_gates(path=file))
    for warning in report.warnings:  # a damaged log, a nan or inf: the gate is unknown, exit 0
        sys.stderr.write(warning.format() + "\n")
    data = gates_object(
        report.project,
        report.checks,
        report.planned,
        report.warnings,
        plan=report.plan,
        notes=report.notes,
    )
    if output_format is TableOrJson.json:
        emit(json.dumps(data) + "\n", output)
    else:
        emit_rich(lambda console: _draw_table(data, console), output, wide=wide)
